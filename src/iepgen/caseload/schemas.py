"""Bodies of the caseload API: the dashboard rows, upcoming events, calendar feeds, aliases."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from iepgen.api.fields import OptionalLabel, OptionalShortText
from iepgen.api.schemas import Paginated
from iepgen.caseload.due_dates import EventKind, Urgency
from iepgen.caseload.service import CaseloadRow, Event, calendar_label
from iepgen.caseload.status import IEPStatus

_STUDENT_ID = "5f0c6d1e-8a54-4a8e-9a59-2b1f6f0f9b11"
_IEP_ID = "c2a4e6f8-1b3d-4f5a-9c7e-0d2f4a6b8c1e"


class EventOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "annual_review",
                    "label": "Annual IEP review",
                    "due_on": "2027-03-09",
                    "urgency": "due_soon",
                    "student_id": _STUDENT_ID,
                    "student_label": "M.L.",
                    "iep_id": _IEP_ID,
                    "basis": "The IEP of 2025-2026 runs to this date.",
                }
            ]
        }
    )

    kind: EventKind
    label: str = Field(description="The kind, in words.")
    due_on: date
    urgency: Urgency = Field(
        description="overdue (past and not done), due_soon (within 30 days), later, or past "
        "(a progress report whose date has gone by)."
    )
    student_id: str
    student_label: str = Field(description="The student's calendar alias, else their initials.")
    iep_id: str | None = Field(description="The IEP the date comes from, when one does.")
    basis: str = Field(description="Why this date, to check against the record.")

    @classmethod
    def of(cls, event: Event) -> EventOut:
        return cls(
            kind=event.due.kind,
            label=event.due.label,
            due_on=event.due.due_on,
            urgency=event.urgency,
            student_id=event.student.id,
            student_label=calendar_label(event.student),
            iep_id=event.due.iep_id,
            basis=event.due.basis,
        )


class EventPage(Paginated[EventOut]):
    starts_on: date = Field(description="The window's first day.")
    ends_on: date = Field(description="The window's last day.")


class CaseloadEntryOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "student_id": _STUDENT_ID,
                    "first_name": "Maya",
                    "last_name": "Lopez",
                    "grade_level": "8",
                    "archived": False,
                    "iep_status": "draft",
                    "iep_status_label": "Draft: 2 must-fix problems",
                    "iep_id": _IEP_ID,
                    "must_fix": 2,
                    "next_due": None,
                }
            ]
        }
    )

    student_id: str
    first_name: str
    last_name: str
    grade_level: str
    archived: bool
    iep_status: IEPStatus
    iep_status_label: str
    iep_id: str | None = Field(description="The IEP the status is about (the newest).")
    must_fix: int = Field(ge=0, description="A draft's compliance errors that block finalizing.")
    next_due: EventOut | None

    @classmethod
    def of(cls, row: CaseloadRow) -> CaseloadEntryOut:
        student = row.student
        upcoming = (
            EventOut.of(Event(row.next_due, row.next_urgency, student))
            if row.next_due and row.next_urgency
            else None
        )
        return cls(
            student_id=student.id,
            first_name=student.first_name,
            last_name=student.last_name,
            grade_level=student.grade_level,
            archived=student.archived_at is not None,
            iep_status=row.status.status,
            iep_status_label=row.status.label,
            iep_id=row.status.iep_id,
            must_fix=row.status.must_fix,
            next_due=upcoming,
        )


class CaseloadPage(Paginated[CaseloadEntryOut]):
    pass


class CalendarFeedCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"label": "Phone"}]})

    label: OptionalShortText = Field(default=None, description="Where you use it, e.g. 'Phone'.")


_FEED_EXAMPLE: dict[str, JsonValue] = {
    "id": "7d2f0c4e-3b1a-4c5d-9e8f-1a2b3c4d5e6f",
    "label": "Phone",
    "created_at": "2026-11-30T08:00:00Z",
    "last_used_at": None,
}


class CalendarFeedOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_FEED_EXAMPLE]})

    id: str
    label: str | None
    created_at: datetime
    last_used_at: datetime | None


class CalendarFeedCreated(CalendarFeedOut):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{**_FEED_EXAMPLE, "url": "/calendar/ical_3q2-Xx7vN0bT1kq9Zr8sYw.ics"}]
        }
    )

    url: str = Field(
        description="The feed's path, token included: shown once, give it to your calendar app."
    )


class CalendarFeedPage(Paginated[CalendarFeedOut]):
    pass


class CalendarAliasIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"alias": "Student B"}]}
    )

    alias: OptionalLabel = Field(
        default=None,
        description="What your calendar feed calls the student instead of their initials "
        "(up to 40 characters; empty or null goes back to initials). Never their name.",
    )


class CalendarAliasOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"student_id": _STUDENT_ID, "alias": "Room 12 A", "calendar_label": "Room 12 A"}
            ]
        }
    )

    student_id: str
    alias: str | None
    calendar_label: str = Field(description="What the feed shows: the alias, else initials.")
