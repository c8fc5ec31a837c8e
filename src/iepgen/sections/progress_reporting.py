"""`progress_reporting`: how progress on each goal is measured and when families hear of it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from iepgen.sections.base import (
    AREA_LABELS,
    Area,
    OptionalText,
    SectionContent,
    ShortText,
    Text,
    sentence,
)


class GoalProgressMethod(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    area: Area
    method: Text = Field(description="How progress toward this goal is measured.")
    goal_number: int | None = Field(
        default=None, ge=1, le=20, description="The goal (1-based, as in annual goals)."
    )
    unit: OptionalText = Field(
        default="", description="The goal's unit, the same one its baseline and target use."
    )


class ProgressReporting(SectionContent):
    methods: list[GoalProgressMethod] = Field(default_factory=list, max_length=20)
    schedule: ShortText = Field(description="When reports go out, e.g. 'Quarterly'.")
    reports_to_parents: Text = Field(description="How families receive the reports.")

    def _render_lines(self) -> list[str]:
        lines = [f"{_goal_label(method)}: {sentence(method.method)}" for method in self.methods]
        lines.append(f"When: {sentence(self.schedule)}")
        lines.append(sentence(self.reports_to_parents))
        return lines


def _goal_label(method: GoalProgressMethod) -> str:
    area = AREA_LABELS[method.area]
    return f"Goal {method.goal_number} ({area.lower()})" if method.goal_number else area
