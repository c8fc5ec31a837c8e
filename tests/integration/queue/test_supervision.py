"""Shutdown and supervision: a claim in flight at stop, a dead heartbeat, zero grace."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.models import WorkerRecord
from iepgen.queue import HandlerRegistry, JobContext, WriteOutput, enqueue
from iepgen.queue.claim import ClaimedJob
from iepgen.queue.worker import Worker, WorkerFailed, WorkerOptions
from tests.integration.queue.conftest import add_job, load, noop_output, registry_of, wait_for

pytestmark = pytest.mark.both_databases

OPTIONS = WorkerOptions(
    concurrency=2, poll_interval=0.2, claim_timeout=30.0, job_timeout=60.0, shutdown_grace=0.0
)


async def _slow(context: JobContext) -> WriteOutput:
    await asyncio.sleep(60)
    raise AssertionError("a slow job must be released, not finished")


async def _quick(context: JobContext) -> WriteOutput:
    return noop_output()


class HeldClaimWorker(Worker):
    """Holds its second claim that takes jobs open until the test lets it commit."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.claims = 0
        self.holding = asyncio.Event()
        self.release = asyncio.Event()

    async def _claim(self, session: AsyncSession, limit: int) -> list[ClaimedJob]:
        claimed = await super()._claim(session, limit)
        self.claims += bool(claimed)
        if claimed and self.claims == 2:
            self.holding.set()
            await self.release.wait()
        return claimed


async def test_jobs_a_claim_in_flight_at_stop_takes_are_released(
    database: Database, settings: Settings
) -> None:
    """The zero-grace SIGTERM defect: a job claimed while the drain ran kept its attempt."""
    first = await add_job(database, "quick", priority=9)
    worker = HeldClaimWorker(
        database, settings, registry_of(quick=_quick, slow=_slow), options=OPTIONS
    )
    running = asyncio.create_task(worker.run())
    await wait_for(database, first.id, ("completed",))
    async with database.transaction() as session:  # one commit: one claim takes both
        later = [
            (await enqueue(session, job_type="slow", payload={"n": n}, created_by=None))[0].id
            for n in range(2)
        ]
    worker._slots_changed_for_test = True
    await asyncio.wait_for(worker.holding.wait(), 15)  # the claim has run, not committed
    worker.stop()  # zero grace: the drain begins while that claim is still open
    await asyncio.sleep(0.2)
    worker.release.set()
    await asyncio.wait_for(running, 30)
    for job_id in later:
        job = await load(database, job_id)
        assert (job.status, job.attempts, job.claimed_by) == ("pending", 0, None)


class FailingHeartbeatWorker(Worker):
    async def _beat(self, work: asyncio.Event) -> None:
        raise RuntimeError("the heartbeat hit a bug")


async def test_a_dead_heartbeat_stops_claiming_and_releases_running_jobs(
    database: Database, settings: Settings
) -> None:
    started = asyncio.Event()

    async def held(context: JobContext) -> WriteOutput:
        started.set()
        await asyncio.sleep(60)
        raise AssertionError("released, never finished")

    job = await add_job(database, "held")
    options = WorkerOptions(
        concurrency=2, poll_interval=0.1, claim_timeout=2.0, job_timeout=60.0, shutdown_grace=30
    )
    worker = FailingHeartbeatWorker(database, settings, HandlerRegistry(), options=options)
    worker.handlers.register("held", held)
    running = asyncio.create_task(worker.run())
    await asyncio.wait_for(started.wait(), 15)
    with pytest.raises(WorkerFailed):
        # Well inside the 30 s grace: a dead heartbeat does not wait for jobs to finish.
        await asyncio.wait_for(running, 10)
    stored = await load(database, job.id)
    assert (stored.status, stored.attempts, stored.claimed_by) == ("pending", 0, None)
    late = await add_job(database, "held")
    await asyncio.sleep(0.5)
    assert (await load(database, late.id)).status == "pending"  # nothing claims it any more
    async with database.read() as session:
        record = await session.get(WorkerRecord, worker.id)
    assert record is not None and record.status == "stopped"


async def test_a_database_outage_does_not_kill_the_heartbeat(
    database: Database, settings: Settings
) -> None:
    """Connection errors are waited out; only other errors count as the heartbeat dying."""
    from sqlalchemy.exc import OperationalError

    calls = 0

    class FlakyBeatWorker(Worker):
        async def _transaction(self, work: Any) -> Any:
            nonlocal calls
            if getattr(work, "__name__", "") == "renew":
                calls += 1
                if calls <= 2:
                    raise OperationalError("SELECT 1", {}, Exception("database is locked"))
            return await super()._transaction(work)

    options = WorkerOptions(
        concurrency=1, poll_interval=0.1, claim_timeout=0.4, job_timeout=60.0, shutdown_grace=1
    )
    worker = FlakyBeatWorker(database, settings, registry_of(), options=options)
    running = asyncio.create_task(worker.run())
    try:
        await asyncio.sleep(1.0)  # four heartbeats at 0.1 s: two refused, then renewed
        assert calls >= 4 and not running.done()
    finally:
        worker.stop()
        await asyncio.wait_for(running, 10)
