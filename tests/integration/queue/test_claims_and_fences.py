"""Claiming order and size, fenced writes, lease renewal and rescue — statement by statement."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.db import Database
from iepgen.db.base import utcnow
from iepgen.models import Job
from iepgen.queue import fence, leases
from iepgen.queue.claim import ClaimedJob, claim_jobs
from tests.integration.queue.conftest import add_job, load

pytestmark = pytest.mark.both_databases


async def _claim(
    database: Database, worker: str = "w1", limit: int = 10, types: tuple[str, ...] = ("noop",)
) -> list[ClaimedJob]:
    async with database.transaction() as session:
        return await claim_jobs(
            session, worker_id=worker, limit=limit, job_types=types, now=utcnow(), lease_seconds=30
        )


def _claim_of(job: ClaimedJob, worker: str = "w1") -> fence.Claim:
    return fence.Claim(job.id, worker, job.attempts)


async def test_highest_priority_first_then_oldest(database: Database) -> None:
    low = await add_job(database, priority=1)
    high_old = await add_job(database, priority=9)
    mid = await add_job(database, priority=5)
    high_new = await add_job(database, priority=9)
    claimed = await _claim(database, limit=3)
    assert [job.id for job in claimed] == [high_old.id, high_new.id, mid.id]
    assert [job.id for job in await _claim(database)] == [low.id]


async def test_a_claim_takes_only_as_many_as_free_slots(database: Database) -> None:
    for _ in range(5):
        await add_job(database)
    assert len(await _claim(database, limit=2)) == 2
    assert len(await _claim(database, limit=0)) == 0
    assert len(await _claim(database, limit=10)) == 3


async def test_future_and_unknown_type_jobs_are_not_claimed(database: Database) -> None:
    await add_job(database, run_after=utcnow() + timedelta(minutes=5))
    await add_job(database, job_type="other")
    assert await _claim(database) == []


async def test_claim_marks_the_job_processing_with_a_lease(database: Database) -> None:
    job = await add_job(database)
    [claimed] = await _claim(database, worker="host:1:abc")
    stored = await load(database, job.id)
    assert (stored.status, stored.claimed_by, stored.attempts) == ("processing", "host:1:abc", 1)
    assert claimed.attempts == 1
    assert stored.lease_expires_at is not None and stored.lease_expires_at > utcnow()
    assert stored.started_at is not None and stored.heartbeat_at is not None


async def test_two_workers_never_claim_the_same_job(database: Database) -> None:
    for _ in range(6):
        await add_job(database)
    first = {job.id for job in await _claim(database, worker="a", limit=4)}
    second = {job.id for job in await _claim(database, worker="b", limit=4)}
    assert len(first) == 4 and len(second) == 2 and not first & second


async def test_completion_writes_output_and_status_together(database: Database) -> None:
    job = await add_job(database)
    [claimed] = await _claim(database)
    calls: list[str] = []

    async def write(session: AsyncSession) -> dict[str, object]:
        calls.append(claimed.id)
        return {"iep_id": "iep-1"}

    async with database.transaction() as session:
        outcome = await fence.complete(session, _claim_of(claimed), write)
    stored = await load(database, job.id)
    assert outcome == "completed" and calls == [job.id]
    assert (stored.status, stored.result) == ("completed", {"iep_id": "iep-1"})
    assert stored.completed_at is not None and stored.lease_expires_at is None


async def test_a_worker_that_lost_its_lease_cannot_complete(database: Database) -> None:
    job = await add_job(database)
    [stale] = await _claim(database, worker="old")
    # The lease ran out and the rescuer gave the job to another worker.
    async with database.transaction() as session:
        await session.execute(
            update(Job).where(Job.id == job.id).values(lease_expires_at=utcnow() - timedelta(1))
        )
        assert await leases.rescue_expired(session, now=utcnow()) == [(job.id, "pending")]
    [fresh] = await _claim(database, worker="new")
    assert fresh.attempts == 2
    calls: list[str] = []

    async def write(session: AsyncSession) -> dict[str, object]:
        calls.append("written")
        return {}

    async with database.transaction() as session:
        assert await fence.complete(session, _claim_of(stale, "old"), write) == "lost"
        assert not await fence.fail(session, _claim_of(stale, "old"), error_type="x", message="x")
        assert await fence.release(session, _claim_of(stale, "old")) is None
    assert calls == []
    stored = await load(database, job.id)
    assert (stored.status, stored.claimed_by, stored.attempts) == ("processing", "new", 2)


async def test_group_commit_completes_each_held_job_and_skips_the_rest(database: Database) -> None:
    jobs = [await add_job(database) for _ in range(3)]
    claimed = await _claim(database)
    async with database.transaction() as session:
        # The third was cancelled by its teacher meanwhile; the second changed hands.
        await session.execute(
            update(Job).where(Job.id == claimed[2].id).values(cancel_requested=True)
        )
        await session.execute(update(Job).where(Job.id == claimed[1].id).values(attempts=5))
    written: list[str] = []

    def writer(job_id: str) -> fence.WriteOutputFn:
        async def write(session: AsyncSession) -> dict[str, object]:
            written.append(job_id)
            return {"job": job_id}

        return write

    async with database.transaction() as session:
        outcomes = await fence.complete_many(
            session, [(_claim_of(job), writer(job.id)) for job in claimed]
        )
    assert outcomes == ["completed", "lost", "cancelled"]
    assert written == [claimed[0].id]
    statuses = {job.id: (await load(database, job.id)).status for job in jobs}
    assert statuses[claimed[0].id] == "completed" and statuses[claimed[2].id] == "cancelled"


async def test_snooze_keeps_attempts_and_counts_snoozes(database: Database) -> None:
    job = await add_job(database)
    [claimed] = await _claim(database)
    async with database.transaction() as session:
        status = await fence.snooze(
            session, _claim_of(claimed), delay_seconds=60, reason="rate limited"
        )
    stored = await load(database, job.id)
    assert status == "pending"
    assert (stored.attempts, stored.snoozes, stored.claimed_by) == (0, 1, None)
    assert stored.run_after > utcnow() + timedelta(seconds=50)


async def test_retry_later_uses_the_attempt_and_waits(database: Database) -> None:
    job = await add_job(database)
    [claimed] = await _claim(database)
    async with database.transaction() as session:
        await fence.retry_later(session, _claim_of(claimed), delay_seconds=30, last_error="boom")
    stored = await load(database, job.id)
    assert (stored.status, stored.attempts, stored.last_error) == ("pending", 1, "boom")
    assert stored.run_after > utcnow() + timedelta(seconds=20)


async def test_a_cancel_requested_during_a_retry_wins(database: Database) -> None:
    job = await add_job(database)
    [claimed] = await _claim(database)
    async with database.transaction() as session:
        await session.execute(update(Job).where(Job.id == job.id).values(cancel_requested=True))
        status = await fence.retry_later(
            session, _claim_of(claimed), delay_seconds=0, last_error="x"
        )
    assert status == "cancelled"


async def test_heartbeat_renews_held_leases_and_reports_cancel_requests(
    database: Database,
) -> None:
    a, b = await add_job(database), await add_job(database)
    claimed = {job.id: job for job in await _claim(database)}
    async with database.transaction() as session:
        await session.execute(update(Job).where(Job.id == b.id).values(cancel_requested=True))
    later = utcnow() + timedelta(seconds=10)
    async with database.transaction() as session:
        renewed = await leases.renew_leases(
            session, worker_id="w1", job_ids=[a.id, b.id, "gone"], now=later, lease_seconds=30
        )
    assert set(renewed) == {a.id, b.id}
    assert not renewed[a.id].cancel_requested and renewed[b.id].cancel_requested
    assert renewed[a.id].attempts == claimed[a.id].attempts
    stored = await load(database, a.id)
    assert stored.lease_expires_at is not None
    assert stored.lease_expires_at >= later + timedelta(seconds=29)
    async with database.transaction() as session:
        assert (
            await leases.renew_leases(
                session, worker_id="someone-else", job_ids=[a.id], now=later, lease_seconds=30
            )
            == {}
        )


async def test_rescue_returns_expired_jobs_or_fails_them_when_out_of_attempts(
    database: Database,
) -> None:
    retryable = await add_job(database)
    exhausted = await add_job(database, max_attempts=1)
    healthy = await add_job(database)
    await _claim(database)
    past = utcnow() - timedelta(seconds=1)
    async with database.transaction() as session:
        await session.execute(
            update(Job)
            .where(Job.id.in_([retryable.id, exhausted.id]))
            .values(lease_expires_at=past)
        )
        rescued = dict(await leases.rescue_expired(session, now=utcnow()))
    assert rescued == {retryable.id: "pending", exhausted.id: "failed"}
    failed = await load(database, exhausted.id)
    assert failed.error is not None and failed.error["type"] == "worker_lost"
    assert "Submit it again" in failed.error["message"]
    assert (await load(database, healthy.id)).status == "processing"
    async with database.transaction() as session:
        assert await leases.rescue_expired(session, now=utcnow()) == []
