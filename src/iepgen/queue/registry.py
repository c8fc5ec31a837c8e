"""The worker registry: each worker process's row (who, where, alive when, running what)."""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.models import WorkerRecord

_NO_SYNC = {"synchronize_session": False}


def new_worker_id() -> str:
    """host:pid:random — unique even when a pid is reused after a restart."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


async def register(
    session: AsyncSession, *, worker_id: str, concurrency: int, now: datetime
) -> None:
    session.add(
        WorkerRecord(
            id=worker_id,
            hostname=socket.gethostname(),
            pid=os.getpid(),
            concurrency=concurrency,
            status="running",
            in_flight=[],
            started_at=now,
            last_heartbeat_at=now,
        )
    )
    await session.flush()


async def heartbeat(
    session: AsyncSession,
    *,
    worker_id: str,
    in_flight: Collection[str],
    jobs_completed: int,
    status: str,
    now: datetime,
) -> None:
    await session.execute(
        update(WorkerRecord)
        .where(WorkerRecord.id == worker_id)
        .values(
            last_heartbeat_at=now,
            in_flight=sorted(in_flight),
            jobs_completed=jobs_completed,
            status=status,
        ),
        execution_options=_NO_SYNC,
    )


async def mark_stopped(
    session: AsyncSession, *, worker_id: str, jobs_completed: int, now: datetime
) -> None:
    await session.execute(
        update(WorkerRecord)
        .where(WorkerRecord.id == worker_id)
        .values(
            status="stopped",
            in_flight=[],
            jobs_completed=jobs_completed,
            stopped_at=now,
            last_heartbeat_at=now,
        ),
        execution_options=_NO_SYNC,
    )


async def prune(session: AsyncSession, *, older_than: timedelta, now: datetime) -> int:
    """Forget workers stopped (or silent) for longer than `older_than`."""
    cutoff = now - older_than
    result = await session.execute(
        delete(WorkerRecord)
        .where(
            or_(
                WorkerRecord.stopped_at < cutoff,
                WorkerRecord.last_heartbeat_at < cutoff,
            )
        )
        .returning(WorkerRecord.id),
        execution_options=_NO_SYNC,
    )
    return len(result.all())
