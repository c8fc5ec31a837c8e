"""Whole IEP jobs through a server like llama-cpp-python's, and a section that fails alone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from iepgen.db import Database
from iepgen.llm.circuit_breaker import circuit_state
from iepgen.llm.output_modes import remembered_mode, server_key
from iepgen.models import IEP, IEPSection
from tests.fakes import openai_server as fake
from tests.fakes.gemini_server import FakeGeminiServer
from tests.fakes.llama_cpp_server import FakeLlamaCppServer
from tests.fakes.model_answers import SECTION_IN_PROMPT
from tests.fakes.openai_server import format_kind, prompt_text
from tests.fakes.scripted_server import Reply
from tests.integration.llm.test_iep_jobs_through_providers import prepare, submit
from tests.integration.queue.conftest import running_worker, wait_for
from tests.wiring import handlers_for


@pytest.fixture
def llama_server() -> Iterator[FakeLlamaCppServer]:
    server = FakeLlamaCppServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


async def sections_of(database: Database, iep_id: str) -> dict[str, IEPSection]:
    async with database.read() as session:
        rows = await session.execute(select(IEPSection).where(IEPSection.iep_id == iep_id))
        return {s.section_type: s for s in rows.scalars()}


async def test_an_iep_job_through_a_llama_cpp_server_negotiates_once_and_completes(
    database: Database,
    database_url: str,
    gemini_server: FakeGeminiServer,
    llama_server: FakeLlamaCppServer,
) -> None:
    settings, server, student_id, teacher = await prepare(
        "openai", database, database_url, gemini_server, llama_server, circuit_failure_threshold=1
    )
    job_id = await submit(database, settings, student_id, teacher)

    async with (
        handlers_for(settings, database) as handlers,
        running_worker(database, settings, handlers),
    ):
        job = await wait_for(database, job_id, within=60)

    assert job.status == "completed", job.error
    assert (job.result or {})["llm_calls"] == 11 and job.result["sections_failed"] == {}
    answered = [r for r in server.requests if r.status == 200]
    refused = [r for r in server.requests if r.status != 200]
    assert len(answered) == 11 and {format_kind(r.json()) for r in answered} == {"json_object"}
    # Sections sent side by side before the first refusal came back each learn it once.
    assert refused and {(format_kind(r.json()), r.status) for r in refused} <= {
        ("json_schema_strict", 500),
        ("json_schema", 500),
    }
    assert await circuit_state(database, "openai") == "closed"
    memory = await remembered_mode(database, server_key(settings.openai_base_url), fake.MODEL)
    assert memory is not None and memory.mode == "json_object"


async def test_a_section_the_model_cannot_draft_fails_alone_and_the_job_completes(
    database: Database,
    database_url: str,
    gemini_server: FakeGeminiServer,
    llama_server: FakeLlamaCppServer,
) -> None:
    settings, server, student_id, teacher = await prepare(
        "openai", database, database_url, gemini_server, llama_server
    )
    book = server.responder
    assert book is not None

    def esy_is_never_json(payload: Any) -> Reply:
        section = SECTION_IN_PROMPT.search(prompt_text(payload or {}))
        if section is not None and section.group(1) == "esy":
            return fake.invalid_json()
        return book(payload)

    server.responder = esy_is_never_json
    job_id = await submit(database, settings, student_id, teacher)

    async with (
        handlers_for(settings, database) as handlers,
        running_worker(database, settings, handlers),
    ):
        job = await wait_for(database, job_id, within=60)

    assert job.status == "completed", job.error
    result = job.result or {}
    assert list(result["sections_failed"]) == ["esy"]
    assert "did not produce a usable draft of this section" in result["sections_failed"]["esy"]
    assert result["sections_generated"] == 10
    # The failed section's two calls (its answer and the repair) count toward the job.
    assert (result["llm_calls"], result["output_repairs"]) == (12, 1)
    sections = await sections_of(database, result["iep_id"])
    assert "esy" not in sections and len(sections) == 10
    async with database.read() as session:
        iep = await session.get(IEP, result["iep_id"])
    assert iep is not None and iep.compliance["passed"] is False
    assert {(f["section_type"], f["rule"], f["severity"]) for f in iep.compliance["findings"]} >= {
        ("esy", "required_section", "error")
    }
    assert iep.generated_with["failed_sections"] == result["sections_failed"]
