"""The statements behind `/api/v1/jobs` that the queue's manager does not already offer."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import Select, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.db.base import utcnow
from iepgen.models import ACTIVE_STATUSES, Job


def _visible(created_by: str | None, status: str | None, job_type: str | None) -> Select[Job]:
    query = select(Job)
    if created_by is not None:
        query = query.where(Job.created_by == created_by)
    if status is not None:
        query = query.where(Job.status == status)
    if job_type is not None:
        query = query.where(Job.job_type == job_type)
    return query


async def page(
    session: AsyncSession,
    *,
    created_by: str | None,
    status: str | None,
    job_type: str | None,
    limit: int,
    offset: int,
) -> tuple[list[Job], int]:
    """Jobs newest first; `created_by=None` means everyone's (an admin's view)."""
    query = _visible(created_by, status, job_type)
    total = (await session.execute(select(func.count()).select_from(query.subquery()))).scalar_one()
    rows = await session.scalars(
        query.order_by(Job.created_at.desc(), Job.id.desc()).limit(limit).offset(offset)
    )
    return list(rows), total


async def active_with_dedupe_key(session: AsyncSession, dedupe_key: str) -> Job | None:
    statement = select(Job).where(Job.dedupe_key == dedupe_key, Job.status.in_(ACTIVE_STATUSES))
    return (await session.scalars(statement.limit(1))).first()


async def by_idempotency_key(session: AsyncSession, created_by: str, key: str) -> Job | None:
    statement = select(Job).where(Job.created_by == created_by, Job.idempotency_key == key)
    return (await session.scalars(statement.limit(1))).first()


def _lock_key(user_id: str) -> int:
    # A signed 64-bit key for pg_advisory_xact_lock, stable across processes and hosts.
    digest = hashlib.sha256(f"iepgen.jobs.submit:{user_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


async def serialise_submissions(session: AsyncSession, user_id: str) -> None:
    """Make one user's submissions take turns until this transaction ends.

    SQLite write transactions already do (BEGIN IMMEDIATE); PostgreSQL needs a lock so two
    concurrent requests cannot both count the same window and both get through.
    """
    if session.sync_session.get_bind().dialect.name == "postgresql":
        await session.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": _lock_key(user_id)}
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


async def raise_pending_priority(session: AsyncSession, job_id: str, priority: int) -> bool:
    """Raise a still-pending job's priority (never lower it); True when the row changed."""
    result = await session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == "pending", Job.priority < priority)
        .values(priority=priority, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
