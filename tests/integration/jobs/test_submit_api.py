"""Submitting jobs: validation, ownership, deduplication, Idempotency-Key, the rate limit."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from iepgen.app import create_app
from iepgen.config import Settings
from iepgen.db import Database, create_database
from iepgen.models import IEP, AuditEntry, Job
from tests.conftest import make_settings
from tests.factories import (
    add_iep,
    add_iep_student,
    count_rows,
    create_student,
    example_iep_content,
    make_user,
)
from tests.integration.jobs.support import iep_request, submit

pytestmark = pytest.mark.both_databases


async def test_submission_is_accepted_with_location_and_audited(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database)
    student_id = await create_student(client, teacher)
    response = await submit(
        client, teacher, iep_request(student_id, priority=8, context="Focus on reading.")
    )
    assert response.status_code == 202, response.text
    body = response.json()
    assert response.headers["location"] == f"/api/v1/jobs/{body['id']}"
    assert body["status"] == "pending" and body["priority"] == 8
    assert body["job_type"] == "iep_generation" and body["deduplicated"] is False
    assert body["progress"] == {"completed_sections": 0, "total_sections": 0}
    assert body["created_by"] == teacher.id and body["created_at"].endswith("Z")
    assert body["result"] is None and body["error"] is None and body["max_attempts"] == 4
    async with database.read() as session:
        job = await session.get(Job, body["id"])
        audit = (
            await session.scalars(select(AuditEntry).where(AuditEntry.action == "job.submit"))
        ).one()
    assert job is not None and job.payload["student_id"] == student_id
    assert job.payload["template_id"] == "idea-standard"
    assert (audit.student_id, audit.entity_id, audit.actor_id) == (student_id, job.id, teacher.id)
    fetched = await client.get(response.headers["location"], headers=teacher.headers)
    assert fetched.status_code == 200 and fetched.json()["id"] == body["id"]


async def test_identical_concurrent_submissions_make_one_job(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database)
    student_id = await create_student(client, teacher)
    body = iep_request(student_id, priority=6)
    responses = await asyncio.gather(*(submit(client, teacher, body) for _ in range(20)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * 19 + [202], [r.text for r in responses if r.status_code >= 300]
    assert len({r.json()["id"] for r in responses}) == 1
    assert sum(r.json()["deduplicated"] for r in responses) == 19
    assert await count_rows(database, Job) == 1
    # Defaults spelled out are the same request; a different year is not.
    spelled = await submit(client, teacher, {**body, "template_id": "idea-standard"})
    assert spelled.status_code == 200 and spelled.json()["deduplicated"] is True
    other = await submit(client, teacher, {**body, "academic_year": "2026-2027"})
    assert other.status_code == 202


async def test_idempotency_key_returns_the_first_job(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database)
    student_id = await create_student(client, teacher)
    body = iep_request(student_id)
    first = await submit(client, teacher, body, **{"Idempotency-Key": "req-7f3a"})
    assert first.status_code == 202
    # Even after the first job has finished, a retry under the same key returns it.
    async with database.transaction() as session:
        job = await session.get(Job, first.json()["id"])
        assert job is not None
        job.status = "cancelled"
    again = await submit(client, teacher, body, **{"Idempotency-Key": "req-7f3a"})
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"] and again.json()["deduplicated"] is True
    assert again.json()["status"] == "cancelled"
    fresh = await submit(client, teacher, body, **{"Idempotency-Key": "req-8b11"})
    assert fresh.status_code == 202 and fresh.json()["id"] != first.json()["id"]
    # The same key for a different request is refused, naming the header.
    reused = await submit(
        client, teacher, {**body, "academic_year": "2024-2025"}, **{"Idempotency-Key": "req-7f3a"}
    )
    assert reused.status_code == 422
    assert reused.json()["detail"][0]["loc"] == ["header", "Idempotency-Key"]
    # Another user's identical key is theirs alone.
    other = await make_user(database)
    other_student = await create_student(client, other)
    theirs = await submit(
        client, other, iep_request(other_student), **{"Idempotency-Key": "req-7f3a"}
    )
    assert theirs.status_code == 202
    for bad_key in ("x" * 256, "has space", ""):
        bad = await submit(client, teacher, body, **{"Idempotency-Key": bad_key})
        assert bad.status_code == 422, bad_key
    assert await count_rows(database, Job) == 3


BAD_IEP_REQUESTS: list[tuple[dict[str, object], str]] = [
    ({"academic_year": "2025-2027"}, "academic_year"),
    ({"academic_year": "1900-1901"}, "academic_year"),
    ({"academic_year": "2025"}, "academic_year"),
    ({"academic_year": 2025}, "academic_year"),
    ({"priority": 0}, "priority"),
    ({"priority": 11}, "priority"),
    ({"priority": "8"}, "priority"),
    ({"priority": True}, "priority"),
    ({"priority": 7.5}, "priority"),
    ({"include_assessments": "yes"}, "include_assessments"),
    ({"context": "x" * 4001}, "context"),
    ({"context": "bad\x00text"}, "context"),
    ({"template_id": ""}, "template_id"),
    ({"studnet_id": "typo"}, "studnet_id"),
    ({"student_id": None}, "student_id"),
]


async def test_bad_iep_requests_are_422_naming_the_field(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database)
    student_id = await create_student(client, teacher)
    for change, field in BAD_IEP_REQUESTS:
        response = await submit(client, teacher, {**iep_request(student_id), **change})
        assert response.status_code == 422, (change, response.text)
        locations = {loc for error in response.json()["detail"] for loc in error["loc"]}
        assert field in locations, (change, locations)
    assert await count_rows(database, Job) == 0


async def test_malformed_bodies_are_4xx_and_write_nothing(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database)
    headers = {**teacher.headers, "Content-Type": "application/json"}
    for raw in (b"{", b"[]", b'"text"', b"null", b"\xff\xfe", b'{"student_id": 1e999}'):
        response = await client.post("/api/v1/jobs/iep-generation", content=raw, headers=headers)
        assert response.status_code == 422, (raw, response.text)
    huge = b'{"student_id": "' + b"a" * (1024 * 1024 + 10) + b'"}'
    response = await client.post("/api/v1/jobs/iep-generation", content=huge, headers=headers)
    assert response.status_code == 413
    assert await count_rows(database, Job) == 0


async def test_unknown_or_foreign_references_are_404(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher, other, admin = (
        await make_user(database),
        await make_user(database),
        await make_user(database, "admin"),
    )
    theirs = await create_student(client, other)
    mine = await create_student(client, teacher)
    for student_id in (theirs, "not-a-uuid", "7d0e5f35-0000-4000-8000-000000000000"):
        response = await submit(client, teacher, iep_request(student_id))
        assert response.status_code == 404, response.text
        assert response.json() == {"detail": "Student not found."}
    unknown_template = await submit(client, teacher, iep_request(mine, template_id="no-such"))
    assert unknown_template.status_code == 404
    assert await count_rows(database, Job) == 0
    # An administrator may submit for any student.
    assert (await submit(client, admin, iep_request(theirs))).status_code == 202


async def test_section_generation_rules(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher, other = await make_user(database), await make_user(database)
    student_id, assessment_id = await add_iep_student(database, teacher.id)
    iep_id = await add_iep(
        database, settings, student_id, example_iep_content(assessment_id), created_by=teacher.id
    )
    url = "/api/v1/jobs/section-generation"
    ok = await client.post(
        url, json={"iep_id": iep_id, "section_type": "annual_goals"}, headers=teacher.headers
    )
    assert ok.status_code == 202, ok.text
    assert ok.json()["job_type"] == "section_generation"
    unknown = await client.post(
        url, json={"iep_id": iep_id, "section_type": "horoscope"}, headers=teacher.headers
    )
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"][-1] == "section_type"
    foreign = await client.post(
        url, json={"iep_id": iep_id, "section_type": "lre"}, headers=other.headers
    )
    assert foreign.status_code == 404
    missing = await client.post(
        url, json={"iep_id": "nope", "section_type": "lre"}, headers=teacher.headers
    )
    assert missing.status_code == 404
    async with database.transaction() as session:
        iep = await session.get(IEP, iep_id)
        assert iep is not None
        iep.status = "final"
    final = await client.post(
        url, json={"iep_id": iep_id, "section_type": "lre"}, headers=teacher.headers
    )
    assert final.status_code == 409
    assert await count_rows(database, Job) == 1


@pytest.fixture
async def limited_apps(database_url: str) -> AsyncIterator[tuple[FastAPI, FastAPI, Database]]:
    """Two apps with their own engines on one database: two API processes, as far as the
    limit can tell."""
    settings = make_settings(database_url, submissions_per_minute=3)
    first_db, second_db = create_database(settings), create_database(settings)
    first, second = create_app(settings, first_db), create_app(settings, second_db)
    try:
        async with first.router.lifespan_context(first), second.router.lifespan_context(second):
            yield first, second, first_db
    finally:
        await first_db.dispose()
        await second_db.dispose()


async def test_rate_limit_holds_across_processes(
    limited_apps: tuple[FastAPI, FastAPI, Database],
) -> None:
    first, second, database = limited_apps
    teacher = await make_user(database)
    clients = [
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
        for app in (first, second)
    ]
    async with clients[0], clients[1]:
        student_id = await create_student(clients[0], teacher)
        years = ["2021-2022", "2022-2023", "2023-2024", "2024-2025", "2025-2026", "2026-2027"]
        responses = await asyncio.gather(
            *(
                submit(clients[i % 2], teacher, iep_request(student_id, academic_year=year))
                for i, year in enumerate(years)
            )
        )
        codes = sorted(r.status_code for r in responses)
        assert codes == [202, 202, 202, 429, 429, 429]
        limited = next(r for r in responses if r.status_code == 429)
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        assert "per minute" in limited.json()["detail"]
        # A duplicate of a queued job is not a new submission: it is answered, not limited.
        accepted = next(r for r in responses if r.status_code == 202)
        year = next(y for y, r in zip(years, responses, strict=True) if r is accepted)
        duplicate = await submit(clients[1], teacher, iep_request(student_id, academic_year=year))
        assert duplicate.status_code == 200
        # The limit is per user.
        colleague = await make_user(database)
        theirs = await create_student(clients[1], colleague)
        assert (await submit(clients[1], colleague, iep_request(theirs))).status_code == 202
    assert await count_rows(database, Job) == 4
