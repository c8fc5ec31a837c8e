"""Worker processes killed with SIGKILL at random moments, and stopped with SIGTERM, while
they draft IEPs: every job ends completed exactly once (one IEP per job), none is lost.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.models import Job
from tests.factories import make_user
from tests.faults.harness import (
    Workers,
    add_caseload,
    all_final,
    assert_clean_output,
    eventually,
    ieps_per_job,
    in_flight,
    jobs_by_id,
    registered,
    statuses,
    submit_iep_jobs,
)

pytestmark = [pytest.mark.slow, pytest.mark.faults]

JOBS, KILLS, SIGTERM_JOBS = 100, 5, 30


@pytest.fixture
def workers(settings: Settings, tmp_path: Path) -> Iterator[Workers]:
    fleet = Workers(settings.database_url, tmp_path)
    try:
        yield fleet
    finally:
        fleet.kill_all()


async def test_sigkill_at_random_moments_loses_no_job_and_duplicates_no_iep(
    database: Database, workers: Workers
) -> None:
    teacher = await make_user(database)
    students = await add_caseload(database, teacher.id, 20)
    job_ids = await submit_iep_jobs(database, teacher.id, students, JOBS)
    for _ in range(3):
        workers.start(concurrency=4, claim_timeout=2)
    chaos = random.Random(20261128)
    killed_holding = 0
    for _ in range(60):  # bounded: at most ~90 s of chaos
        if killed_holding == KILLS:
            break
        if await all_final(database, job_ids):
            # A fast machine finished the work before every kill landed: more work, so
            # each kill still lands mid-job rather than the run ending early.
            job_ids += await submit_iep_jobs(
                database, teacher.id, students, JOBS // 4, first=len(job_ids)
            )
        await asyncio.sleep(chaos.uniform(0.4, 1.5))
        holding = [p for p in workers.alive if await in_flight(database, p.pid)]
        if holding:
            workers.kill9(chaos.choice(holding))  # mid-job: no release, no goodbye
            killed_holding += 1
            workers.start(concurrency=4, claim_timeout=2)
    assert killed_holding == KILLS, "the run ended before every kill landed mid-job"
    assert await eventually(lambda: all_final(database, job_ids), within=120)
    # The last replacement may still be starting: let it register before the SIGTERM.
    assert await eventually(lambda: registered(database, workers.alive), within=60)
    assert workers.stop_all() == [0, 0, 0]
    assert await statuses(database, job_ids) == {"completed": len(job_ids)}
    assert await ieps_per_job(database) == dict.fromkeys(job_ids, 1)
    jobs = await jobs_by_id(database, job_ids)
    rescued = [job for job in jobs.values() if job.attempts > 1]
    assert rescued, "no killed job was rescued and run again"
    assert all(job.result and job.result["iep_id"] for job in jobs.values())
    assert_clean_output(workers.output())


# The release is a dialect-specific fenced UPDATE: both databases. The chaos test above
# runs on SQLite; PostgreSQL's rescue (SKIP LOCKED) is killed mid-job in
# tests/integration/queue/test_worker_processes.py and restarted in test_postgres_restart.
@pytest.mark.both_databases
async def test_sigterm_under_load_releases_unfinished_jobs_without_using_an_attempt(
    database: Database, workers: Workers
) -> None:
    teacher = await make_user(database)
    students = await add_caseload(database, teacher.id, 10)
    # No grace: whatever is in flight at SIGTERM is released, not finished.
    workers.env["SHUTDOWN_GRACE_SECONDS"] = "0"
    for _ in range(2):
        workers.start(concurrency=4, claim_timeout=10)
    # Both up (signal handlers set) before the load arrives.
    assert await eventually(lambda: registered(database, workers.processes), within=60)
    job_ids = await submit_iep_jobs(database, teacher.id, students, SIGTERM_JOBS)

    async def some_done_some_running() -> bool:
        counts = await statuses(database, job_ids)
        return counts.get("completed", 0) >= 4 and counts.get("processing", 0) >= 2

    assert await eventually(some_done_some_running, within=60, every=0.05)
    assert workers.stop_all(timeout=30) == [0, 0]
    output = workers.output()
    assert "queue.job_released" in output
    jobs = await jobs_by_id(database, job_ids)
    for job in jobs.values():
        assert (job.status, job.attempts) in {("completed", 1), ("pending", 0)}, (
            job.status,
            job.attempts,
        )
    assert 0 < sum(job.status == "pending" for job in jobs.values()) < SIGTERM_JOBS
    # A new worker finishes the rest: still one IEP per job, still one attempt each.
    workers.start(concurrency=4, claim_timeout=10)
    assert await eventually(lambda: all_final(database, job_ids), within=60)
    assert workers.stop_all(timeout=30) == [0]
    assert await statuses(database, job_ids) == {"completed": SIGTERM_JOBS}
    assert await ieps_per_job(database) == dict.fromkeys(job_ids, 1)
    async with database.read() as session:
        assert await session.scalar(select(func.max(Job.attempts))) == 1
    assert_clean_output(workers.output())
