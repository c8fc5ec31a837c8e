"""`transfer_of_rights`: notice, a year ahead, of the rights that pass at majority."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from iepgen.sections.base import OptionalText, SectionContent, friendly_date, sentence


class TransferOfRights(SectionContent):
    applies: bool
    not_applicable_reason: OptionalText = ""
    informed_on: date | None = Field(
        default=None, description="When the student was informed, as the record shows."
    )
    inform_by: date | None = Field(
        default=None, description="When the student must be informed, if not yet."
    )
    overdue: bool = Field(
        default=False,
        description="The notice was due before this meeting and has not been given.",
    )
    statement: OptionalText = ""

    def _render_lines(self) -> list[str]:
        if not self.applies:
            return [f"This does not apply yet. {sentence(self.not_applicable_reason)}"]
        lines = [sentence(self.statement)] if self.statement else []
        if self.informed_on:
            lines.append(f"The student was informed on {friendly_date(self.informed_on)}.")
        elif self.inform_by and self.overdue:
            lines.append(
                "The record does not show that the student was informed (it was due by "
                f"{friendly_date(self.inform_by)}). The team informs the student at the meeting "
                "and records the date."
            )
        elif self.inform_by:
            lines.append(f"The student must be informed by {friendly_date(self.inform_by)}.")
        return lines
