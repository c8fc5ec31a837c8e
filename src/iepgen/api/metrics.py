"""`GET /metrics`: Prometheus text format.

Open by default: Prometheus conventionally scrapes over a private network without
credentials, and nothing here identifies a student — labels are job types, statuses,
outcomes and provider names only. Set `METRICS_REQUIRE_AUTH=true` to require the same
bearer token as the API (any active user).

What is exported: jobs by type and status, workers live and stale, the oldest pending
job's age and whether the database answered (gauges computed at each scrape from the
database, so every API process reports the same queue); job attempt durations
(`iepgen_job_duration_seconds`, observed by workers running in this process); provider
calls, latency, tokens, retries and circuit state (`iepgen.llm.metrics`, the circuit
refreshed from the shared breaker row at scrape); and the process's own metrics.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, Final

import structlog
from fastapi import APIRouter, Depends, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Gauge, generate_latest

from iepgen.api.deps import DatabaseDep, SettingsDep, current_actor
from iepgen.api.schemas import UNAUTHORIZED
from iepgen.config import Settings
from iepgen.db import Database
from iepgen.db.base import utcnow
from iepgen.jobs.health import DATABASE_TIMEOUT_SECONDS, llm_health
from iepgen.llm import metrics as llm_metrics
from iepgen.queue import metrics as queue_metrics
from iepgen.queue import take_snapshot
from iepgen.queue.connectivity import is_connection_error

log = structlog.get_logger("iepgen.api")

JOBS: Final = Gauge(
    "iepgen_jobs",
    "Jobs in the queue table by type and status, counted at scrape.",
    ["job_type", "status"],
)
WORKERS: Final = Gauge(
    "iepgen_workers", "Registered workers by state (live or stale), counted at scrape.", ["state"]
)
OLDEST_PENDING: Final = Gauge(
    "iepgen_queue_oldest_pending_seconds", "Age of the oldest pending job (0 when none)."
)
DATABASE_UP: Final = Gauge("iepgen_database_up", "1 when the database answered this scrape.")

# Imported for their registration with the default registry (defined by their owners).
EXPORTED_ELSEWHERE: Final = (llm_metrics.LLM_CALLS, queue_metrics.JOB_DURATION)

router = APIRouter(tags=["monitoring"])
_bearer = HTTPBearer(auto_error=False, description="Only when METRICS_REQUIRE_AUTH is true.")


async def _refresh_queue_gauges(database: Database, settings: Settings, now: datetime) -> None:
    async with database.read() as session:
        snapshot = await take_snapshot(session, now=now, live_within_seconds=settings.claim_timeout)
    llm = await llm_health(database, settings)
    # No await from here on: a concurrent scrape never sees the gauges half rewritten.
    JOBS.clear()
    for job_type, by_status in sorted(snapshot.by_type().items()):
        for status, count in by_status.items():
            JOBS.labels(job_type=job_type, status=status).set(count)
    WORKERS.labels(state="live").set(snapshot.workers_live)
    WORKERS.labels(state="stale").set(snapshot.workers_stale)
    OLDEST_PENDING.set(snapshot.oldest_pending_seconds or 0)
    if llm.provider != "offline" and llm.circuit is not None:
        llm_metrics.set_circuit_state(llm.provider, llm.circuit)


@router.get(
    "/metrics",
    response_class=Response,
    responses={
        200: {"content": {CONTENT_TYPE_LATEST: {"schema": {"type": "string"}}}},
        **UNAUTHORIZED,
    },
)
async def metrics(
    database: DatabaseDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Response:
    """Prometheus metrics (open unless METRICS_REQUIRE_AUTH is set)."""
    if settings.metrics_require_auth:
        await current_actor(database, credentials)
    try:
        async with asyncio.timeout(DATABASE_TIMEOUT_SECONDS):
            await _refresh_queue_gauges(database, settings, utcnow())
        DATABASE_UP.set(1)
    except Exception as exc:
        if not is_connection_error(exc):
            raise
        # The process's own metrics still help while the database is away.
        log.warning("metrics.database_unreachable", error=type(exc).__name__)
        DATABASE_UP.set(0)
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
