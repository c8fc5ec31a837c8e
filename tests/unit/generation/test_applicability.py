"""Ages against the IEP year, and the sections they bring in (docs/iep.md)."""

from __future__ import annotations

from datetime import date

import pytest

from iepgen.config import Settings
from iepgen.generation.applicability import (
    age_on,
    birthday_in,
    grade_band,
    is_preschool,
    transfer_of_rights_required,
    transition_required,
)

START, END = Settings(environment="test").iep_year_bounds("2025-2026")


def test_iep_year_runs_from_august_15_to_august_14() -> None:
    assert (START, END) == (date(2025, 8, 15), date(2026, 8, 14))


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2010, 8, 14), date(2026, 8, 14), 16),
        (date(2010, 8, 15), date(2026, 8, 14), 15),
        (date(2012, 2, 29), date(2026, 2, 28), 13),
        (date(2012, 2, 29), date(2026, 3, 1), 14),
    ],
)
def test_age_on(born: date, on: date, age: int) -> None:
    assert age_on(born, on) == age


def test_birthday_of_a_leap_day_child_falls_on_march_first() -> None:
    assert birthday_in(date(2012, 2, 29), 14) == date(2026, 3, 1)
    assert birthday_in(date(2012, 2, 29), 16) == date(2028, 2, 29)


def test_transition_starts_the_year_the_student_turns_16() -> None:
    # Turns 16 on the last day of the IEP year: the plan is due this year.
    assert transition_required(age_on(date(2010, 8, 14), END))
    # Turns 16 the day after the year ends: not yet.
    assert not transition_required(age_on(date(2010, 8, 15), END))
    assert transition_required(19)


def test_transfer_of_rights_from_the_year_before_majority() -> None:
    assert transfer_of_rights_required(age_on(date(2009, 8, 14), END), 18)
    assert not transfer_of_rights_required(age_on(date(2009, 8, 15), END), 18)
    assert transfer_of_rights_required(18, 19)
    assert not transfer_of_rights_required(17, 19)


@pytest.mark.parametrize(
    ("grade", "band"),
    [("PK", "PK"), ("K", "K-2"), ("2", "K-2"), ("3", "3-5"), ("8", "6-8"), ("12", "9-12")],
)
def test_grade_band(grade: str, band: str) -> None:
    assert grade_band(grade) == band


def test_preschool_is_the_pk_grade() -> None:
    assert is_preschool("PK") and not is_preschool("K")
