"""No student's name, birth date or identifying number in any log line, job error or metric.

A fictional student with distinctive names goes through everything a case manager does:
created, assessed, an IEP drafted by the real worker, read, edited, exported, a bad edit,
a job that fails (student removed), one the provider refuses (fake Gemini, blocked
prompt), the web pages. Every log line (structlog as production configures it, and the
standard logging records) is then scanned, with the job errors and `/metrics`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import httpx
import pytest
import structlog
from fastapi import FastAPI

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.logging import configure_logging
from iepgen.models import Job
from tests.factories import Caller, assessment_body, student_body
from tests.fakes.gemini_server import FakeGeminiServer, blocked_prompt
from tests.integration.jobs.support import iep_request, running_worker, submit
from tests.integration.llm.conftest import gemini_settings
from tests.security.world import PASSWORD, World
from tests.wiring import handlers_for, offline_handlers

FIRST, LAST, OTHER_FIRST = "Zephyrine", "Quillfeather", "Bartholomew"
BORN = "2012-03-07"
SECRETS = [
    FIRST,
    LAST,
    OTHER_FIRST,
    "Octavia",  # a parent's name
    "ZQ-77123",  # student number
    BORN,
    "03/07/2012",
    "2012/03/07",
    "March 7, 2012",
    "7 March 2012",
]


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """The test configures logging as production does; put the test set-up back after."""
    saved = structlog.get_config()
    yield
    structlog.configure(**saved)


@pytest.fixture
def gemini() -> Iterator[FakeGeminiServer]:
    server = FakeGeminiServer()
    server.responder = lambda _payload: blocked_prompt()
    server.start()
    yield server
    server.stop()


async def _student(client: httpx.AsyncClient, caller: Caller, first: str) -> str:
    body = student_body(
        first_name=first,
        last_name=LAST,
        date_of_birth=BORN,
        grade_level="8",
        student_number="ZQ-77123",
        parent_guardian_names=[f"Octavia {LAST}"],
        strengths=f"{first} {LAST} explains science ideas aloud with confidence.",
        parent_concerns=f"Octavia {LAST} worries {first} avoids reading aloud.",
    )
    created = await client.post("/api/v1/students", json=body, headers=caller.headers)
    assert created.status_code == 201, created.text
    student_id: str = created.json()["id"]
    assessment = assessment_body(
        summary=f"{first} read 61 words correct per minute (benchmark 120)."
    )
    added = await client.post(
        f"/api/v1/students/{student_id}/assessments", json=assessment, headers=caller.headers
    )
    assert added.status_code == 201, added.text
    return student_id


async def _finish(client: httpx.AsyncClient, caller: Caller, job_id: str) -> dict[str, object]:
    polled = await client.get(
        f"/api/v1/jobs/{job_id}/poll", params={"timeout_seconds": 60}, headers=caller.headers
    )
    body: dict[str, object] = polled.json()
    assert body["status"] in ("completed", "failed"), body
    return body


async def test_a_full_walk_logs_ids_never_a_student_s_name_or_birth_date(
    app: FastAPI,
    client: httpx.AsyncClient,
    settings: Settings,
    database: Database,
    world: World,
    gemini: FakeGeminiServer,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    restore_logging: None,
) -> None:
    caplog.set_level(logging.DEBUG)
    # As `iepgen serve` sets it up (its stderr is captured here), at the chattiest level.
    configure_logging("DEBUG", json=True)
    teacher, headers = world.teacher, world.teacher.headers
    student_id = await _student(client, teacher, FIRST)
    doomed_id = await _student(client, teacher, OTHER_FIRST)
    context = f"{FIRST} {LAST}'s family (Octavia) prefers morning meetings."

    async with running_worker(app, settings, offline_handlers()):
        drafted = await _finish(
            client,
            teacher,
            (await submit(client, teacher, iep_request(student_id, context=context))).json()["id"],
        )
        assert drafted["status"] == "completed", drafted
        iep_id = drafted["result"]["iep_id"]  # type: ignore[index]
        for path in ("", "/versions", "/versions/1"):
            assert (
                await client.get(f"/api/v1/ieps/{iep_id}{path}", headers=headers)
            ).status_code == 200
        for kind in ("md", "pdf", "docx", "family"):
            exported = await client.get(
                f"/api/v1/ieps/{iep_id}/export", params={"format": kind}, headers=headers
            )
            assert exported.status_code == 200, kind
        bad_edit = await client.patch(
            f"/api/v1/ieps/{iep_id}/sections/present_levels",
            json={"content": {"summary": f"{FIRST} {LAST} born {BORN}"}},
            headers=headers,
        )
        assert bad_edit.status_code == 422
        bad_student = await client.patch(
            f"/api/v1/students/{student_id}",
            json={"date_of_birth": "2999-01-01", "first_name": FIRST * 40},
            headers=headers,
        )
        assert bad_student.status_code == 422 and FIRST not in bad_student.text
        regenerated = await client.post(
            "/api/v1/jobs/section-generation",
            json={"iep_id": iep_id, "section_type": "accommodations", "context": context},
            headers=headers,
        )
        assert (await _finish(client, teacher, regenerated.json()["id"]))["status"] == "completed"
        # A job whose student is removed before it runs fails with a message, not a name.
        await client.post(
            "/api/v1/jobs/iep-generation",
            json=iep_request(doomed_id, context=f"About {OTHER_FIRST}."),
            headers=headers,
        )
    gone = await submit(client, teacher, iep_request(doomed_id, academic_year="2026-2027"))
    assert (
        await client.delete(f"/api/v1/students/{doomed_id}", headers=headers)
    ).status_code == 204
    # Deleting the student deleted the job that carried their data: nothing left to run.
    assert (
        await client.get(f"/api/v1/jobs/{gone.json()['id']}", headers=headers)
    ).status_code == 404
    # A job whose student is gone when it runs fails with a message, not a name.
    missing = await submit(client, teacher, iep_request(student_id, academic_year="2027-2028"))
    async with database.transaction() as session:
        job = await session.get(Job, missing.json()["id"])
        assert job is not None
        job.payload = {**job.payload, "student_id": doomed_id}
    async with running_worker(app, settings, offline_handlers()):
        failed_missing = await _finish(client, teacher, missing.json()["id"])
    # A job the provider refuses (blocked prompt) fails with a message for the teacher.
    refused_settings = gemini_settings(settings.database_url, gemini)
    blocked = await submit(client, teacher, iep_request(student_id, academic_year="2026-2027"))
    async with (
        handlers_for(refused_settings, app.state.database) as handlers,
        running_worker(app, refused_settings, handlers),
    ):
        failed_blocked = await _finish(client, teacher, blocked.json()["id"])
    assert failed_missing["status"] == failed_blocked["status"] == "failed"

    await _web_walk(client, world, student_id, iep_id)
    metrics = (await client.get("/metrics")).text
    stats = (await client.get("/api/v1/jobs/admin/queue-stats", headers=world.admin.headers)).text
    jobs = (await client.get("/api/v1/jobs", params={"limit": 200}, headers=headers)).text

    captured = capsys.readouterr()
    lines = (captured.out + captured.err).splitlines()
    lines += [caplog_line for caplog_line in caplog.text.splitlines()]
    assert any('"job.submitted"' in line for line in lines), "the log capture saw nothing"
    assert any("generation.iep_stored" in line for line in lines)
    assert any("queue.job_failed" in line or "job_failed" in line for line in lines), lines[-20:]
    errors = [str(failed_missing["error"]), str(failed_blocked["error"])]
    for secret in SECRETS:
        for line in lines:
            assert secret not in line, (secret, line)
        for text in (*errors, metrics, stats, jobs):
            assert secret not in text, (secret, text[:500])
    assert gemini.requests and all(FIRST.encode() not in r.body for r in gemini.requests)


async def _web_walk(client: httpx.AsyncClient, world: World, student_id: str, iep_id: str) -> None:
    import re

    form = await client.get("/signin")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token
    signed_in = await client.post(
        "/signin",
        data={
            "username": world.teacher.username,
            "password": PASSWORD,
            "csrf_token": token.group(1),
        },
    )
    assert signed_in.status_code == 303
    for path in (
        "/caseload",
        f"/students/{student_id}",
        f"/ieps/{iep_id}",
        f"/ieps/{iep_id}/versions",
    ):
        page = await client.get(path)
        assert page.status_code == 200 and FIRST in page.text, path  # pages may show the name
