"""`GET /metrics`: Prometheus text format.

Open by default outside production: Prometheus conventionally scrapes without
credentials, and nothing here identifies a student — labels are job types, statuses,
outcomes and provider names only. Set `METRICS_REQUIRE_AUTH=true` to require the same
bearer token as the API (any active user).

What is exported: jobs by type and status, workers live and stale, the oldest pending
job's age and whether the database answered (computed at each scrape from the queue's
snapshot, so every API process reports the same queue); job attempt durations
(`iepgen_job_duration_seconds`, observed by workers); provider calls, latency, tokens,
retries and circuit state (`iepgen.llm.metrics`); and the process's own metrics.

Workers usually run in other processes (`iepgen worker`). With `PROMETHEUS_MULTIPROC_DIR`
set to one shared, writable directory for the API and every worker process (set before
they start; empty it when the whole system restarts), each process writes its metrics
there and this endpoint merges them (prometheus-client's multiprocess mode); without it,
only this process's own metrics (and its embedded worker's) are exported.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Final

import structlog
from fastapi import APIRouter, Depends, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from iepgen.api.deps import DatabaseDep, SettingsDep, actor_for_bearer
from iepgen.api.schemas import UNAUTHORIZED
from iepgen.config import Settings
from iepgen.db import Database
from iepgen.db.base import utcnow
from iepgen.jobs.health import DATABASE_TIMEOUT_SECONDS, llm_health
from iepgen.llm import metrics as llm_metrics
from iepgen.queue import QueueSnapshot, take_snapshot
from iepgen.queue import metrics as queue_metrics
from iepgen.queue.connectivity import is_connection_error

log = structlog.get_logger("iepgen.api")

MULTIPROCESS_DIR_ENV: Final = "PROMETHEUS_MULTIPROC_DIR"


class QueueGauges(Collector):
    """The gauges computed at scrape from the queue's snapshot.

    A collector rather than `Gauge`s: its values belong to the scrape, not to a process,
    so in multiprocess mode they are never written to (or merged from) the shared files.
    """

    def __init__(self) -> None:
        self.snapshot: QueueSnapshot | None = None
        self.database_up = 0

    def collect(self) -> Iterator[Metric]:
        jobs = GaugeMetricFamily(
            "iepgen_jobs",
            "Jobs in the queue table by type and status, counted at scrape.",
            labels=["job_type", "status"],
        )
        workers = GaugeMetricFamily(
            "iepgen_workers",
            "Registered workers by state (live or stale), counted at scrape.",
            labels=["state"],
        )
        oldest = GaugeMetricFamily(
            "iepgen_queue_oldest_pending_seconds", "Age of the oldest pending job (0 when none)."
        )
        if self.snapshot is not None:
            for job_type, by_status in sorted(self.snapshot.by_type().items()):
                for status, count in by_status.items():
                    jobs.add_metric([job_type, status], count)
            workers.add_metric(["live"], self.snapshot.workers_live)
            workers.add_metric(["stale"], self.snapshot.workers_stale)
            oldest.add_metric([], self.snapshot.oldest_pending_seconds or 0)
        up = GaugeMetricFamily("iepgen_database_up", "1 when the database answered this scrape.")
        up.add_metric([], self.database_up)
        yield from (jobs, workers, oldest, up)


QUEUE_GAUGES: Final = QueueGauges()
REGISTRY.register(QUEUE_GAUGES)

# Imported for their registration with the default registry (defined by their owners).
EXPORTED_ELSEWHERE: Final = (llm_metrics.LLM_CALLS, queue_metrics.JOB_DURATION)

router = APIRouter(tags=["monitoring"])
_bearer = HTTPBearer(auto_error=False, description="Only when METRICS_REQUIRE_AUTH is true.")


async def _read_queue(database: Database, settings: Settings, now: datetime) -> QueueSnapshot:
    async with database.read() as session:
        snapshot = await take_snapshot(session, now=now, live_within_seconds=settings.claim_timeout)
    llm = await llm_health(database, settings)
    if llm.provider != "offline" and llm.circuit is not None:
        llm_metrics.set_circuit_state(llm.provider, llm.circuit)
    return snapshot


def exposition() -> bytes:
    """Every metric this endpoint serves, merged across processes in multiprocess mode."""
    directory = os.environ.get(MULTIPROCESS_DIR_ENV)
    if not directory:
        return generate_latest(REGISTRY)
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=directory)  # type: ignore[no-untyped-call]
    registry.register(QUEUE_GAUGES)
    return generate_latest(registry)


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
    if settings.metrics_protected:
        async with database.read() as session:
            await actor_for_bearer(database, session, credentials)
    snapshot: QueueSnapshot | None = None
    try:
        async with asyncio.timeout(DATABASE_TIMEOUT_SECONDS):
            snapshot = await _read_queue(database, settings, utcnow())
    except Exception as exc:
        if not is_connection_error(exc):
            raise
        # The process's own metrics still help while the database is away.
        log.warning("metrics.database_unreachable", error=type(exc).__name__)
    # No await from here to the body: a concurrent scrape never sees a half-updated set.
    QUEUE_GAUGES.snapshot = snapshot
    QUEUE_GAUGES.database_up = int(snapshot is not None)
    return Response(exposition(), media_type=CONTENT_TYPE_LATEST)
