"""Rules about a student's profile that hold no matter how it arrives (API, web form, demo)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Final

from iepgen.errors import InvalidInput
from iepgen.sections.vocabulary import GRADE_LEVELS

# IDEA Part B serves ages 3-21; a child referred at 2 is being readied for services at 3
# (early intervention, Part C, is not managed here). Outside 2-30 the date is a typo.
MIN_AGE_YEARS: Final = 2
MAX_AGE_YEARS: Final = 30


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (February 29 becomes February 28)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_on(date_of_birth: date, day: date) -> int:
    """Whole years of age on `day`."""
    had_birthday = (day.month, day.day) >= (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - (0 if had_birthday else 1)


def check_date_of_birth(value: date, today: date) -> date:
    """`value` if it is a plausible birth date for a student served under IDEA, else ValueError."""
    if value >= today:
        raise ValueError("date_of_birth must be a date in the past")
    if value > years_before(today, MIN_AGE_YEARS):
        raise ValueError(
            f"date_of_birth makes the student younger than {MIN_AGE_YEARS}; IDEA Part B "
            "serves children from age 3 (early intervention is not managed here)"
        )
    if value < years_before(today, MAX_AGE_YEARS):
        raise ValueError(
            f"date_of_birth makes the student older than {MAX_AGE_YEARS}; IDEA serves "
            "students through age 21, so check the year"
        )
    return value


def normalize_grade_level(value: Any) -> Any:
    """Accept `"8"`, `8`, `" k "` or `"pk"`; anything else is left for the enum to refuse."""
    if isinstance(value, bool):
        return value  # JSON true is not grade 1
    if isinstance(value, int) and 1 <= value <= 12:
        return str(value)
    if isinstance(value, str):
        cleaned = value.strip().upper()
        if cleaned in GRADE_LEVELS:
            return cleaned
    return value


# A child starts kindergarten at 5 and each grade a year later. A student with an IEP may
# have been held back or started late, and grade 12 may run to 21 (IDEA), so the span
# allowed is wide: two years younger to four years older than usual. Outside it the grade
# or the birth year is almost surely a typo (a child born in 2023 is not in grade 7).
USUAL_START_AGE: Final = 5
YOUNGER_ALLOWED: Final = 2
OLDER_ALLOWED: Final = 4


def _grade_number(grade: str) -> int:
    return {"PK": -1, "K": 0}.get(grade, int(grade) if grade.isdigit() else 0)


def usual_ages(grade: str) -> tuple[int, int]:
    """The ages most students in `grade` are during the school year (grade 7: 12 or 13)."""
    first = USUAL_START_AGE + _grade_number(grade)
    return first, first + 1


def grade_age_problem(date_of_birth: date, grade: str, today: date) -> str | None:
    """Why `grade` does not fit a student born on `date_of_birth`, or None when it does."""
    if grade not in GRADE_LEVELS:
        return None
    age = age_on(date_of_birth, today)
    youngest, oldest = usual_ages(grade)
    if youngest - YOUNGER_ALLOWED <= age <= oldest + OLDER_ALLOWED:
        return None
    grade_words = {"PK": "preschool", "K": "kindergarten"}.get(grade, f"grade {grade}")
    return (
        f"grade_level does not fit the date of birth: students in {grade_words} are usually "
        f"{youngest} or {oldest}, and this date of birth makes the student {age}. "
        "Check the grade and the year of birth."
    )


def as_date(value: Any) -> date | None:
    """A date given as a date or as YYYY-MM-DD text; None for anything else (that field's
    own error says what is wrong with it)."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def student_problems(values: Mapping[str, Any], today: date) -> list[InvalidInput]:
    """The rules that weigh one field against another, on whatever of them is readable."""
    born = as_date(values.get("date_of_birth"))
    grade = normalize_grade_level(values.get("grade_level"))
    problems: list[InvalidInput] = []
    if born is not None and isinstance(grade, str) and born < today:
        reason = grade_age_problem(born, grade, today)
        if reason:
            problems.append(InvalidInput(reason, field=("grade_level",)))
    return problems
