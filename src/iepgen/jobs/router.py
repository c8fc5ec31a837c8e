"""`/api/v1/jobs`: the seed's job endpoints, paths unchanged (docs/api.md "Jobs").

Route order matters: the fixed paths (`/health`, `/admin/...`) are declared before
`/{job_id}`, which would otherwise take them for a job id.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response, status
from fastapi.exceptions import RequestValidationError

from iepgen.api.deps import (
    AdminActor,
    CurrentActor,
    DatabaseDep,
    PageDep,
    ReadAsActor,
    ReadSessionDep,
    SessionDep,
    SettingsDep,
)
from iepgen.api.schemas import FORBIDDEN, NOT_FOUND, UNAUTHORIZED, ErrorBody
from iepgen.audit.service import record
from iepgen.caseload.repository import draft_for_year
from iepgen.db.base import utcnow
from iepgen.jobs import service
from iepgen.jobs.events import EventStreamResponse, event_stream_response
from iepgen.jobs.health import HealthOut, check_health
from iepgen.jobs.schemas import (
    CleanupOut,
    CleanupRequest,
    IEPGenerationRequest,
    JobOut,
    JobPage,
    JobType,
    SectionGenerationRequest,
)
from iepgen.jobs.stats import QueueStatsOut, collect_queue_stats
from iepgen.jobs.watch import JobWatch
from iepgen.queue import JobStatus
from iepgen.queue.cleanup import run_cleanup

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        pattern=r"^[\x21-\x7e]+$",
        description="Any retry of a submission with the same key returns the first job.",
    ),
]

_RESPONSES_SUBMIT: dict[int | str, dict[str, Any]] = {
    200: {
        "model": JobOut,
        "description": "An identical job was already queued (or this "
        "Idempotency-Key was used before): that job, with `deduplicated: true`.",
    },
    **UNAUTHORIZED,
    **NOT_FOUND,
    429: {
        "model": ErrorBody,
        "description": "Too many submissions this minute; see the `Retry-After` header.",
        "headers": {
            "Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}
        },
    },
}
_LOCATION = {"Location": {"description": "The new job's URL.", "schema": {"type": "string"}}}
_EXISTING_DRAFT = {
    "Existing-Draft": {
        "description": "Sent when the student already has a draft IEP for that academic year: "
        "its URL. The new draft is still made; keep working on the existing one instead by "
        "cancelling this job.",
        "schema": {"type": "string"},
    }
}


def get_job_watch(request: Request) -> JobWatch:
    """The app's JobWatch, built once by the lifespan."""
    watch: JobWatch = request.app.state.job_watch
    return watch


def _idempotency_error(exc: service.IdempotencyKeyReused) -> RequestValidationError:
    return RequestValidationError(
        [{"loc": ("header", "Idempotency-Key"), "msg": exc.message, "type": "value_error"}]
    )


def _submitted(submission: service.Submission, response: Response) -> JobOut:
    response.headers["Location"] = f"/api/v1/jobs/{submission.job.id}"
    if submission.deduplicated:
        response.status_code = status.HTTP_200_OK
    return JobOut.of(submission.job, deduplicated=submission.deduplicated)


# Fixed paths first -------------------------------------------------------------------
@router.get(
    "/health",
    response_model=HealthOut,
    responses={503: {"model": HealthOut, "description": "Unhealthy: the database is unreachable."}},
)
async def health(database: DatabaseDep, settings: SettingsDep, response: Response) -> HealthOut:
    """Can the system take and finish jobs? No authentication; counts and states only."""
    body = await check_health(database, settings, now=utcnow())
    if body.status == "unhealthy":
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return body


@router.get(
    "/admin/queue-stats",
    response_model=QueueStatsOut,
    responses={**UNAUTHORIZED, **FORBIDDEN},
)
async def queue_stats(
    session: ReadSessionDep, database: DatabaseDep, settings: SettingsDep, actor: AdminActor
) -> QueueStatsOut:
    """Counts by status and type, throughput, run times, live workers, circuit and usage."""
    return await collect_queue_stats(session, database, settings, now=utcnow())


@router.post(
    "/admin/cleanup",
    response_model=CleanupOut,
    responses={**UNAUTHORIZED, **FORBIDDEN},
)
async def cleanup_jobs(
    body: CleanupRequest, database: DatabaseDep, session: SessionDep, actor: AdminActor
) -> CleanupOut:
    """Archive jobs finished more than N days ago; delete archived ones past the second limit."""
    # Batch by batch, each in its own short transaction (as the worker's scheduled
    # cleanup does), so a large cleanup never holds up claims and submissions.
    counts = await run_cleanup(
        database,
        older_than_days=body.older_than_days,
        delete_archived_older_than_days=body.delete_archived_older_than_days,
    )
    await record(
        session, actor, "job.cleanup", entity_type="job", detail={**counts, **body.model_dump()}
    )
    return CleanupOut(**counts)


@router.post(
    "/iep-generation",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=JobOut,
    responses={
        202: {"headers": {**_LOCATION, **_EXISTING_DRAFT}},
        **_RESPONSES_SUBMIT,
        409: {"model": ErrorBody, "description": "The student is archived (read-only)."},
    },
)
async def submit_iep_generation(
    body: IEPGenerationRequest,
    session: SessionDep,
    actor: CurrentActor,
    settings: SettingsDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> JobOut:
    """Queue drafting a whole IEP for a student on the caller's caseload (`Existing-Draft`
    names a draft the student already has for that year)."""
    try:
        submission = await service.submit_request(
            session,
            actor,
            JobType.IEP_GENERATION,
            body,
            settings=settings,
            idempotency_key=idempotency_key,
        )
    except service.IdempotencyKeyReused as exc:
        raise _idempotency_error(exc) from None
    existing = await draft_for_year(
        session, str(submission.job.payload.get("student_id")), body.academic_year
    )
    if existing is not None:
        response.headers["Existing-Draft"] = f"/api/v1/ieps/{existing.id}"
    return _submitted(submission, response)


@router.post(
    "/section-generation",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=JobOut,
    responses={
        202: {"headers": _LOCATION},
        **_RESPONSES_SUBMIT,
        409: {"model": ErrorBody, "description": "The IEP is final."},
    },
)
async def submit_section_generation(
    body: SectionGenerationRequest,
    session: SessionDep,
    actor: CurrentActor,
    settings: SettingsDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> JobOut:
    """Queue regenerating one section of a draft IEP."""
    try:
        submission = await service.submit_request(
            session,
            actor,
            JobType.SECTION_GENERATION,
            body,
            settings=settings,
            idempotency_key=idempotency_key,
        )
    except service.IdempotencyKeyReused as exc:
        raise _idempotency_error(exc) from None
    return _submitted(submission, response)


@router.get("", response_model=JobPage, responses=UNAUTHORIZED)
async def list_jobs(
    read: ReadAsActor,
    page: PageDep,
    status_: Annotated[JobStatus | None, Query(alias="status")] = None,
    job_type: JobType | None = None,
) -> JobPage:
    """The caller's jobs, newest first (an admin: everyone's)."""
    jobs, total = await service.list_jobs(
        read.session,
        read.actor,
        status=status_,
        job_type=job_type,
        limit=page.limit,
        offset=page.offset,
    )
    return JobPage(
        items=[JobOut.of(job) for job in jobs], total=total, limit=page.limit, offset=page.offset
    )


# One job -------------------------------------------------------------------------------
@router.get("/{job_id}", response_model=JobOut, responses={**UNAUTHORIZED, **NOT_FOUND})
async def get_job(job_id: str, read: ReadAsActor) -> JobOut:
    """The job: status, progress, and its result or error once it has finished."""
    return JobOut.of(await service.get_visible_job(read.session, read.actor, job_id))


@router.patch(
    "/{job_id}/cancel",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=JobOut,
    responses={
        200: {"model": JobOut, "description": "The job was pending and is now cancelled."},
        **UNAUTHORIZED,
        **NOT_FOUND,
        409: {"model": ErrorBody, "description": "The job has already finished."},
    },
)
async def cancel_job(
    job_id: str, session: SessionDep, actor: CurrentActor, response: Response
) -> JobOut:
    """Cancel: a pending job at once (200); a running one is stopped by its worker (202)."""
    job = await service.cancel(session, actor, job_id)
    if job.status == "cancelled":
        response.status_code = status.HTTP_200_OK
    return JobOut.of(job)


@router.post(
    "/{job_id}/retry",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=JobOut,
    responses={
        202: {"headers": _LOCATION},
        **_RESPONSES_SUBMIT,
        409: {"model": ErrorBody, "description": "Only a failed or cancelled job can be retried."},
    },
)
async def retry_job(
    job_id: str, session: SessionDep, actor: CurrentActor, settings: SettingsDep, response: Response
) -> JobOut:
    """Submit a failed or cancelled job again as a new job."""
    submission = await service.retry(session, actor, job_id, settings=settings)
    return _submitted(submission, response)


@router.get(
    "/{job_id}/poll",
    response_model=JobOut,
    responses={**UNAUTHORIZED, **NOT_FOUND},
)
async def poll_job(
    job_id: str,
    database: DatabaseDep,
    actor: CurrentActor,
    watch: Annotated[JobWatch, Depends(get_job_watch)],
    timeout_seconds: Annotated[
        float,
        Query(ge=0, le=300, allow_inf_nan=False, description="How long to wait, 0-300 seconds."),
    ] = 60,
) -> JobOut:
    """Answer as soon as the job is completed, failed or cancelled, or after the timeout."""
    # No request-scoped session: a transaction held open while waiting would pin a
    # connection (and, on SQLite, a snapshot) for up to five minutes per client.
    async with database.read() as session:
        job = await service.get_visible_job(session, actor, job_id)
    return JobOut.of(await watch.wait_until_final(job, timeout_seconds))


@router.get(
    "/{job_id}/events",
    response_class=EventStreamResponse,
    responses={
        200: {
            "content": {
                "text/event-stream": {
                    # One SSE event: `data` is the job body as JSON.
                    "schema": {
                        "type": "object",
                        "required": ["event", "data"],
                        "properties": {
                            "event": {"type": "string", "enum": ["status", "progress"]},
                            "data": {
                                "type": "string",
                                "contentMediaType": "application/json",
                                "contentSchema": {"$ref": "#/components/schemas/JobOut"},
                            },
                            "retry": {"type": "integer", "minimum": 0},
                        },
                    },
                    "example": 'event: status\ndata: {"id": "…", "status": "processing", …}\n\n'
                    'event: progress\ndata: {"id": "…", "progress": {"completed_sections": 3, '
                    '"total_sections": 11}, …}\n\n: keep-alive\n\n',
                }
            },
            "description": "`event: status` or `event: progress`, `data:` the job body.",
        },
        **UNAUTHORIZED,
        **NOT_FOUND,
    },
)
async def job_events(
    job_id: str,
    database: DatabaseDep,
    settings: SettingsDep,
    actor: CurrentActor,
    watch: Annotated[JobWatch, Depends(get_job_watch)],
) -> EventStreamResponse:
    """Server-Sent Events of the job's status and progress, ending with its final state."""
    async with database.read() as session:
        job = await service.get_visible_job(session, actor, job_id)
    return event_stream_response(watch, job, keepalive_seconds=settings.sse_keepalive_seconds)
