"""Operators' view: queue statistics and retention cleanup, with exact numbers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from iepgen.db import Database
from iepgen.db.base import utcnow
from iepgen.models import Job, WorkerRecord
from iepgen.queue import cleanup, queue_stats
from iepgen.queue.cleanup import run_cleanup
from tests.integration.queue.conftest import add_job

pytestmark = pytest.mark.both_databases


async def test_queue_stats_reports_counts_age_throughput_run_times_and_workers(
    database: Database,
) -> None:
    now = utcnow()
    pending_old = await add_job(database, job_type="iep_generation")
    await add_job(database, job_type="iep_generation")
    runs = [await add_job(database, job_type="section_generation") for _ in range(4)]
    failed = await add_job(database, job_type="iep_generation")
    async with database.transaction() as session:
        await session.execute(
            update(Job)
            .where(Job.id == pending_old.id)
            .values(created_at=now - timedelta(seconds=90))
        )
        for seconds, job in zip((1, 2, 3, 10), runs, strict=True):
            await session.execute(
                update(Job)
                .where(Job.id == job.id)
                .values(
                    status="completed",
                    started_at=now - timedelta(minutes=5, seconds=seconds),
                    completed_at=now - timedelta(minutes=5),
                )
            )
        await session.execute(
            update(Job).where(Job.id == failed.id).values(status="failed", completed_at=now)
        )
        session.add_all(
            [
                WorkerRecord(
                    id="host-a:11:aaaaaa",
                    hostname="host-a",
                    pid=11,
                    concurrency=8,
                    in_flight=["j1"],
                    last_heartbeat_at=now,
                ),
                WorkerRecord(
                    id="host-b:12:bbbbbb",
                    hostname="host-b",
                    pid=12,
                    concurrency=8,
                    last_heartbeat_at=now - timedelta(hours=1),
                ),
                WorkerRecord(
                    id="host-c:13:cccccc",
                    hostname="host-c",
                    pid=13,
                    concurrency=8,
                    status="stopped",
                    last_heartbeat_at=now,
                ),
            ]
        )
    async with database.read() as session:
        stats = await queue_stats(session, now=now)
    assert stats["counts"] == {
        "pending": 2,
        "processing": 0,
        "completed": 4,
        "failed": 1,
        "cancelled": 0,
        "archived": 0,
    }
    assert stats["by_job_type"]["section_generation"]["completed"] == 4
    assert stats["by_job_type"]["iep_generation"]["pending"] == 2
    assert 89 <= stats["oldest_pending_age_seconds"] <= 100
    assert stats["completed_last_hour"] == 4
    assert stats["completed_per_minute"] == round(4 / 60, 3)
    assert stats["run_time_seconds"] == {"mean": 4.0, "p95": 10.0, "sample": 4}
    assert [worker["id"] for worker in stats["workers"]] == ["host-a:11:aaaaaa"]
    live = stats["workers"][0]
    assert (live["host"], live["pid"], live["in_flight"]) == ("host-a", 11, ["j1"])
    assert live["last_heartbeat_at"] == now


async def test_an_empty_queue_has_no_ages_or_run_times(database: Database) -> None:
    async with database.read() as session:
        stats = await queue_stats(session, now=utcnow())
    assert stats["oldest_pending_age_seconds"] is None
    assert stats["run_time_seconds"] == {"mean": None, "p95": None, "sample": 0}
    assert sum(stats["counts"].values()) == 0 and stats["workers"] == []


async def _finished(database: Database, status: str, days_ago: float) -> str:
    job = await add_job(database)
    async with database.transaction() as session:
        await session.execute(
            update(Job)
            .where(Job.id == job.id)
            .values(status=status, completed_at=utcnow() - timedelta(days=days_ago))
        )
    return job.id


async def _statuses(database: Database) -> dict[str, int]:
    async with database.read() as session:
        rows = await session.execute(select(Job.status, func.count()).group_by(Job.status))
        return {status: count for status, count in rows}


async def test_cleanup_archives_old_finished_jobs_and_deletes_old_archived_ones(
    database: Database,
) -> None:
    for status in ("completed", "failed", "cancelled"):
        await _finished(database, status, days_ago=40)
    await _finished(database, "completed", days_ago=5)  # too recent
    await _finished(database, "archived", days_ago=400)  # past the archive retention
    await _finished(database, "archived", days_ago=100)  # archived, still kept
    await add_job(database)  # pending: never touched
    async with database.transaction() as session:
        counts = await cleanup(
            session, older_than_days=30, delete_archived_older_than_days=365, batch_size=2
        )
    assert counts == {"archived": 3, "deleted": 1}
    assert await _statuses(database) == {"archived": 4, "completed": 1, "pending": 1}


async def test_the_scheduled_cleanup_works_in_batches_of_its_own(database: Database) -> None:
    for _ in range(5):
        await _finished(database, "completed", days_ago=40)
    counts = await run_cleanup(
        database, older_than_days=30, delete_archived_older_than_days=1, batch_size=2
    )
    # Retention counts from completion: finished 40 days ago, these are archived and, being
    # past the one-day archive limit too, deleted in the same run.
    assert counts == {"archived": 5, "deleted": 5}
    assert await _statuses(database) == {}
