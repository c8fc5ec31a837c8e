"""Real worker processes: many draining thousands of jobs, kill -9, and SIGTERM mid-job."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.models import Job, WorkerRecord
from iepgen.queue import JobSpec, enqueue_many
from tests.integration.queue.conftest import add_job, eventually, load, wait_for
from tests.integration.queue.fleet import Fleet
from tests.integration.queue.recording_worker import OUTPUTS_DDL

pytestmark = [pytest.mark.both_databases, pytest.mark.slow]


@pytest.fixture
async def outputs(database: Database) -> AsyncIterator[None]:
    async with database.transaction() as session:
        await session.execute(text(OUTPUTS_DDL))
        await session.execute(text("DELETE FROM queue_test_outputs"))
    yield


@pytest.fixture
def fleet(settings: Settings, tmp_path: Path) -> Iterator[Fleet]:
    workers = Fleet(settings.database_url, tmp_path)
    try:
        yield workers
    finally:
        workers.kill_all()


async def _outputs_per_job(database: Database) -> dict[str, int]:
    async with database.read() as session:
        rows = await session.execute(
            text("SELECT job_id, COUNT(*) FROM queue_test_outputs GROUP BY job_id")
        )
        return {job_id: count for job_id, count in rows}


def _started(fleet: Fleet, jobs: int) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return len(fleet.executions()) >= jobs

    return check


async def _count(database: Database, *statuses: str) -> int:
    async with database.read() as session:
        statement = select(func.count()).select_from(Job).where(Job.status.in_(statuses))
        return await session.scalar(statement) or 0


async def test_many_processes_drain_thousands_of_jobs_each_exactly_once(
    database: Database, outputs: None, fleet: Fleet
) -> None:
    total, processes, slots = 2000, 4, 8
    for _ in range(processes):
        # A long lease: a process starved of CPU for a few seconds must not look dead.
        fleet.start(concurrency=slots, claim_timeout=15, poll_interval=0.5)

    async def all_registered() -> bool:
        async with database.read() as session:
            registered = await session.scalar(select(func.count()).select_from(WorkerRecord))
        return registered == processes

    # Every process is up before the first job, so each can take a share.
    assert await eventually(all_registered, within=60), fleet.output()[-3000:]
    # Enqueue while the workers run, as a bulk submission would: 100 per transaction.
    for start in range(0, total, 100):
        batch = [JobSpec("record", {"n": n}) for n in range(start, start + 100)]
        async with database.transaction() as session:
            await enqueue_many(session, batch)

    async def drained() -> bool:
        return await _count(database, "completed") == total

    await eventually(drained, within=90, every=0.25)
    fleet.signal_all(signal.SIGTERM)
    codes = fleet.wait_all(timeout=30)
    output = fleet.output()
    assert codes == [0] * processes, output[-3000:]
    assert "database is locked" not in output
    assert await _count(database, "completed") == total
    assert await _count(database, "pending", "processing", "failed") == 0
    executions = fleet.executions()
    assert len(executions) == total and set(executions.values()) == {1}
    per_job = await _outputs_per_job(database)
    assert len(per_job) == total and set(per_job.values()) == {1}
    async with database.read() as session:
        assert await session.scalar(select(func.max(Job.attempts))) == 1
        pids = await session.scalar(text("SELECT COUNT(DISTINCT pid) FROM queue_test_outputs"))
        workers = (await session.scalars(select(WorkerRecord.status))).all()
    assert pids == processes  # every process took a share
    assert sorted(workers) == ["stopped"] * processes


async def test_a_killed_worker_s_job_is_rescued_and_completed_once(
    database: Database, outputs: None, fleet: Fleet
) -> None:
    doomed = fleet.start(concurrency=1, claim_timeout=2)
    job = await add_job(database, "record", payload={"first_attempt_sleep": 60})
    await wait_for(database, job.id, statuses=("processing",))
    assert await eventually(_started(fleet, 1), within=20)
    os.kill(doomed.pid, signal.SIGKILL)  # mid-job: no release, no goodbye
    doomed.wait()
    fleet.start(concurrency=1, claim_timeout=2)
    done = await wait_for(database, job.id, within=30)
    assert (done.status, done.attempts) == ("completed", 2)
    assert fleet.executions()[job.id] == 2  # it ran twice...
    assert await _outputs_per_job(database) == {job.id: 1}  # ...and left one output


async def test_sigterm_finishes_or_releases_in_flight_jobs_without_using_attempts(
    database: Database, outputs: None, fleet: Fleet
) -> None:
    worker = fleet.start(concurrency=8, claim_timeout=10, grace=2)
    short = [await add_job(database, "record", payload={"sleep": 0.5}) for _ in range(4)]
    long = [await add_job(database, "record", payload={"sleep": 60}) for _ in range(4)]
    assert await eventually(_started(fleet, 8), within=30)
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=30) == 0, fleet.output()[-3000:]
    for job in short:
        assert ((await load(database, job.id)).status, (await load(database, job.id)).attempts) == (
            "completed",
            1,
        )
    for job in long:
        released = await load(database, job.id)
        assert (released.status, released.attempts, released.claimed_by) == ("pending", 0, None)
    assert await _count(database, "processing") == 0
    assert set((await _outputs_per_job(database)).keys()) == {job.id for job in short}
    assert "queue.job_released" in fleet.output()


async def test_a_second_sigterm_stops_at_once_and_still_releases(
    database: Database, outputs: None, fleet: Fleet
) -> None:
    worker = fleet.start(concurrency=2, claim_timeout=10, grace=60)
    job = await add_job(database, "record", payload={"sleep": 60})
    assert await eventually(_started(fleet, 1), within=30)
    worker.send_signal(signal.SIGTERM)  # graceful: would wait up to the 60 s grace...
    await asyncio.sleep(0.5)
    worker.send_signal(signal.SIGTERM)  # ...but the second signal means now
    assert worker.wait(timeout=15) == 0, fleet.output()[-3000:]
    released = await load(database, job.id)
    assert (released.status, released.attempts) == ("pending", 0)
