"""A worker in this process: runs, retries, snoozes, times out, cancels and shuts down."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.db.base import utcnow
from iepgen.errors import ProviderTransientError, ProviderUnavailable
from iepgen.models import Job, WorkerRecord
from iepgen.queue import JobContext, PermanentJobError, Snooze, WriteOutput, request_cancel
from tests.integration.queue.conftest import (
    add_job,
    eventually,
    load,
    noop_output,
    registry_of,
    running_worker,
    wait_for,
)

pytestmark = pytest.mark.both_databases


async def test_a_job_runs_once_and_its_output_becomes_the_result(
    database: Database, settings: Settings
) -> None:
    seen: list[tuple[str, int]] = []

    async def handler(context: JobContext) -> WriteOutput:
        seen.append((context.job_id, context.attempt))
        await context.set_progress(1, 2)
        await context.set_progress(2, 2)
        return noop_output({"echo": context.payload["n"]})

    job = await add_job(database, payload={"n": 3})
    async with running_worker(database, settings, registry_of(noop=handler)):
        done = await wait_for(database, job.id)
    assert (done.status, done.result, done.attempts) == ("completed", {"echo": 3}, 1)
    assert (done.progress_completed, done.progress_total) == (2, 2)
    assert seen == [(job.id, 1)]


async def test_transient_failures_retry_until_attempts_are_used_up(
    database: Database, settings: Settings
) -> None:
    attempts: list[int] = []

    async def flaky(context: JobContext) -> WriteOutput:
        attempts.append(context.attempt)
        raise ProviderTransientError("The AI service did not answer in time.")

    job = await add_job(database)
    async with running_worker(database, settings, registry_of(noop=flaky)):
        done = await wait_for(database, job.id)
    assert attempts == [1, 2, 3, 4]
    assert (done.status, done.attempts) == ("failed", 4)
    assert done.error == {
        "type": "provider_error",
        "message": "The AI service did not answer in time. The job stopped after 4 attempts.",
    }


async def test_a_transient_failure_then_success(database: Database, settings: Settings) -> None:
    async def second_time_lucky(context: JobContext) -> WriteOutput:
        if context.attempt == 1:
            raise ConnectionResetError("reset")
        return noop_output()

    job = await add_job(database)
    async with running_worker(database, settings, registry_of(noop=second_time_lucky)):
        done = await wait_for(database, job.id)
    assert (done.status, done.attempts, done.error) == ("completed", 2, None)
    assert done.last_error is not None and done.last_error.startswith("internal_error")


async def test_a_permanent_error_fails_at_once(database: Database, settings: Settings) -> None:
    async def bad_input(context: JobContext) -> WriteOutput:
        raise PermanentJobError("not_found", "The student for this IEP no longer exists.")

    job = await add_job(database)
    async with running_worker(database, settings, registry_of(noop=bad_input)):
        done = await wait_for(database, job.id)
    assert (done.status, done.attempts) == ("failed", 1)
    assert done.error == {
        "type": "not_found",
        "message": "The student for this IEP no longer exists.",
    }


async def test_a_snooze_returns_the_job_without_using_an_attempt(
    database: Database, settings: Settings
) -> None:
    calls: list[int] = []

    async def rate_limited(context: JobContext) -> WriteOutput:
        calls.append(context.attempt)
        if len(calls) == 1:
            raise Snooze(0.1, "The provider's rate limit was reached.")
        if len(calls) == 2:
            raise ProviderUnavailable("The circuit is open.", retry_after_seconds=0.1)
        return noop_output()

    job = await add_job(database, max_attempts=1)
    async with running_worker(database, settings, registry_of(noop=rate_limited)):
        done = await wait_for(database, job.id)
    assert calls == [1, 1, 1]
    assert (done.status, done.attempts, done.snoozes) == ("completed", 1, 2)


async def test_an_attempt_past_the_job_timeout_is_a_transient_failure(
    database: Database, settings: Settings
) -> None:
    async def slow(context: JobContext) -> WriteOutput:
        await asyncio.sleep(30)
        return noop_output()

    quick = settings.model_copy(update={"job_timeout_seconds": 0.2})
    job = await add_job(database, max_attempts=2)
    async with running_worker(database, quick, registry_of(noop=slow)):
        done = await wait_for(database, job.id)
    assert (done.status, done.attempts) == ("failed", 2)
    assert done.error is not None and done.error["type"] == "timeout"


async def test_cancelling_a_running_job_stops_it_and_writes_nothing(
    database: Database, settings: Settings
) -> None:
    started = asyncio.Event()
    written: list[str] = []
    interrupted: list[bool] = []

    async def long_running(context: JobContext) -> WriteOutput:
        started.set()
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            interrupted.append(True)
            raise

        async def write(session: AsyncSession) -> dict[str, Any]:
            written.append(context.job_id)
            return {}

        return write

    job = await add_job(database)
    async with running_worker(database, settings, registry_of(noop=long_running)):
        await asyncio.wait_for(started.wait(), 10)
        async with database.transaction() as session:
            requested = await request_cancel(session, job.id)
        assert (requested.status, requested.cancel_requested) == ("processing", True)
        done = await wait_for(database, job.id, within=10)
    assert done.status == "cancelled" and interrupted == [True] and written == []
    assert done.result is None


async def test_shutdown_releases_unfinished_jobs_without_using_an_attempt(
    database: Database, settings: Settings
) -> None:
    started = asyncio.Event()

    async def long_running(context: JobContext) -> WriteOutput:
        started.set()
        await asyncio.sleep(60)
        return noop_output()

    impatient = settings.model_copy(update={"shutdown_grace_seconds": 0.2})
    job = await add_job(database)
    async with running_worker(database, impatient, registry_of(noop=long_running)) as worker:
        await asyncio.wait_for(started.wait(), 10)
        assert worker.in_flight == [job.id]
    stored = await load(database, job.id)
    assert (stored.status, stored.attempts, stored.claimed_by) == ("pending", 0, None)
    async with database.read() as session:
        record = await session.get(WorkerRecord, worker.id)
    assert record is not None and record.status == "stopped" and record.in_flight == []


async def test_shutdown_lets_a_job_finish_within_the_grace_period(
    database: Database, settings: Settings
) -> None:
    started = asyncio.Event()

    async def short(context: JobContext) -> WriteOutput:
        started.set()
        await asyncio.sleep(0.3)
        return noop_output()

    job = await add_job(database)
    async with running_worker(database, settings, registry_of(noop=short)):
        await asyncio.wait_for(started.wait(), 10)
    assert (await load(database, job.id)).status == "completed"


async def test_a_new_job_wakes_an_idle_worker_before_its_poll_interval(
    database: Database, settings: Settings
) -> None:
    async def handler(context: JobContext) -> WriteOutput:
        return noop_output()

    async with running_worker(
        database, settings, registry_of(noop=handler), poll_interval=120
    ) as worker:
        await asyncio.sleep(0.3)  # the worker has polled once and is now idle
        job = await add_job(database)
        # Well inside the 120 s poll interval: only a wake-up can explain finishing in time.
        done = await wait_for(database, job.id, within=10)
        assert done.status == "completed"
        assert worker.jobs_completed == 1


async def test_the_worker_registers_itself_and_heartbeats(
    database: Database, settings: Settings
) -> None:
    started = asyncio.Event()

    async def long_running(context: JobContext) -> WriteOutput:
        started.set()
        await asyncio.sleep(60)
        return noop_output()

    impatient = settings.model_copy(update={"shutdown_grace_seconds": 0.2})
    job = await add_job(database)
    async with running_worker(database, impatient, registry_of(noop=long_running)) as worker:
        await asyncio.wait_for(started.wait(), 10)

        async def heartbeat_seen() -> bool:
            async with database.read() as session:
                record = await session.get(WorkerRecord, worker.id)
            return record is not None and record.in_flight == [job.id]

        # The first heartbeat comes a quarter of the lease after the start.
        assert await eventually(heartbeat_seen, within=settings.claim_timeout * 3)
        async with database.read() as session:
            record = await session.get(WorkerRecord, worker.id)
        assert record is not None and record.status == "running"
        assert record.last_heartbeat_at > record.started_at
        running = await load(database, job.id)
        assert running.heartbeat_at is not None and running.heartbeat_at > running.started_at


async def test_a_worker_never_runs_more_jobs_than_its_slots(
    database: Database, settings: Settings
) -> None:
    running = 0
    most = 0

    async def counted(context: JobContext) -> WriteOutput:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.01)
        running -= 1
        return noop_output()

    jobs = [await add_job(database) for _ in range(40)]
    async with running_worker(database, settings, registry_of(noop=counted), concurrency=3):
        for job in jobs:
            assert (await wait_for(database, job.id)).status == "completed"
    assert most == 3


async def test_a_live_worker_rescues_a_dead_worker_s_job(
    database: Database, settings: Settings
) -> None:
    job = await add_job(database)
    async with database.transaction() as session:
        # A worker on another host claimed it and then vanished: its lease ran out.
        await session.execute(
            update(Job)
            .where(Job.id == job.id)
            .values(
                status="processing",
                claimed_by="gone-host:1:dead00",
                attempts=1,
                lease_expires_at=utcnow() - timedelta(seconds=5),
            )
        )

    async def handler(context: JobContext) -> WriteOutput:
        return noop_output({"attempt": context.attempt})

    async with running_worker(database, settings, registry_of(noop=handler)):
        done = await wait_for(database, job.id, within=10)
    assert (done.status, done.attempts, done.result) == ("completed", 2, {"attempt": 2})


async def test_a_worker_that_loses_its_lease_stops_the_job_and_writes_nothing(
    database: Database, settings: Settings
) -> None:
    started = asyncio.Event()
    interrupted: list[bool] = []

    async def long_running(context: JobContext) -> WriteOutput:
        started.set()
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            interrupted.append(True)
            raise
        return noop_output()

    job = await add_job(database)
    async with running_worker(database, settings, registry_of(noop=long_running)) as worker:
        await asyncio.wait_for(started.wait(), 10)
        async with database.transaction() as session:
            # Rescued and re-claimed elsewhere while this worker was, say, partitioned.
            await session.execute(
                update(Job).where(Job.id == job.id).values(claimed_by="other:2:abcdef", attempts=2)
            )

        async def gave_up() -> bool:
            return not worker.in_flight

        assert await eventually(gave_up, within=settings.claim_timeout * 5)
    stored = await load(database, job.id)
    assert interrupted == [True]
    assert (stored.status, stored.claimed_by, stored.attempts) == (
        "processing",
        "other:2:abcdef",
        2,
    )


async def test_the_worker_cleans_up_on_its_schedule(database: Database, settings: Settings) -> None:
    old = await add_job(database)
    async with database.transaction() as session:
        await session.execute(
            update(Job)
            .where(Job.id == old.id)
            .values(status="completed", completed_at=utcnow() - timedelta(days=45))
        )

    async def handler(context: JobContext) -> WriteOutput:
        return noop_output()

    # The first cleanup falls at a random point of the interval: due by the first heartbeat.
    async with running_worker(database, settings, registry_of(noop=handler), cleanup_interval=0.1):

        async def archived() -> bool:
            return (await load(database, old.id)).status == "archived"

        assert await eventually(archived, within=settings.claim_timeout * 5)
