"""Final IEPs are legal records: a student with one is archived, not deleted, and only an
admin purges them after the retention period. Deleting or purging removes every copy of
the student's data: job payloads and cached provider answers too."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import select, update

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.db.base import utcnow
from iepgen.llm.cache import ResponseCache
from iepgen.llm.completion import Completion
from iepgen.models import IEP, AuditEntry, IEPVersion, Job, LLMCacheEntry, Student
from tests.factories import (
    add_iep,
    add_iep_student,
    count_rows,
    example_iep_content,
    make_user,
    review_all_sections,
)
from tests.integration.jobs.support import iep_request, submit

PRIVATE_CONTEXT = "Mom (Rosa Quintanilla, 555-0142) says Maya was born 4/17/11."


async def _student_with_final_iep(
    client: httpx.AsyncClient,
    database: Database,
    settings: Settings,
    teacher_id: str,
    headers: dict[str, str],
) -> tuple[str, str]:
    student_id, assessment_id = await add_iep_student(database, teacher_id)
    iep_id = await add_iep(database, settings, student_id, example_iep_content(assessment_id))
    await review_all_sections(client, iep_id, headers)
    final = await client.post(f"/api/v1/ieps/{iep_id}/finalize", headers=headers)
    assert final.status_code == 200, final.text
    return student_id, iep_id


async def _cache_answer(database: Database, student_id: str, key: str) -> None:
    await ResponseCache(database).put(
        key,
        "gemini",
        "gemini-3.5-flash",
        Completion(text="{}", finish_reason="stop"),
        student_id=student_id,
    )


async def test_a_student_with_a_final_iep_is_archived_not_deleted_then_purged_by_an_admin(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher")
    admin = await make_user(database, "admin")
    student_id, iep_id = await _student_with_final_iep(
        client, database, settings, teacher.id, teacher.headers
    )

    refused = await client.delete(f"/api/v1/students/{student_id}", headers=teacher.headers)
    assert refused.status_code == 409 and "archive" in refused.json()["detail"].lower()
    assert await count_rows(database, IEPVersion, iep_id=iep_id) == 2

    archived = await client.post(f"/api/v1/students/{student_id}/archive", headers=teacher.headers)
    assert archived.status_code == 200 and archived.json()["archived_at"]
    listed = await client.get("/api/v1/students", headers=teacher.headers)
    assert student_id not in {s["id"] for s in listed.json()["items"]}
    with_archived = await client.get(
        "/api/v1/students", params={"include_archived": "true"}, headers=teacher.headers
    )
    assert student_id in {s["id"] for s in with_archived.json()["items"]}
    assert (await client.get(f"/api/v1/ieps/{iep_id}", headers=teacher.headers)).status_code == 200
    edit = await client.patch(
        f"/api/v1/students/{student_id}", json={"grade_level": "9"}, headers=teacher.headers
    )
    assert edit.status_code == 409
    queued = await submit(client, teacher, iep_request(student_id, academic_year="2026-2027"))
    assert queued.status_code == 409
    assert (
        await client.delete(f"/api/v1/students/{student_id}", headers=teacher.headers)
    ).status_code == 409

    purge = f"/api/v1/students/{student_id}/purge"
    assert (await client.post(purge, headers=teacher.headers)).status_code == 403
    early = await client.post(purge, headers=admin.headers)
    assert early.status_code == 409 and "retention period" in early.json()["detail"]
    assert await count_rows(database, IEP, student_id=student_id) == 1

    async with database.transaction() as session:
        await session.execute(
            update(Student)
            .where(Student.id == student_id)
            .values(archived_at=utcnow() - timedelta(days=settings.record_retention_days + 1))
        )
    assert (await client.post(purge, headers=admin.headers)).status_code == 204
    assert await count_rows(database, Student, id=student_id) == 0
    assert await count_rows(database, IEPVersion, iep_id=iep_id) == 0
    log = await client.get(f"/api/v1/students/{student_id}/access-log", headers=admin.headers)
    actions = [entry["action"] for entry in log.json()["items"]]
    assert actions[0] == "student.purge" and "student.archive" in actions
    purged = next(e for e in log.json()["items"] if e["action"] == "student.purge")
    assert purged["detail"]["iep_ids"] == [iep_id] and purged["actor_id"] == admin.id


async def test_deleting_a_draft_only_student_removes_job_payloads_and_cached_answers(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher")
    doomed = (
        await client.post(
            "/api/v1/students",
            json={
                "first_name": "Maya",
                "last_name": "Quintanilla",
                "date_of_birth": "2011-04-17",
                "grade_level": "8",
                "disability_category": "autism",
            },
            headers=teacher.headers,
        )
    ).json()["id"]
    kept = (
        await client.post(
            "/api/v1/students",
            json={
                "first_name": "Avery",
                "last_name": "Quill",
                "date_of_birth": "2012-02-02",
                "grade_level": "7",
                "disability_category": "autism",
            },
            headers=teacher.headers,
        )
    ).json()["id"]
    for student_id in (doomed, kept):
        sent = await submit(client, teacher, iep_request(student_id, context=PRIVATE_CONTEXT))
        assert sent.status_code == 202, sent.text
        await _cache_answer(database, student_id, key=student_id.replace("-", "") * 2)
    assert await count_rows(database, Job) == 2

    deleted = await client.delete(f"/api/v1/students/{doomed}", headers=teacher.headers)

    assert deleted.status_code == 204
    async with database.read() as session:
        payloads = [job.payload for job in (await session.execute(select(Job))).scalars()]
        cached = list((await session.execute(select(LLMCacheEntry.student_id))).scalars())
        entry = (
            await session.execute(
                select(AuditEntry).where(
                    AuditEntry.student_id == doomed, AuditEntry.action == "student.delete"
                )
            )
        ).scalar_one()
    assert [p["student_id"] for p in payloads] == [kept]
    assert cached == [kept]
    assert entry.detail["jobs"] == 1 and entry.detail["cached_answers"] == 1
    assert "Quintanilla" not in str(entry.detail)
