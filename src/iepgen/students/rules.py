"""Rules about a student's profile that hold no matter how it arrives (API, web form, demo)."""

from __future__ import annotations

from datetime import date
from typing import Any, Final

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
