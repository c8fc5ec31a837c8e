"""`esy`: whether extended school year services are needed, and why (34 CFR §300.106)."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from iepgen.sections.base import OptionalText, SectionContent, Text, friendly_date, sentence


class ExtendedSchoolYear(SectionContent):
    needed: bool | None = Field(
        description="true or false when the data decide it; null while the team decides."
    )
    rationale: Text
    services: OptionalText = ""
    decide_by: date | None = Field(
        default=None, description="When the team will decide, if the data do not yet."
    )

    def _render_lines(self) -> list[str]:
        if self.needed is None:
            when = f" by {friendly_date(self.decide_by)}" if self.decide_by else ""
            first = f"The team will decide{when} whether extended school year services are needed."
        elif self.needed:
            first = "Extended school year services are needed."
        else:
            first = "Extended school year services are not needed."
        lines = [first, f"Why: {sentence(self.rationale)}"]
        if self.services:
            lines.append(f"Services over the break: {sentence(self.services)}")
        return lines
