"""Submitting, reading, cancelling and retrying generation jobs on behalf of a user.

A teacher reaches only the jobs they submitted, and may only submit for students (and
IEPs) on their caseload; anything else answers like an unknown id. Every new job is queued
in the caller's transaction together with its audit entry, so a request that fails leaves
neither behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.api.fields import canonical_uuid
from iepgen.audit.service import record
from iepgen.config import Settings
from iepgen.db.base import utcnow
from iepgen.errors import Conflict, InvalidInput, NotFound
from iepgen.jobs.definitions import JOB_DEFINITIONS, definition_of
from iepgen.jobs.rate_limit import SubmissionLimit
from iepgen.jobs.schemas import JobType
from iepgen.models import Job
from iepgen.queue import (
    RETRYABLE_STATUSES,
    dedupe_key_for,
    enqueue,
    find_active,
    find_by_idempotency_key,
    get_job,
    raise_pending_priority,
    request_cancel,
    retry_job,
)
from iepgen.queue import list_jobs as list_jobs_page
from iepgen.users.service import Actor

log = structlog.get_logger("iepgen.jobs")

JOB_NOT_FOUND = "Job not found."


class IdempotencyKeyReused(InvalidInput):
    """The Idempotency-Key names an earlier submission with a different body."""


@dataclass(frozen=True)
class Submission:
    job: Job
    deduplicated: bool


async def submit(
    session: AsyncSession,
    actor: Actor,
    *,
    job_type: str,
    payload: dict[str, Any],
    priority: int,
    settings: Settings,
    idempotency_key: str | None = None,
) -> Submission:
    """Queue a job, or return the identical one already queued (or first sent with the key)."""
    if idempotency_key is not None:
        earlier = await find_by_idempotency_key(session, actor.id, idempotency_key)
        if earlier is not None:
            _check_same_request(earlier, job_type, payload)
            return Submission(earlier, deduplicated=True)
    student_id = await definition_of(job_type).check(session, actor, payload, settings)
    dedupe_key = dedupe_key_for(actor.id, job_type, payload)
    active = await find_active(session, dedupe_key)
    if active is not None:
        await _raise_priority(session, actor, active, priority)
        return Submission(active, deduplicated=True)
    now = utcnow()
    await SubmissionLimit(settings.submissions_per_minute).check(session, actor.id, now=now)
    job, deduplicated = await enqueue(
        session,
        job_type=job_type,
        payload=payload,
        created_by=actor.id,
        priority=priority,
        dedupe_key=dedupe_key,
        idempotency_key=idempotency_key,
        settings=settings,
    )
    if deduplicated:
        if idempotency_key is not None and job.idempotency_key == idempotency_key:
            _check_same_request(job, job_type, payload)
        else:
            await _raise_priority(session, actor, job, priority)
        return Submission(job, deduplicated=True)
    await _audit_new_job(session, actor, job, student_id)
    return Submission(job, deduplicated=False)


async def _raise_priority(session: AsyncSession, actor: Actor, job: Job, priority: int) -> None:
    """The same request sent again with a higher priority raises the waiting job's priority.

    Only a pending job: one already running gains nothing from it, and its body shows the
    priority it ran at. A lower priority never lowers it (someone asked for the higher one).
    """
    if job.status != "pending" or priority <= job.priority:
        return
    raised = await raise_pending_priority(session, job.id, priority)
    if raised:
        previous, job.priority = job.priority, priority
        await record(
            session,
            actor,
            "job.priority_raise",
            entity_type="job",
            entity_id=job.id,
            detail={"from": previous, "to": priority},
        )
        log.info("job.priority_raised", job_id=job.id, priority=priority)


async def submit_request(
    session: AsyncSession,
    actor: Actor,
    job_type: JobType,
    body: Any,
    *,
    settings: Settings,
    idempotency_key: str | None = None,
) -> Submission:
    """Queue a job from its validated request body (`JobDefinition.request`)."""
    return await submit(
        session,
        actor,
        job_type=job_type,
        payload=JOB_DEFINITIONS[job_type].payload(body),
        priority=body.priority,
        settings=settings,
        idempotency_key=idempotency_key,
    )


def _check_same_request(job: Job, job_type: str, payload: dict[str, Any]) -> None:
    if job.job_type != job_type or job.payload != payload:
        raise IdempotencyKeyReused(
            "This Idempotency-Key was already used for a different request; use a new key.",
            field=("Idempotency-Key",),
        )


async def _audit_new_job(
    session: AsyncSession, actor: Actor, job: Job, student_id: str | None
) -> None:
    await record(
        session,
        actor,
        "job.submit",
        student_id=student_id,
        entity_type="job",
        entity_id=job.id,
        detail={"job_type": job.job_type, "priority": job.priority, "retry_of": job.retry_of},
    )
    log.info(
        "job.submitted",
        job_id=job.id,
        job_type=job.job_type,
        student_id=student_id,
        retry_of=job.retry_of,
    )


async def get_visible_job(session: AsyncSession, actor: Actor, job_id: str) -> Job:
    """The job if `actor` submitted it (or is an admin); else NotFound."""
    canonical = canonical_uuid(job_id)
    job = await get_job(session, canonical) if canonical else None
    if job is None or not (actor.is_admin or job.created_by == actor.id):
        raise NotFound(JOB_NOT_FOUND)
    return job


async def list_jobs(
    session: AsyncSession,
    actor: Actor,
    *,
    status: str | None,
    job_type: str | None,
    limit: int,
    offset: int,
) -> tuple[list[Job], int]:
    return await list_jobs_page(
        session,
        created_by=None if actor.is_admin else actor.id,
        status=status,
        job_type=job_type,
        limit=limit,
        offset=offset,
    )


async def cancel(session: AsyncSession, actor: Actor, job_id: str) -> Job:
    """Pending: cancelled now. Processing: its worker stops it within seconds. Finished: 409."""
    job = await get_visible_job(session, actor, job_id)
    job = await request_cancel(session, job.id)
    await record(session, actor, "job.cancel", entity_type="job", entity_id=job.id)
    log.info("job.cancel_requested", job_id=job.id, status=job.status)
    return job


async def retry(
    session: AsyncSession, actor: Actor, job_id: str, *, settings: Settings
) -> Submission:
    """Submit a failed or cancelled job again as a new job (its owner stays the same)."""
    original = await get_visible_job(session, actor, job_id)
    if original.status not in RETRYABLE_STATUSES:
        raise Conflict(
            f"Only a failed or cancelled job can be retried; this one is {original.status}."
        )
    definition = definition_of(original.job_type)
    student_id = await definition.check(session, actor, original.payload, settings)
    owner = original.created_by or actor.id
    active = None
    if original.dedupe_key is not None:
        active = await find_active(session, original.dedupe_key)
    if active is None:
        await SubmissionLimit(settings.submissions_per_minute).check(session, owner, now=utcnow())
    job = await retry_job(session, original.id, owner)
    if active is not None and job.id == active.id:
        return Submission(job, deduplicated=True)
    await _audit_new_job(session, actor, job, student_id)
    return Submission(job, deduplicated=False)
