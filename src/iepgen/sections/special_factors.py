"""`special_factors`: the five IDEA special factors (34 CFR §300.324(a)(2)), each answered."""

from __future__ import annotations

from typing import Final

from pydantic import BaseModel, ConfigDict

from iepgen.sections.base import SectionContent, Text, sentence, yes_no


class SpecialFactor(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    considered: bool
    applies: bool
    response: Text


FACTOR_QUESTIONS: Final[dict[str, str]] = {
    "behavior": "Does behavior get in the way of learning (for the student or others)?",
    "limited_english_proficiency": "Does the student have limited English proficiency?",
    "blind_or_visually_impaired": "Is the student blind or visually impaired?",
    "deaf_or_hard_of_hearing": "Is the student deaf or hard of hearing?",
    "assistive_technology": "Does the student need assistive technology?",
}


class SpecialFactors(SectionContent):
    behavior: SpecialFactor
    limited_english_proficiency: SpecialFactor
    blind_or_visually_impaired: SpecialFactor
    deaf_or_hard_of_hearing: SpecialFactor
    assistive_technology: SpecialFactor

    def factors(self) -> dict[str, SpecialFactor]:
        return {name: getattr(self, name) for name in FACTOR_QUESTIONS}

    def _render_lines(self) -> list[str]:
        lines: list[str] = []
        for name, factor in self.factors().items():
            lines.append(f"{FACTOR_QUESTIONS[name]} {yes_no(factor.applies)}.")
            lines.append(sentence(factor.response))
        return lines
