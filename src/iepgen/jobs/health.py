"""`GET /api/v1/jobs/health`: can this system take and finish jobs right now?

No authentication and no personal data: counts, ages and states only, so a load balancer
or uptime monitor can call it. `unhealthy` (HTTP 503) when the database cannot be reached;
`degraded` when jobs would wait — no live worker, the provider's circuit not closed, or
the schema behind the code's migrations.
"""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from functools import lru_cache
from typing import Final, Literal

import structlog
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.db.migrate import head_revision
from iepgen.llm.circuit_breaker import CLOSED, circuit_state
from iepgen.llm.factory import provider_and_model
from iepgen.llm.output_modes import MODES_FOR_SETTING, remembered_mode, server_key
from iepgen.queue import JobStatus, take_snapshot
from iepgen.queue.connectivity import is_connection_error

log = structlog.get_logger("iepgen.jobs")

# A health check must answer even when the database hangs: give up after this long.
DATABASE_TIMEOUT_SECONDS: Final = 3.0

CircuitStateName = Literal["closed", "open", "half_open"]


class DatabaseHealth(BaseModel):
    connected: bool
    dialect: str
    latency_ms: float | None = Field(description="One `SELECT 1`, in milliseconds.")
    migrations_current: bool | None


class WorkerHealth(BaseModel):
    live: int = Field(ge=0, description="Workers that heartbeated within one lease period.")
    stale: int = Field(ge=0, description="Workers not stopped cleanly that stopped beating.")


class QueueHealth(BaseModel):
    pending: int = Field(ge=0)
    processing: int = Field(ge=0)
    oldest_pending_seconds: float | None


class StructuredOutputHealth(BaseModel):
    setting: str = Field(description="OPENAI_STRUCTURED_OUTPUT: auto, json_schema, ...")
    mode: str | None = Field(
        description="How the server is asked for JSON: json_schema_strict, json_schema, "
        "json_object or prompt; null while `auto` has not talked to the server yet."
    )
    refused: list[str] = Field(description="What the server refused on the way there.")


class LLMHealth(BaseModel):
    provider: str
    model: str
    circuit: CircuitStateName | None = Field(
        description="The provider's circuit breaker; null while the database is unreachable."
    )
    structured_output: StructuredOutputHealth | None = Field(
        default=None, description="OpenAI-compatible servers only: the negotiated mode."
    )


class HealthOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "status": "healthy",
                    "database": {
                        "connected": True,
                        "dialect": "sqlite",
                        "latency_ms": 0.4,
                        "migrations_current": True,
                    },
                    "workers": {"live": 1, "stale": 0},
                    "queue": {"pending": 2, "processing": 1, "oldest_pending_seconds": 3.2},
                    "llm": {"provider": "offline", "model": "offline", "circuit": "closed"},
                }
            ]
        }
    )

    status: Literal["healthy", "degraded", "unhealthy"]
    database: DatabaseHealth
    workers: WorkerHealth | None = Field(description="Null while the database is unreachable.")
    queue: QueueHealth | None = Field(description="Null while the database is unreachable.")
    llm: LLMHealth


@lru_cache(maxsize=1)
def _code_head() -> str | None:
    # The migration scripts do not change while the process runs: read them once.
    return head_revision()


async def _stored_revision(session: AsyncSession) -> str | None:
    revision = await session.scalar(text("SELECT version_num FROM alembic_version LIMIT 1"))
    return str(revision) if revision is not None else None


async def llm_health(database: Database, settings: Settings) -> LLMHealth:
    provider, model = provider_and_model(settings)
    circuit: str = CLOSED
    if provider != "offline":  # the offline drafter has no outage to break on
        circuit = await circuit_state(database, provider)
    structured = None
    if provider == "openai":
        setting = settings.openai_structured_output
        mode: str | None = MODES_FOR_SETTING[setting][0]
        refused: list[str] = []
        if setting == "auto":
            remembered = await remembered_mode(
                database, server_key(settings.openai_base_url), model
            )
            mode = remembered.mode if remembered else None
            refused = list(remembered.refusals) if remembered else []
        structured = StructuredOutputHealth(setting=setting, mode=mode, refused=refused)
    return LLMHealth(provider=provider, model=model, circuit=circuit, structured_output=structured)


async def check_health(database: Database, settings: Settings, *, now: datetime) -> HealthOut:
    """The system's health; never raises (an unreachable database is a result, not an error)."""
    dialect = database.engine.dialect.name
    try:
        async with asyncio.timeout(DATABASE_TIMEOUT_SECONDS), database.read() as session:
            started = time.perf_counter()
            await session.execute(text("SELECT 1"))
            latency_ms = round((time.perf_counter() - started) * 1000, 3)
            revision = await _stored_revision(session)
            snapshot = await take_snapshot(
                session, now=now, live_within_seconds=settings.claim_timeout
            )
        async with asyncio.timeout(DATABASE_TIMEOUT_SECONDS):
            llm = await llm_health(database, settings)
    except Exception as exc:
        if not is_connection_error(exc):
            raise  # a bug, not an outage: let it surface as one
        log.warning("health.database_unreachable", error=type(exc).__name__)
        provider, model = provider_and_model(settings)
        return HealthOut(
            status="unhealthy",
            database=DatabaseHealth(
                connected=False, dialect=dialect, latency_ms=None, migrations_current=None
            ),
            workers=None,
            queue=None,
            llm=LLMHealth(provider=provider, model=model, circuit=None),
        )
    migrations_current = revision is not None and revision == _code_head()
    by_status = snapshot.by_status()
    workers = WorkerHealth(live=snapshot.workers_live, stale=snapshot.workers_stale)
    queue = QueueHealth(
        pending=by_status[JobStatus.PENDING],
        processing=by_status[JobStatus.PROCESSING],
        oldest_pending_seconds=snapshot.oldest_pending_seconds,
    )
    degraded = workers.live == 0 or llm.circuit != CLOSED or not migrations_current
    return HealthOut(
        status="degraded" if degraded else "healthy",
        database=DatabaseHealth(
            connected=True,
            dialect=dialect,
            latency_ms=latency_ms,
            migrations_current=migrations_current,
        ),
        workers=workers,
        queue=queue,
        llm=llm,
    )
