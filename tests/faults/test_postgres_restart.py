"""PostgreSQL restarted while worker processes draft IEPs: they reconnect, nothing is lost.

On a throwaway cluster of the test's own (tests/integration/queue/throwaway_postgres.py):
the shared server on 5432 is never touched.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from iepgen.db import Database, create_database
from iepgen.templates.service import ensure_builtin_templates
from tests.conftest import make_settings
from tests.databases import migrate
from tests.factories import make_user
from tests.faults.harness import (
    Workers,
    add_caseload,
    all_final,
    assert_clean_output,
    eventually,
    ieps_per_job,
    statuses,
    submit_iep_jobs,
)
from tests.integration.queue.throwaway_postgres import ThrowawayPostgres

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.faults]

JOBS = 40


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
async def own_database(cluster: ThrowawayPostgres) -> AsyncIterator[Database]:
    database = create_database(make_settings(cluster.url))
    async with database.transaction() as session:
        await ensure_builtin_templates(session)
    try:
        yield database
    finally:
        await database.dispose()


async def test_a_database_restart_mid_run_loses_no_job_and_duplicates_no_iep(
    cluster: ThrowawayPostgres, own_database: Database, tmp_path: Path
) -> None:
    database = own_database
    teacher = await make_user(database)
    students = await add_caseload(database, teacher.id, 10)
    job_ids = await submit_iep_jobs(database, teacher.id, students, JOBS)
    workers = Workers(cluster.url, tmp_path)
    try:
        for _ in range(2):
            workers.start(concurrency=4, claim_timeout=3)

        async def under_way() -> bool:
            return (await statuses(database, job_ids)).get("completed", 0) >= 5

        assert await eventually(under_way, within=60, every=0.1)
        await asyncio.to_thread(cluster.stop)  # every connection cut, jobs in flight
        await database.dispose()
        await asyncio.sleep(3)
        assert len(workers.alive) == 2, "workers must keep running while the database is away"
        await asyncio.to_thread(cluster.start)
        assert await eventually(lambda: all_final(database, job_ids), within=90)
        assert workers.stop_all(timeout=30) == [0, 0]
    finally:
        workers.kill_all()
    assert await statuses(database, job_ids) == {"completed": JOBS}
    assert await ieps_per_job(database) == dict.fromkeys(job_ids, 1)
    output = workers.output()
    assert "queue.database_unavailable" in output or "queue.heartbeat_failed" in output
    assert_clean_output(output)
