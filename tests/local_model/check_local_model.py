"""A real model end to end: SmolLM2-135M-Instruct behind llama-cpp-python's server.

Run by `make test-llm-local` (tests/local_model/run.sh starts the server and sets
LOCAL_LLM_BASE_URL and LOCAL_LLM_MODEL); not part of `make test`, whose file pattern
does not match this file. The model is tiny and its prose is poor, so these tests assert
the path, never the prose: the server's refusal of `json_schema` is negotiated past and
remembered without touching the circuit, and a whole IEP job ends `completed` with every
section either drafted by the model or failed with a reason, the checker's findings kept.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import select

from iepgen.config import Settings
from iepgen.db import Database, create_database
from iepgen.llm.circuit_breaker import circuit_state
from iepgen.llm.output_modes import remembered_mode, server_key
from iepgen.models import IEP, IEPSection
from iepgen.queue import enqueue
from iepgen.templates.builtin import IDEA_STANDARD_SECTIONS
from iepgen.templates.service import ensure_builtin_templates
from tests.conftest import make_settings
from tests.databases import SQLiteTemplate
from tests.factories import make_user
from tests.integration.generation.records import add_assessment, add_student
from tests.integration.queue.conftest import running_worker, wait_for
from tests.wiring import handlers_for

BASE_URL = os.environ.get("LOCAL_LLM_BASE_URL", "")
MODEL = os.environ.get("LOCAL_LLM_MODEL", "")
# A CPU-only 135M model writes 2 to 8 tokens a second under llama.cpp's grammar (two
# cores, shared): one IEP is many minutes of work, so the job gets room and each answer
# the smallest budget settings allow (a long section is cut off and fails honestly).
JOB_SECONDS = 7200.0
LOCAL: dict[str, Any] = {
    "llm_provider": "openai",
    "openai_base_url": BASE_URL,
    "openai_model": MODEL,
    "llm_timeout_seconds": 600.0,
    "llm_max_concurrency": 1,  # the server drafts one answer at a time anyway
    "llm_max_output_tokens": 256,
    "llm_max_retries": 1,
    "job_timeout_seconds": JOB_SECONDS,
    "llm_cache_enabled": False,
}

pytestmark = pytest.mark.skipif(
    not (BASE_URL and MODEL), reason="run through `make test-llm-local`, which starts the server"
)


@pytest.fixture
async def local(
    tmp_path: Path, sqlite_template: SQLiteTemplate
) -> AsyncIterator[tuple[Settings, Database]]:
    url = sqlite_template.fresh_copy(tmp_path / "iepgen.db")
    settings = make_settings(url, **LOCAL)
    database = create_database(settings)
    async with database.transaction() as session:
        await ensure_builtin_templates(session)
    try:
        yield settings, database
    finally:
        await database.dispose()


def llm_check(settings: Settings) -> tuple[int, dict[str, Any]]:
    """The real `iepgen llm check` command, as an administrator runs it."""
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "LLM_PROVIDER": "openai",
        "OPENAI_BASE_URL": BASE_URL,
        "OPENAI_MODEL": MODEL,
        "LLM_TIMEOUT_SECONDS": "600",
    }
    iepgen = Path(sys.executable).with_name("iepgen")
    done = subprocess.run(
        [str(iepgen), "llm", "check"], env=env, capture_output=True, timeout=900, check=False
    )
    return done.returncode, orjson.loads(done.stdout)


async def test_llm_check_finds_and_remembers_the_mode_the_server_takes(
    local: tuple[Settings, Database],
) -> None:
    settings, database = local
    code, report = llm_check(settings)

    assert code == 0, report
    assert report["ok"] is True and report["model"] == MODEL
    modes = report["structured_output"]
    assert modes["mode"] == "json_object" and modes["remembered"] is True
    # llama-cpp-python answers json_schema, strict or not, with HTTP 500.
    assert modes["refused"] == [
        "response_format json_schema (strict) refused with HTTP 500",
        "response_format json_schema refused with HTTP 500",
    ]
    remembered = await remembered_mode(database, server_key(BASE_URL), MODEL)
    assert remembered is not None and remembered.mode == "json_object"
    assert await circuit_state(database, "openai") == "closed"


async def test_a_whole_iep_job_completes_through_the_real_model(
    local: tuple[Settings, Database],
) -> None:
    settings, database = local
    teacher = await make_user(database)
    student_id = await add_student(database, teacher.id)
    await add_assessment(database, student_id)
    async with database.transaction() as session:
        job, _ = await enqueue(
            session,
            job_type="iep_generation",
            payload={
                "student_id": student_id,
                "template_id": "idea-standard",
                "academic_year": "2025-2026",
                "include_previous_ieps": True,
                "include_assessments": True,
            },
            created_by=teacher.id,
            settings=settings,
        )

    async with (
        handlers_for(settings, database) as handlers,
        running_worker(database, settings, handlers, concurrency=1),
    ):
        done = await wait_for(database, job.id, within=JOB_SECONDS)

    assert done.status == "completed", done.error
    result = done.result or {}
    assert result["provider"] == "openai" and result["model"] == MODEL
    assert result["llm_calls"] >= 1 and result["output_tokens"] > 0

    async with database.read() as session:
        iep = await session.get(IEP, result["iep_id"])
        assert iep is not None
        sections = {
            s.section_type: s
            for s in (
                await session.execute(select(IEPSection).where(IEPSection.iep_id == iep.id))
            ).scalars()
        }
    planned = {s["section_type"] for s in IDEA_STANDARD_SECTIONS}
    failed: dict[str, str] = result["sections_failed"]
    # Every section: drafted by the model, or failed with a reason; never both, never lost.
    assert set(sections) | set(failed) == planned and not set(sections) & set(failed)
    assert {s.generated_by for s in sections.values()} <= {f"openai:{MODEL}"}
    assert sections, "the model drafted no section at all"
    for reason in failed.values():
        assert "did not produce a usable draft" in reason
    # The checker ran on the result and its findings are kept with the IEP.
    findings = iep.compliance["findings"]
    assert isinstance(iep.compliance["passed"], bool)
    missing = {f["section_type"] for f in findings if f["rule"] == "required_section"}
    assert set(failed) <= missing
    assert result["compliance_passed"] == iep.compliance["passed"]
    # Negotiated once, remembered, and never counted as an outage.
    remembered = await remembered_mode(database, server_key(BASE_URL), MODEL)
    assert remembered is not None and remembered.mode == "json_object"
    assert await circuit_state(database, "openai") == "closed"
