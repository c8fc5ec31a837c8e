"""`progress_reporting`: how progress on each goal is measured and when families hear of it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from iepgen.sections.base import AREA_LABELS, Area, SectionContent, ShortText, Text, sentence


class GoalProgressMethod(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    area: Area
    method: Text = Field(description="How progress toward this area's goals is measured.")


class ProgressReporting(SectionContent):
    methods: list[GoalProgressMethod] = Field(min_length=1, max_length=12)
    schedule: ShortText = Field(description="When reports go out, e.g. 'Quarterly'.")
    reports_to_parents: Text = Field(description="How families receive the reports.")

    def _render_lines(self) -> list[str]:
        lines = [
            f"{AREA_LABELS[method.area]}: {sentence(method.method)}" for method in self.methods
        ]
        lines.append(f"When: {sentence(self.schedule)}")
        lines.append(sentence(self.reports_to_parents))
        return lines
