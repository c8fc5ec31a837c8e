"""Run every compliance rule of docs/iep.md over an IEP's sections."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from iepgen.generation.context import GenerationContext
from iepgen.sections import SectionContent

from .age_sections import transfer_of_rights, transition_complete
from .goal_quality import observable_verbs, repeated_goal
from .goals import goal_baseline, goal_for_each_need, goal_measurable, goal_timeframe
from .participation import alternate_assessment_justified
from .plain_language import readable_for_families
from .present_levels import impact_statement, present_level_sources
from .report import ComplianceReport, Finding
from .required import required_sections
from .rule import Rule
from .services import service_complete

RULES: Final[tuple[Rule, ...]] = (
    required_sections,
    impact_statement,
    present_level_sources,
    goal_for_each_need,
    goal_measurable,
    goal_timeframe,
    goal_baseline,
    repeated_goal,
    observable_verbs,
    service_complete,
    transition_complete,
    transfer_of_rights,
    alternate_assessment_justified,
    readable_for_families,
)


def check_iep(
    sections: Mapping[str, SectionContent], context: GenerationContext
) -> ComplianceReport:
    """All findings for `sections`, errors first, each rule's in document order."""
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(rule(sections, context))
    findings.sort(key=lambda f: f.severity != "error")
    return ComplianceReport(findings=tuple(findings))
