"""`student_profile`: who the student is, in the family's own terms."""

from __future__ import annotations

from pydantic import Field

from iepgen.sections.base import OptionalText, SectionContent, ShortText, sentence
from iepgen.sections.vocabulary import (
    DISABILITY_LABELS,
    DisabilityCategory,
    GradeLevel,
    grade_label,
)


class StudentProfile(SectionContent):
    name: ShortText
    age: int = Field(ge=0, le=120, description="Age in years at the start of the IEP year.")
    grade: GradeLevel
    school: ShortText | None = None
    disability_category: DisabilityCategory
    secondary_disabilities: list[DisabilityCategory] = Field(default_factory=list, max_length=13)
    primary_language: ShortText | None = None
    english_learner: bool = False
    strengths: OptionalText = ""
    interests: OptionalText = ""
    parent_concerns: OptionalText = Field(
        default="", description="The parents' or guardians' concerns, in their own terms."
    )

    def _render_lines(self) -> list[str]:
        where = f" at {self.school}" if self.school else ""
        first = self.name.split()[0]
        lines = [f"{self.name} is {self.age} years old and in {grade_label(self.grade)}{where}."]
        lines.append(f"Main disability: {DISABILITY_LABELS[self.disability_category]}.")
        if self.secondary_disabilities:
            others = ", ".join(DISABILITY_LABELS[c] for c in self.secondary_disabilities)
            lines.append(f"Other disabilities: {others}.")
        if self.primary_language:
            lines.append(f"Home language: {self.primary_language}.")
        if self.english_learner:
            lines.append(f"{first} is learning English.")
        if self.strengths:
            lines.append(f"Strengths: {sentence(self.strengths)}")
        if self.interests:
            lines.append(f"Interests: {sentence(self.interests)}")
        if self.parent_concerns:
            lines.append(f"Family concerns: {sentence(self.parent_concerns)}")
        return lines
