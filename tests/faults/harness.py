"""IEP jobs under faults: real `iepgen worker` processes, the offline drafter, outcome checks.

Workers are the real command (`iepgen worker`), each in its own process, so a kill -9 or
a SIGTERM hits exactly what runs in production. Jobs are real IEP generation jobs; an IEP
carries its job's id (`source_job_id`, unique), so "exactly once" is countable.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from iepgen.db import Database
from iepgen.models import IEP, Job, WorkerRecord
from iepgen.queue import JobSpec, enqueue_many
from tests.integration.generation.records import add_assessment, add_student
from tests.integration.queue.fleet import REPO_ROOT, subprocess_env

IEPGEN = str(Path(sys.executable).with_name("iepgen"))
FINAL = ("completed", "failed", "cancelled")


async def add_caseload(database: Database, teacher_id: str, students: int) -> list[str]:
    """Fictional students, each with one reading assessment (what the drafter cites)."""
    ids = []
    for n in range(students):
        student_id = await add_student(database, teacher_id, first_name=f"Fault{n}")
        await add_assessment(database, student_id)
        ids.append(student_id)
    return ids


async def submit_iep_jobs(
    database: Database, teacher_id: str, students: list[str], count: int, *, first: int = 0
) -> list[str]:
    """`count` IEP generation jobs spread over `students` (each payload distinct, numbered
    from `first` so a later batch never repeats an earlier one)."""
    specs = [
        JobSpec(
            "iep_generation",
            {
                "student_id": students[n % len(students)],
                "template_id": "idea-standard",
                "academic_year": "2025-2026",
                "include_previous_ieps": False,
                "include_assessments": True,
                "context": f"Fault run request {n}.",
            },
            created_by=teacher_id,
        )
        for n in range(first, first + count)
    ]
    ids: list[str] = []
    for start in range(0, count, 100):
        async with database.transaction() as session:
            ids += [job.id for job, _ in await enqueue_many(session, specs[start : start + 100])]
    return ids


@dataclass
class Workers:
    """`iepgen worker` processes against one database; output kept per process."""

    database_url: str
    directory: Path
    env: dict[str, str] = field(default_factory=dict)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self, *, concurrency: int = 4, claim_timeout: float = 3.0) -> subprocess.Popen[bytes]:
        index = len(self.processes)
        env = {**subprocess_env(self.database_url), "LOG_LEVEL": "INFO", **self.env}
        with open(self.directory / f"worker-{index}.log", "wb") as log:
            process = subprocess.Popen(
                [
                    IEPGEN,
                    "worker",
                    "--workers",
                    "1",
                    "--concurrency",
                    str(concurrency),
                    "--claim-timeout",
                    str(claim_timeout),
                    "--poll-interval",
                    "0.5",
                ],
                cwd=REPO_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.processes.append(process)
        return process

    @property
    def alive(self) -> list[subprocess.Popen[bytes]]:
        return [p for p in self.processes if p.poll() is None]

    def kill9(self, process: subprocess.Popen[bytes]) -> None:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self, timeout: float = 60.0) -> list[int]:
        """SIGTERM every live process; their exit codes."""
        alive = self.alive
        for process in alive:
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        return [p.wait(timeout=max(0.1, deadline - time.monotonic())) for p in alive]

    def kill_all(self) -> None:
        for process in self.alive:
            process.kill()
            process.wait()

    def output(self) -> str:
        return "\n".join(
            path.read_text(errors="replace") for path in sorted(self.directory.glob("worker-*.log"))
        )


async def statuses(database: Database, job_ids: list[str] | None = None) -> dict[str, int]:
    query = select(Job.status, func.count()).where(Job.job_type == "iep_generation")
    if job_ids is not None:
        query = query.where(Job.id.in_(job_ids))
    async with database.read() as session:
        rows = await session.execute(query.group_by(Job.status))
        return {status: count for status, count in rows}


async def ieps_per_job(database: Database) -> dict[str, int]:
    async with database.read() as session:
        rows = await session.execute(
            select(IEP.source_job_id, func.count())
            .where(IEP.source_job_id.is_not(None))
            .group_by(IEP.source_job_id)
        )
        return {str(job_id): count for job_id, count in rows}


async def jobs_by_id(database: Database, job_ids: list[str]) -> dict[str, Job]:
    async with database.read() as session:
        jobs = (await session.scalars(select(Job).where(Job.id.in_(job_ids)))).all()
    return {job.id: job for job in jobs}


async def eventually(
    condition: Callable[[], Awaitable[bool]], *, within: float, every: float = 0.25
) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if await condition():
            return True
        await asyncio.sleep(every)
    return await condition()


async def all_final(database: Database, job_ids: list[str]) -> bool:
    counts = await statuses(database, job_ids)
    return sum(counts.get(status, 0) for status in FINAL) == len(job_ids)


async def in_flight(database: Database, pid: int) -> int:
    """Jobs a worker process holds right now (worker ids are `host:pid:random`)."""
    async with database.read() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(Job)
            .where(Job.status == "processing", Job.claimed_by.like(f"%:{pid}:%"))
        )
    return int(count or 0)


async def registered(database: Database, processes: list[subprocess.Popen[bytes]]) -> bool:
    """Every process has registered as a running worker (its signal handlers are set)."""
    pids = {process.pid for process in processes}
    async with database.read() as session:
        running = await session.scalars(
            select(WorkerRecord.pid).where(
                WorkerRecord.pid.in_(pids), WorkerRecord.status == "running"
            )
        )
        return set(running.all()) == pids


def assert_clean_output(output: str) -> None:
    """No lock errors, no crash tracebacks in the workers' logs.

    One traceback is expected: SQLAlchemy logs "Exception during reset" when a job task
    is cancelled at shutdown while its connection is being returned (the connection is
    then discarded, which is what a cancel should do).
    """
    assert "database is locked" not in output
    assert "Task exception was never retrieved" not in output, output[-3000:]
    expected = output.count("Exception during reset or similar")
    assert output.count("Traceback") == expected, output[-3000:]
