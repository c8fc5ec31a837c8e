"""Run one generation job the way a worker does: enqueue, claim, handle, complete (fenced)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.db.base import utcnow
from iepgen.models import Job
from iepgen.queue import HandlerRegistry, JobContext, WriteOutput, enqueue, get_job
from iepgen.queue.claim import claim_jobs
from iepgen.queue.fence import Claim, complete

WORKER_ID = "test-worker"


@dataclass
class RanJob:
    job: Job
    write: WriteOutput
    context: JobContext


async def claim_and_handle(
    database: Database,
    settings: Settings,
    registry: HandlerRegistry,
    job_type: str,
    payload: dict[str, Any],
    created_by: str | None,
) -> tuple[JobContext, WriteOutput]:
    """Enqueue and claim a job, then run its handler (raising whatever it raises)."""
    async with database.transaction() as session:
        await enqueue(
            session, job_type=job_type, payload=payload, created_by=created_by, settings=settings
        )
    async with database.transaction() as session:
        (claimed,) = await claim_jobs(
            session,
            worker_id=WORKER_ID,
            limit=1,
            job_types=[job_type],
            now=utcnow(),
            lease_seconds=60,
        )
    context = JobContext(
        job_id=claimed.id,
        job_type=claimed.job_type,
        payload=claimed.payload,
        attempt=claimed.attempts,
        created_by=claimed.created_by,
        database=database,
        settings=settings,
        claimed_by=WORKER_ID,
    )
    return context, await registry.get(job_type)(context)


async def run_job(
    database: Database,
    settings: Settings,
    registry: HandlerRegistry,
    job_type: str,
    payload: dict[str, Any],
    created_by: str | None,
) -> RanJob:
    context, write = await claim_and_handle(
        database, settings, registry, job_type, payload, created_by
    )
    async with database.transaction() as session:
        outcome = await complete(session, Claim(context.job_id, WORKER_ID, context.attempt), write)
    assert outcome == "completed"
    async with database.read() as session:
        job = await get_job(session, context.job_id)
    assert job is not None
    return RanJob(job, write, context)
