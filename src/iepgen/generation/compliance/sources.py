"""The numbers each source of student data holds, for the no-invented-data rule.

A number in a baseline or present level counts as sourced only when it appears in a
record the statement cites (an assessment: its score, percentile, date, name and summary;
a previous IEP: anything in its content) or in the student's profile. Numbers are compared
by value, so `78`, `78.0` and `78th` match; commas in thousands are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from iepgen.generation.context import AssessmentFacts, GenerationContext, PreviousIEPFacts

_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def numbers_in(text: str) -> set[float]:
    """Every number written in `text`, by value (`1,200` → 1200.0, `09` → 9.0)."""
    return {round(float(match.replace(",", "")), 4) for match in _NUMBER.findall(text)}


_WRITTEN_DATE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December) (\d{1,2}), (\d{4})\b"
)
_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def without_dates_between(text: str, first: date, last: date) -> str:
    """`text` with every written date between `first` and `last` removed: a date the draft
    schedules inside the IEP (a check, a report) is a plan, not data to source."""

    def drop(match: re.Match[str]) -> str:
        try:
            day = date(int(match.group(3)), _MONTHS.index(match.group(1)) + 1, int(match.group(2)))
        except ValueError:
            return match.group(0)
        return "" if first <= day <= last else match.group(0)

    return _WRITTEN_DATE.sub(drop, text)


def date_numbers(day: date) -> set[float]:
    return {float(day.year), float(day.month), float(day.day)}


def _flatten(value: Any) -> Iterable[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _flatten(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _flatten(item)
    elif value is not None:
        yield str(value)


def assessment_numbers(assessment: AssessmentFacts) -> set[float]:
    found = numbers_in(" ".join([assessment.name, assessment.summary, assessment.score_type or ""]))
    values = [assessment.score, assessment.percentile]
    for subscore in assessment.subscores:
        # A subscore is part of the record: its name ("Phonological Processing 2") and numbers
        # may be cited like the summary's.
        found |= numbers_in(f"{subscore.name} {subscore.score_type or ''}")
        values += [subscore.score, subscore.percentile]
    for value in values:
        if value is not None:
            # Text loses a number's sign ("-1.5" reads as 1.5), so compare magnitudes.
            found.add(round(abs(float(value)), 4))
    return found | date_numbers(assessment.administered_on)


def previous_iep_numbers(iep: PreviousIEPFacts) -> set[float]:
    return numbers_in(" ".join([iep.academic_year, *_flatten(iep.sections)]))


@dataclass(frozen=True)
class SourceIndex:
    """Numbers per citable record id, plus the numbers any statement may use (the profile)."""

    by_id: dict[str, set[float]]
    profile: set[float]

    @classmethod
    def from_context(cls, context: GenerationContext) -> SourceIndex:
        by_id = {a.id: assessment_numbers(a) for a in context.assessments}
        by_id.update({p.id: previous_iep_numbers(p) for p in context.previous_ieps})
        student = context.student
        profile_text = " ".join(
            filter(
                None,
                [
                    context.academic_year,
                    student.first_name,
                    student.last_name,
                    student.school,
                    student.grade_level,
                    student.strengths,
                    student.interests,
                    student.parent_concerns,
                    student.notes,
                ],
            )
        )
        profile = numbers_in(profile_text) | {
            float(context.age_at_start),
            float(context.age_at_end),
        }
        return cls(by_id=by_id, profile=profile)

    def known(self, evidence_id: str) -> bool:
        return evidence_id in self.by_id

    def holds(self, evidence_id: str, value: float) -> bool:
        """Whether the record `evidence_id` holds `value` (by magnitude, 4 decimals)."""
        return round(abs(value), 4) in self.by_id.get(evidence_id, set())

    def allowed(
        self, evidence: Iterable[str], *extra_dates: date | None, also: str = ""
    ) -> set[float]:
        """Numbers a statement citing `evidence` may contain (and those written in `also`)."""
        allowed = set(self.profile) | numbers_in(also)
        for evidence_id in evidence:
            allowed |= self.by_id.get(evidence_id, set())
        for day in extra_dates:
            if day is not None:
                allowed |= date_numbers(day)
        return allowed

    def unsourced(
        self, text: str, evidence: Iterable[str], *extra_dates: date | None, also: str = ""
    ) -> list[str]:
        """Numbers in `text` that none of its cited sources (nor the profile) contain."""
        allowed = self.allowed(evidence, *extra_dates, also=also)
        return [_format(n) for n in sorted(numbers_in(text) - allowed)]


def _format(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)
