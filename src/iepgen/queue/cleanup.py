"""Retention: finished jobs are archived after N days, archived ones deleted later, in batches."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.db import Database
from iepgen.db.base import utcnow
from iepgen.models import FINISHED_STATUSES, Job, JobStatus

_NO_SYNC = {"synchronize_session": False}


async def archive_batch(
    session: AsyncSession, *, finished_before: datetime, batch_size: int, now: datetime
) -> int:
    """Archive up to `batch_size` jobs that finished before `finished_before`."""
    ids = (
        select(Job.id)
        .where(Job.status.in_(FINISHED_STATUSES), Job.completed_at < finished_before)
        .limit(batch_size)
        .scalar_subquery()
    )
    result = await session.execute(
        update(Job)
        .where(Job.id.in_(ids), Job.status.in_(FINISHED_STATUSES))
        .values(status=JobStatus.ARCHIVED, updated_at=now)
        .returning(Job.id),
        execution_options=_NO_SYNC,
    )
    return len(result.all())


async def delete_batch(session: AsyncSession, *, finished_before: datetime, batch_size: int) -> int:
    """Delete up to `batch_size` archived jobs that finished before `finished_before`."""
    ids = (
        select(Job.id)
        .where(Job.status == JobStatus.ARCHIVED, Job.completed_at < finished_before)
        .limit(batch_size)
        .scalar_subquery()
    )
    result = await session.execute(
        delete(Job).where(Job.id.in_(ids), Job.status == JobStatus.ARCHIVED).returning(Job.id),
        execution_options=_NO_SYNC,
    )
    return len(result.all())


async def cleanup(
    session: AsyncSession,
    *,
    older_than_days: int,
    delete_archived_older_than_days: int,
    batch_size: int = 500,
    now: datetime | None = None,
) -> dict[str, int]:
    """Archive and delete in the caller's transaction, batch by batch; returns the counts."""
    now = now or utcnow()
    archived = deleted = 0
    archive_before = now - timedelta(days=older_than_days)
    delete_before = now - timedelta(days=delete_archived_older_than_days)
    while count := await archive_batch(
        session, finished_before=archive_before, batch_size=batch_size, now=now
    ):
        archived += count
    while count := await delete_batch(
        session, finished_before=delete_before, batch_size=batch_size
    ):
        deleted += count
    return {"archived": archived, "deleted": deleted}


async def run_cleanup(
    database: Database,
    *,
    older_than_days: int,
    delete_archived_older_than_days: int,
    batch_size: int = 500,
) -> dict[str, int]:
    """The worker's scheduled cleanup: one short transaction per batch, so claims never wait."""
    now = utcnow()
    archived = deleted = 0
    while True:
        async with database.transaction() as session:
            count = await archive_batch(
                session,
                finished_before=now - timedelta(days=older_than_days),
                batch_size=batch_size,
                now=now,
            )
        archived += count
        if count < batch_size:
            break
    while True:
        async with database.transaction() as session:
            count = await delete_batch(
                session,
                finished_before=now - timedelta(days=delete_archived_older_than_days),
                batch_size=batch_size,
            )
        deleted += count
        if count < batch_size:
            break
    return {"archived": archived, "deleted": deleted}
