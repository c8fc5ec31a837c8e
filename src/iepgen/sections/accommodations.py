"""`accommodations`: classroom accommodations and participation in state/district tests."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from iepgen.sections.base import (
    OptionalText,
    SectionContent,
    ShortText,
    SupportTarget,
    Text,
    sentence,
)

# `not_applicable`: a preschool child takes no state academic tests (early childhood
# outcomes are reported instead).
ParticipationMode = Literal["regular", "regular_with_accommodations", "alternate", "not_applicable"]


class Accommodation(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    description: Text
    setting: Literal["classroom", "testing", "both"] = "both"
    need_addressed: OptionalText = Field(default="", description="The need it answers.")
    serves: list[SupportTarget] = Field(
        default_factory=list,
        max_length=12,
        description="The decided needs or special factors this accommodation answers.",
    )


class AssessmentParticipation(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    mode: ParticipationMode
    accommodations: list[ShortText] = Field(default_factory=list, max_length=20)
    # Both required for an alternate assessment (34 CFR §300.320(a)(6)(ii)); checked by the
    # compliance checker so a teacher can save a half-done edit and see what is missing.
    why_regular_not_appropriate: OptionalText = ""
    why_alternate_appropriate: OptionalText = ""
    not_applicable_reason: OptionalText = Field(
        default="", description="Why no state test applies (preschool), and what is reported."
    )


class Accommodations(SectionContent):
    classroom: list[Accommodation] = Field(default_factory=list, max_length=30)
    assessment_participation: AssessmentParticipation

    def empty_classroom_line(self) -> str:
        """No classroom accommodation drafted: "none" only when no question is still open."""
        if self.questions_for_team:
            return "Classroom accommodations: none drafted yet (see the questions for the team)."
        return "No classroom accommodations."

    def _render_lines(self) -> list[str]:
        lines = ["In class:"] if self.classroom else [self.empty_classroom_line()]
        lines.extend(f"- {sentence(item.description)}" for item in self.classroom)
        participation = self.assessment_participation
        if participation.mode == "not_applicable":
            lines.append(
                f"State and district tests: {sentence(participation.not_applicable_reason)}"
            )
        elif participation.mode == "alternate":
            lines.append("State and district tests: the student takes the alternate test.")
            lines.append(
                f"Why not the regular test: {sentence(participation.why_regular_not_appropriate)}"
            )
            lines.append(
                f"Why the alternate test fits: {sentence(participation.why_alternate_appropriate)}"
            )
        elif participation.mode == "regular_with_accommodations":
            lines.append("State and district tests: the student takes the regular test with:")
        else:
            lines.append("State and district tests: the student takes the regular test.")
        lines.extend(f"- {sentence(item)}" for item in participation.accommodations)
        return lines
