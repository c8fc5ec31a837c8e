"""The offline drafter: any section of an IEP from the student's data, deterministically."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from iepgen.generation.context import GenerationContext
from iepgen.sections import SectionContent

from .accommodations import accommodations
from .goals import annual_goals, progress_reporting
from .present_levels import present_levels
from .profile import extended_school_year, special_factors, student_profile
from .services import least_restrictive_environment, services
from .transition import transfer_of_rights, transition

Earlier = dict[str, dict[str, Any]]
SectionDrafter = Callable[[GenerationContext, Earlier, str | None], SectionContent]

DRAFTERS: Final[dict[str, SectionDrafter]] = {
    "student_profile": lambda ctx, _earlier, notes: student_profile(ctx, notes),
    "present_levels": lambda ctx, _earlier, notes: present_levels(ctx, notes),
    "special_factors": lambda ctx, _earlier, notes: special_factors(ctx, notes),
    "annual_goals": annual_goals,
    "progress_reporting": progress_reporting,
    "services": services,
    "accommodations": accommodations,
    "lre": least_restrictive_environment,
    "transition": transition,
    "transfer_of_rights": lambda ctx, _earlier, notes: transfer_of_rights(ctx, notes),
    "esy": lambda ctx, _earlier, notes: extended_school_year(ctx, notes),
}


def draft_section(
    section_type: str,
    context: GenerationContext,
    earlier: Earlier | None = None,
    notes: str | None = None,
) -> SectionContent:
    """Draft `section_type`; `earlier` holds sections it may build on, `notes` team notes."""
    drafter = DRAFTERS.get(section_type)
    if drafter is None:
        raise KeyError(f"the offline drafter has no section type {section_type!r}")
    return drafter(context, earlier or {}, notes)


def draft_iep(context: GenerationContext) -> dict[str, SectionContent]:
    """Every section of the template, in dependency order (used by tests and the demo)."""
    drafted: dict[str, SectionContent] = {}
    earlier: Earlier = {}
    for section_type in ("student_profile", "present_levels", "annual_goals", *DRAFTERS):
        if section_type in drafted:
            continue
        drafted[section_type] = draft_section(section_type, context, earlier)
        earlier[section_type] = drafted[section_type].model_dump(mode="json")
    return drafted
