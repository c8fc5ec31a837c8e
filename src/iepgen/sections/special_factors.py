"""`special_factors`: the five IDEA special factors (34 CFR §300.324(a)(2)), each answered."""

from __future__ import annotations

from typing import Final

from pydantic import BaseModel, ConfigDict, Field

from iepgen.sections.base import OptionalText, SectionContent, Text, sentence, yes_no


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SpecialFactor(_Part):
    considered: bool
    applies: bool
    response: Text


class BehaviorSupports(_Part):
    """Positive behavioral interventions and supports built on the behavior's function."""

    target_behavior: OptionalText = ""
    hypothesized_function: OptionalText = ""
    antecedent_strategies: OptionalText = Field(
        default="", description="What changes before the behavior."
    )
    replacement_behavior: OptionalText = Field(
        default="", description="What the student does instead."
    )
    staff_responses: OptionalText = Field(
        default="", description="How staff respond, by the function."
    )
    behavior_plan: OptionalText = Field(default="", description="The current plan, dated.")
    removals: OptionalText = Field(default="", description="Removals this school year.")


class LanguageNeeds(_Part):
    """An English learner's language needs as they relate to the IEP."""

    proficiency: OptionalText = ""
    language_services: OptionalText = ""
    english_proficiency_testing: OptionalText = ""
    family_communication: OptionalText = ""


class BrailleProvision(_Part):
    """Instruction in braille and its use, or the evaluation that found it not appropriate."""

    learning_media: OptionalText = ""
    braille_instruction: OptionalText = ""
    materials: OptionalText = ""
    expanded_core: OptionalText = Field(
        default="", description="Orientation and mobility, assistive technology, ..."
    )


class CommunicationPlan(_Part):
    """What §300.324(a)(2)(iv) asks the team to consider for a Deaf or hard-of-hearing student."""

    language_and_mode: OptionalText = ""
    direct_communication: OptionalText = Field(
        default="",
        description="Opportunities for direct communication with peers and staff in the "
        "student's language and mode.",
    )
    direct_instruction: OptionalText = Field(
        default="", description="Direct instruction in that language and mode."
    )
    academic_level: OptionalText = ""
    full_range_of_needs: OptionalText = Field(
        default="", description="Interpreting, captioning, visual alerts, hearing technology, ..."
    )


class AssistiveTechnologyPlan(_Part):
    devices: OptionalText = ""
    services_and_training: OptionalText = Field(
        default="", description="Training and support for the student, staff and family."
    )


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
    behavior_supports: BehaviorSupports | None = None
    language_needs: LanguageNeeds | None = None
    braille: BrailleProvision | None = None
    communication_plan: CommunicationPlan | None = None
    assistive_technology_plan: AssistiveTechnologyPlan | None = None

    def factors(self) -> dict[str, SpecialFactor]:
        return {name: getattr(self, name) for name in FACTOR_QUESTIONS}

    def _render_lines(self) -> list[str]:
        plans: dict[str, BaseModel | None] = {
            "behavior": self.behavior_supports,
            "limited_english_proficiency": self.language_needs,
            "blind_or_visually_impaired": self.braille,
            "deaf_or_hard_of_hearing": self.communication_plan,
            "assistive_technology": self.assistive_technology_plan,
        }
        lines: list[str] = []
        for name, factor in self.factors().items():
            lines.append(f"{FACTOR_QUESTIONS[name]} {yes_no(factor.applies)}.")
            lines.append(sentence(factor.response))
            plan = plans[name]
            if plan is not None:
                lines.extend(_plan_lines(plan))
        return lines


PLAN_LABELS: Final[dict[str, str]] = {
    "target_behavior": "The behavior",
    "hypothesized_function": "Why it happens",
    "antecedent_strategies": "What we change before it happens",
    "replacement_behavior": "What the student does instead",
    "staff_responses": "How staff respond",
    "behavior_plan": "Behavior plan",
    "removals": "Removals this year",
    "proficiency": "English proficiency",
    "language_services": "Language services",
    "english_proficiency_testing": "English proficiency test",
    "family_communication": "Communication with the family",
    "learning_media": "Learning media",
    "braille_instruction": "Braille instruction",
    "materials": "Materials",
    "expanded_core": "Expanded core curriculum",
    "language_and_mode": "Language and communication mode",
    "direct_communication": "Direct communication with peers and staff",
    "direct_instruction": "Direct instruction in that language",
    "academic_level": "Academic level",
    "full_range_of_needs": "Full range of needs",
    "devices": "Devices",
    "services_and_training": "Services and training",
}


def _plan_lines(plan: BaseModel) -> list[str]:
    return [
        f"- {PLAN_LABELS.get(name, name)}: {sentence(value)}"
        for name, value in plan.model_dump().items()
        if isinstance(value, str) and value.strip()
    ]
