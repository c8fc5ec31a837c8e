"""Whole IEP jobs through a real worker, the real SDKs and the fake provider servers."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.llm.circuit_breaker import circuit_state
from iepgen.models import IEPSection
from iepgen.queue import enqueue
from tests.factories import make_user
from tests.fakes import gemini_server as gemini_fake
from tests.fakes import openai_server as openai_fake
from tests.fakes.gemini_server import FakeGeminiServer
from tests.fakes.model_answers import AnswerBook, offline_answers
from tests.fakes.openai_server import FakeOpenAIServer
from tests.fakes.scripted_server import ScriptedServer
from tests.integration.generation.records import add_assessment, add_student
from tests.integration.llm.conftest import gemini_settings, openai_settings
from tests.integration.queue.conftest import running_worker, wait_for
from tests.wiring import handlers_for

STUDENT = {
    "first_name": "Ximena",
    "last_name": "Oakhurst",
    "school": "Cedar Hollow Middle School",
    "student_number": "Q-77120",
    "parent_guardian_names": ["Lucinda Oakhurst"],
    "strengths": "Ximena explains science ideas aloud with confidence.",
    "parent_concerns": "Lucinda Oakhurst worries Ximena Oakhurst avoids reading aloud.",
}
SECRETS = ["Ximena", "Oakhurst", "Cedar Hollow", "Q-77120", "Lucinda", "2013-05-20"]


async def submit(database: Database, settings: Settings, student_id: str, teacher: str) -> str:
    payload = {
        "student_id": student_id,
        "template_id": "idea-standard",
        "academic_year": "2025-2026",
        "include_previous_ieps": True,
        "include_assessments": True,
        "context": "Ximena's family prefers morning meetings.",
    }
    async with database.transaction() as session:
        job, _ = await enqueue(
            session,
            job_type="iep_generation",
            payload=payload,
            created_by=teacher,
            settings=settings,
        )
        return job.id


async def prepare(
    kind: str,
    database: Database,
    database_url: str,
    gemini: FakeGeminiServer,
    openai: FakeOpenAIServer,
    **overrides: Any,
) -> tuple[Settings, ScriptedServer, str, str]:
    teacher = await make_user(database)
    student_id = await add_student(database, teacher.id, **STUDENT)
    await add_assessment(database, student_id)
    book = AnswerBook()
    if kind == "gemini":
        settings: Settings = gemini_settings(database_url, gemini, **overrides)
        server: ScriptedServer = gemini
        gemini.responder = book.responder(gemini_fake.prompt_text, gemini_fake.success)
    else:
        settings = openai_settings(database_url, openai, **overrides)
        server = openai
        openai.responder = book.responder(openai_fake.prompt_text, openai_fake.success)
    book.add(
        *await offline_answers(
            database,
            settings,
            student_id,
            case_manager_context="Ximena's family prefers morning meetings.",
        )
    )
    return settings, server, student_id, teacher.id


@pytest.mark.parametrize("kind", ["gemini", "openai"])
async def test_an_iep_job_completes_through_the_provider(
    kind: str,
    database: Database,
    database_url: str,
    gemini_server: FakeGeminiServer,
    openai_server: FakeOpenAIServer,
) -> None:
    settings, server, student_id, teacher = await prepare(
        kind, database, database_url, gemini_server, openai_server
    )
    job_id = await submit(database, settings, student_id, teacher)

    async with (
        handlers_for(settings, database) as handlers,
        running_worker(database, settings, handlers),
    ):
        job = await wait_for(database, job_id, within=60)

    assert job.status == "completed", job.error
    result = job.result or {}
    assert result["provider"] == kind and result["llm_calls"] == 11
    assert result["compliance_passed"] is True
    assert result["prompt_tokens"] > 0 and result["output_tokens"] > 0
    assert len(server.requests) == 11
    for sent in server.requests:
        text = sent.body.decode().lower()
        assert [s for s in SECRETS if s.lower() in text] == []
    async with database.read() as session:
        sections = list(
            (
                await session.execute(
                    select(IEPSection).where(IEPSection.iep_id == result["iep_id"])
                )
            ).scalars()
        )
    assert len(sections) == 11
    assert {s.generated_by.split(":")[0] for s in sections} == {kind}
    profile = next(s for s in sections if s.section_type == "student_profile")
    assert profile.content["name"] == "Ximena Oakhurst"
    assert profile.content["school"] == "Cedar Hollow Middle School"


async def test_an_open_circuit_snoozes_the_job_which_completes_after_recovery(
    database: Database,
    database_url: str,
    gemini_server: FakeGeminiServer,
    openai_server: FakeOpenAIServer,
) -> None:
    settings, server, student_id, teacher = await prepare(
        "gemini",
        database,
        database_url,
        gemini_server,
        openai_server,
        circuit_failure_threshold=2,
        circuit_reset_seconds=1.0,
        llm_max_retries=3,
    )
    server.script(gemini_fake.server_error(503), gemini_fake.server_error(503))
    job_id = await submit(database, settings, student_id, teacher)

    async with (
        handlers_for(settings, database) as handlers,
        running_worker(database, settings, handlers),
    ):
        job = await wait_for(database, job_id, within=60)

    assert job.status == "completed", job.error
    assert job.attempts == 1 and job.snoozes >= 1  # snoozed, not retried or failed
    assert [r.status for r in server.requests[:2]] == [503, 503]
    assert await circuit_state(database, "gemini") == "closed"
