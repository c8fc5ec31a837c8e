"""The meeting record of one IEP (api.md, "IEP meeting"): request and response bodies.

Names follow docs/iep.md: `meeting_date` is the IEP's own meeting date (its dates run
from it), so the record holds the time, the place and the people, never a second date.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Annotated, Any, Final, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from iepgen.api.fields import IsoDate, Name, OptionalLongText, OptionalShortText, ShortText

ParticipantRole = Literal[
    "parent",
    "student",
    "general_education_teacher",
    "special_education_teacher",
    "district_representative",
    "evaluation_interpreter",
    "related_service_provider",
    "agency_representative",
    "interpreter",
    "case_manager",
    "other",
]
Agreement = Literal["agree", "disagree"]
ROLE_LABELS: Final[dict[str, str]] = {
    "parent": "Parent or guardian",
    "student": "Student",
    "general_education_teacher": "General education teacher",
    "special_education_teacher": "Special education teacher",
    "district_representative": "School district representative",
    "evaluation_interpreter": "Person who explains the evaluation results",
    "related_service_provider": "Related service provider",
    "agency_representative": "Agency representative (transition)",
    "interpreter": "Interpreter",
    "case_manager": "Case manager",
    "other": "Other team member",
}
# The members 34 CFR §300.321(a) requires, for the signature page's blank rows.
REQUIRED_ROLES: Final = (
    "parent",
    "general_education_teacher",
    "special_education_teacher",
    "district_representative",
    "evaluation_interpreter",
)
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
MAX_PARTICIPANTS: Final = 30


def clock_time(value: Any) -> Any:
    """`HH:MM` on the 24-hour clock, in the school's time zone."""
    if isinstance(value, time):
        return value
    if isinstance(value, str) and _CLOCK.match(value):
        return time(int(value[:2]), int(value[3:]))
    raise ValueError("must be a time written as HH:MM (24-hour clock), e.g. 15:30")


ClockTime = Annotated[
    time,
    BeforeValidator(clock_time),
    PlainSerializer(lambda value: value.strftime("%H:%M"), return_type=str),
    WithJsonSchema(
        {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$", "examples": ["15:30"]}
    ),
]


class Participant(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: ParticipantRole
    name: Name
    title: OptionalShortText = Field(
        default=None,
        description="What they do, e.g. 'Math 8 teacher' or the agency's name.",
    )
    attended: bool | None = Field(
        default=None, description="Whether they took part; null before the meeting."
    )
    agreement: Agreement | None = Field(
        default=None,
        description="Whether they agree with the IEP as written; only for someone who "
        "attended, null when not asked or not yet.",
    )
    consent_on: IsoDate | None = Field(
        default=None,
        description="Agency representatives only: when the parent (or adult student) "
        "consented to inviting the agency (34 CFR §300.321(b)(3)).",
    )

    @field_validator("agreement")
    @classmethod
    def _only_if_attended(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and info.data.get("attended") is not True:
            raise ValueError("is recorded only for someone who attended (attended: true)")
        return value

    @field_validator("consent_on")
    @classmethod
    def _only_for_agencies(cls, value: date | None, info: ValidationInfo) -> date | None:
        if value is not None and info.data.get("role") != "agency_representative":
            raise ValueError("is only for a participant whose role is agency_representative")
        return value


class Contact(BaseModel):
    """Who the family contacts about this IEP (printed on every family document)."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    role: OptionalShortText = Field(default=None, description="e.g. 'Case manager'.")
    phone: Annotated[str | None, Field(max_length=40, pattern=r"^[0-9+()., x-]{3,40}$")] = None
    email: Annotated[
        str | None, Field(max_length=254, pattern=r"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{2,}$")
    ] = None


MEETING_EXAMPLE: dict[str, Any] = {
    "start_time": "15:30",
    "end_time": "16:30",
    "location": "Room 204, Lincoln Middle School",
    "remote_access": "Video call; the link is sent by e-mail the day before.",
    "invitation_sent_on": "2025-09-29",
    "contact": {
        "name": "Jordan Ellis",
        "role": "Case manager",
        "phone": "555-0142",
        "email": "jellis@district.example",
    },
    "participants": [
        {"role": "parent", "name": "Rosa Lopez", "attended": True, "agreement": "agree"},
        {
            "role": "general_education_teacher",
            "name": "Sam Rivera",
            "title": "English 8 teacher",
            "attended": True,
            "agreement": "agree",
        },
        {"role": "case_manager", "name": "Jordan Ellis", "attended": True},
    ],
}


class MeetingIn(BaseModel):
    """The whole meeting record; it replaces what was there."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [MEETING_EXAMPLE]})

    meeting_date: IsoDate | None = Field(
        default=None,
        description="May be sent as a check: it must equal the IEP's meeting date (the IEP's "
        "dates run from it; a different date needs a new draft).",
    )
    start_time: ClockTime | None = Field(default=None, description="HH:MM, school time zone.")
    end_time: ClockTime | None = Field(default=None, description="HH:MM, school time zone.")
    location: ShortText | None = Field(default=None, description="Where the meeting is held.")
    remote_access: OptionalLongText = Field(
        default=None, description="How to take part by phone or video (34 CFR §300.322(c))."
    )
    invitation_sent_on: IsoDate | None = Field(
        default=None, description="When the invitation was sent to the family."
    )
    contact: Contact | None = None
    participants: list[Participant] = Field(default_factory=list, max_length=MAX_PARTICIPANTS)

    @field_validator("end_time")
    @classmethod
    def _after_start(cls, value: time | None, info: ValidationInfo) -> time | None:
        start = info.data.get("start_time")
        if value is not None and start is not None and value <= start:
            raise ValueError("must be after start_time")
        return value


class MeetingOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "iep_id": "c2a4e6f8-1b3d-4f5a-9c7e-0d2f4a6b8c1e",
                    "meeting_date": "2025-10-14",
                    **MEETING_EXAMPLE,
                    "updated_at": "2025-10-14T20:05:00Z",
                }
            ]
        }
    )

    iep_id: str
    meeting_date: date | None = Field(description="The IEP's meeting date (its `dates`).")
    start_time: ClockTime | None
    end_time: ClockTime | None
    location: str | None
    remote_access: str | None
    invitation_sent_on: date | None
    contact: Contact | None
    participants: list[Participant]
    updated_at: datetime
