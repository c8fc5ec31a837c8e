"""The words pages use: ordinals, articles, who drafted, validation messages."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import BaseModel, Field, ValidationError

from iepgen.api.messages import allowed_values, teacher_message
from iepgen.generation.offline.wording import ordinal, score_phrase
from iepgen.ieps.notices import drafted_with, section_author
from iepgen.students.assessments.rules import percentile_fits
from iepgen.students.rules import grade_age_problem
from iepgen.web.section_form import with_article
from iepgen.web.templating import templates


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (101, "101st"),
        (111, "111th"),
    ],
)
def test_ordinals_read_as_people_say_them(number: int, words: str) -> None:
    assert ordinal(number) == words
    assert templates.env.filters["ordinal"](number) == words


def test_units_read_naturally() -> None:
    assert score_phrase(68, "words_correct_per_minute") == "68 words correct per minute"
    assert score_phrase(78, "standard_score") == "a standard score of 78"


def test_list_items_take_the_article_a_reader_expects() -> None:
    assert with_article("objective") == "an objective"
    assert with_article("goal") == "a goal"
    assert with_article("accommodation") == "an accommodation"
    assert with_article("area of need") == "an area of need"


def test_who_drafted_is_said_in_words() -> None:
    assert section_author("offline", {}) == "Drafted with the built-in drafter (no AI)"
    assert section_author("gemini:gemini-3.5-flash", {}) == "Drafted with Gemini 3.5 Flash"
    assert section_author("openai:llama3.1:8b-instruct", {}) == (
        "Drafted with the district's local model llama3.1:8b-instruct"
    )
    assert section_author("teacher:demo.teacher", {"demo.teacher": "Jordan Ellis"}) == (
        "Edited by Jordan Ellis"
    )
    assert "while the AI service was unavailable" in section_author(
        "offline (fallback: gemini circuit open)", {}
    )
    assert drafted_with({"provider": "offline", "model": "iepgen-offline-2"}) == (
        "the built-in drafter (no AI)"
    )
    assert drafted_with({"provider": "gemini, offline", "model": "gemini-3.5-flash, x"}) == (
        "Gemini 3.5 Flash and the built-in drafter (no AI)"
    )


class _Form(BaseModel):
    student_number: str = Field(max_length=64)
    percentile: float | None = Field(default=None, ge=0, le=100)
    days: int = Field(default=0, ge=0, le=365)
    username: str = Field(default="a", pattern=r"^[A-Za-z0-9_.\-@]+$")


def _message(data: dict[str, object], field: str, label: str) -> str:
    with pytest.raises(ValidationError) as caught:
        _Form.model_validate({"student_number": "S-1", **data})
    error = next(e for e in caught.value.errors() if e["loc"] == (field,))
    return teacher_message(error, label, name=field, allowed=allowed_values(_Form, [field]))


def test_validation_messages_name_the_field_and_say_what_to_do() -> None:
    assert _message({"student_number": "S" * 65}, "student_number", "Student number") == (
        "Student number: use 64 characters or fewer."
    )
    assert _message({"percentile": 150}, "percentile", "Percentile") == (
        "Percentile: enter a number from 0 to 100."
    )
    assert _message({"days": -3}, "days", "Days removed") == (
        "Days removed: must be 0 or more; enter a whole number from 0 to 365."
    )
    assert _message({"username": "jo ellis!"}, "username", "Username") == (
        "Username: use letters, numbers and . _ - @ only."
    )
    assert _message({"days": "three"}, "days", "Days removed") == (
        "Days removed: enter a whole number from 0 to 365."
    )


def test_plausibility_rules() -> None:
    today = date(2026, 11, 30)
    problem = grade_age_problem(date(2023, 5, 2), "7", today)
    assert problem and "usually 12 or 13" in problem and "makes the student 3" in problem
    assert grade_age_problem(date(2014, 3, 2), "6", today) is None
    assert grade_age_problem(date(2006, 1, 1), "12", today) is None  # 20, served to 21
    assert percentile_fits("standard_score") and percentile_fits("words correct per minute")
    assert not percentile_fits("raw score") and not percentile_fits("percent correct")
