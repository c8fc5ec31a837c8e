"""Students (docs/api.md "Students"): the caseload, its validation, ownership and deletion."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from iepgen.api.fields import today_utc
from iepgen.db import Database
from iepgen.models import IEP, Assessment, AuditEntry, IEPSection, Student, User
from iepgen.students.rules import years_before
from tests.factories import (
    add_iep,
    add_iep_student,
    assessment_body,
    audit_actions,
    count_rows,
    create_student,
    example_iep_content,
    make_user,
    student_body,
)

API_EXAMPLE = {
    "first_name": "Maya",
    "last_name": "Lopez",
    "date_of_birth": "2011-04-17",
    "grade_level": "8",
    "school": "Lincoln Middle School",
    "student_number": "S-10442",
    "disability_category": "specific_learning_disability",
    "secondary_disabilities": ["speech_language_impairment"],
    "primary_language": "Spanish",
    "english_learner": True,
    "strengths": "Strong visual memory; persistent; enjoys science labs.",
    "interests": "Drawing, soccer",
    "parent_concerns": "Reading homework takes hours; wants her in general science.",
    "notes": "Uses a tablet with text-to-speech at home.",
}


def locs(response: httpx.Response) -> set[tuple[Any, ...]]:
    return {tuple(error["loc"]) for error in response.json()["detail"]}


async def test_the_api_example_creates_a_student_on_the_callers_caseload(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher")
    response = await client.post("/api/v1/students", json=API_EXAMPLE, headers=teacher.headers)
    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["location"] == f"/api/v1/students/{body['id']}"
    assert {k: body[k] for k in API_EXAMPLE} == API_EXAMPLE
    assert body["case_manager_id"] == teacher.id
    assert body["alternate_assessment"] is False and body["parent_guardian_names"] == []
    born = date(2011, 4, 17)
    today = today_utc()
    assert body["age"] == today.year - 2011 - ((today.month, today.day) < (born.month, born.day))
    assert body["created_at"].endswith(("Z", "+00:00"))
    read = await client.get(f"/api/v1/students/{body['id']}", headers=teacher.headers)
    assert read.status_code == 200 and read.json() == body


async def test_grade_levels_are_normalised(client: httpx.AsyncClient, database: Database) -> None:
    teacher = await make_user(database, "teacher")
    # Each grade with an age that fits it (the grade-against-age rule is tested below).
    for given, stored, age in ((8, "8", 13), ("k", "K", 5), (" pk ", "PK", 4), ("12", "12", 17)):
        born = (date.today() - timedelta(days=365 * age + 40)).isoformat()
        response = await client.post(
            "/api/v1/students",
            json=student_body(grade_level=given, date_of_birth=born),
            headers=teacher.headers,
        )
        assert response.status_code == 201, (given, response.text)
        assert response.json()["grade_level"] == stored


def _bad_student_bodies() -> list[tuple[str, dict[str, Any], str]]:
    today = today_utc()
    return [
        ("future birth date", {"date_of_birth": str(today + timedelta(days=1))}, "date_of_birth"),
        ("born today", {"date_of_birth": str(today)}, "date_of_birth"),
        ("younger than 2", {"date_of_birth": str(today - timedelta(days=300))}, "date_of_birth"),
        (
            "older than 30",
            {"date_of_birth": str(years_before(today, 30) - timedelta(days=1))},
            "date_of_birth",
        ),
        ("birth date as a number", {"date_of_birth": 1_300_000_000}, "date_of_birth"),
        ("impossible date", {"date_of_birth": "2011-02-30"}, "date_of_birth"),
        ("grade 13", {"grade_level": "13"}, "grade_level"),
        ("grade 13 as a number", {"grade_level": 13}, "grade_level"),
        ("grade true", {"grade_level": True}, "grade_level"),
        ("unknown category", {"disability_category": "dyslexia"}, "disability_category"),
        ("blank first name", {"first_name": "   "}, "first_name"),
        ("long last name", {"last_name": "x" * 101}, "last_name"),
        ("long notes", {"notes": "x" * 5001}, "notes"),
        ("name not a string", {"first_name": 123}, "first_name"),
        ("english_learner as text", {"english_learner": "yes"}, "english_learner"),
        ("NUL in a name", {"first_name": "Ma\x00ya"}, "first_name"),
        ("lone surrogate", {"strengths": "ok \ud800"}, "strengths"),
        (
            "repeated secondary",
            {"secondary_disabilities": ["autism", "autism"]},
            "secondary_disabilities",
        ),
        (
            "secondary equals primary",
            {"secondary_disabilities": ["specific_learning_disability"]},
            "secondary_disabilities",
        ),
        ("unknown secondary", {"secondary_disabilities": ["sad"]}, "secondary_disabilities"),
        ("typo in a field name", {"fist_name": "Maya"}, "fist_name"),
        ("case manager not a uuid", {"case_manager_id": "me"}, "case_manager_id"),
    ]


async def test_bad_student_bodies_are_422_naming_the_field_and_write_nothing(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher")
    for case, overrides, field in _bad_student_bodies():
        # json.dumps escapes a lone surrogate as \ud800, as a misbehaving client would send it.
        response = await client.post(
            "/api/v1/students",
            content=json.dumps(student_body(**overrides)),
            headers={**teacher.headers, "Content-Type": "application/json"},
        )
        assert response.status_code == 422, (case, response.text)
        assert any(field in loc for loc in locs(response)), (case, response.text)
    missing = {k: v for k, v in student_body().items() if k != "disability_category"}
    response = await client.post("/api/v1/students", json=missing, headers=teacher.headers)
    assert response.status_code == 422
    assert ("body", "disability_category") in locs(response)
    assert await count_rows(database, Student) == 0
    assert await count_rows(database, AuditEntry) == 0


async def test_error_messages_explain_the_rule(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher")
    unknown = await client.post(
        "/api/v1/students",
        json=student_body(disability_category="dyslexia"),
        headers=teacher.headers,
    )
    message = unknown.json()["detail"][0]["msg"]
    assert "specific_learning_disability" in message and "autism" in message
    assert "dyslexia" not in unknown.text  # the submitted value is never echoed back
    too_young = await client.post(
        "/api/v1/students",
        json=student_body(date_of_birth=str(today_utc() - timedelta(days=200))),
        headers=teacher.headers,
    )
    assert "IDEA" in too_young.json()["detail"][0]["msg"]


async def test_malformed_json_and_wrong_content_type_are_4xx(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher")
    json_headers = {**teacher.headers, "Content-Type": "application/json"}
    for raw in (b'{"first_name": ', b"[1, 2]", b'"text"', b"\xff\xfe", b"{" * 5000):
        response = await client.post("/api/v1/students", content=raw, headers=json_headers)
        assert response.status_code in (400, 422), (raw[:20], response.text)
    text = await client.post(
        "/api/v1/students",
        content=b"first_name=Maya",
        headers={**teacher.headers, "Content-Type": "text/plain"},
    )
    assert text.status_code == 422
    assert await count_rows(database, Student) == 0


async def test_list_is_the_callers_caseload_paginated_by_name(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher, other = await make_user(database, "teacher"), await make_user(database, "teacher")
    admin = await make_user(database, "admin")
    for last in ("Young", "Abbot", "Moss"):
        await create_student(client, teacher, last_name=last)
    theirs = await create_student(client, other, last_name="Baker")

    page = await client.get("/api/v1/students?limit=2", headers=teacher.headers)
    assert page.status_code == 200
    body = page.json()
    assert (body["total"], body["limit"], body["offset"]) == (3, 2, 0)
    assert [s["last_name"] for s in body["items"]] == ["Abbot", "Moss"]
    rest = (await client.get("/api/v1/students?offset=2", headers=teacher.headers)).json()
    assert [s["last_name"] for s in rest["items"]] == ["Young"]

    everyone = (await client.get("/api/v1/students", headers=admin.headers)).json()
    assert everyone["total"] == 4
    only_other = await client.get(
        f"/api/v1/students?case_manager_id={other.id}", headers=admin.headers
    )
    assert [s["id"] for s in only_other.json()["items"]] == [theirs]
    peek = await client.get(f"/api/v1/students?case_manager_id={other.id}", headers=teacher.headers)
    assert peek.json()["total"] == 0
    assert (await audit_actions(database, theirs)).count("student.list") == 2


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=201", "offset=-1", "limit=abc", "case_manager_id=nope"]
)
async def test_pagination_bounds_are_422(
    client: httpx.AsyncClient, database: Database, query: str
) -> None:
    teacher = await make_user(database, "teacher")
    response = await client.get(f"/api/v1/students?{query}", headers=teacher.headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "query"


async def test_another_teachers_student_is_404_like_an_unknown_id(
    client: httpx.AsyncClient, database: Database
) -> None:
    owner, stranger = await make_user(database, "teacher"), await make_user(database, "teacher")
    student_id = await create_student(client, owner)
    unknown = "3b241101-e2bb-4255-8caf-4136c566a962"
    for target in (student_id, unknown, "not-a-uuid", "1" * 300):
        for method, path, body in (
            ("GET", f"/api/v1/students/{target}", None),
            ("PATCH", f"/api/v1/students/{target}", {"school": "Elsewhere"}),
            ("DELETE", f"/api/v1/students/{target}", None),
            ("GET", f"/api/v1/students/{target}/access-log", None),
            ("GET", f"/api/v1/students/{target}/assessments", None),
            ("POST", f"/api/v1/students/{target}/assessments", assessment_body()),
        ):
            response = await client.request(method, path, json=body, headers=stranger.headers)
            assert response.status_code == 404, (method, path, response.text)
            assert response.json() == {"detail": "Student not found."}
    still = await client.get(f"/api/v1/students/{student_id}", headers=owner.headers)
    assert still.status_code == 200 and still.json()["school"] == student_body()["school"]
    assert await count_rows(database, Assessment) == 0


async def test_patch_changes_only_what_is_sent_and_audits_field_names(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher")
    student_id = await create_student(client, teacher)
    response = await client.patch(
        f"/api/v1/students/{student_id}",
        json={"grade_level": 7, "school": "  ", "notes": "Prefers morning sessions."},
        headers=teacher.headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["grade_level"], body["school"], body["notes"]) == (
        "7",
        None,
        "Prefers morning sessions.",
    )
    assert body["first_name"] == student_body()["first_name"]
    async with database.read() as session:
        entry = (
            await session.execute(select(AuditEntry).where(AuditEntry.action == "student.update"))
        ).scalar_one()
    assert entry.fields == ["grade_level", "notes", "school"]
    assert "morning" not in str(entry.detail)


async def test_patch_validates_like_create(client: httpx.AsyncClient, database: Database) -> None:
    teacher = await make_user(database, "teacher")
    student_id = await create_student(client, teacher, secondary_disabilities=["autism"])
    await client.post(
        f"/api/v1/students/{student_id}/assessments",
        json=assessment_body(administered_on="2024-01-10"),
        headers=teacher.headers,
    )
    bad: list[tuple[dict[str, Any], str]] = [
        ({"first_name": None}, "first_name"),
        ({"date_of_birth": None}, "date_of_birth"),
        ({"english_learner": None}, "english_learner"),
        ({"grade_level": "13"}, "grade_level"),
        ({"date_of_birth": str(today_utc() + timedelta(days=3))}, "date_of_birth"),
        ({"date_of_birth": "2024-02-01"}, "date_of_birth"),  # after the assessment
        ({"disability_category": "autism"}, "secondary_disabilities"),
        ({"case_manager_id": teacher.id}, "case_manager_id"),  # teachers cannot reassign
        ({"nickname": "M"}, "nickname"),
    ]
    for change, field in bad:
        response = await client.patch(
            f"/api/v1/students/{student_id}", json=change, headers=teacher.headers
        )
        assert response.status_code == 422, (change, response.text)
        assert any(field in loc for loc in locs(response)), (change, response.text)
    unchanged = (await client.get(f"/api/v1/students/{student_id}", headers=teacher.headers)).json()
    assert unchanged["grade_level"] == "6" and unchanged["disability_category"] == (
        "specific_learning_disability"
    )


async def test_admin_assigns_and_reassigns_case_managers(
    client: httpx.AsyncClient, database: Database
) -> None:
    admin = await make_user(database, "admin")
    first, second = await make_user(database, "teacher"), await make_user(database, "teacher")
    created = await client.post(
        "/api/v1/students",
        json=student_body(case_manager_id=first.id),
        headers=admin.headers,
    )
    assert created.status_code == 201 and created.json()["case_manager_id"] == first.id
    student_id = created.json()["id"]
    assert (await client.get(f"/api/v1/students/{student_id}", headers=first.headers)).is_success

    moved = await client.patch(
        f"/api/v1/students/{student_id}",
        json={"case_manager_id": second.id.upper()},
        headers=admin.headers,
    )
    assert moved.status_code == 200 and moved.json()["case_manager_id"] == second.id
    assert (
        await client.get(f"/api/v1/students/{student_id}", headers=first.headers)
    ).status_code == 404
    assert (await client.get(f"/api/v1/students/{student_id}", headers=second.headers)).is_success

    inactive = await make_user(database, "teacher")
    async with database.transaction() as session:
        user = await session.get(User, inactive.id)
        assert user is not None
        user.is_active = False
    for candidate in ("3b241101-e2bb-4255-8caf-4136c566a962", inactive.id):
        refused = await client.patch(
            f"/api/v1/students/{student_id}",
            json={"case_manager_id": candidate},
            headers=admin.headers,
        )
        assert refused.status_code == 422
        assert refused.json()["detail"][0]["loc"] == ["body", "case_manager_id"]


async def test_teacher_cannot_assign_a_case_manager(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher")
    response = await client.post(
        "/api/v1/students", json=student_body(case_manager_id=teacher.id), headers=teacher.headers
    )
    assert response.status_code == 422
    assert "administrator" in response.json()["detail"][0]["msg"]
    assert await count_rows(database, Student) == 0


async def test_delete_cascades_and_the_audit_log_keeps_the_ids(
    client: httpx.AsyncClient, database: Database, settings: Any
) -> None:
    teacher = await make_user(database, "teacher")
    admin = await make_user(database, "admin")
    student_id, assessment_id = await add_iep_student(database, teacher.id)
    iep_id = await add_iep(database, settings, student_id, example_iep_content(assessment_id))

    response = await client.delete(f"/api/v1/students/{student_id}", headers=teacher.headers)
    assert response.status_code == 204 and response.content == b""
    assert (
        await client.get(f"/api/v1/students/{student_id}", headers=teacher.headers)
    ).status_code == 404
    for model in (Student, Assessment, IEP, IEPSection):
        assert await count_rows(database, model) == 0, model
    async with database.read() as session:
        entry = (
            await session.execute(select(AuditEntry).where(AuditEntry.action == "student.delete"))
        ).scalar_one()
    assert entry.student_id == student_id
    assert entry.detail == {
        "assessment_ids": [assessment_id],
        "iep_ids": [iep_id],
        "jobs": 0,
        "cached_answers": 0,
    }

    log = await client.get(f"/api/v1/students/{student_id}/access-log", headers=admin.headers)
    assert log.status_code == 200 and log.json()["items"][0]["action"] == "student.delete"
    gone = await client.get(f"/api/v1/students/{student_id}/access-log", headers=teacher.headers)
    assert gone.status_code == 404


async def test_every_records_endpoint_needs_a_token(client: httpx.AsyncClient) -> None:
    some = "3b241101-e2bb-4255-8caf-4136c566a962"
    endpoints = [
        ("POST", "/api/v1/students"),
        ("GET", "/api/v1/students"),
        ("GET", f"/api/v1/students/{some}"),
        ("PATCH", f"/api/v1/students/{some}"),
        ("DELETE", f"/api/v1/students/{some}"),
        ("GET", f"/api/v1/students/{some}/access-log"),
        ("POST", f"/api/v1/students/{some}/assessments"),
        ("GET", f"/api/v1/students/{some}/assessments"),
        ("GET", f"/api/v1/students/{some}/assessments/{some}"),
        ("PATCH", f"/api/v1/students/{some}/assessments/{some}"),
        ("DELETE", f"/api/v1/students/{some}/assessments/{some}"),
        ("GET", "/api/v1/templates"),
        ("POST", "/api/v1/templates"),
        ("GET", "/api/v1/templates/idea-standard"),
        ("GET", "/api/v1/ieps"),
        ("GET", f"/api/v1/ieps/{some}"),
        ("GET", f"/api/v1/ieps/{some}/versions"),
        ("GET", f"/api/v1/ieps/{some}/versions/1"),
        ("PATCH", f"/api/v1/ieps/{some}/sections/esy"),
        ("POST", f"/api/v1/ieps/{some}/finalize"),
    ]
    for method, path in endpoints:
        for headers in ({}, {"Authorization": "Bearer iep_wrong"}, {"Authorization": "Basic x"}):
            response = await client.request(method, path, json={}, headers=headers)
            assert response.status_code == 401, (method, path, headers, response.text)
