"""Waiting on a job for long-poll and SSE clients without each client polling the table.

Clients subscribe to the process's `JobNotifier` (woken by in-process signals, PostgreSQL
NOTIFY, or its one shared check per tick). When a change arrives, every client woken by
that same change shares one read of the job, so a thousand watchers of one job cost one
query per change, and waiting itself costs none per client.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from iepgen.db import Database
from iepgen.models import Job
from iepgen.queue import FINAL_STATUSES, JobEvent, JobNotifier, JobSubscription, get_job

# A change a read was triggered by; None for a read not tied to one (e.g. a timeout).
_ReadKey = tuple[str, JobEvent | None]


def event_of(job: Job) -> JobEvent:
    """The state of `job` as the notifier describes it."""
    return JobEvent(job.id, job.status, job.progress_completed, job.progress_total)


class JobWatch:
    """One per app: subscriptions through the notifier, reads shared per change."""

    def __init__(self, database: Database, notifier: JobNotifier) -> None:
        self.database = database
        self.notifier = notifier
        self._reads: dict[_ReadKey, asyncio.Future[Job | None]] = {}
        self.waiting = 0  # clients subscribed right now (long-poll and SSE)

    async def read(self, job_id: str, change: JobEvent | None = None) -> Job | None:
        """The job as stored now; callers woken by the same `change` share one query.

        A read is only shared by callers woken by the same change: it started after that
        change committed, so it sees at least that state (a read begun earlier might not).
        """
        key = (job_id, change)
        future = self._reads.get(key)
        if future is None:
            future = asyncio.ensure_future(self._load(job_id))
            self._reads[key] = future
            future.add_done_callback(lambda _done: self._reads.pop(key, None))
        # shield: one caller giving up (client gone) must not cancel the others' read.
        return await asyncio.shield(future)

    @asynccontextmanager
    async def _subscribed(self, job: Job) -> AsyncIterator[JobSubscription]:
        self.waiting += 1
        try:
            async with self.notifier.subscribe(job.id, known=event_of(job)) as subscription:
                yield subscription
        finally:
            self.waiting -= 1

    async def close(self) -> None:
        """Wait for reads still running (their callers may have gone) before the database
        closes, so none is left holding a connection."""
        reads = list(self._reads.values())
        if reads:
            await asyncio.wait(reads)

    async def _load(self, job_id: str) -> Job | None:
        async with self.database.read() as session:
            return await get_job(session, job_id)

    async def wait_until_final(self, job: Job, timeout: float) -> Job:  # noqa: ASYNC109
        """`job` once it is completed, failed or cancelled, or as it stands after `timeout`."""
        if job.status in FINAL_STATUSES or timeout <= 0:
            return job
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        async with self._subscribed(job) as subscription:
            while (remaining := deadline - loop.time()) > 0:
                change = await subscription.next(remaining)
                if change is None:
                    break
                if change.status in FINAL_STATUSES:
                    return await self.read(job.id, change) or job
        return await self.read(job.id) or job

    async def changes(self, job: Job, *, keepalive_seconds: float) -> AsyncIterator[Job | None]:
        """The job after each change until it is final; None every `keepalive_seconds` idle."""
        async with self._subscribed(job) as subscription:
            while True:
                change = await subscription.next(keepalive_seconds)
                if change is None:
                    yield None
                    continue
                fresh = await self.read(job.id, change)
                if fresh is None:  # deleted by cleanup while watched: nothing more will come
                    return
                yield fresh
                if fresh.status in FINAL_STATUSES:
                    return
