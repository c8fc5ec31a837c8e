"""`esy`: whether extended school year services are needed, and why."""

from __future__ import annotations

from iepgen.sections.base import OptionalText, SectionContent, Text, sentence


class ExtendedSchoolYear(SectionContent):
    needed: bool
    rationale: Text
    services: OptionalText = ""

    def _render_lines(self) -> list[str]:
        lines = [
            "Extended school year services are needed."
            if self.needed
            else "Extended school year services are not needed."
        ]
        lines.append(f"Why: {sentence(self.rationale)}")
        if self.services:
            lines.append(f"Services over the break: {sentence(self.services)}")
        return lines
