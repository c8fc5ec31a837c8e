"""Generating an IEP, and the live job page (progress by Server-Sent Events, cancel, retry)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import ValidationError
from starlette.responses import RedirectResponse, Response

from iepgen.api.deps import DatabaseDep, SessionDep, SettingsDep
from iepgen.caseload.repository import draft_for_year
from iepgen.errors import InvalidInput, RateLimited
from iepgen.jobs import service as jobs
from iepgen.jobs.definitions import JOB_DEFINITIONS
from iepgen.jobs.events import event_stream_response
from iepgen.jobs.router import get_job_watch
from iepgen.jobs.schemas import IEPGenerationRequest, JobOut, JobType
from iepgen.jobs.watch import JobWatch
from iepgen.queue import FINAL_STATUSES, JobStatus
from iepgen.students.service import get_accessible_student
from iepgen.web.context import CsrfChecked, WebActor
from iepgen.web.errors import WebRoute
from iepgen.web.forms import FormState, errors_from_validation
from iepgen.web.generate_form import (
    GENERATE_LABELS,
    form_errors,
    generate_body,
    generate_values,
    submit_problems,
)
from iepgen.web.notices import notice_for
from iepgen.web.routes.students import render_student_page
from iepgen.web.templating import render

router = APIRouter(route_class=WebRoute, include_in_schema=False)

STATUS_WORDS = {
    JobStatus.PENDING: "Waiting for a worker",
    JobStatus.PROCESSING: "Drafting",
    JobStatus.COMPLETED: "Done",
    JobStatus.FAILED: "Failed",
    JobStatus.CANCELLED: "Cancelled",
    JobStatus.ARCHIVED: "Archived",
}
# Ticked to start a second draft for a year that already has one.
CONFIRM_NEW_DRAFT = "confirm_new_draft"
_TITLES = {str(job_type): definition.title for job_type, definition in JOB_DEFINITIONS.items()}


def _title(job_type: str) -> str:
    return _TITLES.get(job_type, "Job")


@router.post("/students/{student_id}/generate", dependencies=[CsrfChecked])
async def generate_iep(
    request: Request,
    student_id: str,
    session: SessionDep,
    settings: SettingsDep,
    actor: WebActor,
) -> Response:
    student = await get_accessible_student(session, actor, student_id)
    posted = await request.form()
    values = generate_values(posted)
    values[CONFIRM_NEW_DRAFT] = posted.get(CONFIRM_NEW_DRAFT) == "true"
    form = FormState(values=values)
    try:
        body = IEPGenerationRequest.model_validate(generate_body(values, student.id))
    except ValidationError as exc:
        form.errors = form_errors(errors_from_validation(exc, GENERATE_LABELS))
    else:
        definition = JOB_DEFINITIONS[JobType.IEP_GENERATION]
        payload = definition.payload(body)
        existing = await draft_for_year(session, student.id, body.academic_year)
        if existing is not None and not values[CONFIRM_NEW_DRAFT]:
            # Asked only of an otherwise valid request: the form's own problems come first.
            try:
                await definition.check(session, actor, payload, settings)
            except InvalidInput as exc:
                form.errors = await submit_problems(
                    session, settings, student.id, body, exc, payload
                )
                return await render_student_page(
                    request, session, settings, actor, student.id, generate=form, status_code=422
                )
            values["existing_draft_id"] = existing.id
            form.errors = {
                CONFIRM_NEW_DRAFT: f"A draft IEP for {body.academic_year} already exists "
                f"(version {existing.version}). Open it to keep working on it, or tick "
                "this box to start another draft for the year."
            }
            return await render_student_page(
                request, session, settings, actor, student.id, generate=form, status_code=409
            )
        try:
            submission = await jobs.submit(
                session,
                actor,
                job_type="iep_generation",
                payload=payload,
                priority=body.priority,
                settings=settings,
            )
        except InvalidInput as exc:
            form.errors = await submit_problems(session, settings, student.id, body, exc, payload)
        except RateLimited as exc:
            form.errors = {"__all__": exc.message}
        else:
            return RedirectResponse(f"/jobs/{submission.job.id}", 303)
    return await render_student_page(
        request, session, settings, actor, student.id, generate=form, status_code=422
    )


@router.get("/jobs/{job_id}")
async def job_page(
    request: Request, job_id: str, session: SessionDep, actor: WebActor, done: str | None = None
) -> Response:
    stored = await jobs.get_visible_job(session, actor, job_id)
    job = JobOut.of(stored)
    student_id = stored.payload.get("student_id")
    iep_id = (job.result or {}).get("iep_id") or stored.payload.get("iep_id")
    total = job.progress.total_sections
    done_count = job.progress.completed_sections
    return render(
        request,
        "job.html",
        {
            "title": _title(job.job_type),
            "job": job,
            "student_id": student_id,
            "iep_id": iep_id,
            "section_type": stored.payload.get("section_type"),
            "percent": round(100 * done_count / total) if total else 0,
            "status_word": STATUS_WORDS.get(job.status, job.status),
            "final": job.status in FINAL_STATUSES,
            "notice": notice_for(done),
            "nav": "caseload",
        },
    )


@router.get("/jobs/{job_id}/events")
async def job_events(
    job_id: str,
    database: DatabaseDep,
    settings: SettingsDep,
    actor: WebActor,
    watch: Annotated[JobWatch, Depends(get_job_watch)],
) -> Response:
    """The same event stream as `/api/v1/jobs/{id}/events`, for the signed-in page."""
    async with database.read() as session:
        job = await jobs.get_visible_job(session, actor, job_id)
    return event_stream_response(watch, job, keepalive_seconds=settings.sse_keepalive_seconds)


@router.post("/jobs/{job_id}/cancel", dependencies=[CsrfChecked])
async def cancel_job(job_id: str, session: SessionDep, actor: WebActor) -> Response:
    job = await jobs.cancel(session, actor, job_id)
    return RedirectResponse(f"/jobs/{job.id}", 303)


@router.post("/jobs/{job_id}/retry", dependencies=[CsrfChecked])
async def retry_job(
    job_id: str, session: SessionDep, settings: SettingsDep, actor: WebActor
) -> Response:
    submission = await jobs.retry(session, actor, job_id, settings=settings)
    return RedirectResponse(f"/jobs/{submission.job.id}", 303)
