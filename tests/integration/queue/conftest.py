"""Queue fixtures: short timings, a worker run in the test's event loop, job helpers."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings
from iepgen.db import Database, create_database
from iepgen.models import Job
from iepgen.queue import HandlerRegistry, JobContext, WriteOutput, enqueue
from iepgen.queue.worker import Worker, WorkerOptions
from tests.conftest import make_settings
from tests.databases import dispose_checked

FINAL = ("completed", "failed", "cancelled")


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(
        database_url,
        claim_timeout=2.0,
        retry_base_seconds=0.01,
        retry_max_seconds=0.05,
        shutdown_grace_seconds=5.0,
        job_timeout_seconds=30.0,
        poll_interval=0.2,
    )


@pytest.fixture
async def database(settings: Settings) -> AsyncIterator[Database]:
    db = create_database(settings)
    try:
        yield db
    finally:
        await dispose_checked(db)


async def add_job(database: Database, job_type: str = "noop", **kw: Any) -> Job:
    """Enqueue one job in its own committed transaction."""
    kw.setdefault("payload", {})
    kw.setdefault("created_by", None)
    async with database.transaction() as session:
        job, _ = await enqueue(session, job_type=job_type, **kw)
    return job


async def load(database: Database, job_id: str) -> Job:
    async with database.read() as session:
        job = await session.get(Job, job_id)
    assert job is not None
    return job


async def wait_for(
    database: Database, job_id: str, statuses: Iterable[str] = FINAL, within: float = 15.0
) -> Job:
    """Poll until the job reaches one of `statuses` (a test helper, not how clients wait)."""
    wanted = tuple(statuses)
    deadline = time.monotonic() + within
    while True:
        job = await load(database, job_id)
        if job.status in wanted:
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} stayed {job.status}, wanted {wanted}")
        await asyncio.sleep(0.05)


async def eventually(
    check: Callable[[], Awaitable[bool]], within: float, every: float = 0.05
) -> bool:
    """Poll `check` until it holds or `within` seconds pass; returns whether it held."""
    deadline = time.monotonic() + within
    while True:
        if await check():
            return True
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(every)


def noop_output(result: dict[str, Any] | None = None) -> WriteOutput:
    async def write(session: AsyncSession) -> dict[str, Any]:
        return result or {"ok": True}

    return write


def registry_of(**handlers: Callable[[JobContext], Any]) -> HandlerRegistry:
    registry = HandlerRegistry()
    for job_type, handler in handlers.items():
        registry.register(job_type, handler)
    return registry


@asynccontextmanager
async def running_worker(
    database: Database, settings: Settings, handlers: HandlerRegistry, **options: Any
) -> AsyncIterator[Worker]:
    """A worker running in this event loop; stopped gracefully when the block ends."""
    worker_options = WorkerOptions.from_settings(
        settings,
        concurrency=options.pop("concurrency", 4),
        poll_interval=options.pop("poll_interval", None),
        claim_timeout=options.pop("claim_timeout", None),
    )
    if options:
        from dataclasses import replace

        worker_options = replace(worker_options, **options)
    worker = Worker(database, settings, handlers, options=worker_options)
    task = asyncio.create_task(worker.run())
    try:
        yield worker
    finally:
        worker.stop()
        await asyncio.wait_for(task, timeout=30)
