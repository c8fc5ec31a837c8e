"""The two generation jobs' payloads, read strictly: a malformed one fails for good."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, get_args

from iepgen.queue.handlers import PermanentJobError
from iepgen.sections.base import Area


def _text(payload: dict[str, Any], key: str, *, required: bool = True) -> str | None:
    value = payload.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise PermanentJobError("invalid_input", f"The job is missing its '{key}'.")
    return value


def _flag(payload: dict[str, Any], key: str) -> bool:
    value = payload.get(key, True)
    if not isinstance(value, bool):
        raise PermanentJobError("invalid_input", f"The job's '{key}' must be true or false.")
    return value


def _date(payload: dict[str, Any], key: str) -> date | None:
    value = payload.get(key)
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise PermanentJobError("invalid_input", f"The job's '{key}' is not a date.") from None


def _notes(payload: dict[str, Any]) -> dict[str, str]:
    value = payload.get("section_notes") or {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise PermanentJobError("invalid_input", "The job's 'section_notes' are malformed.")
    return dict(value)


def _areas(payload: dict[str, Any]) -> tuple[str, ...]:
    value = payload.get("goal_areas") or []
    known = set(get_args(Area))
    if not isinstance(value, list) or not all(item in known for item in value):
        raise PermanentJobError("invalid_input", "The job's 'goal_areas' are malformed.")
    return tuple(value)


@dataclass(frozen=True)
class IEPJob:
    student_id: str
    template_id: str
    academic_year: str
    include_previous_ieps: bool
    include_assessments: bool
    context: str | None
    meeting_date: date | None = None
    section_notes: dict[str, str] = field(default_factory=dict)
    goal_areas: tuple[str, ...] = ()

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> IEPJob:
        return cls(
            student_id=str(_text(payload, "student_id")),
            template_id=str(_text(payload, "template_id")),
            academic_year=str(_text(payload, "academic_year")),
            include_previous_ieps=_flag(payload, "include_previous_ieps"),
            include_assessments=_flag(payload, "include_assessments"),
            context=_text(payload, "context", required=False),
            meeting_date=_date(payload, "meeting_date"),
            section_notes=_notes(payload),
            goal_areas=_areas(payload),
        )


@dataclass(frozen=True)
class SectionJob:
    iep_id: str
    section_type: str
    context: str | None
    # The IEP version the request was made from (None: whatever the job reads).
    base_version: int | None = None

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> SectionJob:
        base = payload.get("base_version")
        if base is not None and (not isinstance(base, int) or isinstance(base, bool)):
            raise PermanentJobError("invalid_input", "The job's 'base_version' must be a number.")
        return cls(
            iep_id=str(_text(payload, "iep_id")),
            section_type=str(_text(payload, "section_type")),
            context=_text(payload, "context", required=False),
            base_version=base,
        )
