"""Section type → schema, and the one way to parse a section's content."""

from __future__ import annotations

from typing import Any, Final

from pydantic import ValidationError

from iepgen.errors import InvalidInput
from iepgen.sections.accommodations import Accommodations
from iepgen.sections.base import SectionContent
from iepgen.sections.esy import ExtendedSchoolYear
from iepgen.sections.goals import AnnualGoals
from iepgen.sections.lre import LeastRestrictiveEnvironment
from iepgen.sections.present_levels import PresentLevels
from iepgen.sections.profile import StudentProfile
from iepgen.sections.progress_reporting import ProgressReporting
from iepgen.sections.services import Services
from iepgen.sections.special_factors import SpecialFactors
from iepgen.sections.transfer_of_rights import TransferOfRights
from iepgen.sections.transition import Transition

SECTION_SCHEMAS: Final[dict[str, type[SectionContent]]] = {
    "student_profile": StudentProfile,
    "present_levels": PresentLevels,
    "special_factors": SpecialFactors,
    "annual_goals": AnnualGoals,
    "progress_reporting": ProgressReporting,
    "services": Services,
    "accommodations": Accommodations,
    "lre": LeastRestrictiveEnvironment,
    "transition": Transition,
    "transfer_of_rights": TransferOfRights,
    "esy": ExtendedSchoolYear,
}


def describe_validation_error(error: ValidationError) -> tuple[str, tuple[str | int, ...]]:
    """The first problem as (a sentence naming the field, its location)."""
    first = error.errors(include_url=False, include_input=False)[0]
    loc = tuple(first["loc"])
    where = ".".join(str(part) for part in loc) or "content"
    # Never echo the submitted value: it may hold a student's personal data.
    return f"{where}: {first['msg']}", loc


def parse_section_content(section_type: str, data: dict[str, Any]) -> SectionContent:
    """Validate `data` against the schema of `section_type`; InvalidInput names the field."""
    schema = SECTION_SCHEMAS.get(section_type)
    if schema is None:
        raise InvalidInput(f"Unknown section type '{section_type}'.", field=("section_type",))
    if not isinstance(data, dict):
        raise InvalidInput("content must be a JSON object.", field=("content",))
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        message, loc = describe_validation_error(exc)
        raise InvalidInput(
            f"Section '{section_type}' content {message}", field=("content", *loc)
        ) from exc
