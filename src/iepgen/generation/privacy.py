"""Pseudonymisation: what identifies a student is replaced by placeholders before any call.

Names (full, first, last and each part, with possessives), the date of birth (the prompt
sends ages instead), the student number, the school and the parents' or guardians' names
are replaced wherever they occur: in the profile and in every free text (assessment
summaries, strengths, concerns, notes, the case manager's context, previous IEPs,
earlier sections). The provider only ever sees `[STUDENT_FIRST_NAME]`, `[SCHOOL]`, ...;
`restore_value` puts the real values back into the structured result.

Matching is case-insensitive on word boundaries, so a first name that is also a common
word ("Will", "May") is replaced there too: a slightly odd prompt is the price of never
sending a name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Final

from iepgen.generation.context import GenerationContext, StudentFacts
from iepgen.generation.provider import SectionRequest

STUDENT_FULL_NAME: Final = "[STUDENT_FULL_NAME]"
STUDENT_FIRST_NAME: Final = "[STUDENT_FIRST_NAME]"
STUDENT_LAST_NAME: Final = "[STUDENT_LAST_NAME]"
SCHOOL: Final = "[SCHOOL]"
STUDENT_NUMBER: Final = "[STUDENT_NUMBER]"
DATE_OF_BIRTH: Final = "[DATE_OF_BIRTH]"

_PLACEHOLDER = re.compile(r"\[([A-Za-z][A-Za-z0-9_]*)\]")
_NAME_PART_SPLIT = re.compile(r"[\s\-]+")
_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def _fold_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _birth_date_forms(born: date) -> list[str]:
    """The ways a date of birth is commonly written in US school records."""
    month = _MONTHS[born.month - 1]
    m, d, y = born.month, born.day, born.year
    return [
        born.isoformat(),
        f"{m:02d}/{d:02d}/{y}",
        f"{m}/{d}/{y}",
        f"{d:02d}/{m:02d}/{y}",
        f"{m:02d}-{d:02d}-{y}",
        f"{d:02d}.{m:02d}.{y}",
        f"{month} {d}, {y}",
        f"{month} {d} {y}",
        f"{month[:3]} {d}, {y}",
        f"{month[:3]}. {d}, {y}",
        f"{d} {month} {y}",
        f"{d} {month[:3]} {y}",
    ]


def _name_parts(name: str) -> list[str]:
    return [part for part in _NAME_PART_SPLIT.split(name.strip()) if len(part) >= 3]


@dataclass(frozen=True)
class Pseudonymizer:
    """Replaces one student's identifying strings with placeholders, and back."""

    # (original text, placeholder), longest original first so "Maya Lopez" wins over "Maya".
    replacements: tuple[tuple[str, str], ...]
    # PLACEHOLDER (upper case, without brackets) -> the value restored in results.
    restorations: dict[str, str]
    pattern: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def for_student(cls, student: StudentFacts) -> Pseudonymizer:
        terms: dict[str, str] = {}
        restorations: dict[str, str] = {}

        def add(original: str | None, placeholder: str, restored: str | None = None) -> None:
            if not original or len(original.strip()) < 2:
                return
            for form in {original.strip(), _fold_accents(original.strip())}:
                terms.setdefault(form.casefold(), placeholder)
            restorations.setdefault(placeholder[1:-1], restored or original.strip())

        first, last = student.first_name.strip(), student.last_name.strip()
        full = f"{first} {last}"
        for form in (full, f"{last}, {first}", f"{last} {first}"):
            add(form, STUDENT_FULL_NAME, full)
        add(first, STUDENT_FIRST_NAME)
        add(last, STUDENT_LAST_NAME)
        extra_parts = [p for p in _name_parts(first) + _name_parts(last) if p not in (first, last)]
        for number, part in enumerate(extra_parts, start=1):
            add(part, f"[STUDENT_NAME_PART_{number}]")
        for index, parent in enumerate(student.parent_guardian_names, start=1):
            add(parent, f"[PARENT_{index}]")
            for number, part in enumerate(_name_parts(parent), start=1):
                add(part, f"[PARENT_{index}_NAME_PART_{number}]")
        add(student.school, SCHOOL)
        add(student.student_number, STUDENT_NUMBER)
        for form in _birth_date_forms(student.date_of_birth):
            add(form, DATE_OF_BIRTH, student.date_of_birth.isoformat())

        ordered = sorted(terms.items(), key=lambda item: (-len(item[0]), item[0]))
        alternation = "|".join(re.escape(original) for original, _ in ordered)
        pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)
        return cls(replacements=tuple(ordered), restorations=restorations, pattern=pattern)

    def redact(self, text: str) -> str:
        """`text` with every identifying string replaced by its placeholder."""
        if self.pattern is None or not text:
            return text
        lookup = dict(self.replacements)
        folded = _fold_accents(text)
        # Match on an accent-folded copy when folding keeps the length (it nearly always
        # does for names), so "Jose" and "José" are both caught by one pass.
        source = folded if len(folded) == len(text) else text
        pieces: list[str] = []
        position = 0
        for match in self.pattern.finditer(source):
            placeholder = lookup.get(match.group(0).casefold()) or lookup.get(
                _fold_accents(match.group(0)).casefold()
            )
            if placeholder is None:
                continue
            pieces.append(text[position : match.start()])
            pieces.append(placeholder)
            position = match.end()
        pieces.append(text[position:])
        return "".join(pieces)

    def redact_value(self, value: Any) -> Any:
        """A copy of a JSON-like value with every string redacted (keys are left alone)."""
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, dict):
            return {key: self.redact_value(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self.redact_value(item) for item in value]
        return value

    def restore(self, text: str) -> str:
        """Placeholders in a result put back to the real values (unknown ones left as they are)."""

        def swap(match: re.Match[str]) -> str:
            return self.restorations.get(match.group(1).upper(), match.group(0))

        return _PLACEHOLDER.sub(swap, text)

    def restore_value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.restore(value)
        if isinstance(value, dict):
            return {key: self.restore_value(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.restore_value(item) for item in value]
        return value


def _redact_optional(pseudonymizer: Pseudonymizer, text: str | None) -> str | None:
    return pseudonymizer.redact(text) if text else text


def pseudonymize_context(
    context: GenerationContext, pseudonymizer: Pseudonymizer
) -> GenerationContext:
    """The context as a provider may see it. The birth date stays only for the age maths:
    prompts built from a pseudonymised context never include it (`include_birth_date`)."""
    student = context.student
    redact = pseudonymizer.redact
    pseudonymous_student = replace(
        student,
        first_name=STUDENT_FIRST_NAME,
        last_name=STUDENT_LAST_NAME,
        school=SCHOOL if student.school else None,
        student_number=STUDENT_NUMBER if student.student_number else None,
        parent_guardian_names=tuple(
            f"[PARENT_{index}]" for index in range(1, len(student.parent_guardian_names) + 1)
        ),
        strengths=_redact_optional(pseudonymizer, student.strengths),
        interests=_redact_optional(pseudonymizer, student.interests),
        parent_concerns=_redact_optional(pseudonymizer, student.parent_concerns),
        notes=_redact_optional(pseudonymizer, student.notes),
    )
    return replace(
        context,
        student=pseudonymous_student,
        assessments=tuple(
            replace(
                assessment,
                name=redact(assessment.name),
                summary=redact(assessment.summary),
                evaluator=_redact_optional(pseudonymizer, assessment.evaluator),
            )
            for assessment in context.assessments
        ),
        previous_ieps=tuple(
            replace(previous, sections=pseudonymizer.redact_value(previous.sections))
            for previous in context.previous_ieps
        ),
        template_sections=tuple(
            (section_type, redact(title), redact(instructions))
            for section_type, title, instructions in context.template_sections
        ),
        case_manager_context=_redact_optional(pseudonymizer, context.case_manager_context),
        extra=pseudonymizer.redact_value(context.extra),
    )


def pseudonymize_request(request: SectionRequest) -> tuple[SectionRequest, Pseudonymizer]:
    """The request with the student's identifying data replaced, and the way back."""
    pseudonymizer = Pseudonymizer.for_student(request.context.student)
    redacted = replace(
        request,
        context=pseudonymize_context(request.context, pseudonymizer),
        earlier_sections=pseudonymizer.redact_value(request.earlier_sections),
        repair_findings=tuple(pseudonymizer.redact(f) for f in request.repair_findings),
        previous_output=(
            pseudonymizer.redact_value(request.previous_output)
            if request.previous_output is not None
            else None
        ),
        instructions=_redact_optional(pseudonymizer, request.instructions),
    )
    return redacted, pseudonymizer
