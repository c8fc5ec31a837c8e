"""`lre`: least restrictive environment (34 CFR §300.320(a)(5))."""

from __future__ import annotations

from pydantic import Field

from iepgen.sections.base import OptionalText, SectionContent, ShortText, Text, sentence


class LeastRestrictiveEnvironment(SectionContent):
    removal_extent_and_reason: Text = Field(
        description="How much, if at all, the student is away from non-disabled peers, and why."
    )
    percent_in_general_education: int = Field(ge=0, le=100)
    percent_basis: OptionalText = Field(
        default="",
        description="What the percent is counted on when that is not settled yet, e.g. a "
        "preschool program's weekly hours still to be recorded.",
    )
    placement: ShortText = Field(description="e.g. 'Regular class with resource support'.")
    minutes_outside_general_education: int | None = Field(
        default=None, ge=0, le=3000, description="Weekly minutes of services outside the class."
    )
    school_week_minutes: int | None = Field(default=None, ge=1, le=3000)
    current_percent_in_general_education: int | None = Field(
        default=None, ge=0, le=100, description="The student's placement now, as recorded."
    )
    comparison_with_current: OptionalText = Field(
        default="", description="How the proposal compares with the current placement."
    )

    def _render_lines(self) -> list[str]:
        lines = [
            f"Placement: {sentence(self.placement)}",
            f"Time in general education: {self.percent_in_general_education} percent of the day"
            + (f" ({self.percent_basis.rstrip('.')})." if self.percent_basis else "."),
            sentence(self.removal_extent_and_reason),
        ]
        if self.comparison_with_current:
            lines.append(sentence(self.comparison_with_current))
        return lines
