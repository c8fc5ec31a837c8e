"""Meaning: a draft states only what the record holds, and never fills a gap with words.

No placeholder wording; no event the record does not date (an invitation, a notice of
rights, a parent's agreement); no decision justified by a disability category; no
drafting instruction copied into the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final

from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions import Decisions
from iepgen.sections import Accommodations, ExtendedSchoolYear, SpecialFactors, TransferOfRights
from iepgen.sections.transition import Transition
from iepgen.sections.vocabulary import DISABILITY_LABELS

from .report import Finding
from .rule import Sections, section_of

_PLACEHOLDER: Final = re.compile(
    r"\[[A-Za-z_ ]{2,40}\]|\bTBD\b|\bto be determined\b|(?-i:\bXXX+\b)|lorem ipsum|\bplaceholder\b|"
    r"\binsert (?:the |a )?\w+|the skill the team named|agreed by the team for this need|"
    r"\?\?\?|<[a-z _]{2,40}>",
    re.I,
)
_INVITED: Final = re.compile(r"\b(?:was|were|has been|have been) invited\b", re.I)
_INFORMED: Final = re.compile(
    r"\b(?:was|were|has been|have been) (?:told|informed|notified)\b", re.I
)
_AGREED: Final = re.compile(
    r"\b(?:parents?|family|guardians?|mother|father)\b[^.]{0,30}\b(?:agreed|consented|signed)\b|"
    r"\bconsent (?:was|has been) (?:given|obtained)\b",
    re.I,
)
_CATEGORY: Final = re.compile(
    r"\b(?:" + "|".join(re.escape(label) for label in DISABILITY_LABELS.values()) + r")\b",
    re.I,
)
_SENTENCE: Final = re.compile(r"(?<=[.!?])\s+|\n+")
MIN_COPIED_CHARS: Final = 24


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _without_names(text: str, context: GenerationContext) -> str:
    """`text` with the student's names replaced: a name is never a placeholder or a verb."""
    for name in (context.student.first_name, context.student.last_name):
        if name.strip():
            text = re.sub(re.escape(name.strip()), "the student", text, flags=re.I)
    return text


def no_placeholders(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error for placeholder wording presented as content."""
    for section_type, content in sections.items():
        data = content.model_dump(mode="json", exclude={"questions_for_team"})
        for text in _strings(data):
            match = _PLACEHOLDER.search(_without_names(text, context))
            if match:
                yield Finding(
                    section_type,
                    "no_placeholders",
                    "error",
                    f"Placeholder wording ('{match.group(0)}') stands where content "
                    "belongs; write what the record supports or ask the team.",
                )
                break


def no_unrecorded_facts(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error for an event stated that the record does not hold (invitation, notice, consent)."""
    student = context.student
    for section_type, content in sections.items():
        text = _without_names(
            " ".join(_strings(content.model_dump(mode="json", exclude={"questions_for_team"}))),
            context,
        )
        if _INVITED.search(text) and student.invited_to_meeting_on is None:
            yield Finding(
                section_type,
                "no_unrecorded_facts",
                "error",
                "States that the student was invited, but the record holds no invitation date.",
            )
        if _INFORMED.search(text) and student.transfer_of_rights_informed_on is None:
            yield Finding(
                section_type,
                "no_unrecorded_facts",
                "error",
                "States that someone was told or informed, but the record holds no date for it.",
            )
        if _AGREED.search(text):
            yield Finding(
                section_type,
                "no_unrecorded_facts",
                "error",
                "States a parent's agreement or consent, which a draft cannot know; "
                "the team records it at the meeting.",
            )
    transition = section_of(sections, "transition", Transition)
    if transition is not None and transition.applies:
        recorded = student.invited_to_meeting_on
        if (transition.student_invited and recorded is None) or (
            transition.student_invited_on is not None and transition.student_invited_on != recorded
        ):
            yield Finding(
                "transition",
                "no_unrecorded_facts",
                "error",
                "The student's invitation must match the date the record holds.",
            )
    rights = section_of(sections, "transfer_of_rights", TransferOfRights)
    if (
        rights is not None
        and rights.informed_on is not None
        and (rights.informed_on != student.transfer_of_rights_informed_on)
    ):
        yield Finding(
            "transfer_of_rights",
            "no_unrecorded_facts",
            "error",
            "The date the student was informed must match the date the record holds.",
        )


def no_category_reasons(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error for a decision whose stated reason is the disability category."""
    reasons: list[tuple[str, str]] = []
    esy = section_of(sections, "esy", ExtendedSchoolYear)
    if esy is not None:
        reasons.append(("esy", esy.rationale))
    accommodations = section_of(sections, "accommodations", Accommodations)
    if accommodations is not None:
        participation = accommodations.assessment_participation
        reasons.append(("accommodations", participation.why_regular_not_appropriate))
        reasons.append(("accommodations", participation.why_alternate_appropriate))
    factors = section_of(sections, "special_factors", SpecialFactors)
    if factors is not None:
        reasons.append(("special_factors", factors.behavior.response))
    # A category word the record itself uses (an assessment's name) may be quoted.
    quoted = " ".join(
        [context.student.first_name, context.student.last_name]
        + [f"{a.name} {a.summary}" for a in context.assessments]
    ).lower()
    for section_type, text in reasons:
        match = next(
            (m for m in _CATEGORY.finditer(text) if m.group(0).lower() not in quoted), None
        )
        if match:
            yield Finding(
                section_type,
                "no_category_reasons",
                "error",
                f"A decision here is justified by the disability category "
                f"('{match.group(0)}'); IDEA decisions rest on the student's data.",
            )


def instructions_not_copied(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error for a drafting instruction copied into the IEP as content."""
    instructions = [
        s.strip()
        for s in _SENTENCE.split(context.case_manager_context or "")
        if len(s.strip()) >= MIN_COPIED_CHARS
    ]
    if not instructions:
        return
    notes = set(context.section_notes.values())
    for section_type, content in sections.items():
        text = " ".join(_strings(content.model_dump(mode="json")))
        for instruction in instructions:
            if instruction in text and not any(instruction in note for note in notes):
                yield Finding(
                    section_type,
                    "instructions_not_content",
                    "error",
                    "A drafting instruction was copied into the IEP; instructions "
                    "steer the draft and are not part of it.",
                )
                break
