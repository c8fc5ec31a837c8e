"""`lre`: least restrictive environment (34 CFR §300.320(a)(5))."""

from __future__ import annotations

from pydantic import Field

from iepgen.sections.base import SectionContent, ShortText, Text, sentence


class LeastRestrictiveEnvironment(SectionContent):
    removal_extent_and_reason: Text = Field(
        description="How much, if at all, the student is away from non-disabled peers, and why."
    )
    percent_in_general_education: int = Field(ge=0, le=100)
    placement: ShortText = Field(description="e.g. 'Regular class with resource support'.")

    def _render_lines(self) -> list[str]:
        return [
            f"Placement: {sentence(self.placement)}",
            f"Time in general education: {self.percent_in_general_education} percent of the day.",
            sentence(self.removal_extent_and_reason),
        ]
