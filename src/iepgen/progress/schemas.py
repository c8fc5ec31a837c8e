"""Bodies for progress data points, their CSV import, and the goals they belong to."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from iepgen.api.fields import FiniteNumber, IsoDate, OptionalLongText


class PointIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"measured_on": "2025-11-03", "value": 61, "note": "Cold read, grade 8."}]
        },
    )

    measured_on: IsoDate = Field(
        description="The day it was measured: inside the IEP's period, not in the future."
    )
    value: FiniteNumber = Field(description="The measurement, in the goal's own unit.")
    note: OptionalLongText = Field(default=None, description="What the person measuring saw.")


class PointOut(BaseModel):
    id: str
    goal: int = Field(description="The goal's number in the IEP (1-based).")
    measured_on: date
    value: float
    note: str | None
    source: Literal["web", "api", "csv"]
    entered_by: str | None = Field(description="The user id (hidden from other teachers).")
    entered_by_name: str | None = Field(description="Who entered it (display name).")
    created_at: datetime


class GoalOut(BaseModel):
    """The goal a list of points belongs to, with what its aim line is drawn from."""

    number: int
    area: str
    statement: str
    unit: str
    direction: Literal["increase", "decrease"]
    baseline_value: float | None
    target_value: float | None
    aim_starts_on: date | None = Field(description="The IEP's start: baseline on the aim line.")
    aim_ends_on: date = Field(description="The goal's end date: target on the aim line.")


class PointList(BaseModel):
    goal: GoalOut
    items: list[PointOut]
    total: int
    limit: int
    offset: int


class RejectedRow(BaseModel):
    row: int = Field(description="The line of the file (the header is line 1).")
    reason: str


class ImportReport(BaseModel):
    """What a CSV would import (preview) or did import (accept)."""

    accepted: bool = Field(description="True when the good rows were stored.")
    rows: int = Field(description="Data rows in the file (the header aside).")
    good_rows: int
    stored: int = Field(description="Rows stored by this request (0 for a preview).")
    rejected: list[RejectedRow]
    file_problem: str | None = Field(
        default=None, description="Why no row could be read (wrong columns, not CSV)."
    )


class PeriodOut(BaseModel):
    number: int
    start: date
    end: date


class GoalReportOut(BaseModel):
    goal: int
    label: str
    standing: Literal["on_track", "not_on_track", "not_enough_data"] = Field(
        description="From the period's data against the aim line; fewer than 3 points: "
        "not_enough_data."
    )
    standing_label: str
    what_the_data_show: str
    points_in_period: int
    plan: str = Field(description="What the team plans to change ('' until written).")


class ProgressReportOut(BaseModel):
    iep_id: str
    period: PeriodOut
    periods: list[PeriodOut]
    schedule: str = Field(description="How often the IEP says progress is reported.")
    schedule_understood: bool = Field(
        description="False when those words name no rhythm and quarters were used."
    )
    goals: list[GoalReportOut]


class PlansIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"plans": {"1": "Add a second weekly session."}}]},
    )

    plans: dict[int, OptionalLongText] = Field(
        description="Goal number → what the team plans to change (blank clears it).",
        max_length=20,
    )
