"""Run every compliance rule (iep.md "Rules the compliance checker enforces") over an IEP.

Form and meaning both: required parts and measurability, and whether each decision in the
draft agrees with what the record decides (decisions stage). Each rule is listed with the
words the UI and exports use to say what was checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions import Decisions, decide
from iepgen.sections import SectionContent

from .age_sections import transfer_of_rights, transition_complete
from .coverage import (
    carried_goals_have_data,
    dates_inside_iep,
    goals_for_decided_needs,
    open_questions,
)
from .factors import factor_responses, supports_fit_access
from .goal_quality import observable_verbs, repeated_goal
from .goals import goal_baseline, goal_for_each_need, goal_measurable, goal_timeframe
from .honesty import (
    instructions_not_copied,
    no_category_reasons,
    no_placeholders,
    no_unrecorded_facts,
)
from .measures import goal_measure_consistent, progress_in_goal_units
from .needs import goals_have_services, goals_in_needs, need_has_evidence, supports_serve_needs
from .participation import alternate_assessment_justified
from .placement import lre_matches_services
from .plain_language import readable_for_families
from .present_levels import impact_statement, present_level_sources
from .report import CheckResult, ComplianceReport, Finding
from .required import required_sections
from .rule import Rule
from .services import service_complete

CHECKS: Final[tuple[tuple[Rule, str], ...]] = (
    (required_sections, "Every required section is present and says something"),
    (impact_statement, "Present levels say how the disability affects the general curriculum"),
    (present_level_sources, "Every present level cites real records and invents no number"),
    (need_has_evidence, "Every area of need rests on data that show it"),
    (goal_for_each_need, "Every area of need in present levels has a goal"),
    (goals_for_decided_needs, "Every need the data show has an annual goal"),
    (goals_in_needs, "No goal in an area the data call not a need"),
    (goal_measurable, "Every goal has a measurable criterion"),
    (
        goal_measure_consistent,
        "Each goal keeps one measure, unit and direction from baseline to target",
    ),
    (progress_in_goal_units, "Progress is reported in each goal's own unit"),
    (goal_timeframe, "Goal and objective dates fall between the meeting and the IEP's end"),
    (goal_baseline, "Every baseline comes from a cited record or has a date to be measured"),
    (repeated_goal, "No goal is copied from last year without a note on progress"),
    (carried_goals_have_data, "A goal carried over has progress data"),
    (observable_verbs, "Goals use behaviors someone can see or count"),
    (service_complete, "Every service has frequency, location and dates inside the IEP"),
    (
        supports_serve_needs,
        "Every service and accommodation serves a decided need or special factor",
    ),
    (
        factor_responses,
        "Each special factor is answered as the record requires (braille, "
        "communication plan, behavior supports, language needs, assistive technology)",
    ),
    (goals_have_services, "Every annual goal has a service working toward it"),
    (supports_fit_access, "Supports fit how the student takes in information"),
    (lre_matches_services, "The time in general education matches the services"),
    (transition_complete, "The transition plan is complete when the student's age requires it"),
    (
        transfer_of_rights,
        "The transfer-of-rights notice is given when the student's age requires it",
    ),
    (alternate_assessment_justified, "An alternate assessment carries both reasons"),
    (dates_inside_iep, "Decision and notice dates fall inside the IEP"),
    (no_placeholders, "No placeholder wording"),
    (no_unrecorded_facts, "No event is stated that the record does not hold"),
    (no_category_reasons, "No decision is justified by the disability category"),
    (instructions_not_copied, "Drafting instructions are not copied into the IEP"),
    (readable_for_families, "Each section reads at a family-friendly level"),
    (open_questions, "Open questions for the team are listed"),
)
RULES: Final[tuple[Rule, ...]] = tuple(rule for rule, _words in CHECKS)
CHECKED: Final[tuple[str, ...]] = tuple(words for _rule, words in CHECKS)


def check_iep(
    sections: Mapping[str, SectionContent],
    context: GenerationContext,
    decisions: Decisions | None = None,
) -> ComplianceReport:
    """All findings for `sections`, errors first, each rule's in document order."""
    decided = decisions or decide(context)
    findings: list[Finding] = []
    checks: list[CheckResult] = []
    for rule, words in CHECKS:
        found = list(rule(sections, context, decided))
        findings.extend(found)
        checks.append(
            CheckResult(
                words,
                errors=sum(f.severity == "error" for f in found),
                warnings=sum(f.severity == "warning" for f in found),
            )
        )
    findings.sort(key=lambda f: f.severity != "error")
    return ComplianceReport(findings=tuple(findings), checked=CHECKED, checks=tuple(checks))
