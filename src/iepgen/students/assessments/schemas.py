"""Request and response bodies for a student's assessments."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from iepgen.api.fields import (
    Absent,
    FiniteNumber,
    IsoDate,
    LongText,
    OptionalLabel,
    OptionalShortText,
    ShortText,
    refuse_null,
)
from iepgen.api.schemas import Paginated
from iepgen.sections.base import Area
from iepgen.students.record_parts import Finding, Subscore

Score = Annotated[FiniteNumber, Field(ge=-1_000_000, le=1_000_000)]
Percentile = Annotated[FiniteNumber, Field(ge=0, le=100)]
ScoreType = Annotated[
    OptionalLabel, Field(description="e.g. standard_score, words_correct_per_minute")
]

ASSESSMENT_EXAMPLE: dict[str, Any] = {
    "name": "Woodcock-Johnson IV Tests of Achievement",
    "area": "reading",
    "administered_on": "2025-09-15",
    "score": 78,
    "score_type": "standard_score",
    "percentile": 7,
    "summary": "Reading fluency 52 words correct per minute on grade-5 passages "
    "(grade-8 norm 150).",
    "evaluator": "School psychologist",
    "finding": "need",
    "subscores": [
        {
            "name": "Oral Reading Fluency",
            "score": 74,
            "score_type": "standard_score",
            "percentile": 4,
        },
        {
            "name": "Passage Comprehension",
            "score": 83,
            "score_type": "standard_score",
            "percentile": 13,
        },
    ],
}

FindingField = Annotated[
    Finding | None,
    Field(
        description="The team's reading of the result: need, not_a_need or unclear. It wins "
        "over the score's default reading; unclear becomes a question for the team."
    ),
]
Subscores = Annotated[list[Subscore], Field(max_length=30)]


class AssessmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [ASSESSMENT_EXAMPLE]})

    name: ShortText
    area: Area
    administered_on: IsoDate = Field(description="Not in the future, not before birth.")
    score: Score | None = None
    score_type: ScoreType = None
    percentile: Percentile | None = None
    summary: LongText
    evaluator: OptionalShortText = None
    finding: FindingField = None
    subscores: Subscores = Field(default_factory=list)

    def column_values(self) -> dict[str, Any]:
        return {**self.model_dump(exclude={"subscores"}), "subscores": _dump(self.subscores)}


def _dump(subscores: list[Subscore]) -> list[dict[str, Any]]:
    return [s.model_dump(mode="json") for s in subscores]


# PATCH fields that may be left out but never set to null.
REQUIRED_FIELDS = ("name", "area", "administered_on", "summary")


class AssessmentUpdate(BaseModel):
    """Any subset of the fields, validated as on create."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"score": 81, "percentile": 10}]},
    )

    name: ShortText | Absent = None
    area: Area | Absent = None
    administered_on: IsoDate | Absent = None
    score: Score | None = None
    score_type: ScoreType = None
    percentile: Percentile | None = None
    summary: LongText | Absent = None
    evaluator: OptionalShortText = None
    finding: FindingField = None
    subscores: Subscores | Absent = None

    _not_null = field_validator(*REQUIRED_FIELDS, "subscores", mode="before")(refuse_null)

    def changes(self) -> dict[str, Any]:
        values = {name: getattr(self, name) for name in self.model_fields_set}
        if "subscores" in values:
            values["subscores"] = _dump(values["subscores"])
        return values


class AssessmentOut(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": "9d3e1c55-4a2b-4f1e-8c6d-1e2f3a4b5c6d",
                    "student_id": "5f0c6d1e-8a54-4a8e-9a59-2b1f6f0f9b11",
                    **ASSESSMENT_EXAMPLE,
                    "created_at": "2025-09-16T10:00:00Z",
                    "updated_at": "2025-09-16T10:00:00Z",
                }
            ]
        },
    )

    id: str
    student_id: str
    name: str
    area: str
    administered_on: date
    score: float | None
    score_type: str | None
    percentile: float | None
    summary: str
    evaluator: str | None
    finding: str | None
    subscores: list[Subscore]
    created_at: datetime
    updated_at: datetime


class AssessmentPage(Paginated[AssessmentOut]):
    pass
