"""Many long-poll clients cost the database what one does: waiting is not polling."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import event

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.jobs.watch import JobWatch
from iepgen.queue import JobContext, WriteOutput
from tests.factories import create_student, make_user
from tests.integration.jobs.support import iep_request, registry_of, running_worker, submit

JOBS = 20
POLLERS_PER_JOB = 10
WINDOW_SECONDS = 1.0


class StatementLog:
    """Every SQL statement the app's engine sends, as text."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.statements.append(statement)

    def since(self, mark: int) -> list[str]:
        return self.statements[mark:]


@contextmanager
def statement_log(database: Database) -> Iterator[StatementLog]:
    log = StatementLog()
    event.listen(database.engine.sync_engine, "before_cursor_execute", log)
    try:
        yield log
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", log)


def _reads_one_job(statement: str) -> bool:
    flat = " ".join(statement.split())
    return (
        flat.startswith("SELECT")
        and "FROM iep_generation_jobs WHERE iep_generation_jobs.id =" in flat
    )


async def _until(condition: Any, within: float = 20) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not condition():
        assert loop.time() < deadline, "timed out waiting"
        await asyncio.sleep(0.02)


async def _instant(context: JobContext) -> WriteOutput:
    async def write(_session: Any) -> dict[str, Any]:
        return {"iep_id": None}

    return write


async def test_two_hundred_pollers_do_not_multiply_queries(
    app: FastAPI, client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database)
    student_id = await create_student(client, teacher)
    job_ids = []
    for index in range(JOBS):
        body = iep_request(student_id, context=f"Draft {index}")
        job_ids.append((await submit(client, teacher, body)).json()["id"])
    if not database.is_sqlite:
        await _until(lambda: app.state.notifier.listening)

    async def poll(job_id: str) -> httpx.Response:
        return await client.get(
            f"/api/v1/jobs/{job_id}/poll?timeout_seconds=120", headers=teacher.headers
        )

    with statement_log(database) as log:
        first = asyncio.create_task(poll(job_ids[0]))
        await _until(lambda: getattr(app.state, "job_watch", None) is not None)
        watch: JobWatch = app.state.job_watch
        await _until(lambda: watch.waiting == 1)
        await asyncio.sleep(0.3)  # let the notifier confirm the new watcher's state
        mark = len(log.statements)
        await asyncio.sleep(WINDOW_SECONDS)
        one_waiting = len(log.since(mark))

        others = [
            asyncio.create_task(poll(job_id))
            for job_id in job_ids
            for _ in range(POLLERS_PER_JOB if job_id != job_ids[0] else POLLERS_PER_JOB - 1)
        ]
        await _until(lambda: watch.waiting == JOBS * POLLERS_PER_JOB)
        await asyncio.sleep(0.3)
        mark = len(log.since(0))
        await asyncio.sleep(WINDOW_SECONDS)
        many_waiting = len(log.since(mark))

        # One notifier check per tick covers every watched job (SQLite); with NOTIFY,
        # nothing is queried at all while nothing changes (PostgreSQL).
        assert many_waiting <= one_waiting + 6, (one_waiting, many_waiting)
        if not database.is_sqlite:
            assert many_waiting <= 2, log.since(mark)

        mark = len(log.statements)
        async with running_worker(app, settings, registry_of(iep_generation=_instant)):
            responses = await asyncio.wait_for(asyncio.gather(first, *others), 60)
        reads = [s for s in log.since(mark) if _reads_one_job(s)]

    assert all(r.status_code == 200 and r.json()["status"] == "completed" for r in responses)
    assert len(responses) == JOBS * POLLERS_PER_JOB
    # Pollers woken by the same change share one read: about one per job, not per client.
    assert len(reads) <= 3 * JOBS, len(reads)
    assert watch.waiting == 0
