"""The whole path over HTTP: submit → the real worker drafts on the offline provider → IEP."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.models import IEP
from tests.factories import add_iep_student, count_rows, make_user
from tests.integration.jobs.support import iep_request, running_worker, submit
from tests.wiring import offline_handlers


async def test_iep_job_completes_with_an_iep_then_a_section_is_regenerated(
    app: FastAPI, client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database)
    student_id, _ = await add_iep_student(database, teacher.id)
    async with running_worker(app, settings, offline_handlers()):
        submitted = await submit(client, teacher, iep_request(student_id, priority=8))
        assert submitted.status_code == 202, submitted.text
        job_id = submitted.json()["id"]
        done = await client.get(
            f"/api/v1/jobs/{job_id}/poll?timeout_seconds=60", headers=teacher.headers
        )
        body = done.json()
        assert body["status"] == "completed", body
        result = body["result"]
        assert result["provider"] == "offline"
        assert {"llm_calls", "prompt_tokens", "output_tokens", "cache_hits"} <= set(result)
        total = body["progress"]["total_sections"]
        assert total == 11 and body["progress"]["completed_sections"] == total
        iep = await client.get(f"/api/v1/ieps/{result['iep_id']}", headers=teacher.headers)
        assert iep.status_code == 200 and iep.json()["student_id"] == student_id

        section = await client.post(
            "/api/v1/jobs/section-generation",
            json={"iep_id": result["iep_id"], "section_type": "annual_goals"},
            headers=teacher.headers,
        )
        assert section.status_code == 202, section.text
        regenerated = await client.get(
            f"/api/v1/jobs/{section.json()['id']}/poll?timeout_seconds=60",
            headers=teacher.headers,
        )
    section_body = regenerated.json()
    assert section_body["status"] == "completed", section_body
    assert section_body["result"]["iep_id"] == result["iep_id"]
    assert section_body["result"]["section_type"] == "annual_goals"
    assert await count_rows(database, IEP) == 1
