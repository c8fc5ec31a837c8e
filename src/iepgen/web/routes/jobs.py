"""Generating an IEP, and the live job page (progress by Server-Sent Events, cancel, retry)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import RedirectResponse, Response

from iepgen.api.deps import DatabaseDep, SessionDep, SettingsDep
from iepgen.caseload.repository import draft_for_year
from iepgen.db.base import utcnow
from iepgen.errors import InvalidInput, NotFound, RateLimited
from iepgen.ieps import reading
from iepgen.ieps.service import get_accessible_iep
from iepgen.jobs import service as jobs
from iepgen.jobs.definitions import JOB_DEFINITIONS
from iepgen.jobs.events import event_stream_response
from iepgen.jobs.router import get_job_watch
from iepgen.jobs.schemas import IEPGenerationRequest, JobOut, JobType
from iepgen.jobs.watch import JobWatch
from iepgen.queue import FINAL_STATUSES, JobStatus
from iepgen.students.service import get_accessible_student
from iepgen.users.service import Actor
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
from iepgen.web.job_view import (
    MOVE_AFTER_SECONDS,
    JobSubject,
    job_view,
    moves_on,
    progress_words,
    retry_words,
)
from iepgen.web.notices import notice_for
from iepgen.web.routes.students import render_student_page
from iepgen.web.templating import render

router = APIRouter(route_class=WebRoute, include_in_schema=False)

# Ticked to start a second draft for a year that already has one.
CONFIRM_NEW_DRAFT = "confirm_new_draft"


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
        form.errors = form_errors(
            errors_from_validation(exc, GENERATE_LABELS, model=IEPGenerationRequest)
        )
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


async def _subject(
    session: AsyncSession, actor: Actor, payload: dict[str, Any], iep_id: str | None
) -> JobSubject:
    """The student, the IEP year and (for a section job) the section a job is drafting.

    A student no longer on the caller's caseload is left unnamed; the page still works.
    """
    student_id = payload.get("student_id")
    year = payload.get("academic_year")
    section_title = None
    if iep_id:
        try:
            record = await get_accessible_iep(session, actor, iep_id)
        except NotFound:
            record = None
        if record is not None:
            student_id, year = record.student_id, record.academic_year
            wanted = payload.get("section_type")
            if wanted:
                body = await reading.current_body(session, record)
                section_title = next(
                    (s.title for s in body.sections if s.section_type == wanted), None
                )
    name = None
    if isinstance(student_id, str):
        try:
            student = await get_accessible_student(session, actor, student_id)
        except NotFound:
            student_id = None
        else:
            name = f"{student.first_name} {student.last_name}"
    return JobSubject(
        student_id=student_id if isinstance(student_id, str) else None,
        student_name=name,
        academic_year=year if isinstance(year, str) else None,
        iep_id=iep_id,
        section_title=section_title,
    )


@router.get("/jobs/{job_id}")
async def job_page(
    request: Request, job_id: str, session: SessionDep, actor: WebActor, done: str | None = None
) -> Response:
    stored = await jobs.get_visible_job(session, actor, job_id)
    job = JobOut.of(stored)
    iep_id = (job.result or {}).get("iep_id") or stored.payload.get("iep_id")
    subject = await _subject(session, actor, stored.payload, iep_id)
    view = job_view(job, subject)
    total = job.progress.total_sections
    done_count = job.progress.completed_sections
    percent = round(100 * done_count / total) if total else 0
    return render(
        request,
        "job.html",
        {
            "title": view.heading(job.status),
            "job": job,
            "subject": subject,
            "view": view,
            "student_id": subject.student_id,
            "iep_id": iep_id,
            "percent": 100 if job.status == JobStatus.COMPLETED else percent,
            "progress_words": progress_words(job),
            "retry_words": retry_words(job),
            "move_after": MOVE_AFTER_SECONDS,
            "move_now": bool(iep_id) and moves_on(job, utcnow()),
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
