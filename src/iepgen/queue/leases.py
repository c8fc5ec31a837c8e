"""Leases: the heartbeat that renews a worker's claims, and the rescuer of expired ones."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.models import Job, JobStatus
from iepgen.queue.signals import JobEvent, announce

_NO_SYNC = {"synchronize_session": False}

WORKER_LOST_MESSAGE = (
    "The worker running this job stopped responding on every attempt, so the job was "
    "stopped. Submit it again; if this keeps happening, ask your administrator to check "
    "the workers."
)


@dataclass(frozen=True)
class Renewal:
    """A lease this worker still holds after the heartbeat."""

    job_id: str
    attempts: int
    cancel_requested: bool


async def renew_leases(
    session: AsyncSession,
    *,
    worker_id: str,
    job_ids: Collection[str],
    now: datetime,
    lease_seconds: float,
) -> dict[str, Renewal]:
    """One UPDATE for every in-flight job of this worker; missing ids are leases lost."""
    if not job_ids:
        return {}
    rows = await session.execute(
        update(Job)
        .where(
            Job.id.in_(list(job_ids)),
            Job.claimed_by == worker_id,
            Job.status == JobStatus.PROCESSING,
        )
        .values(lease_expires_at=now + timedelta(seconds=lease_seconds), heartbeat_at=now)
        .returning(Job.id, Job.attempts, Job.cancel_requested),
        execution_options=_NO_SYNC,
    )
    return {row.id: Renewal(row.id, row.attempts, row.cancel_requested) for row in rows}


async def cancel_requests(session: AsyncSession, *, job_ids: Collection[str]) -> set[str]:
    """Which of these jobs a user asked to cancel (a read: cheap between heartbeats)."""
    if not job_ids:
        return set()
    rows = await session.scalars(
        select(Job.id).where(
            Job.id.in_(list(job_ids)),
            Job.cancel_requested.is_(True),
            Job.status == JobStatus.PROCESSING,
        )
    )
    return set(rows)


async def rescue_expired(
    session: AsyncSession, *, now: datetime, limit: int = 500
) -> list[tuple[str, str]]:
    """Jobs whose worker stopped heartbeating: pending again, or failed when out of attempts.

    Idempotent and safe to run from every worker: the lease condition is the fence.
    Returns (job id, new status) pairs.
    """
    expired = (
        select(Job.id)
        .where(Job.status == JobStatus.PROCESSING, Job.lease_expires_at < now)
        .order_by(Job.lease_expires_at)
        .limit(limit)
    )
    out_of_attempts = Job.attempts >= Job.max_attempts
    values: dict[str, Any] = {
        "status": case(
            (Job.cancel_requested.is_(True), "cancelled"),
            (out_of_attempts, "failed"),
            else_="pending",
        ),
        "error": case(
            (
                Job.cancel_requested.is_(False) & out_of_attempts,
                literal({"type": "worker_lost", "message": WORKER_LOST_MESSAGE}, Job.error.type),
            ),
            else_=Job.error,
        ),
        "last_error": "lease expired: the worker stopped heartbeating",
        "completed_at": case((Job.cancel_requested.is_(True) | out_of_attempts, now), else_=None),
        "claimed_by": None,
        "lease_expires_at": None,
        "heartbeat_at": None,
        "run_after": now,
        "updated_at": now,
    }
    statement: Any
    if session.sync_session.get_bind().dialect.name == "postgresql":
        # Rows another transaction holds (a completion in progress) are not expired work.
        chosen = expired.with_for_update(skip_locked=True).cte("expired")
        statement = update(Job).where(Job.id == chosen.c.id, Job.status == JobStatus.PROCESSING)
    else:
        statement = update(Job).where(Job.id.in_(expired.scalar_subquery()))
    rows = (
        await session.execute(
            statement.values(**values).returning(
                Job.id, Job.status, Job.progress_completed, Job.progress_total
            ),
            execution_options=_NO_SYNC,
        )
    ).all()
    if rows:
        await announce(
            session,
            tuple(JobEvent(r.id, r.status, r.progress_completed, r.progress_total) for r in rows),
            available=any(row.status == JobStatus.PENDING for row in rows),
        )
    return [(row.id, row.status) for row in rows]
