"""`present_levels`: current performance per area of need, each resting on cited data."""

from __future__ import annotations

from datetime import date
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from iepgen.sections.base import (
    AREA_LABELS,
    MAX_EVIDENCE,
    Area,
    EvidenceId,
    OptionalText,
    SectionContent,
    ShortText,
    Text,
    friendly_date,
    sentence,
)


class DataPoint(BaseModel):
    """One number a present level rests on, and the record it comes from."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    measure: ShortText = Field(description="What was measured, e.g. 'words correct per minute'.")
    value: float = Field(ge=-1_000_000, le=1_000_000)
    source: EvidenceId = Field(description="Id of the assessment or previous IEP it comes from.")


class AreaLevel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    area: Area
    current_performance: Text = Field(
        description="Current performance, citing the assessment name, date and score."
    )
    evidence: list[EvidenceId] = Field(
        default_factory=list,
        max_length=MAX_EVIDENCE,
        description="Ids of the assessments or previous IEPs this statement rests on.",
    )
    data_points: list[DataPoint] = Field(default_factory=list, max_length=30)
    # No data yet: say so plainly and set a date to collect it, never make a number up.
    data_available: bool = True
    data_due_date: date | None = Field(
        default=None, description="When data will be collected, if none exists yet."
    )
    strengths: OptionalText = ""
    needs: Text
    expected_level: OptionalText = Field(
        default="", description="What is expected at the student's age or grade, if known."
    )


class AreaSummary(BaseModel):
    """An area that was assessed and is not an area of need (or not yet decided)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    area: Area
    summary: Text
    evidence: list[EvidenceId] = Field(default_factory=list, max_length=MAX_EVIDENCE)
    status: Literal["not_a_need", "not_decided", "other_finding"] = Field(
        default="not_a_need",
        description="not_a_need; not_decided (a question for the team); other_finding (a "
        "medical or transition finding that is not a skill to teach).",
    )


SUMMARY_LABELS: Final[dict[str, str]] = {
    "not_a_need": " (not an area of need)",
    "not_decided": " (not yet decided)",
    "other_finding": "",
}


class PresentLevels(SectionContent):
    areas: list[AreaLevel] = Field(default_factory=list, max_length=12)
    other_areas: list[AreaSummary] = Field(
        default_factory=list,
        max_length=12,
        description="Areas assessed and found not to be a need, with their data.",
    )
    impact_on_general_curriculum: OptionalText = Field(
        default="",
        description="How the disability affects involvement and progress in the general "
        "education curriculum (for preschool: in appropriate activities).",
    )
    parent_input: OptionalText = ""
    student_input: OptionalText = ""

    def _render_lines(self) -> list[str]:
        lines: list[str] = []
        for level in self.areas:
            lines.append(f"{AREA_LABELS[level.area]}:")
            lines.append(sentence(level.current_performance))
            if not level.data_available and level.data_due_date:
                lines.append(
                    "We do not have test data in this area yet. It will be collected by "
                    f"{friendly_date(level.data_due_date)}."
                )
            if level.expected_level:
                lines.append(f"Expected: {sentence(level.expected_level)}")
            if level.strengths:
                lines.append(f"Strengths: {sentence(level.strengths)}")
            lines.append(f"Needs: {sentence(level.needs)}")
        for other in self.other_areas:
            lines.append(
                f"{AREA_LABELS[other.area]} (not an area of need): {sentence(other.summary)}"
            )
        if self.impact_on_general_curriculum:
            lines.append(
                f"How the disability affects learning: "
                f"{sentence(self.impact_on_general_curriculum)}"
            )
        if self.parent_input:
            lines.append(f"What the family says: {sentence(self.parent_input)}")
        if self.student_input:
            lines.append(f"What the student says: {sentence(self.student_input)}")
        return lines
