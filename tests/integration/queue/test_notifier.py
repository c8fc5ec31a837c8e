"""Wake-ups: waiters return on a change (not at their timeout), and many waiters share one check."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from sqlalchemy import event, text

from iepgen.config import Settings
from iepgen.db import Database, create_database
from iepgen.queue import JobEvent, JobNotifier, request_cancel
from tests.integration.queue.conftest import add_job

pytestmark = pytest.mark.both_databases

WAIT = 10.0  # generous: the assertion is "woken before the timeout", not a latency


@pytest.fixture
async def notifier(database: Database) -> AsyncIterator[JobNotifier]:
    watcher = JobNotifier(database)
    await watcher.start()
    try:
        yield watcher
    finally:
        await watcher.stop()


def _other_spelling(url: str) -> str:
    """The same database under another URL: "another process" to the in-process hub."""
    return url.replace("127.0.0.1", "localhost").replace(
        "sqlite+aiosqlite:///", "sqlite+aiosqlite:////"
    )


async def _timed_wait(notifier: JobNotifier, job_id: str, **kw: Any) -> tuple[Any, float]:
    loop = asyncio.get_running_loop()
    started = loop.time()
    change = await notifier.wait_for_change(job_id, WAIT, **kw)
    return change, loop.time() - started


async def test_a_waiter_wakes_when_the_job_changes_in_this_process(
    database: Database, notifier: JobNotifier
) -> None:
    job = await add_job(database)

    async def cancel_soon() -> None:
        await asyncio.sleep(0.2)
        async with database.transaction() as session:
            await request_cancel(session, job.id)

    canceller = asyncio.create_task(cancel_soon())
    change, waited = await _timed_wait(notifier, job.id)
    await canceller
    assert change == JobEvent(job.id, "cancelled", 0, 0)
    assert waited < WAIT


async def test_a_waiter_wakes_on_a_change_made_elsewhere(
    database: Database, settings: Settings
) -> None:
    """No in-process signal: another process's NOTIFY (PostgreSQL) or the shared check (SQLite)."""
    job = await add_job(database)
    elsewhere = create_database(settings, url=_other_spelling(settings.database_url))
    notifier = JobNotifier(database)
    await notifier.start()
    try:
        for _ in range(100):  # PostgreSQL: let the listener connect first
            if database.is_sqlite or notifier.listening:
                break
            await asyncio.sleep(0.05)

        async def cancel_elsewhere() -> None:
            await asyncio.sleep(0.3)
            async with elsewhere.transaction() as session:
                await request_cancel(session, job.id)

        canceller = asyncio.create_task(cancel_elsewhere())
        change, waited = await _timed_wait(notifier, job.id)
        await canceller
    finally:
        await notifier.stop()
        await elsewhere.dispose()
    assert change is not None and change.status == "cancelled"
    assert waited < WAIT


async def test_a_change_before_subscribing_is_not_missed(
    database: Database, notifier: JobNotifier
) -> None:
    job = await add_job(database)
    seen = JobEvent(job.id, "pending", 0, 0)  # what the caller read
    async with database.transaction() as session:
        await request_cancel(session, job.id)  # changes before the caller subscribes
    change, waited = await _timed_wait(notifier, job.id, known=seen)
    assert change is not None and change.status == "cancelled"
    assert waited < WAIT


async def test_a_check_that_began_before_a_live_event_never_undoes_it(
    database: Database,
) -> None:
    """The race seen as ['processing', 'pending', 'completed']: a shared check's read began
    while the job was pending, the claim's live event arrived during it, and the stale
    result was offered after the event."""
    job = await add_job(database)
    notifier = JobNotifier(database)  # not started: no check loop besides the one below
    reading, finish_read = asyncio.Event(), asyncio.Event()
    real_read = database.read

    @asynccontextmanager
    async def slow_read() -> AsyncIterator[Any]:
        async with real_read() as session:
            reading.set()
            await finish_read.wait()
            yield session

    subscription = notifier.subscribe(job.id, known=JobEvent(job.id, "pending"))
    database.read = slow_read  # type: ignore[method-assign]
    try:
        check = asyncio.create_task(notifier._check([job.id]))
        await reading.wait()  # the read has begun: it will see "pending"
        notifier._on_local((JobEvent(job.id, "processing"),), False)  # the claim commits
        finish_read.set()
        await check
    finally:
        database.read = real_read  # type: ignore[method-assign]
    assert await subscription.next(0.1) == JobEvent(job.id, "processing")
    assert await subscription.next(0.1) is None
    subscription.close()


async def test_no_change_means_waiting_out_the_timeout(
    database: Database, notifier: JobNotifier
) -> None:
    job = await add_job(database)
    assert await notifier.wait_for_change(job.id, 0.5) is None


async def test_a_subscription_streams_each_change(
    database: Database, notifier: JobNotifier
) -> None:
    job = await add_job(database)
    known = JobEvent(job.id, "pending", 0, 0)
    async with notifier.subscribe(job.id, known=known) as subscription:
        async with database.transaction() as session:
            await request_cancel(session, job.id)
        first = await subscription.next(WAIT)
        assert first is not None
    # A late notification of the state the caller already knew is not a change.
    assert first.status == "cancelled"


async def test_a_thousand_waiters_cost_one_query_per_tick(
    database: Database, notifier: JobNotifier
) -> None:
    jobs = [await add_job(database) for _ in range(20)]
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "iep_generation_jobs" in statement:
            statements.append(statement)

    event.listen(database.engine.sync_engine, "before_cursor_execute", count)
    try:
        waiters = [
            asyncio.create_task(notifier.wait_for_change(jobs[i % 20].id, 1.0)) for i in range(1000)
        ]
        await asyncio.gather(*waiters)
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", count)
    # About five ticks in one second on SQLite; on PostgreSQL only the start-up check.
    assert 1 <= len(statements) <= 12, len(statements)
    async with database.read() as session:
        assert (await session.execute(text("SELECT 1"))).scalar() == 1


async def test_a_watcher_elsewhere_sees_a_job_claimed_and_completed(
    database: Database, settings: Settings
) -> None:
    """The claim and completion statements carry their own notifications (PostgreSQL)."""
    from iepgen.queue import JobContext, WriteOutput
    from tests.integration.queue.conftest import noop_output, registry_of, running_worker

    elsewhere = create_database(settings, url=_other_spelling(settings.database_url))
    watcher = JobNotifier(elsewhere)
    await watcher.start()
    release = asyncio.Event()

    async def gated(context: JobContext) -> WriteOutput:
        await release.wait()
        return noop_output()

    try:
        for _ in range(100):
            if database.is_sqlite or watcher.listening:
                break
            await asyncio.sleep(0.05)
        job = await add_job(database)
        statuses: list[str] = []
        async with (
            watcher.subscribe(job.id, known=JobEvent(job.id, "pending")) as subscription,
            running_worker(database, settings, registry_of(noop=gated)),
        ):
            while not statuses or statuses[-1] != "completed":
                change = await subscription.next(WAIT)
                assert change is not None, statuses
                statuses.append(change.status)
                release.set()
    finally:
        await watcher.stop()
        await elsewhere.dispose()
    assert statuses == ["processing", "completed"]
