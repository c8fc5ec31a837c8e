"""Assessments (docs/api.md "Students"): dated between birth and today, on own students."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import httpx

from iepgen.api.fields import today_utc
from iepgen.db import Database
from iepgen.models import Assessment
from tests.factories import (
    assessment_body,
    audit_actions,
    count_rows,
    create_student,
    make_user,
)

API_EXAMPLE = {
    "name": "Woodcock-Johnson IV Tests of Achievement",
    "area": "reading",
    "administered_on": "2025-09-15",
    "score": 78,
    "score_type": "standard_score",
    "percentile": 7,
    "summary": "Reading fluency 52 words correct per minute on grade-5 passages "
    "(grade-8 norm 150).",
    "evaluator": "School psychologist",
}


async def test_create_list_read_update_delete(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher")
    student_id = await create_student(client, teacher)
    base = f"/api/v1/students/{student_id}/assessments"

    created = await client.post(base, json=API_EXAMPLE, headers=teacher.headers)
    assert created.status_code == 201, created.text
    body = created.json()
    assert {k: body[k] for k in API_EXAMPLE} == API_EXAMPLE
    assert body["student_id"] == student_id
    assert created.headers["location"] == f"{base}/{body['id']}"
    newer = await client.post(
        base, json=assessment_body(administered_on=str(today_utc())), headers=teacher.headers
    )
    assert newer.status_code == 201

    listing = (await client.get(base, headers=teacher.headers)).json()
    assert listing["total"] == 2
    assert [a["id"] for a in listing["items"]] == [newer.json()["id"], body["id"]]

    item = f"{base}/{body['id']}"
    assert (await client.get(item, headers=teacher.headers)).json() == body
    patched = await client.patch(
        item, json={"score": 81.5, "evaluator": None}, headers=teacher.headers
    )
    assert patched.status_code == 200
    assert (patched.json()["score"], patched.json()["evaluator"]) == (81.5, None)
    assert patched.json()["name"] == API_EXAMPLE["name"]

    assert (await client.delete(item, headers=teacher.headers)).status_code == 204
    assert (await client.get(item, headers=teacher.headers)).status_code == 404
    assert await count_rows(database, Assessment) == 1
    assert await audit_actions(database, student_id) == [
        "student.create",
        "assessment.create",
        "assessment.create",
        "assessment.list",
        "assessment.read",
        "assessment.update",
        "assessment.delete",
    ]


def _bad_bodies() -> list[tuple[str, dict[str, Any], str]]:
    tomorrow = str(today_utc() + timedelta(days=1))
    return [
        ("dated tomorrow", {"administered_on": tomorrow}, "administered_on"),
        ("before birth", {"administered_on": "2000-01-01"}, "administered_on"),
        ("date as a number", {"administered_on": 20250915}, "administered_on"),
        ("unknown area", {"area": "spelling"}, "area"),
        ("percentile over 100", {"percentile": 101}, "percentile"),
        ("negative percentile", {"percentile": -1}, "percentile"),
        ("score as text", {"score": "78"}, "score"),
        ("score true", {"score": True}, "score"),
        ("missing summary", {"summary": None}, "summary"),
        ("blank summary", {"summary": "  "}, "summary"),
        ("summary too long", {"summary": "x" * 5001}, "summary"),
        ("score type longer than its column", {"score_type": "x" * 41}, "score_type"),
        ("typo", {"sumary": "x"}, "sumary"),
    ]


async def test_bad_assessments_are_422_naming_the_field_and_write_nothing(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher")
    student_id = await create_student(client, teacher, date_of_birth="2012-03-01")
    base = f"/api/v1/students/{student_id}/assessments"
    for case, overrides, field in _bad_bodies():
        body = {k: v for k, v in assessment_body(**overrides).items() if v is not None}
        response = await client.post(base, json=body, headers=teacher.headers)
        assert response.status_code == 422, (case, response.text)
        assert any(field in e["loc"] for e in response.json()["detail"]), (case, response.text)
    # Python's JSON parser reads NaN and Infinity; the API must not store them.
    for literal in ("NaN", "Infinity"):
        raw = json.dumps(assessment_body()).replace('"score": 61', f'"score": {literal}')
        response = await client.post(
            base, content=raw, headers={**teacher.headers, "Content-Type": "application/json"}
        )
        assert response.status_code == 422, (literal, response.text)
    assert await count_rows(database, Assessment) == 0


async def test_patch_validates_like_create(client: httpx.AsyncClient, database: Database) -> None:
    teacher = await make_user(database, "teacher")
    student_id = await create_student(client, teacher)
    base = f"/api/v1/students/{student_id}/assessments"
    created = (await client.post(base, json=assessment_body(), headers=teacher.headers)).json()
    item = f"{base}/{created['id']}"
    tomorrow = str(today_utc() + timedelta(days=1))
    for change, field in (
        ({"name": None}, "name"),
        ({"administered_on": tomorrow}, "administered_on"),
        ({"administered_on": None}, "administered_on"),
        ({"area": "spelling"}, "area"),
        ({"student_id": student_id}, "student_id"),
    ):
        response = await client.patch(item, json=change, headers=teacher.headers)
        assert response.status_code == 422, (change, response.text)
        assert any(field in e["loc"] for e in response.json()["detail"]), change
    assert (await client.get(item, headers=teacher.headers)).json() == created


async def test_other_caseloads_and_other_students_are_404(
    client: httpx.AsyncClient, database: Database
) -> None:
    owner, stranger = await make_user(database, "teacher"), await make_user(database, "teacher")
    admin = await make_user(database, "admin")
    student_id = await create_student(client, owner)
    sibling_id = await create_student(client, owner, first_name="Rowan")
    base = f"/api/v1/students/{student_id}/assessments"
    assessment_id = (await client.post(base, json=assessment_body(), headers=owner.headers)).json()[
        "id"
    ]
    foreign = f"{base}/{assessment_id}"
    wrong_student = f"/api/v1/students/{sibling_id}/assessments/{assessment_id}"
    for caller, path in (
        (stranger, foreign),
        (owner, wrong_student),
        (owner, f"{base}/not-a-uuid"),
        (owner, f"{base}/3b241101-e2bb-4255-8caf-4136c566a962"),
    ):
        for method, body in (("GET", None), ("PATCH", {"score": 1}), ("DELETE", None)):
            response = await client.request(method, path, json=body, headers=caller.headers)
            assert response.status_code == 404, (method, path, response.text)
    assert (await client.get(foreign, headers=admin.headers)).status_code == 200
    assert (await client.get(foreign, headers=owner.headers)).json()["score"] == 61


async def test_pagination_bounds(client: httpx.AsyncClient, database: Database) -> None:
    teacher = await make_user(database, "teacher")
    student_id = await create_student(client, teacher)
    base = f"/api/v1/students/{student_id}/assessments"
    for query in ("limit=0", "limit=201", "offset=-5"):
        assert (await client.get(f"{base}?{query}", headers=teacher.headers)).status_code == 422
    for _ in range(3):
        await client.post(base, json=assessment_body(), headers=teacher.headers)
    page = (await client.get(f"{base}?limit=2&offset=2", headers=teacher.headers)).json()
    assert (page["total"], len(page["items"]), page["limit"], page["offset"]) == (3, 1, 2, 2)
