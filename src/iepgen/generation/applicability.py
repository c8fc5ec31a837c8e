"""Which age-bound sections apply, and the ages they rest on (docs/iep.md)."""

from __future__ import annotations

from datetime import date
from typing import Final

# IDEA requires a transition plan in the IEP in effect when the student turns 16
# (34 CFR §300.320(b)); states may start earlier, never later.
TRANSITION_AGE: Final = 16


def age_on(date_of_birth: date, day: date) -> int:
    """Whole years of age on `day`."""
    years = day.year - date_of_birth.year
    if (day.month, day.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return max(years, 0)


def birthday_in(date_of_birth: date, age: int) -> date:
    """The date the student turns `age` (29 February birthdays fall on 1 March)."""
    year = date_of_birth.year + age
    try:
        return date_of_birth.replace(year=year)
    except ValueError:
        return date(year, 3, 1)


def transition_required(age_at_end: int) -> bool:
    """True when the student turns 16 (or is older) at some point in the IEP year."""
    return age_at_end >= TRANSITION_AGE


def transfer_of_rights_required(age_at_end: int, age_of_majority: int) -> bool:
    """True from the IEP year in which the student reaches one year before majority."""
    return age_at_end >= age_of_majority - 1


def is_preschool(grade_level: str) -> bool:
    """Preschool children's present levels speak of 'appropriate activities', not curriculum."""
    return grade_level == "PK"


def grade_band(grade_level: str) -> str:
    """PK, K-2, 3-5, 6-8 or 9-12: the bands the goal bank is written for."""
    if grade_level == "PK":
        return "PK"
    if grade_level == "K":
        return "K-2"
    grade = int(grade_level)
    if grade <= 2:
        return "K-2"
    if grade <= 5:
        return "3-5"
    if grade <= 8:
        return "6-8"
    return "9-12"
