"""Validation messages a teacher can act on, and every problem of a form in one round."""

from __future__ import annotations

import html
from datetime import date, timedelta

import httpx

from iepgen.db import Database
from tests.factories import assessment_body, create_student, make_user, student_body
from tests.integration.web.test_pages import PASSWORD, sign_in


def _student_form(token: str, **extra: str) -> dict[str, str]:
    return {
        "csrf_token": token,
        "first_name": "Lena",
        "last_name": "Okafor",
        "date_of_birth": (date.today() - timedelta(days=365 * 12 + 30)).isoformat(),
        "grade_level": "7",
        "disability_category": "specific_learning_disability",
        **extra,
    }


def _assessment_form(token: str, **extra: str) -> dict[str, str]:
    return {
        "csrf_token": token,
        "name": "Woodcock-Johnson IV Tests of Achievement",
        "area": "reading",
        "administered_on": (date.today() - timedelta(days=14)).isoformat(),
        "score": "78",
        "score_type": "standard score",
        "percentile": "7",
        "summary": "Broad reading standard score 78.",
        **extra,
    }


async def test_field_rules_and_cross_field_rules_come_back_together_on_the_student_form(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    token = await sign_in(client, teacher)

    refused = await client.post(
        "/students/new",
        data=_student_form(
            token,
            date_of_birth="2023-05-02",
            grade_level="7",
            student_number="S" * 65,
            **{"behavior.removals_this_year_days": "-3"},
        ),
    )

    text = html.unescape(refused.text)
    assert refused.status_code == 422
    assert "There are 3 problems to fix" in text
    assert "Student number: use 64 characters or fewer." in text
    assert "Grade does not fit the date of birth: students in grade 7 are usually 12 or 13" in text
    assert "must be 0 or more" in text
    assert "string should" not in text.lower() and "input should" not in text.lower()


async def test_assessment_dates_and_percentile_rules_are_reported_with_the_field_errors(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id = await create_student(client, teacher)
    token = await sign_in(client, teacher)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()

    refused = await client.post(
        f"/students/{student_id}/assessments/new",
        data=_assessment_form(
            token,
            administered_on=tomorrow,
            percentile="150",
            **{
                "subscores.0.name": "Oral reading",
                "subscores.0.score": "68",
                "subscores.0.score_type": "raw score",
                "subscores.0.percentile": "20",
            },
        ),
    )

    text = html.unescape(refused.text)
    assert refused.status_code == 422
    assert "There are 3 problems to fix" in text
    assert "Percentile: enter a number from 0 to 100." in text
    assert "Date given must not be in the future" in text
    assert "Percentile of subscore 1 goes only with a score compared with a norm group" in text

    before_birth = await client.post(
        f"/students/{student_id}/assessments/new",
        data=_assessment_form(token, administered_on="2001-01-01", score_type="percent correct"),
    )
    text = html.unescape(before_birth.text)
    assert "There are 2 problems to fix" in text
    assert "Date given is before the student's date of birth" in text
    assert "Percentile goes only with a score compared with a norm group" in text


async def test_a_username_breaking_the_pattern_is_told_which_characters_to_use(
    client: httpx.AsyncClient, database: Database
) -> None:
    admin = await make_user(database, "admin", password=PASSWORD)
    token = await sign_in(client, admin)

    refused = await client.post(
        "/admin/users",
        data={"csrf_token": token, "username": "jo ellis!", "role": "teacher", "password": ""},
    )

    assert refused.status_code == 422
    assert "Username: use letters, numbers and . _ - @ only." in html.unescape(refused.text)


async def test_the_api_keeps_its_error_shape_with_the_same_words(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher")
    too_long = await client.post(
        "/api/v1/students",
        json=student_body(student_number="S" * 65, date_of_birth="2023-05-02", grade_level="7"),
        headers=teacher.headers,
    )
    assert too_long.status_code == 422
    [detail] = too_long.json()["detail"]
    assert set(detail) == {"loc", "msg", "type"}
    assert detail["loc"] == ["body", "student_number"]
    assert detail["msg"] == "Student number: use 64 characters or fewer."

    young = await client.post(
        "/api/v1/students",
        json=student_body(date_of_birth="2023-05-02", grade_level="7"),
        headers=teacher.headers,
    )
    assert young.status_code == 422
    [detail] = young.json()["detail"]
    assert detail["loc"] == ["body", "grade_level"]
    assert "students in grade 7 are usually 12 or 13" in detail["msg"]

    student = await client.post("/api/v1/students", json=student_body(), headers=teacher.headers)
    student_id = student.json()["id"]
    both = await client.post(
        f"/api/v1/students/{student_id}/assessments",
        json=assessment_body(
            administered_on=(date.today() + timedelta(days=3)).isoformat(),
            score_type="raw_score",
            percentile=40,
        ),
        headers=teacher.headers,
    )
    assert both.status_code == 422
    locs = [d["loc"] for d in both.json()["detail"]]
    assert locs == [["body", "administered_on"], ["body", "percentile"]]
    percentile = await client.post(
        f"/api/v1/students/{student_id}/assessments",
        json=assessment_body(percentile=150),
        headers=teacher.headers,
    )
    assert percentile.json()["detail"][0]["msg"] == "Percentile: enter a number from 0 to 100."
