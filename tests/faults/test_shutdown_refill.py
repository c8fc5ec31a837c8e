"""A stop that lands while a completion batch is claiming for the slots it frees: the jobs
that batch claimed are released at shutdown (pending, no attempt used), never left running.

The window is a few milliseconds in production (seen once under heavy load in the SIGTERM
test); here a worker whose refill waits for the test's signal holds it open.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.queue import HandlerRegistry, JobContext, WriteOutput, enqueue
from iepgen.queue.claim import ClaimedJob
from iepgen.queue.worker import Worker, WorkerOptions
from tests.faults.harness import jobs_by_id


class HeldRefillWorker(Worker):
    """Pauses inside its first refill (the completion's transaction) until released."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refilled = asyncio.Event()
        self.release = asyncio.Event()

    async def _refill(self, session: AsyncSession, finishing: int) -> list[ClaimedJob]:
        claimed = await super()._refill(session, finishing)
        if claimed and not self.refilled.is_set():
            self.refilled.set()
            await self.release.wait()
        return claimed


def _handlers() -> HandlerRegistry:
    async def quick(context: JobContext) -> WriteOutput:
        async def write(session: AsyncSession) -> dict[str, Any]:
            return {"ok": True}

        return write

    async def slow(context: JobContext) -> WriteOutput:
        await asyncio.sleep(60)
        raise AssertionError("a slow job must be released, not finished")

    registry = HandlerRegistry()
    registry.register("quick", quick)
    registry.register("slow", slow)
    return registry


async def test_jobs_claimed_by_a_completion_in_flight_at_stop_are_released(
    database: Database, settings: Settings
) -> None:
    async with database.transaction() as session:
        first, _ = await enqueue(session, job_type="quick", payload={}, created_by=None, priority=9)
        later = [
            (await enqueue(session, job_type="slow", payload={"n": n}, created_by=None))[0].id
            for n in range(2)
        ]
    options = WorkerOptions(
        concurrency=1, poll_interval=0.2, claim_timeout=30.0, job_timeout=60.0, shutdown_grace=0.0
    )
    worker = HeldRefillWorker(database, settings, _handlers(), options=options)
    running = asyncio.create_task(worker.run())
    await asyncio.wait_for(worker.refilled.wait(), 15)  # `first` done, one slow job claimed
    worker.stop()  # the drain starts while that claim is still uncommitted
    await asyncio.sleep(0.2)
    worker.release.set()
    await asyncio.wait_for(running, 30)

    jobs = await jobs_by_id(database, [first.id, *later])
    assert jobs[first.id].status == "completed"
    for job_id in later:
        assert (jobs[job_id].status, jobs[job_id].attempts, jobs[job_id].claimed_by) == (
            "pending",
            0,
            None,
        )
