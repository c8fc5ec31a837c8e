"""Every state change a worker makes, fenced by its claim.

A worker holds a job through `(id, claimed_by, attempts, status='processing')`. Each
statement here repeats that condition, so a worker whose lease was lost — rescued by
another worker, cancelled, or finished elsewhere — changes nothing. A change that finds
no row reports it; the caller logs and moves on.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, cast

from sqlalchemy import ColumnElement, Table, and_, bindparam, case, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.db.base import UTCDateTime, utcnow
from iepgen.models import Job, JobStatus
from iepgen.queue.signals import JobEvent, announce, notify_changed_column

_NO_SYNC = {"synchronize_session": False}
# The same shape as handlers.WriteOutput (not imported: handlers imports this module).
WriteOutputFn = Callable[[AsyncSession], Awaitable[dict[str, Any]]]
_jobs = cast(Table, Job.__table__)
# An executemany: one round trip stores every result of a group commit.
_RESULT_UPDATE = (
    update(_jobs).where(_jobs.c.id == bindparam("job_id")).values(result=bindparam("result"))
)


@dataclass(frozen=True)
class Claim:
    """What fences a worker's writes to one job."""

    job_id: str
    claimed_by: str
    attempts: int


CompletionOutcome = Literal["completed", "cancelled", "lost"]


def _held(claim: Claim) -> ColumnElement[bool]:
    return and_(
        Job.id == claim.job_id,
        Job.claimed_by == claim.claimed_by,
        Job.attempts == claim.attempts,
        Job.status == JobStatus.PROCESSING,
    )


_RETURNING = (Job.id, Job.status, Job.progress_completed, Job.progress_total)


async def _apply(session: AsyncSession, statement: Any, *, available: bool = False) -> str | None:
    """Run a fenced UPDATE … RETURNING; announce the change; return the new status or None."""
    row = (
        await session.execute(statement.returning(*_RETURNING), execution_options=_NO_SYNC)
    ).first()
    if row is None:
        return None
    await announce(
        session,
        (JobEvent(row.id, row.status, row.progress_completed, row.progress_total),),
        available=available and row.status == JobStatus.PENDING,
    )
    status: str = row.status
    return status


async def set_progress(
    session: AsyncSession,
    *,
    job_id: str,
    claimed_by: str,
    attempts: int,
    completed: int,
    total: int,
) -> bool:
    """Record progress; a worker that lost its claim changes nothing."""
    statement = (
        update(Job)
        .where(_held(Claim(job_id, claimed_by, attempts)))
        .values(
            progress_completed=max(0, completed), progress_total=max(0, total), updated_at=utcnow()
        )
    )
    return await _apply(session, statement) is not None


async def complete(
    session: AsyncSession,
    claim: Claim,
    write_output: WriteOutputFn,
    *,
    now: datetime | None = None,
) -> CompletionOutcome:
    """Mark the job completed and write its output in this transaction — or neither."""
    outcomes = await complete_many(session, [(claim, write_output)], now=now)
    return outcomes[0]


@functools.cache
def _finish_held_statement(status: Literal["completed", "cancelled"], notify: bool) -> Any:
    """Finish every job in :keys still held by :holder: completed (unless a cancel was
    requested meanwhile) or cancelled (only if one was). Built once, parameters bound."""
    now = bindparam("now", type_=UTCDateTime())
    returning = (notify_changed_column(status),) if notify else ()
    return (
        update(Job)
        .where(
            tuple_(Job.id, Job.attempts).in_(bindparam("keys", expanding=True)),
            Job.claimed_by == bindparam("holder"),
            Job.status == JobStatus.PROCESSING,
            Job.cancel_requested.is_(status == "cancelled"),
        )
        .values(status=status, completed_at=now, updated_at=now, lease_expires_at=None)
        .returning(*returning, *_RETURNING)
    )


async def complete_many(
    session: AsyncSession,
    items: Sequence[tuple[Claim, WriteOutputFn]],
    *,
    now: datetime | None = None,
) -> list[CompletionOutcome]:
    """Complete several jobs of one worker in this transaction (group commit).

    One fenced UPDATE marks every job still held and not cancelled; only those jobs'
    output writers run, so a worker that lost its lease never writes. Jobs a user asked
    to cancel meanwhile end as `cancelled` instead. If any writer raises, the caller's
    transaction rolls back as a whole.
    """
    if not items:
        return []
    now = now or utcnow()
    worker_ids = {claim.claimed_by for claim, _ in items}
    if len(worker_ids) != 1:
        raise ValueError("complete_many takes the claims of one worker")
    parameters = {
        "keys": [(claim.job_id, claim.attempts) for claim, _ in items],
        "holder": worker_ids.pop(),
        "now": now,
    }
    postgres = session.sync_session.get_bind().dialect.name == "postgresql"
    connection = await session.connection()
    statement = _finish_held_statement("completed", postgres)
    completed = {row.id: row for row in await connection.execute(statement, parameters)}
    results: list[dict[str, Any]] = []
    for claim, write_output in items:
        if claim.job_id in completed:
            result = await write_output(session)
            results.append({"job_id": claim.job_id, "result": result})
    if results:
        await connection.execute(_RESULT_UPDATE, results)
    cancelled: set[str] = set()
    if len(completed) < len(items):
        statement = _finish_held_statement("cancelled", False)
        cancelled = {row.id for row in await connection.execute(statement, parameters)}
    done = tuple(
        JobEvent(row.id, "completed", row.progress_completed, row.progress_total)
        for row in completed.values()
    )
    await announce(session, done, notified=postgres)
    await announce(session, tuple(JobEvent(job_id, "cancelled") for job_id in cancelled))
    return [
        "completed"
        if claim.job_id in completed
        else "cancelled"
        if claim.job_id in cancelled
        else "lost"
        for claim, _ in items
    ]


async def mark_cancelled(
    session: AsyncSession, claim: Claim, *, now: datetime | None = None
) -> bool:
    """A cancel was requested and the task stopped: the job ends as `cancelled`."""
    now = now or utcnow()
    statement = (
        update(Job)
        .where(_held(claim), Job.cancel_requested.is_(True))
        .values(status=JobStatus.CANCELLED, completed_at=now, updated_at=now, lease_expires_at=None)
    )
    return await _apply(session, statement) is not None


async def fail(
    session: AsyncSession,
    claim: Claim,
    *,
    error_type: str,
    message: str,
    now: datetime | None = None,
) -> bool:
    """The job failed for good; `message` is what the teacher reads."""
    now = now or utcnow()
    statement = (
        update(Job)
        .where(_held(claim))
        .values(
            status=JobStatus.FAILED,
            error={"type": error_type, "message": message},
            last_error=message,
            completed_at=now,
            updated_at=now,
            lease_expires_at=None,
        )
    )
    return await _apply(session, statement) is not None


def _back_to_pending(run_after: datetime, now: datetime) -> dict[str, Any]:
    """Values that return a job to pending, unless a cancel was requested meanwhile."""
    return {
        "status": case((Job.cancel_requested.is_(True), "cancelled"), else_="pending"),
        "completed_at": case((Job.cancel_requested.is_(True), now), else_=None),
        "run_after": run_after,
        "claimed_by": None,
        "lease_expires_at": None,
        "heartbeat_at": None,
        "updated_at": now,
    }


async def retry_later(
    session: AsyncSession,
    claim: Claim,
    *,
    delay_seconds: float,
    last_error: str,
    now: datetime | None = None,
) -> str | None:
    """A transient failure with attempts left: pending again after the backoff delay."""
    now = now or utcnow()
    values = _back_to_pending(now + timedelta(seconds=delay_seconds), now)
    statement = update(Job).where(_held(claim)).values(last_error=last_error, **values)
    return await _apply(session, statement, available=delay_seconds <= 0)


async def snooze(
    session: AsyncSession,
    claim: Claim,
    *,
    delay_seconds: float,
    reason: str,
    now: datetime | None = None,
) -> str | None:
    """Not now (rate limit, open circuit): pending again later, the attempt given back."""
    now = now or utcnow()
    values = _back_to_pending(now + timedelta(seconds=delay_seconds), now)
    statement = (
        update(Job)
        .where(_held(claim))
        .values(attempts=Job.attempts - 1, snoozes=Job.snoozes + 1, last_error=reason, **values)
    )
    return await _apply(session, statement, available=delay_seconds <= 0)


async def release(
    session: AsyncSession, claim: Claim, *, now: datetime | None = None
) -> str | None:
    """Shutdown stopped the job before it finished: pending now, the attempt given back."""
    now = now or utcnow()
    statement = (
        update(Job)
        .where(_held(claim))
        .values(attempts=Job.attempts - 1, **_back_to_pending(now, now))
    )
    return await _apply(session, statement, available=True)
