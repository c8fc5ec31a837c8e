"""`annual_goals`: measurable goals, each with a baseline from the data (or a date to get one)."""

from __future__ import annotations

from datetime import date

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


class ShortTermObjective(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    description: Text = Field(description="A measurable step toward the goal.")
    target_date: date


class AnnualGoal(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    area: Area
    statement: Text = Field(description="The whole goal as one sentence.")
    condition: ShortText = Field(description="Under what conditions, e.g. 'Given a grade-5 text'.")
    behavior: ShortText = Field(description="The observable behavior, e.g. 'will read aloud'.")
    criterion: ShortText = Field(description="How well, e.g. 'at 90 words correct per minute'.")
    baseline: Text = Field(description="Where the student is now, from the cited data.")
    baseline_established: bool = Field(
        default=True, description="False when no data exists yet; then give baseline_due_date."
    )
    baseline_due_date: date | None = Field(
        default=None, description="When the baseline will be measured, if it is not yet."
    )
    target: ShortText = Field(description="Where the student should be by the timeframe.")
    measurement_method: ShortText
    timeframe: date = Field(description="The date by which the goal is met, in the IEP year.")
    evidence: list[EvidenceId] = Field(default_factory=list, max_length=MAX_EVIDENCE)
    short_term_objectives: list[ShortTermObjective] = Field(min_length=2, max_length=6)
    progress_note: OptionalText = Field(
        default="", description="Progress on the same goal in the previous IEP, if repeated."
    )


class AnnualGoals(SectionContent):
    goals: list[AnnualGoal] = Field(min_length=1, max_length=20)

    def areas(self) -> set[str]:
        return {goal.area for goal in self.goals}

    def _render_lines(self) -> list[str]:
        lines: list[str] = []
        for number, goal in enumerate(self.goals, start=1):
            lines.append(f"Goal {number} ({AREA_LABELS[goal.area]}): {sentence(goal.statement)}")
            if goal.baseline_established:
                lines.append(f"Now: {sentence(goal.baseline)}")
            else:
                due = friendly_date(goal.baseline_due_date) if goal.baseline_due_date else "soon"
                lines.append(
                    f"Now: not yet measured. {sentence(goal.baseline)} "
                    f"The starting point will be measured by {due}."
                )
            lines.append(f"Target: {sentence(goal.target)}")
            lines.append(f"Measured by: {sentence(goal.measurement_method)}")
            lines.append(f"Due: {friendly_date(goal.timeframe)}.")
            if goal.progress_note:
                lines.append(f"Progress so far: {sentence(goal.progress_note)}")
            for step, objective in enumerate(goal.short_term_objectives, start=1):
                lines.append(
                    f"Step {step}, by {friendly_date(objective.target_date)}: "
                    f"{sentence(objective.description)}"
                )
        return lines
