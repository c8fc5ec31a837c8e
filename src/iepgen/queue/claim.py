"""Claiming: one atomic statement per dialect, sized to the worker's free slots.

PostgreSQL:
    WITH candidates AS (
        SELECT id FROM iep_generation_jobs
        WHERE status = 'pending' AND run_after <= :now AND job_type IN (...)
        ORDER BY priority DESC, created_at LIMIT :n
        FOR UPDATE SKIP LOCKED)
    UPDATE iep_generation_jobs SET status = 'processing', claimed_by = :worker,
        attempts = attempts + 1, ... FROM candidates WHERE id = candidates.id RETURNING ...
Concurrent workers skip each other's locked rows instead of waiting or double-claiming.

SQLite (inside the BEGIN IMMEDIATE transaction `Database.transaction()` opens, so no other
writer can interleave — a deferred read-then-write would fail with `database is locked`):
    UPDATE iep_generation_jobs SET ... WHERE id IN (SELECT id ... ORDER BY ... LIMIT :n)
    RETURNING ...
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Integer, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.db.base import UTCDateTime
from iepgen.models import Job, JobStatus
from iepgen.queue.signals import JobEvent, announce, notify_changed_column


@dataclass(frozen=True)
class ClaimedJob:
    """A job this worker now holds, as the claim returned it."""

    id: str
    job_type: str
    payload: dict[str, Any]
    attempts: int
    max_attempts: int
    priority: int
    created_by: str | None
    created_at: datetime


@functools.cache
def _claim_statement(postgres: bool) -> Any:
    """Built once per dialect; every value is a bound parameter."""
    now = bindparam("now", type_=UTCDateTime())
    candidates = (
        select(Job.id)
        .where(
            Job.status == JobStatus.PENDING,
            Job.run_after <= now,
            Job.job_type.in_(bindparam("job_types", expanding=True)),
        )
        .order_by(Job.priority.desc(), Job.created_at)
        .limit(bindparam("limit", type_=Integer()))
    )
    statement: Any
    notify: tuple[Any, ...] = ()
    if postgres:
        chosen = candidates.with_for_update(skip_locked=True).cte("candidates")
        statement = update(Job).where(Job.id == chosen.c.id)
        notify = (notify_changed_column("processing"),)
    else:
        statement = update(Job).where(Job.id.in_(candidates.scalar_subquery()))
    return statement.values(
        status=JobStatus.PROCESSING,
        claimed_by=bindparam("worker_id"),
        attempts=Job.attempts + 1,
        started_at=now,
        heartbeat_at=now,
        lease_expires_at=bindparam("lease_expires_at", type_=UTCDateTime()),
        updated_at=now,
    ).returning(
        *notify,
        Job.id,
        Job.job_type,
        Job.payload,
        Job.attempts,
        Job.max_attempts,
        Job.priority,
        Job.created_by,
        Job.created_at,
        Job.progress_completed,
        Job.progress_total,
    )


async def claim_jobs(
    session: AsyncSession,
    *,
    worker_id: str,
    limit: int,
    job_types: Sequence[str],
    now: datetime,
    lease_seconds: float,
) -> list[ClaimedJob]:
    """Claim up to `limit` runnable jobs, highest priority then oldest first."""
    if limit <= 0 or not job_types:
        return []
    postgres = session.sync_session.get_bind().dialect.name == "postgresql"
    parameters = {
        "worker_id": worker_id,
        "limit": limit,
        "job_types": list(job_types),
        "now": now,
        "lease_expires_at": now + timedelta(seconds=lease_seconds),
    }
    connection = await session.connection()
    rows = (await connection.execute(_claim_statement(postgres), parameters)).all()
    if rows:
        await announce(
            session,
            tuple(
                JobEvent(row.id, "processing", row.progress_completed, row.progress_total)
                for row in rows
            ),
            notified=postgres,
        )
    jobs = [
        ClaimedJob(
            id=row.id,
            job_type=row.job_type,
            payload=row.payload,
            attempts=row.attempts,
            max_attempts=row.max_attempts,
            priority=row.priority,
            created_by=row.created_by,
            created_at=row.created_at,
        )
        for row in rows
    ]
    # RETURNING has no order: start the most urgent first.
    jobs.sort(key=lambda job: (-job.priority, job.created_at))
    return jobs
