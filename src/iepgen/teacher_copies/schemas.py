"""Bodies for the general-education teachers of an IEP and their receipts (§300.323(d))."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from iepgen.api.fields import IsoDate, Name, ShortText, duplicate_items, today_utc
from iepgen.sections.base import Area


def _unique(values: list[str]) -> list[str]:
    repeated = duplicate_items(values)
    if repeated:
        raise ValueError("lists an area more than once: " + ", ".join(repeated))
    return values


def _not_future(value: date) -> date:
    if value > today_utc():
        raise ValueError("must not be in the future")
    return value


class TeacherIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "teacher_name": "Sam Rivera",
                    "class_name": "English 8, period 2",
                    "areas": ["reading", "writing"],
                }
            ]
        },
    )

    teacher_name: Name
    class_name: ShortText = Field(description="The class they teach the student, e.g. 'Math 8'.")
    areas: Annotated[list[Area], AfterValidator(_unique), Field(max_length=11)] = Field(
        default_factory=list,
        description="The areas of need their class works on: which goals their page shows.",
    )


class ReceiptIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"received_on": "2025-10-20"}]}
    )

    received_on: Annotated[IsoDate, AfterValidator(_not_future)] | None = Field(
        default=None, description="When they received it; default today (school time zone)."
    )


class ReceiptOut(BaseModel):
    id: str
    iep_version: int = Field(description="The IEP version their page was made from.")
    iep_status: str = Field(description="draft or final, at that version.")
    received_on: date
    recorded_at: datetime
    recorded_by: str | None = Field(description="Who recorded it (display name).")


class TeacherOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "9d1c2b3a-4e5f-4a6b-8c7d-0e1f2a3b4c5d",
                    "iep_id": "c2a4e6f8-1b3d-4f5a-9c7e-0d2f4a6b8c1e",
                    "teacher_name": "Sam Rivera",
                    "class_name": "English 8, period 2",
                    "areas": ["reading", "writing"],
                    "created_at": "2025-10-15T13:00:00Z",
                    "has_current_version": True,
                    "receipts": [
                        {
                            "id": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                            "iep_version": 4,
                            "iep_status": "final",
                            "received_on": "2025-10-20",
                            "recorded_at": "2025-10-20T15:10:00Z",
                            "recorded_by": "Jordan Ellis",
                        }
                    ],
                }
            ]
        }
    )

    id: str
    iep_id: str
    teacher_name: str
    class_name: str
    areas: list[str]
    created_at: datetime
    has_current_version: bool = Field(
        description="Whether they have received the IEP's current version."
    )
    receipts: list[ReceiptOut]


class TeacherList(BaseModel):
    items: list[TeacherOut]

    @classmethod
    def example(cls) -> dict[str, Any]:
        return {"items": []}
