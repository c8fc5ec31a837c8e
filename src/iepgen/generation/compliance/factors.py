"""Meaning: each special factor answered as the record requires, and supports that fit access.

Where the record shows a factor (a braille reader, a Deaf student, a behavior plan, an
English learner, a device), the section must apply it and give the response its duty
asks for. Where it does not, a draft may not claim it — a category is not data. And an
accommodation must fit how the student gets information: no read-aloud for a student
who does not hear speech, no large print for a braille reader.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from pydantic import BaseModel

from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions import Decisions
from iepgen.generation.decisions.access import Access
from iepgen.generation.decisions.factors import reads_braille
from iepgen.sections import Accommodations, AnnualGoals, Services, SpecialFactors
from iepgen.sections.special_factors import FACTOR_QUESTIONS

from .measures import speaks_of
from .report import Finding
from .rule import Sections, section_of

SECTION = "special_factors"
PLANS: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "behavior": (
        "behavior_supports",
        (
            "target_behavior",
            "hypothesized_function",
            "antecedent_strategies",
            "replacement_behavior",
            "staff_responses",
        ),
    ),
    "limited_english_proficiency": (
        "language_needs",
        ("proficiency", "language_services", "english_proficiency_testing", "family_communication"),
    ),
    "blind_or_visually_impaired": ("braille", ("learning_media", "braille_instruction")),
    "deaf_or_hard_of_hearing": (
        "communication_plan",
        (
            "language_and_mode",
            "direct_communication",
            "direct_instruction",
            "academic_level",
            "full_range_of_needs",
        ),
    ),
    "assistive_technology": ("assistive_technology_plan", ("devices", "services_and_training")),
}
FIELD_WORDS: Final[dict[str, str]] = {
    "target_behavior": "the target behavior",
    "hypothesized_function": "the behavior's function",
    "antecedent_strategies": "what changes before the behavior",
    "replacement_behavior": "a replacement behavior",
    "staff_responses": "how staff respond",
    "proficiency": "the English proficiency level",
    "language_services": "the English language services",
    "english_proficiency_testing": "English proficiency testing",
    "family_communication": "communication with the family in its language",
    "learning_media": "the learning media",
    "braille_instruction": "instruction in braille (or the evaluation that found it not "
    "appropriate)",
    "language_and_mode": "the language and communication mode",
    "direct_communication": "opportunities for direct communication with peers and staff",
    "direct_instruction": "direct instruction in the student's language and mode",
    "academic_level": "the academic level",
    "full_range_of_needs": "the full range of needs",
    "devices": "the devices",
    "services_and_training": "training for the student, staff and family",
}
# "A teacher will check whether he needs braille": deciding later is not providing.
_HEDGE: Final = re.compile(r"\b(check|decide|consider|see) (whether|if)\b|\bif needed\b", re.I)
# Supports that reach the student through hearing; and goals measured by listening.
_NO_HEARING: Final = re.compile(
    r"read(?:s|ing)? aloud|read-aloud|adult reader|text-to-speech|\bFM\b|\bDM\b|listening|"
    r"auditory|sound system|spoken directions|oral directions",
    re.I,
)
_LISTENING: Final = re.compile(r"listen|auditory|\bFM\b|spoken directions", re.I)
_PRINT_ONLY: Final = re.compile(
    r"large print|magnif|enlarg|handwriting|pencil grip|graph paper|copy from the board", re.I
)
_SPEECH_ONLY: Final = re.compile(r"speech-to-text|read(?:s|ing)? aloud|oral report", re.I)


def _plan(factors: SpecialFactors, name: str) -> BaseModel | None:
    attribute, _fields = PLANS[name]
    plan = getattr(factors, attribute)
    return plan if isinstance(plan, BaseModel) else None


def _missing(plan: BaseModel | None, fields: tuple[str, ...]) -> list[str]:
    if plan is None:
        return [FIELD_WORDS[f] for f in fields]
    return [FIELD_WORDS[f] for f in fields if not str(getattr(plan, f, "")).strip()]


def factor_responses(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error for a special factor answered against the record, or without what its duty needs."""
    factors = section_of(sections, SECTION, SpecialFactors)
    if factors is None:
        return
    for decision in decisions.factors:
        answer = factors.factors()[decision.factor]
        question = FACTOR_QUESTIONS[decision.factor].rstrip("?").lower()
        if decision.applies and not answer.applies:
            yield Finding(
                SECTION,
                "special_factor_response",
                "error",
                f"The record calls for this factor ({question}): {decision.reason}",
            )
            continue
        if not decision.applies and answer.applies:
            yield Finding(
                SECTION,
                "special_factor_response",
                "error",
                f"This section says yes to '{question}', but {decision.reason[0].lower()}"
                f"{decision.reason[1:]} A category alone is not data: record what "
                "shows it first.",
            )
            continue
        if not decision.applies:
            continue
        _attribute, fields = PLANS[decision.factor]
        missing = _missing(_plan(factors, decision.factor), fields)
        if missing:
            yield Finding(
                SECTION,
                "special_factor_response",
                "error",
                f"The response to '{question}' is missing {', '.join(missing)}.",
            )
    yield from _braille(factors, context)
    yield from _interpreter(sections, context, decisions)


def _braille(factors: SpecialFactors, context: GenerationContext) -> Iterator[Finding]:
    vision = context.student.vision
    plan = factors.braille
    if vision is None or plan is None or not factors.blind_or_visually_impaired.applies:
        return
    text = plan.braille_instruction
    if reads_braille(context):
        if "braille" not in text.lower() or _HEDGE.search(text):
            yield Finding(
                SECTION,
                "braille_provided",
                "error",
                "The student reads braille: the IEP must provide instruction in "
                "braille and its use, not decide it later.",
            )
    elif not vision.braille_not_appropriate:
        yield Finding(
            SECTION,
            "braille_provided",
            "error",
            "IDEA requires instruction in braille unless an evaluation of reading and "
            "writing media finds it not appropriate; record that finding (vision "
            "details) or provide braille instruction.",
        )


def _interpreter(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    communication = context.student.communication
    if communication is None or not communication.uses_interpreter:
        return
    services = section_of(sections, "services", Services)
    listed = services.services if services else []
    if not any(
        "interpret" in s.description.lower() or "interpret" in s.provider_role.lower()
        for s in listed
    ):
        yield Finding(
            "services",
            "communication_plan",
            "error",
            "The student uses an educational interpreter, but no service provides one.",
        )
    plan = section_of(sections, SECTION, SpecialFactors)
    language = communication.language
    if (
        plan
        and plan.communication_plan
        and language
        and not speaks_of(plan.communication_plan.language_and_mode, language)
    ):
        yield Finding(
            SECTION,
            "communication_plan",
            "error",
            f"The communication plan does not name the student's language ({language}).",
        )


def _texts(sections: Sections) -> Iterator[tuple[str, str, str]]:
    """(section type, what, text) of every support and goal a student would meet; goals are
    the ones whose `what` starts with "Goal"."""
    accommodations = section_of(sections, "accommodations", Accommodations)
    if accommodations:
        for number, item in enumerate(accommodations.classroom, start=1):
            yield "accommodations", f"Accommodation {number}", item.description
        for testing in accommodations.assessment_participation.accommodations:
            yield "accommodations", "A testing accommodation", testing
    services = section_of(sections, "services", Services)
    if services:
        for number, service in enumerate(services.services, start=1):
            yield "services", f"Service {number}", service.description
    goals = section_of(sections, "annual_goals", AnnualGoals)
    if goals:
        for number, goal in enumerate(goals.goals, start=1):
            yield "annual_goals", f"Goal {number}", f"{goal.behavior} {goal.measurement_method}"


def supports_fit_access(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error for a support that does not fit how the student takes in or gives information."""
    access = Access.of(context)
    no_hearing = not access.hears_speech
    print_free = not access.reads_print
    no_speech = not access.speaks
    for section_type, what, text in _texts(sections):
        hearing = _LISTENING if what.startswith("Goal") else _NO_HEARING
        if no_hearing and hearing.search(text):
            yield Finding(
                section_type,
                "support_fits_access",
                "error",
                f"{what} relies on hearing speech, which the student does not use "
                "(see the communication details).",
            )
        if print_free and _PRINT_ONLY.search(text):
            yield Finding(
                section_type,
                "support_fits_access",
                "error",
                f"{what} relies on reading or writing print; the student reads braille.",
            )
        if no_speech and _SPEECH_ONLY.search(text):
            yield Finding(
                section_type,
                "support_fits_access",
                "error",
                f"{what} relies on speech, which the student does not use to communicate.",
            )
