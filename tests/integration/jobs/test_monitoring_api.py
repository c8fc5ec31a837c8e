"""Health, queue statistics, cleanup, /metrics, and the order of the fixed routes."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families

from iepgen.app import create_app
from iepgen.config import Settings
from iepgen.db import create_database
from iepgen.db.base import new_id, utcnow
from iepgen.models import AuditEntry, Job
from iepgen.queue import JobContext, WriteOutput
from tests.conftest import make_settings
from tests.factories import count_rows, create_student, make_user
from tests.integration.jobs.support import iep_request, registry_of, running_worker, submit

pytestmark = pytest.mark.both_databases

HEALTH = "/api/v1/jobs/health"
STATS = "/api/v1/jobs/admin/queue-stats"
CLEANUP = "/api/v1/jobs/admin/cleanup"


async def _with_usage(context: JobContext) -> WriteOutput:
    await context.set_progress(1, 1)

    async def write(_session: Any) -> dict[str, Any]:
        return {
            "iep_id": None,
            "llm_calls": 11,
            "prompt_tokens": 1200,
            "output_tokens": 900,
            "cache_hits": 2,
            "provider": "offline",
            "model": "offline",
        }

    return write


async def test_health_is_degraded_without_a_worker_and_healthy_with_one(
    app: FastAPI, client: httpx.AsyncClient, settings: Settings
) -> None:
    alone = await client.get(HEALTH)
    assert alone.status_code == 200
    body = alone.json()
    assert body["status"] == "degraded" and body["workers"] == {"live": 0, "stale": 0}
    assert body["database"]["connected"] is True
    assert body["database"]["migrations_current"] is True
    assert body["database"]["dialect"] in ("sqlite", "postgresql")
    assert body["llm"] == {
        "provider": "offline",
        "model": "offline",
        "circuit": "closed",
        "structured_output": None,
    }
    assert body["queue"] == {"pending": 0, "processing": 0, "oldest_pending_seconds": None}
    async with running_worker(app, settings, registry_of(iep_generation=_with_usage)):
        running = (await client.get(HEALTH)).json()
    assert running["status"] == "healthy" and running["workers"]["live"] == 1
    stopped = (await client.get(HEALTH)).json()
    assert stopped["status"] == "degraded" and stopped["workers"] == {"live": 0, "stale": 0}


async def test_health_is_503_when_the_database_is_unreachable(database_url: str) -> None:
    settings = make_settings(database_url)
    unreachable = (
        "sqlite+aiosqlite:////nonexistent-dir/iepgen.db"
        if database_url.startswith("sqlite")
        else "postgresql+asyncpg://postgres@127.0.0.1:1/test"
    )
    database = create_database(settings, url=unreachable)
    app = create_app(settings, database)
    app.state.database = database  # no lifespan: it would fail to reach the database
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.get(HEALTH)
            metrics = await client.get("/metrics")
    finally:
        await database.dispose()
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy" and body["database"]["connected"] is False
    assert body["workers"] is None and body["llm"]["circuit"] is None
    assert metrics.status_code == 200 and "iepgen_database_up 0.0" in metrics.text


async def test_fixed_routes_are_not_taken_for_job_ids(
    client: httpx.AsyncClient, database: Any
) -> None:
    teacher, admin = await make_user(database), await make_user(database, "admin")
    assert "status" in (await client.get(HEALTH)).json()
    assert (await client.get(STATS, headers=teacher.headers)).status_code == 403
    assert (await client.get(STATS)).status_code == 401
    assert (await client.get(STATS, headers=admin.headers)).status_code == 200
    assert (await client.post(CLEANUP, json={}, headers=teacher.headers)).status_code == 403
    assert (await client.post(CLEANUP, json={}, headers=admin.headers)).status_code == 200
    # A job id that happens to look like a fixed path is still just an unknown job.
    assert (await client.get("/api/v1/jobs/admin", headers=admin.headers)).status_code == 404


async def test_queue_stats_report_counts_workers_and_tokens(
    app: FastAPI, client: httpx.AsyncClient, database: Any, settings: Settings
) -> None:
    teacher, admin = await make_user(database), await make_user(database, "admin")
    student_id = await create_student(client, teacher)
    async with running_worker(app, settings, registry_of(iep_generation=_with_usage)) as worker:
        done = (await submit(client, teacher, iep_request(student_id))).json()["id"]
        polled = await client.get(
            f"/api/v1/jobs/{done}/poll?timeout_seconds=20", headers=teacher.headers
        )
        assert polled.json()["status"] == "completed"
        stats = (await client.get(STATS, headers=admin.headers)).json()
    assert stats["counts"]["completed"] == 1 and stats["counts"]["pending"] == 0
    assert stats["by_job_type"]["iep_generation"]["completed"] == 1
    assert stats["completed_last_hour"] == 1 and stats["run_time_seconds"]["sample"] == 1
    assert stats["run_time_seconds"]["mean"] is not None
    assert [w["id"] for w in stats["workers"]] == [worker.id]
    assert stats["workers"][0]["last_heartbeat_at"].endswith("Z")
    assert stats["llm"]["circuit"] == "closed"
    assert stats["tokens"] == {
        "jobs": 1,
        "llm_calls": 11,
        "prompt_tokens": 1200,
        "output_tokens": 900,
        "cache_hits": 2,
    }


async def test_cleanup_archives_then_deletes_old_jobs(
    client: httpx.AsyncClient, database: Any
) -> None:
    admin = await make_user(database, "admin")
    now = utcnow()
    async with database.transaction() as session:
        for status, age_days in (("completed", 40), ("failed", 10), ("archived", 400)):
            finished = now - timedelta(days=age_days)
            session.add(
                Job(
                    id=new_id(),
                    job_type="iep_generation",
                    status=status,
                    payload={},
                    created_at=finished,
                    updated_at=finished,
                    completed_at=finished,
                )
            )
    response = await client.post(
        CLEANUP,
        json={"older_than_days": 30, "delete_archived_older_than_days": 365},
        headers=admin.headers,
    )
    assert response.status_code == 200 and response.json() == {"archived": 1, "deleted": 1}
    assert await count_rows(database, Job, status="archived") == 1
    assert await count_rows(database, AuditEntry, action="job.cleanup") == 1
    for bad in (
        {"older_than_days": 0},
        {"older_than_days": -3},
        {"older_than_days": "30"},
        {"older_than_days": 10**12},
        {"delete_archived_older_than_days": 0},
        {"older_than_day": 30},
    ):
        rejected = await client.post(CLEANUP, json=bad, headers=admin.headers)
        assert rejected.status_code == 422, bad
    assert await count_rows(database, Job) == 2


def _families(text: str) -> dict[str, Any]:
    return {family.name: family for family in text_string_to_metric_families(text)}


async def test_metrics_parse_and_report_jobs_and_durations(
    app: FastAPI, client: httpx.AsyncClient, database: Any, settings: Settings
) -> None:
    teacher = await make_user(database)
    student_id = await create_student(client, teacher)
    async with running_worker(app, settings, registry_of(iep_generation=_with_usage)):
        job_id = (await submit(client, teacher, iep_request(student_id))).json()["id"]
        await client.get(f"/api/v1/jobs/{job_id}/poll?timeout_seconds=20", headers=teacher.headers)
    # Submitted once the worker has stopped, so it is still pending at the scrape.
    await submit(client, teacher, iep_request(student_id, academic_year="2024-2025"))
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    families = _families(response.text)
    jobs = {
        (s.labels["job_type"], s.labels["status"]): s.value for s in families["iepgen_jobs"].samples
    }
    assert jobs[("iep_generation", "completed")] == 1
    assert jobs[("iep_generation", "pending")] == 1
    durations = [
        s
        for s in families["iepgen_job_duration_seconds"].samples
        if s.name.endswith("_count")
        and s.labels == {"job_type": "iep_generation", "outcome": "completed"}
    ]
    assert durations and durations[0].value >= 1
    assert "iepgen_llm_calls" in families and "iepgen_llm_circuit_state" in families
    assert families["iepgen_database_up"].samples[0].value == 1
    assert student_id not in response.text and teacher.id not in response.text


async def test_metrics_can_require_a_token(database_url: str) -> None:
    settings = make_settings(database_url, metrics_require_auth=True)
    database = create_database(settings)
    app = create_app(settings, database)
    try:
        async with app.router.lifespan_context(app):
            teacher = await make_user(database)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                assert (await client.get("/metrics")).status_code == 401
                allowed = await client.get("/metrics", headers=teacher.headers)
                assert allowed.status_code == 200
                assert _families(allowed.text)["iepgen_database_up"].samples[0].value == 1
    finally:
        await database.dispose()


@pytest.mark.parametrize("path", [HEALTH, "/metrics"])
async def test_open_monitoring_endpoints_answer_without_a_token(
    client: httpx.AsyncClient, path: str
) -> None:
    responses = await asyncio.gather(*(client.get(path) for _ in range(3)))
    assert all(r.status_code == 200 for r in responses)
