"""The offline drafter: every section of an IEP rendered from the decisions, deterministically."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions import Decisions, decide
from iepgen.sections import SectionContent

from .goals import annual_goals, progress_reporting
from .present_levels import present_levels
from .profile import extended_school_year, special_factors, student_profile
from .supports import accommodations, least_restrictive_environment, services
from .transition import transfer_of_rights, transition

SectionDrafter = Callable[[GenerationContext, Decisions], SectionContent]

DRAFTERS: Final[dict[str, SectionDrafter]] = {
    "student_profile": student_profile,
    "present_levels": present_levels,
    "special_factors": special_factors,
    "annual_goals": annual_goals,
    "progress_reporting": progress_reporting,
    "services": services,
    "accommodations": accommodations,
    "lre": least_restrictive_environment,
    "transition": transition,
    "transfer_of_rights": transfer_of_rights,
    "esy": extended_school_year,
}


def draft_section(
    section_type: str, context: GenerationContext, decisions: Decisions | None = None
) -> SectionContent:
    """Draft `section_type` from `decisions` (computed from `context` when not given)."""
    drafter = DRAFTERS.get(section_type)
    if drafter is None:
        raise KeyError(f"the offline drafter has no section type {section_type!r}")
    return drafter(context, decisions or decide(context))


def draft_iep(context: GenerationContext) -> dict[str, SectionContent]:
    """Every section the drafter knows, in document order (tests, the demo and benchmarks)."""
    decisions = decide(context)
    return {section_type: drafter(context, decisions) for section_type, drafter in DRAFTERS.items()}
