"""The access log (IDEA §300.614): every read and change recorded, append-only, ids only."""

from __future__ import annotations

import json

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from iepgen.db import Database
from iepgen.models import AuditEntry
from tests.factories import (
    assessment_body,
    audit_actions,
    count_rows,
    create_student,
    make_user,
    student_body,
)

ENTRY_KEYS = {
    "at",
    "actor_id",
    "actor_role",
    "actor_name",
    "action",
    "entity_type",
    "entity_id",
    "fields",
    "detail",
}


async def test_the_database_refuses_to_rewrite_the_audit_log(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher")
    await create_student(client, teacher)
    assert await count_rows(database, AuditEntry) == 1
    for statement in (
        "UPDATE audit_log SET action = 'student.read'",
        "DELETE FROM audit_log",
    ):
        with pytest.raises(DBAPIError, match="append-only"):
            async with database.transaction() as session:
                await session.execute(text(statement))
    async with database.read() as session:
        actions = list((await session.execute(text("SELECT action FROM audit_log"))).scalars())
    assert actions == ["student.create"]


async def test_reads_and_changes_are_recorded_with_the_actor(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher")
    student_id = await create_student(client, teacher)
    await client.get(f"/api/v1/students/{student_id}", headers=teacher.headers)
    await client.get("/api/v1/students", headers=teacher.headers)
    await client.patch(
        f"/api/v1/students/{student_id}", json={"interests": "Chess"}, headers=teacher.headers
    )
    await client.post(
        f"/api/v1/students/{student_id}/assessments",
        json=assessment_body(),
        headers=teacher.headers,
    )
    await client.get(f"/api/v1/students/{student_id}/assessments", headers=teacher.headers)
    # A refused change writes nothing, not even its audit entry.
    await client.patch(
        f"/api/v1/students/{student_id}", json={"grade_level": "13"}, headers=teacher.headers
    )
    assert await audit_actions(database, student_id) == [
        "student.create",
        "student.read",
        "student.list",
        "student.update",
        "assessment.create",
        "assessment.list",
    ]


async def test_access_log_is_for_the_case_manager_and_admins_newest_first(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher, stranger = await make_user(database, "teacher"), await make_user(database, "teacher")
    admin = await make_user(database, "admin")
    student_id = await create_student(client, teacher, notes="Sensitive note about the family.")
    await client.get(f"/api/v1/students/{student_id}", headers=admin.headers)
    await client.patch(
        f"/api/v1/students/{student_id}", json={"school": "Bayside"}, headers=teacher.headers
    )
    url = f"/api/v1/students/{student_id}/access-log"

    response = await client.get(url, headers=teacher.headers)
    assert response.status_code == 200
    page = response.json()
    assert page["total"] == 3 and (page["limit"], page["offset"]) == (50, 0)
    assert [e["action"] for e in page["items"]] == [
        "student.update",
        "student.read",
        "student.create",
    ]
    update, read, create = page["items"]
    assert set(update) == ENTRY_KEYS
    assert (update["actor_id"], update["actor_role"], update["fields"]) == (
        teacher.id,
        "teacher",
        ["school"],
    )
    # A teacher sees another user by role and name, never by id.
    assert (read["actor_id"], read["actor_role"], read["actor_name"]) == (
        None,
        "admin",
        admin.username,
    )
    assert (create["entity_type"], create["entity_id"]) == ("student", student_id)
    assert "notes" in create["fields"]
    serialized = json.dumps(page)
    for value in ("Sensitive", "Bayside", student_body()["first_name"]):
        assert value not in serialized

    assert (await client.get(url, headers=admin.headers)).json()["total"] == 3
    assert (await client.get(url, headers=stranger.headers)).status_code == 404
    second = (await client.get(f"{url}?limit=1&offset=1", headers=teacher.headers)).json()
    assert [e["action"] for e in second["items"]] == ["student.read"]
    for query in ("limit=0", "limit=201", "offset=-1"):
        assert (await client.get(f"{url}?{query}", headers=teacher.headers)).status_code == 422
    # Reading the log is not itself an access to the student's records.
    assert await count_rows(database, AuditEntry, student_id=student_id) == 3
