"""Pseudonymisation: what identifies a student is replaced by placeholders before any call.

Every string of the request is walked, whatever field it sits in (profile, assessments,
previous IEPs, earlier sections, the case manager's context, instructions, and any field
the record gains later), and every identifying string in it is replaced:

- the student's names (full, first, last, each part of a compound or hyphenated name,
  with or without accents, in any Unicode form or case), their date of birth in the
  ways US records write it (4/17/11, April 17th, 2011, 2011/04/17, 04.17.2011 ...), the
  student number with or without its prefix (S-10442, S10442, #10442), the school (and
  "Lincoln MS" for Lincoln Middle School), parents' and evaluators' names;
- names that follow a cue anywhere in the text ("her brother Diego", "goes by Mimi",
  "Mr. Okafor"); phone numbers, e-mail and street addresses by pattern.

The provider only ever sees `[STUDENT_FIRST_NAME]`, `[SCHOOL]`, `[PHONE_1]`, ...;
`restore_value` puts the real values back into the structured result. Matching is on word
boundaries of a folded copy of the text (`identifiers.fold`), so a first name that is
also a common word ("Will", "May") is replaced there too: a slightly odd prompt is the
price of never sending a name. A value of a type the walk does not know stops the call
(`PseudonymisationError`) instead of going out unexamined.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import fields, is_dataclass, replace
from datetime import date, datetime
from enum import Enum
from typing import Any, Final

from pydantic import BaseModel

from iepgen.errors import ProviderRejected
from iepgen.generation import identifiers as ids
from iepgen.generation.context import StudentFacts
from iepgen.generation.provider import SectionRequest

_RECORD_ID: Final = re.compile(
    r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.IGNORECASE
)
STUDENT_FULL_NAME: Final = "[STUDENT_FULL_NAME]"
STUDENT_FIRST_NAME: Final = "[STUDENT_FIRST_NAME]"
STUDENT_LAST_NAME: Final = "[STUDENT_LAST_NAME]"
SCHOOL: Final = "[SCHOOL]"
STUDENT_NUMBER: Final = "[STUDENT_NUMBER]"
DATE_OF_BIRTH: Final = "[DATE_OF_BIRTH]"

_PLACEHOLDER = re.compile(r"\[([A-Za-z][A-Za-z0-9_]*)\]")
# Types that carry no free text: left as they are by the walk.
_OPAQUE = (int, float, bool, date, datetime, Enum, type, type(None))


class PseudonymisationError(ProviderRejected):
    """The request holds something that could not be checked for personal data."""


class Pseudonymizer:
    """Replaces one student's identifying strings with placeholders, and back.

    Values found by pattern (phones, e-mails, addresses) get numbered placeholders as they
    are met, the same value always the same one, so one instance serves one request.
    """

    def __init__(self, terms: dict[str, str], restorations: dict[str, str]) -> None:
        # folded pattern -> placeholder; longest first so "maya lopez" wins over "maya".
        self._terms = sorted(terms.items(), key=lambda item: (-len(item[0]), item[0]))
        self.restorations = dict(restorations)
        self._found: dict[str, str] = {}
        self._counts: dict[str, int] = {}
        self._term_placeholders = [placeholder for _, placeholder in self._terms]
        alternation = "|".join(f"(?P<t{i}>{pattern})" for i, (pattern, _) in enumerate(self._terms))
        self._pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)") if alternation else None

    # Building -----------------------------------------------------------------------

    @classmethod
    def for_student(cls, student: StudentFacts, *, people: tuple[str, ...] = ()) -> Pseudonymizer:
        """The pseudonymiser for `student`; `people` are other names found in the record."""
        builder = _Terms()
        first, last = student.first_name.strip(), student.last_name.strip()
        full = f"{first} {last}"
        builder.name(full, STUDENT_FULL_NAME, restored=full)
        first_pattern, last_pattern = ids.name_pattern(first), ids.name_pattern(last)
        if first_pattern and last_pattern:  # "Lopez, Maya" and "Lopez Maya"
            builder.term(f"{last_pattern},? ?{first_pattern}", STUDENT_FULL_NAME, full)
        builder.name(first, STUDENT_FIRST_NAME)
        builder.name(last, STUDENT_LAST_NAME)
        extra = [
            p
            for p in ids.name_parts(first) + ids.name_parts(last)
            if p not in (ids.fold_term(first), ids.fold_term(last))
        ]
        original_parts = {**_original_parts(first), **_original_parts(last)}
        for number, part in enumerate(extra, start=1):
            builder.term(
                re.escape(part), f"[STUDENT_NAME_PART_{number}]", original_parts.get(part, part)
            )
        for index, parent in enumerate(student.parent_guardian_names, start=1):
            builder.person(parent, f"PARENT_{index}")
        for index, person in enumerate(people, start=1):
            builder.person(person, f"PERSON_{index}")
        if student.school and len(student.school.strip()) >= 2:
            for pattern in ids.school_patterns(student.school):
                builder.term(pattern, SCHOOL, student.school.strip())
        if student.student_number and len(student.student_number.strip()) >= 2:
            for pattern in ids.number_patterns(student.student_number):
                builder.term(pattern, STUDENT_NUMBER, student.student_number.strip())
        for pattern in ids.date_patterns(student.date_of_birth):
            builder.term(pattern, DATE_OF_BIRTH, student.date_of_birth.isoformat())
        return cls(builder.terms, builder.restorations)

    # Redacting ----------------------------------------------------------------------

    def redact(self, text: str) -> str:
        """`text` with every identifying string replaced by its placeholder."""
        if not text:
            return text
        folded = ids.fold(text)
        spans: list[tuple[int, int, str]] = []
        if self._pattern is not None:
            for match in self._pattern.finditer(folded.text):
                if match.end() == match.start():
                    continue
                index = int(next(k for k, v in match.groupdict().items() if v is not None)[1:])
                start, end = folded.span(match.start(), match.end())
                spans.append((start, end, self._term_placeholders[index]))
        # A record id is opaque: digits inside a UUID ("…-1111-4111-…") are never a phone
        # number, and the model must get the ids back unchanged to cite them.
        opaque = [m.span() for m in _RECORD_ID.finditer(text)]
        for kind, pattern in (("EMAIL", ids.EMAIL), ("PHONE", ids.PHONE), ("ADDRESS", ids.ADDRESS)):
            for match in pattern.finditer(folded.text):
                start, end = folded.span(match.start(), match.end())
                if any(start < id_end and id_start < end for id_start, id_end in opaque):
                    continue
                spans.append((start, end, self._numbered(kind, text[start:end])))
        return _apply(text, spans)

    def _numbered(self, kind: str, original: str) -> str:
        key = f"{kind}:{ids.fold_term(original)}"
        placeholder = self._found.get(key)
        if placeholder is None:
            self._counts[kind] = self._counts.get(kind, 0) + 1
            placeholder = f"[{kind}_{self._counts[kind]}]"
            self._found[key] = placeholder
            self.restorations[placeholder[1:-1]] = original
        return placeholder

    def redact_value(self, value: Any) -> Any:
        """A copy of a value with every string in it redacted (dict keys are left alone)."""
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, dict):
            return {key: self.redact_value(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.redact_value(item) for item in value]
        if isinstance(value, tuple):
            return tuple(self.redact_value(item) for item in value)
        if is_dataclass(value) and not isinstance(value, type):
            changes = {f.name: self.redact_value(getattr(value, f.name)) for f in fields(value)}
            return replace(value, **changes)
        if isinstance(value, BaseModel):
            # Record parts and decisions: every field redacted, the model kept.
            return value.model_copy(
                update={
                    name: self.redact_value(getattr(value, name))
                    for name in type(value).model_fields
                }
            )
        if isinstance(value, _OPAQUE):
            return value
        raise PseudonymisationError(
            "A field of the student record could not be checked for personal data "
            f"({type(value).__name__}), so nothing was sent to the AI service."
        )

    def leaks(self, text: str) -> list[str]:
        """Placeholders whose originals still appear in `text` (an empty list: none)."""
        if self._pattern is None or not text:
            return []
        folded = ids.fold(text).text
        found = []
        for match in self._pattern.finditer(folded):
            index = int(next(k for k, v in match.groupdict().items() if v is not None)[1:])
            found.append(self._term_placeholders[index])
        return found

    # Restoring ----------------------------------------------------------------------

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


class _Terms:
    """Collects (folded pattern -> placeholder) terms and how each placeholder restores."""

    def __init__(self) -> None:
        self.terms: dict[str, str] = {}
        self.restorations: dict[str, str] = {}

    def term(self, pattern: str, placeholder: str, restored: str) -> None:
        self.terms.setdefault(pattern, placeholder)
        self.restorations.setdefault(placeholder[1:-1], restored)

    def name(self, name: str, placeholder: str, *, restored: str | None = None) -> None:
        pattern = ids.name_pattern(name)
        if pattern and len(ids.fold_term(name).replace(" ", "")) >= 2:
            self.term(pattern, placeholder, restored or name.strip())

    def person(self, name: str, label: str) -> None:
        self.name(name, f"[{label}]")
        originals = _original_parts(name)
        for number, part in enumerate(ids.name_parts(name), start=1):
            self.term(re.escape(part), f"[{label}_NAME_PART_{number}]", originals.get(part, part))


def _original_parts(name: str) -> dict[str, str]:
    """Folded part -> the part as written (for restoring a part on its own)."""
    return {ids.fold_term(part): part for part in re.split(r"[\s\-'\u2019]+", name.strip()) if part}


def _apply(text: str, spans: list[tuple[int, int, str]]) -> str:
    """`text` with non-overlapping spans replaced (earliest, then longest, wins)."""
    pieces: list[str] = []
    position = 0
    for start, end, placeholder in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if start < position:
            continue
        pieces.append(text[position:start])
        pieces.append(placeholder)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def strings_in(value: Any) -> Iterator[str]:
    """Every string inside a value (dataclasses, mappings, sequences), keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(key)
            yield from strings_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings_in(item)
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            yield from strings_in(getattr(value, f.name))
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from strings_in(getattr(value, name))


def people_in(request: SectionRequest) -> tuple[str, ...]:
    """Other people named in the record: evaluators, and names after a cue in any text."""
    found: dict[str, str] = {}
    for assessment in request.context.assessments:
        for name in ids.evaluator_names(assessment.evaluator or ""):
            found.setdefault(ids.fold_term(name), name)
    for text in strings_in(request):
        for name in ids.cued_names(text):
            found.setdefault(ids.fold_term(name), name)
    student = request.context.student
    known = {
        ids.fold_term(n)
        for n in (
            student.first_name,
            student.last_name,
            f"{student.first_name} {student.last_name}",
            *student.parent_guardian_names,
        )
    }
    return tuple(name for key, name in found.items() if key not in known)


def pseudonymize_request(request: SectionRequest) -> tuple[SectionRequest, Pseudonymizer]:
    """The request with every identifying string replaced, and the way back.

    The birth date stays as a date for the age maths; prompts built from a pseudonymised
    request never print it (`include_birth_date`).
    """
    pseudonymizer = Pseudonymizer.for_student(request.context.student, people=people_in(request))
    redacted: SectionRequest = pseudonymizer.redact_value(request)
    return redacted, pseudonymizer
