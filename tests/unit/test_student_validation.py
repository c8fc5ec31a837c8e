"""Student and request-field rules, without a database."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import String

from iepgen.api.fields import (
    canonical_uuid,
    check_storable_json,
    duplicate_items,
    storable_text,
    today_utc,
)
from iepgen.errors import InvalidInput
from iepgen.models import Assessment, Student, Template
from iepgen.students.assessments.schemas import AssessmentCreate, AssessmentUpdate
from iepgen.students.rules import (
    age_on,
    check_date_of_birth,
    normalize_grade_level,
    years_before,
)
from iepgen.students.schemas import StudentCreate, StudentUpdate
from iepgen.templates.schemas import TemplateCreate
from tests.factories import assessment_body, student_body

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("born", "ok"),
    [
        (date(2024, 11, 28), True),  # exactly 2 today
        (date(2024, 11, 29), False),  # 2 tomorrow
        (date(1996, 11, 28), True),  # exactly 30 today
        (date(1996, 11, 27), False),  # past 30
        (date(2011, 4, 17), True),
        (TODAY, False),
        (TODAY + timedelta(days=1), False),
    ],
)
def test_birth_date_must_be_past_and_plausible(born: date, ok: bool) -> None:
    if ok:
        assert check_date_of_birth(born, TODAY) == born
    else:
        with pytest.raises(ValueError, match="date_of_birth"):
            check_date_of_birth(born, TODAY)


def test_years_before_handles_leap_days() -> None:
    assert years_before(date(2028, 2, 29), 2) == date(2026, 2, 28)
    assert years_before(date(2026, 11, 28), 30) == date(1996, 11, 28)


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2011, 4, 17), date(2026, 4, 16), 14),
        (date(2011, 4, 17), date(2026, 4, 17), 15),
        (date(2012, 2, 29), date(2026, 2, 28), 13),
        (date(2012, 2, 29), date(2026, 3, 1), 14),
    ],
)
def test_age_on(born: date, on: date, age: int) -> None:
    assert age_on(born, on) == age


@pytest.mark.parametrize(
    ("given", "result"),
    [(8, "8"), ("8", "8"), (" k", "K"), ("pk", "PK"), (12, "12"), (13, 13), (0, 0), (True, True)],
)
def test_grade_levels_normalise_or_pass_through_to_be_refused(given: Any, result: Any) -> None:
    assert normalize_grade_level(given) == result


def _error_fields(exc: ValidationError) -> set[str]:
    return {str(part) for error in exc.errors() for part in error["loc"]}


def test_student_create_trims_and_drops_blank_optional_text() -> None:
    student = StudentCreate.model_validate(
        student_body(first_name="  Avery ", school="   ", grade_level=" 7 ")
    )
    assert (student.first_name, student.school, student.grade_level) == ("Avery", None, "7")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"date_of_birth": str(today_utc() + timedelta(days=1))}, "date_of_birth"),
        ({"grade_level": "13"}, "grade_level"),
        ({"disability_category": "adhd"}, "disability_category"),
        ({"secondary_disabilities": ["autism", "autism"]}, "secondary_disabilities"),
        ({"english_learner": 1}, "english_learner"),
        ({"parent_guardian_names": [""]}, "parent_guardian_names"),
        ({"nickname": "A"}, "nickname"),
    ],
)
def test_student_create_refuses(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        StudentCreate.model_validate(student_body(**overrides))
    assert field in _error_fields(caught.value)


def test_student_update_keeps_what_is_left_out_and_refuses_null_for_required_fields() -> None:
    update = StudentUpdate.model_validate({"school": None, "grade_level": 9})
    assert update.changes() == {"school": None, "grade_level": "9"}
    with pytest.raises(ValidationError) as caught:
        StudentUpdate.model_validate({"last_name": None})
    assert "last_name" in _error_fields(caught.value)
    schema = StudentUpdate.model_json_schema()["properties"]
    assert schema["last_name"]["type"] == "string"  # the schema does not advertise null
    assert {"type": "null"} in schema["school"]["anyOf"]


def test_assessment_numbers_must_be_finite_numbers_in_range() -> None:
    assert AssessmentCreate.model_validate(assessment_body(score=78, percentile=0)).score == 78.0
    for overrides in ({"score": float("nan")}, {"percentile": 100.5}, {"score": "78"}):
        with pytest.raises(ValidationError):
            AssessmentCreate.model_validate(assessment_body(**overrides))
    with pytest.raises(ValidationError):
        AssessmentUpdate.model_validate({"summary": None})


def test_storable_text_refuses_what_databases_refuse() -> None:
    assert storable_text("Café, naïve, 学校") == "Café, naïve, 学校"
    for bad in ("a\x00b", "lone \ud800 surrogate"):
        with pytest.raises(ValueError):
            storable_text(bad)


def test_check_storable_json_names_the_path() -> None:
    check_storable_json({"goals": [{"statement": "fine", "n": 1.5}]}, ("content",))
    with pytest.raises(InvalidInput) as caught:
        check_storable_json({"goals": [{"statement": "bad\x00"}]}, ("content",))
    assert caught.value.field == ("content", "goals", 0, "statement")
    with pytest.raises(InvalidInput):
        check_storable_json({"x": float("inf")}, ("content",))
    deep: Any = "leaf"
    for _ in range(40):
        deep = [deep]
    with pytest.raises(InvalidInput, match="Nested"):
        check_storable_json(deep, ("content",))


def test_canonical_uuid_and_duplicates() -> None:
    value = "3B241101-E2BB-4255-8CAF-4136C566A962"
    assert canonical_uuid(value) == value.lower()
    for bad in ("nope", "", "1" * 500, "3b241101-e2bb-4255-8caf-4136c566a96"):
        assert canonical_uuid(bad) is None
    assert duplicate_items(["a", "b", "a", "c", "b", "a"]) == ["a", "b"]


def _max_length(schema: dict[str, Any]) -> int | None:
    """The longest string `schema` accepts (a maxLength, or the longest enum value)."""
    lengths: list[int] = []
    for option in schema.get("anyOf", [schema]):
        if "maxLength" in option:
            lengths.append(option["maxLength"])
        lengths.extend(len(value) for value in option.get("enum", []))
    return max(lengths) if lengths else None


@pytest.mark.parametrize(
    ("body", "table"),
    [
        (StudentCreate, Student),
        (StudentUpdate, Student),
        (AssessmentCreate, Assessment),
        (AssessmentUpdate, Assessment),
        (TemplateCreate, Template),
    ],
)
def test_no_accepted_string_is_longer_than_its_column(body: Any, table: Any) -> None:
    """PostgreSQL refuses an over-long VARCHAR with an error: the body must refuse it first."""
    columns = table.__table__.columns
    for name, schema in body.model_json_schema()["properties"].items():
        if name not in columns or not isinstance(columns[name].type, String):
            continue
        column_length = columns[name].type.length
        if column_length is None:
            continue  # TEXT
        accepted = _max_length(schema)
        assert accepted is not None and accepted <= column_length, (body.__name__, name)
