"""`annual_goals`: measurable goals, each with a baseline from the data (or a date to get one)."""

from __future__ import annotations

from datetime import date
from typing import Literal

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

Direction = Literal["increase", "decrease"]


class GoalMeasure(BaseModel):
    """The one measure a goal keeps from baseline to target, objectives and progress checks."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    unit: ShortText = Field(description="What is counted, e.g. 'words correct per minute'.")
    direction: Direction = Field(
        description="increase, or decrease for a behavior that should fall."
    )
    baseline_value: float | None = Field(
        default=None,
        description="The baseline in this unit, from the cited record; null if "
        "it is still to be measured.",
    )
    target_value: float | None = Field(
        default=None,
        description="The target in this unit; null when stated relative to a "
        "baseline still to be measured.",
    )
    maximum: float | None = Field(
        default=None, description="The whole, for a part of a whole (e.g. 100 in '35 of 100')."
    )


class ShortTermObjective(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    description: Text = Field(description="A measurable step toward the goal.")
    target_date: date
    value: float | None = Field(
        default=None, description="The step's value in the goal's unit, if known."
    )


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
    measure: GoalMeasure | None = Field(
        default=None, description="The goal's one measure (unit, direction, values)."
    )
    target_rationale: OptionalText = Field(
        default="", description="Why this target: a benchmark, a growth rate, a rule."
    )
    measurement_method: ShortText
    timeframe: date = Field(description="The date by which the goal is met, in the IEP year.")
    evidence: list[EvidenceId] = Field(default_factory=list, max_length=MAX_EVIDENCE)
    short_term_objectives: list[ShortTermObjective] = Field(min_length=2, max_length=6)
    progress_note: OptionalText = Field(
        default="", description="Progress on the same goal in the previous IEP, if repeated."
    )


class AnnualGoals(SectionContent):
    goals: list[AnnualGoal] = Field(default_factory=list, max_length=20)
    no_goals_reason: OptionalText = Field(
        default="", description="Why there are no goals yet (e.g. no data on any need)."
    )

    def areas(self) -> set[str]:
        return {goal.area for goal in self.goals}

    def _render_lines(self) -> list[str]:
        lines: list[str] = []
        if not self.goals and self.no_goals_reason:
            lines.append(f"No annual goals yet. {sentence(self.no_goals_reason)}")
        for number, goal in enumerate(self.goals, start=1):
            lines.append(f"Goal {number} ({AREA_LABELS[goal.area]}): {sentence(goal.statement)}")
            if goal.baseline_established:
                lines.append(f"Now: {sentence(goal.baseline)}")
            else:
                due = (
                    f" It will be measured by {friendly_date(goal.baseline_due_date)}."
                    if goal.baseline_due_date
                    else ""
                )
                lines.append(f"Now: not yet measured. {sentence(goal.baseline)}{due}")
            lines.append(f"Target: {sentence(goal.target)}")
            if goal.target_rationale:
                lines.append(f"Why this target: {sentence(goal.target_rationale)}")
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
