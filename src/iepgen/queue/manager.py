"""The queue's operations for callers (API, CLI): enqueue, read, cancel, retry, stats, cleanup.

Every function takes the caller's session and never commits: the job is part of the
caller's unit of work, so a request that rolls back leaves no job behind.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Select, and_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings, get_settings
from iepgen.db.base import new_id, utcnow
from iepgen.db.paging import fetch_page
from iepgen.errors import Conflict, NotFound
from iepgen.models import ACTIVE_STATUSES, RETRYABLE_STATUSES, Job, JobStatus
from iepgen.queue.cleanup import cleanup
from iepgen.queue.signals import JobEvent, announce
from iepgen.queue.stats import QueueSnapshot, queue_stats, take_snapshot

__all__ = [
    "JobSpec",
    "QueueSnapshot",
    "cleanup",
    "dedupe_key_for",
    "enqueue",
    "enqueue_many",
    "find_active",
    "find_by_idempotency_key",
    "get_job",
    "list_jobs",
    "lock_submitter",
    "nth_newest_since",
    "queue_stats",
    "request_cancel",
    "retry_job",
    "take_snapshot",
]

_NO_SYNC = {"synchronize_session": False}
# An insert that lost the dedupe race to a job that finished a moment later tries again.
_ENQUEUE_ROUNDS = 3


def dedupe_key_for(created_by: str | None, job_type: str, payload: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of who asked for what: equal requests share a key."""
    canonical = orjson.dumps(
        {"created_by": created_by, "job_type": job_type, "payload": payload},
        option=orjson.OPT_SORT_KEYS,
    )
    return hashlib.sha256(canonical).hexdigest()


@dataclass(frozen=True)
class JobSpec:
    """One job for `enqueue_many`: the keywords `enqueue` takes."""

    job_type: str
    payload: dict[str, Any]
    created_by: str | None = None
    priority: int = 5
    max_attempts: int | None = None
    dedupe_key: str | None = None
    idempotency_key: str | None = None
    run_after: datetime | None = None
    retry_of: str | None = None


def _insert_ignoring_duplicates(session: AsyncSession) -> Any:
    dialect = session.sync_session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # No conflict target: both the active-dedupe partial index and the idempotency
    # constraint turn a duplicate into "no row", never an error or a second job.
    return insert(Job).on_conflict_do_nothing().returning(Job)


def _row(spec: JobSpec, *, now: datetime, max_attempts: int) -> dict[str, Any]:
    return {
        "id": new_id(),
        "job_type": spec.job_type,
        "status": JobStatus.PENDING,
        "priority": spec.priority,
        "payload": spec.payload,
        "dedupe_key": spec.dedupe_key,
        "idempotency_key": spec.idempotency_key,
        "max_attempts": spec.max_attempts if spec.max_attempts is not None else max_attempts,
        "run_after": spec.run_after or now,
        "created_by": spec.created_by,
        "retry_of": spec.retry_of,
        "created_at": now,
        "updated_at": now,
    }


async def enqueue(
    session: AsyncSession,
    *,
    job_type: str,
    payload: dict[str, Any],
    created_by: str | None,
    priority: int = 5,
    max_attempts: int | None = None,
    dedupe_key: str | None = None,
    idempotency_key: str | None = None,
    run_after: datetime | None = None,
    retry_of: str | None = None,
    settings: Settings | None = None,
) -> tuple[Job, bool]:
    """Add a job in the caller's transaction; returns (job, deduplicated).

    With `dedupe_key`, an active job with the same key is returned instead of a new one.
    With `idempotency_key`, the first job this user submitted under that key is returned,
    whatever its state. Workers are woken once the caller commits.
    """
    spec = JobSpec(
        job_type=job_type,
        payload=payload,
        created_by=created_by,
        priority=priority,
        max_attempts=max_attempts,
        dedupe_key=dedupe_key,
        idempotency_key=idempotency_key,
        run_after=run_after,
        retry_of=retry_of,
    )
    default_attempts = (settings or get_settings()).max_retries + 1
    for _ in range(_ENQUEUE_ROUNDS):
        if idempotency_key is not None:
            existing = await find_by_idempotency_key(session, created_by, idempotency_key)
            if existing is not None:
                return existing, True
        row = _row(spec, now=utcnow(), max_attempts=default_attempts)
        job = (await session.scalars(_insert_ignoring_duplicates(session), [row])).first()
        if job is not None:
            # Nobody can be watching a job that did not exist: only workers need to know.
            await announce(session, available=job.run_after <= utcnow())
            return job, False
        if idempotency_key is not None:
            existing = await find_by_idempotency_key(session, created_by, idempotency_key)
            if existing is not None:
                return existing, True
        if dedupe_key is not None:
            active = await find_active(session, dedupe_key)
            if active is not None:
                return active, True
    raise Conflict("An identical job is changing state right now; submit it again.")


async def enqueue_many(
    session: AsyncSession, specs: Sequence[JobSpec], *, settings: Settings | None = None
) -> list[tuple[Job, bool]]:
    """Enqueue a bulk submission with one multi-row INSERT; the same rules as `enqueue`.

    Returns (job, deduplicated) per spec, in order. A spec that hit a duplicate is
    resolved as `enqueue` resolves it (its idempotent or active twin).
    """
    if not specs:
        return []
    default_attempts = (settings or get_settings()).max_retries + 1
    now = utcnow()
    rows = [_row(spec, now=now, max_attempts=default_attempts) for spec in specs]
    inserted = {
        job.id: job
        for job in (await session.scalars(_insert_ignoring_duplicates(session), rows)).all()
    }
    if inserted:
        await announce(session, available=any(job.run_after <= now for job in inserted.values()))
    results: list[tuple[Job, bool]] = []
    for spec, row in zip(specs, rows, strict=True):
        job = inserted.get(row["id"])
        if job is not None:
            results.append((job, False))
            continue
        results.append(
            await enqueue(
                session,
                job_type=spec.job_type,
                payload=spec.payload,
                created_by=spec.created_by,
                priority=spec.priority,
                max_attempts=spec.max_attempts,
                dedupe_key=spec.dedupe_key,
                idempotency_key=spec.idempotency_key,
                run_after=spec.run_after,
                retry_of=spec.retry_of,
                settings=settings,
            )
        )
    return results


async def find_by_idempotency_key(
    session: AsyncSession, created_by: str | None, key: str
) -> Job | None:
    """The job this user first submitted under `key`, whatever its state."""
    if created_by is None:
        statement = select(Job).where(Job.created_by.is_(None), Job.idempotency_key == key)
    else:
        statement = select(Job).where(Job.created_by == created_by, Job.idempotency_key == key)
    return (await session.scalars(statement.limit(1))).first()


async def find_active(session: AsyncSession, key: str) -> Job | None:
    """The pending or processing job with this dedupe key, if any (there is at most one)."""
    statement = select(Job).where(Job.dedupe_key == key, Job.status.in_(ACTIVE_STATUSES))
    return (await session.scalars(statement.limit(1))).first()


async def raise_pending_priority(session: AsyncSession, job_id: str, priority: int) -> bool:
    """Raise a still-pending job's priority (never lower it); True when the row changed."""
    result = await session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == JobStatus.PENDING, Job.priority < priority)
        .values(priority=priority, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def get_job(session: AsyncSession, job_id: str) -> Job | None:
    return await session.get(Job, job_id, populate_existing=True)


def _listed(created_by: str | None, status: str | None, job_type: str | None) -> Select[Job]:
    query = select(Job)
    if created_by is not None:
        query = query.where(Job.created_by == created_by)
    if status is not None:
        query = query.where(Job.status == status)
    if job_type is not None:
        query = query.where(Job.job_type == job_type)
    return query


async def list_jobs(
    session: AsyncSession,
    *,
    created_by: str | None,
    status: str | None,
    job_type: str | None,
    limit: int,
    offset: int,
) -> tuple[list[Job], int]:
    """A page of jobs newest first, and how many match; `created_by=None`: everyone's."""
    query = _listed(created_by, status, job_type)
    return await fetch_page(
        session, query, Job.created_at.desc(), Job.id.desc(), limit=limit, offset=offset
    )


def _submitter_lock_key(user_id: str) -> int:
    # A signed 64-bit key for pg_advisory_xact_lock, stable across processes and hosts.
    digest = hashlib.sha256(f"iepgen.jobs.submit:{user_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


async def lock_submitter(session: AsyncSession, user_id: str) -> None:
    """Make one user's submissions take turns until this transaction ends.

    SQLite write transactions already do (BEGIN IMMEDIATE); PostgreSQL needs a lock so two
    concurrent requests cannot both count the same window and both get through.
    """
    if session.sync_session.get_bind().dialect.name == "postgresql":
        await session.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": _submitter_lock_key(user_id)}
        )


async def nth_newest_since(
    session: AsyncSession, user_id: str, since: datetime, n: int
) -> datetime | None:
    """When the user's `n`-th newest job created since `since` was created (None: fewer)."""
    return await session.scalar(
        select(Job.created_at)
        .where(Job.created_by == user_id, Job.created_at >= since)
        .order_by(Job.created_at.desc())
        .offset(n - 1)
        .limit(1)
    )


async def request_cancel(session: AsyncSession, job_id: str) -> Job:
    """Pending: cancelled now. Processing: its worker stops it within a heartbeat. Else 409."""
    now = utcnow()
    cancelled = (
        await session.execute(
            update(Job)
            .where(and_(Job.id == job_id, Job.status == JobStatus.PENDING))
            .values(
                status=JobStatus.CANCELLED, cancel_requested=True, completed_at=now, updated_at=now
            )
            .returning(Job.id),
            execution_options=_NO_SYNC,
        )
    ).first()
    if cancelled is not None:
        await announce(session, (JobEvent(job_id, "cancelled"),))
    else:
        await session.execute(
            update(Job)
            .where(and_(Job.id == job_id, Job.status == JobStatus.PROCESSING))
            .values(cancel_requested=True, updated_at=now),
            execution_options=_NO_SYNC,
        )
    job = await get_job(session, job_id)
    if job is None:
        raise NotFound("No such job.")
    if cancelled is None and job.status != JobStatus.PROCESSING:
        raise Conflict(f"This job has already finished ({job.status}); it cannot be cancelled.")
    return job


async def retry_job(session: AsyncSession, job_id: str, created_by: str | None) -> Job:
    """Submit a failed or cancelled job again as a new pending job (`retry_of` links them)."""
    original = await get_job(session, job_id)
    if original is None:
        raise NotFound("No such job.")
    if original.status not in RETRYABLE_STATUSES:
        raise Conflict(
            f"Only a failed or cancelled job can be retried; this one is {original.status}."
        )
    job, _ = await enqueue(
        session,
        job_type=original.job_type,
        payload=original.payload,
        created_by=created_by,
        priority=original.priority,
        max_attempts=original.max_attempts,
        dedupe_key=original.dedupe_key,
        retry_of=original.id,
    )
    return job
