"""Queue statistics for operators: counts, age, throughput, run times and live workers."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.models import Job, WorkerRecord

STATUSES = ("pending", "processing", "completed", "failed", "cancelled", "archived")
# Run times come from at most this many recent completions, so stats stay cheap.
RUN_TIME_SAMPLE = 5000


def _p95(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


async def queue_stats(
    session: AsyncSession, *, now: datetime, live_within_seconds: float = 180.0
) -> dict[str, Any]:
    """Everything `GET /jobs/admin/queue-stats` reports about the queue itself."""
    by_status = dict.fromkeys(STATUSES, 0)
    by_type: dict[str, dict[str, int]] = {}
    rows = await session.execute(
        select(Job.job_type, Job.status, func.count()).group_by(Job.job_type, Job.status)
    )
    for job_type, status, count in rows:
        by_status[status] = by_status.get(status, 0) + count
        by_type.setdefault(job_type, dict.fromkeys(STATUSES, 0))[status] = count

    oldest = await session.scalar(select(func.min(Job.created_at)).where(Job.status == "pending"))
    hour_ago = now - timedelta(hours=1)
    finished = await session.execute(
        select(Job.started_at, Job.completed_at)
        .where(Job.status == "completed", Job.completed_at >= hour_ago)
        .order_by(Job.completed_at.desc())
        .limit(RUN_TIME_SAMPLE)
    )
    run_times = [
        (completed - started).total_seconds()
        for started, completed in finished
        if started is not None and completed is not None
    ]
    completed_last_hour = await session.scalar(
        select(func.count()).where(Job.status == "completed", Job.completed_at >= hour_ago)
    )
    return {
        "counts": by_status,
        "by_job_type": by_type,
        "oldest_pending_age_seconds": (
            round(max(0.0, (now - oldest).total_seconds()), 3) if oldest else None
        ),
        "completed_last_hour": completed_last_hour or 0,
        "completed_per_minute": round((completed_last_hour or 0) / 60, 3),
        "run_time_seconds": {
            "mean": round(sum(run_times) / len(run_times), 3) if run_times else None,
            "p95": round(p95, 3) if (p95 := _p95(run_times)) is not None else None,
            "sample": len(run_times),
        },
        "workers": await live_workers(session, now=now, within_seconds=live_within_seconds),
    }


async def live_workers(
    session: AsyncSession, *, now: datetime, within_seconds: float
) -> list[dict[str, Any]]:
    """Workers that are not stopped and heartbeated recently, newest heartbeat first."""
    rows = await session.scalars(
        select(WorkerRecord)
        .where(
            WorkerRecord.status != "stopped",
            WorkerRecord.last_heartbeat_at >= now - timedelta(seconds=within_seconds),
        )
        .order_by(WorkerRecord.last_heartbeat_at.desc())
    )
    return [
        {
            "id": worker.id,
            "host": worker.hostname,
            "pid": worker.pid,
            "status": worker.status,
            "concurrency": worker.concurrency,
            "started_at": worker.started_at,
            "last_heartbeat_at": worker.last_heartbeat_at,
            "in_flight": list(worker.in_flight),
            "jobs_completed": worker.jobs_completed,
        }
        for worker in rows
    ]
