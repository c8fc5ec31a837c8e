"""`GET /api/v1/jobs/admin/queue-stats`: the queue's own numbers plus provider state and usage."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.jobs.health import LLMHealth, llm_health
from iepgen.jobs.schemas import UTCDateTime
from iepgen.queue import queue_stats, result_totals

# The usage counters a generation job's result carries (docs/api.md "Jobs").
USAGE_KEYS: Final = ("llm_calls", "prompt_tokens", "output_tokens", "cache_hits")


class RunTimes(BaseModel):
    mean: float | None = Field(description="Seconds from claim to completion, last hour.")
    p95: float | None
    sample: int = Field(ge=0, description="Completed jobs the figures rest on.")


class WorkerOut(BaseModel):
    id: str
    host: str
    pid: int
    status: str
    concurrency: int
    started_at: UTCDateTime
    last_heartbeat_at: UTCDateTime
    in_flight: list[str] = Field(description="Ids of the jobs the worker is running.")
    jobs_completed: int


class TokenTotals(BaseModel):
    """Sums over every job still in the table (archived ones included)."""

    jobs: int = Field(ge=0, description="Jobs whose result reports usage.")
    llm_calls: int = Field(ge=0)
    prompt_tokens: int = Field(ge=0)
    output_tokens: int = Field(ge=0)
    cache_hits: int = Field(ge=0)


class QueueStatsOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "generated_at": "2026-03-01T14:05:00Z",
                    "counts": {
                        "pending": 3,
                        "processing": 2,
                        "completed": 40,
                        "failed": 1,
                        "cancelled": 0,
                        "archived": 120,
                    },
                    "by_job_type": {
                        "iep_generation": {
                            "pending": 3,
                            "processing": 2,
                            "completed": 30,
                            "failed": 1,
                            "cancelled": 0,
                            "archived": 100,
                        }
                    },
                    "oldest_pending_age_seconds": 4.2,
                    "completed_last_hour": 12,
                    "completed_per_minute": 0.2,
                    "run_time_seconds": {"mean": 8.1, "p95": 14.9, "sample": 12},
                    "workers": [
                        {
                            "id": "app-1:4242:9f3a1c",
                            "host": "app-1",
                            "pid": 4242,
                            "status": "running",
                            "concurrency": 8,
                            "started_at": "2026-03-01T09:00:00Z",
                            "last_heartbeat_at": "2026-03-01T14:04:55Z",
                            "in_flight": ["6a3f1f0e-4c1b-4d7e-9a51-0f2f8c9d1e21"],
                            "jobs_completed": 52,
                        }
                    ],
                    "llm": {"provider": "gemini", "model": "gemini-3.5-flash", "circuit": "closed"},
                    "tokens": {
                        "jobs": 160,
                        "llm_calls": 1760,
                        "prompt_tokens": 2400000,
                        "output_tokens": 610000,
                        "cache_hits": 35,
                    },
                }
            ]
        }
    )

    generated_at: UTCDateTime
    counts: dict[str, int] = Field(description="Jobs by status.")
    by_job_type: dict[str, dict[str, int]] = Field(description="Jobs by type, then status.")
    oldest_pending_age_seconds: float | None
    completed_last_hour: int = Field(ge=0)
    completed_per_minute: float = Field(ge=0, description="Average over the last hour.")
    run_time_seconds: RunTimes
    workers: list[WorkerOut] = Field(description="Live workers, latest heartbeat first.")
    llm: LLMHealth
    tokens: TokenTotals


async def token_totals(session: AsyncSession) -> TokenTotals:
    jobs, totals = await result_totals(session, USAGE_KEYS)
    return TokenTotals(jobs=jobs, **totals)


async def collect_queue_stats(
    session: AsyncSession, database: Database, settings: Settings, *, now: datetime
) -> QueueStatsOut:
    """Everything an operator needs to see whether the queue keeps up."""
    stats = await queue_stats(session, now=now, live_within_seconds=settings.claim_timeout)
    tokens = await token_totals(session)
    llm = await llm_health(database, settings)
    return QueueStatsOut.model_validate(
        {**stats, "generated_at": now, "llm": llm, "tokens": tokens}
    )
