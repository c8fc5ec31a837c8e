"""PostgreSQL stopped and started under a running worker: it reconnects and loses nothing."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from iepgen.db import Database, create_database
from iepgen.models import Job
from iepgen.queue import enqueue
from tests.conftest import make_settings
from tests.databases import migrate
from tests.integration.queue.conftest import eventually
from tests.integration.queue.fleet import Fleet
from tests.integration.queue.recording_worker import OUTPUTS_DDL
from tests.integration.queue.throwaway_postgres import ThrowawayPostgres

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def cluster() -> Iterator[ThrowawayPostgres]:
    server = ThrowawayPostgres()
    try:
        server.init()
        server.start()
        migrate(server.url)
        yield server
    finally:
        server.destroy()


@pytest.fixture
async def database(cluster: ThrowawayPostgres) -> AsyncIterator[Database]:
    db = create_database(make_settings(cluster.url))
    async with db.transaction() as session:
        await session.execute(text(OUTPUTS_DDL))
    try:
        yield db
    finally:
        await db.dispose()


async def _enqueue(database: Database, count: int, sleep: float) -> list[str]:
    async with database.transaction() as session:
        jobs = [
            (await enqueue(session, job_type="record", payload={"sleep": sleep}, created_by=None))[
                0
            ]
            for _ in range(count)
        ]
    return [job.id for job in jobs]


async def _statuses(database: Database) -> dict[str, int]:
    async with database.read() as session:
        rows = await session.execute(select(Job.status, func.count()).group_by(Job.status))
        return {status: count for status, count in rows}


async def test_a_worker_survives_a_database_restart_and_loses_nothing(
    cluster: ThrowawayPostgres, database: Database, tmp_path: Path
) -> None:
    fleet = Fleet(cluster.url, tmp_path)
    worker = fleet.start(concurrency=4, claim_timeout=3, poll_interval=0.5)
    try:
        before = await _enqueue(database, 12, sleep=0.4)

        async def some_started() -> bool:
            return len(fleet.executions()) >= 2

        assert await eventually(some_started, within=30)
        # Jobs are in flight when the server goes away.
        await asyncio.to_thread(cluster.stop)
        await database.dispose()  # our own pooled connections died with it
        await asyncio.sleep(3)
        assert worker.poll() is None, "the worker must keep running while the database is away"
        await asyncio.to_thread(cluster.start)
        after = await _enqueue(database, 8, sleep=0.0)

        async def all_completed() -> bool:
            return (await _statuses(database)).get("completed", 0) == len(before) + len(after)

        assert await eventually(all_completed, within=60, every=0.25), await _statuses(database)
        async with database.read() as session:
            outputs = dict(
                (
                    await session.execute(
                        text("SELECT job_id, COUNT(*) FROM queue_test_outputs GROUP BY job_id")
                    )
                ).all()
            )
        assert outputs == dict.fromkeys(before + after, 1)  # every job, exactly one output
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=30) == 0
    finally:
        fleet.kill_all()
    output = fleet.output()
    assert "queue.database_unavailable" in output or "queue.heartbeat_failed" in output
    assert "Traceback" not in output
