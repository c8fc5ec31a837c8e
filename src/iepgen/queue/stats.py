"""One snapshot of the queue, read by health, queue-stats and `/metrics` alike.

`take_snapshot` is the cheap part every caller needs (counts by type and status, the oldest
pending job's age, live and stale workers); `queue_stats` adds what only operators read
(throughput and run times over the last hour, each live worker's row).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.models import Job, JobStatus, WorkerRecord

# Run times come from at most this many recent completions, so stats stay cheap.
RUN_TIME_SAMPLE = 5000


@dataclass(frozen=True)
class QueueSnapshot:
    """The queue at one moment."""

    counts: dict[tuple[str, str], int]  # (job type, status) → jobs
    oldest_pending_seconds: float | None
    workers_live: int
    workers_stale: int  # registered, not stopped cleanly, silent for a lease period

    def by_status(self) -> dict[str, int]:
        totals = dict.fromkeys((str(status) for status in JobStatus), 0)
        for (_, status), count in self.counts.items():
            totals[status] = totals.get(status, 0) + count
        return totals

    def by_type(self) -> dict[str, dict[str, int]]:
        result: dict[str, dict[str, int]] = {}
        for (job_type, status), count in self.counts.items():
            result.setdefault(job_type, dict.fromkeys((str(s) for s in JobStatus), 0))
            result[job_type][status] = count
        return result


async def take_snapshot(
    session: AsyncSession, *, now: datetime, live_within_seconds: float
) -> QueueSnapshot:
    """Counts, the oldest pending age and worker liveness in three small queries."""
    rows = await session.execute(
        select(Job.job_type, Job.status, func.count()).group_by(Job.job_type, Job.status)
    )
    counts = {(job_type, status): count for job_type, status, count in rows}
    oldest = await session.scalar(
        select(func.min(Job.created_at)).where(Job.status == JobStatus.PENDING)
    )
    cutoff = now - timedelta(seconds=live_within_seconds)
    is_live = WorkerRecord.last_heartbeat_at >= cutoff
    liveness = await session.execute(
        select(is_live, func.count()).where(WorkerRecord.status != "stopped").group_by(is_live)
    )
    workers = {bool(live): count for live, count in liveness}
    return QueueSnapshot(
        counts=counts,
        oldest_pending_seconds=(
            round(max(0.0, (now - oldest).total_seconds()), 3) if oldest else None
        ),
        workers_live=workers.get(True, 0),
        workers_stale=workers.get(False, 0),
    )


async def result_totals(session: AsyncSession, keys: tuple[str, ...]) -> tuple[int, dict[str, int]]:
    """Sums of integer fields of job results, and how many results carry the first key."""
    sums = [func.coalesce(func.sum(Job.result[key].as_integer()), 0) for key in keys]
    row = (await session.execute(select(func.count(Job.result[keys[0]].as_integer()), *sums))).one()
    jobs, *totals = row
    return int(jobs), {key: int(total) for key, total in zip(keys, totals, strict=True)}


def _p95(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


async def queue_stats(
    session: AsyncSession, *, now: datetime, live_within_seconds: float = 180.0
) -> dict[str, Any]:
    """Everything `GET /jobs/admin/queue-stats` reports about the queue itself."""
    snapshot = await take_snapshot(session, now=now, live_within_seconds=live_within_seconds)
    hour_ago = now - timedelta(hours=1)
    finished = await session.execute(
        select(Job.started_at, Job.completed_at)
        .where(Job.status == JobStatus.COMPLETED, Job.completed_at >= hour_ago)
        .order_by(Job.completed_at.desc())
        .limit(RUN_TIME_SAMPLE)
    )
    run_times = [
        (completed - started).total_seconds()
        for started, completed in finished
        if started is not None and completed is not None
    ]
    completed_last_hour = await session.scalar(
        select(func.count()).where(Job.status == JobStatus.COMPLETED, Job.completed_at >= hour_ago)
    )
    return {
        "counts": snapshot.by_status(),
        "by_job_type": snapshot.by_type(),
        "oldest_pending_age_seconds": snapshot.oldest_pending_seconds,
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
