"""Enqueue: in the caller's transaction, deduplicated by the database, idempotent by key."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from iepgen.db import Database
from iepgen.db.base import utcnow
from iepgen.errors import Conflict, NotFound
from iepgen.models import Job
from iepgen.queue import (
    JobSpec,
    dedupe_key_for,
    enqueue,
    enqueue_many,
    request_cancel,
    retry_job,
)
from tests.factories import make_user
from tests.integration.queue.conftest import add_job, load

pytestmark = pytest.mark.both_databases


async def _count(database: Database) -> int:
    async with database.read() as session:
        return await session.scalar(select(func.count()).select_from(Job)) or 0


async def test_a_new_job_is_pending_with_the_settings_attempts(database: Database) -> None:
    job = await add_job(database, payload={"n": 1}, priority=8)
    stored = await load(database, job.id)
    assert (stored.status, stored.priority, stored.attempts, stored.max_attempts) == (
        "pending",
        8,
        0,
        4,
    )
    assert stored.payload == {"n": 1}


async def test_a_rolled_back_request_leaves_no_job(database: Database) -> None:
    with pytest.raises(RuntimeError):
        async with database.transaction() as session:
            await enqueue(session, job_type="noop", payload={}, created_by=None)
            raise RuntimeError("the request failed after enqueueing")
    assert await _count(database) == 0


async def test_an_identical_active_job_is_returned_instead_of_a_second(database: Database) -> None:
    key = dedupe_key_for("u1", "noop", {"student_id": "s1"})
    first = await add_job(database, payload={"student_id": "s1"}, dedupe_key=key)
    async with database.transaction() as session:
        again, deduplicated = await enqueue(
            session, job_type="noop", payload={"student_id": "s1"}, created_by=None, dedupe_key=key
        )
    assert deduplicated and again.id == first.id
    assert await _count(database) == 1


async def test_the_dedupe_key_is_canonical() -> None:
    a = dedupe_key_for("u1", "noop", {"a": 1, "b": [1, 2]})
    assert a == dedupe_key_for("u1", "noop", {"b": [1, 2], "a": 1})
    assert a != dedupe_key_for("u2", "noop", {"a": 1, "b": [1, 2]})
    assert len(a) == 64


async def test_concurrent_identical_enqueues_make_one_job(database: Database) -> None:
    """Two open transactions race; the partial unique index, not a read, decides."""
    key = dedupe_key_for(None, "noop", {"race": True})
    first_inserted = asyncio.Event()

    async def submit(*, hold: bool) -> tuple[str, bool]:
        if not hold:
            await first_inserted.wait()
        async with database.transaction() as session:
            job, deduplicated = await enqueue(
                session, job_type="noop", payload={"race": True}, created_by=None, dedupe_key=key
            )
            if hold:
                first_inserted.set()
                # Keep the first transaction open while the others insert the same key.
                await asyncio.sleep(0.3)
            return job.id, deduplicated

    results = await asyncio.gather(submit(hold=True), *(submit(hold=False) for _ in range(5)))
    assert len({job_id for job_id, _ in results}) == 1
    assert [dedup for _, dedup in results] == [False] + [True] * 5
    assert await _count(database) == 1


async def test_a_finished_job_does_not_block_a_new_identical_one(database: Database) -> None:
    key = dedupe_key_for(None, "noop", {})
    first = await add_job(database, dedupe_key=key)
    async with database.transaction() as session:
        await request_cancel(session, first.id)
    second = await add_job(database, dedupe_key=key)
    assert second.id != first.id


async def test_an_idempotency_key_returns_the_first_job_forever(database: Database) -> None:
    teacher = await make_user(database)
    first = await add_job(database, created_by=teacher.id, idempotency_key="submit-42")
    async with database.transaction() as session:
        await request_cancel(session, first.id)
    async with database.transaction() as session:
        again, deduplicated = await enqueue(
            session,
            job_type="noop",
            payload={"other": "body"},
            created_by=teacher.id,
            idempotency_key="submit-42",
        )
    assert deduplicated and again.id == first.id and again.status == "cancelled"
    other = await make_user(database)
    theirs = await add_job(database, created_by=other.id, idempotency_key="submit-42")
    assert theirs.id != first.id


async def test_run_after_in_the_future_is_kept(database: Database) -> None:
    later = utcnow() + timedelta(hours=1)
    job = await add_job(database, run_after=later)
    assert abs((await load(database, job.id)).run_after - later) < timedelta(milliseconds=1)


async def test_cancel_a_pending_job_at_once_and_refuse_a_finished_one(database: Database) -> None:
    job = await add_job(database)
    async with database.transaction() as session:
        cancelled = await request_cancel(session, job.id)
    assert cancelled.status == "cancelled" and cancelled.completed_at is not None
    with pytest.raises(Conflict):
        async with database.transaction() as session:
            await request_cancel(session, job.id)
    with pytest.raises(NotFound):
        async with database.transaction() as session:
            await request_cancel(session, "no-such-job")


async def test_retry_submits_a_failed_or_cancelled_job_again(database: Database) -> None:
    job = await add_job(database, payload={"n": 7}, priority=9)
    with pytest.raises(Conflict):
        async with database.transaction() as session:
            await retry_job(session, job.id, None)
    async with database.transaction() as session:
        await request_cancel(session, job.id)
    async with database.transaction() as session:
        again = await retry_job(session, job.id, None)
    assert again.id != job.id and again.retry_of == job.id
    assert (again.status, again.payload, again.priority) == ("pending", {"n": 7}, 9)


async def test_a_bulk_submission_is_one_insert_with_the_same_rules(database: Database) -> None:
    key = dedupe_key_for(None, "noop", {"student_id": "s9"})
    active = await add_job(database, payload={"student_id": "s9"}, dedupe_key=key)
    specs = [JobSpec(job_type="noop", payload={"n": n}, priority=n % 10 + 1) for n in range(50)]
    specs.append(JobSpec(job_type="noop", payload={"student_id": "s9"}, dedupe_key=key))
    async with database.transaction() as session:
        results = await enqueue_many(session, specs)
    assert len(results) == 51
    assert [deduplicated for _, deduplicated in results] == [False] * 50 + [True]
    assert results[-1][0].id == active.id
    assert [job.payload for job, _ in results[:50]] == [{"n": n} for n in range(50)]
    assert results[7][0].priority == 8 and results[7][0].status == "pending"
    assert await _count(database) == 51


async def test_a_rolled_back_bulk_submission_leaves_nothing(database: Database) -> None:
    with pytest.raises(RuntimeError):
        async with database.transaction() as session:
            await enqueue_many(session, [JobSpec(job_type="noop", payload={}) for _ in range(5)])
            raise RuntimeError("the request failed")
    assert await _count(database) == 0
