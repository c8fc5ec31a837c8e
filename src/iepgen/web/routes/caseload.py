"""The caseload dashboard, the jobs list, and the calendar feed page.

Filters, search and sort are plain query parameters of a GET form, so the page works
without JavaScript and a filtered view can be bookmarked.
"""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import APIRouter, Query, Request
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import RedirectResponse, Response

from iepgen.api.deps import SessionDep, SettingsDep
from iepgen.audit.service import record
from iepgen.caseload import aliases, feeds
from iepgen.caseload.due_dates import Urgency
from iepgen.caseload.repository import active_jobs, student_names
from iepgen.caseload.schemas import CalendarAliasIn, CalendarFeedCreate
from iepgen.caseload.service import (
    CaseloadQuery,
    CaseloadSort,
    DueFilter,
    caseload,
)
from iepgen.caseload.status import IEPStatus
from iepgen.errors import InvalidInput
from iepgen.jobs import service as jobs
from iepgen.models import Job
from iepgen.students import service as students
from iepgen.users.service import Actor
from iepgen.web.context import CsrfChecked, WebActor
from iepgen.web.errors import WebRoute
from iepgen.web.notices import notice_for
from iepgen.web.templating import render
from iepgen.web.year_panel import JOB_STATUS_WORDS, JOB_TITLES, URGENCY_WORDS

router = APIRouter(route_class=WebRoute, include_in_schema=False)

CASELOAD_PAGE_SIZE: Final = 100
JOBS_PAGE_SIZE: Final = 50

STATUS_OPTIONS: Final = [
    ("", "Any status"),
    (IEPStatus.NONE.value, "No IEP yet"),
    (IEPStatus.DRAFTING.value, "Drafting"),
    (IEPStatus.DRAFT.value, "Draft"),
    (IEPStatus.FINAL.value, "Final"),
    (IEPStatus.AMENDED.value, "Final (amended)"),
]
DUE_OPTIONS: Final = [
    ("", "Any date"),
    (DueFilter.DUE_SOON.value, "Overdue or due within 30 days"),
    (DueFilter.OVERDUE.value, "Overdue"),
]
SORT_OPTIONS: Final = [
    (CaseloadSort.NAME.value, "Name"),
    (CaseloadSort.NEXT_DUE.value, "Next due date"),
    (CaseloadSort.STATUS.value, "IEP status"),
    (CaseloadSort.GRADE.value, "Grade"),
]

Text = Annotated[str | None, Query(max_length=100)]


def _choice(value: str | None, options: list[tuple[str, str]]) -> str:
    """The value if it is one of the options (an unknown one is ignored, as a form would)."""
    return value if value in {key for key, _ in options} else ""


@router.get("/caseload")
async def caseload_page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    actor: WebActor,
    q: Text = None,
    status: Text = None,
    due: Text = None,
    sort: Text = None,
    order: Text = None,
    archived: Text = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    done: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    chosen: dict[str, str] = {
        "q": (q or "").strip(),
        "status": _choice(status, STATUS_OPTIONS),
        "due": _choice(due, DUE_OPTIONS),
        "sort": _choice(sort, SORT_OPTIONS) or CaseloadSort.NAME.value,
        "order": "desc" if order == "desc" else "asc",
        "archived": "1" if archived == "1" else "",
    }
    rows = await caseload(
        session,
        actor,
        CaseloadQuery(
            search=chosen["q"] or None,
            status=IEPStatus(chosen["status"]) if chosen["status"] else None,
            due=DueFilter(chosen["due"]) if chosen["due"] else None,
            sort=CaseloadSort(chosen["sort"]),
            descending=chosen["order"] == "desc",
            include_archived=bool(chosen["archived"]),
        ),
        age_of_majority=settings.age_of_majority,
        today=settings.school_today(),
    )
    counts = {
        "overdue": sum(1 for r in rows if r.next_urgency is Urgency.OVERDUE),
        "due_soon": sum(1 for r in rows if r.next_urgency is Urgency.DUE_SOON),
    }
    filtered = any(chosen[k] for k in ("q", "status", "due", "archived"))
    # The filters as they stand, for the paging links (defaults left out).
    query = {
        k: v
        for k, v in chosen.items()
        if v and not (k == "sort" and v == "name") and not (k == "order" and v == "asc")
    }
    return render(
        request,
        "caseload.html",
        {
            "title": "My caseload",
            "rows": rows[offset : offset + CASELOAD_PAGE_SIZE],
            "total": len(rows),
            "offset": offset,
            "page_size": CASELOAD_PAGE_SIZE,
            "chosen": chosen,
            "query": query,
            "filtered": filtered,
            "counts": counts,
            "status_options": STATUS_OPTIONS,
            "due_options": DUE_OPTIONS,
            "sort_options": SORT_OPTIONS,
            "urgency_words": URGENCY_WORDS,
            "notice": notice_for(done),
            "nav": "caseload",
        },
    )


def _job_links(job: Job) -> dict[str, Any]:
    result = job.result or {}
    return {
        "student_id": job.payload.get("student_id"),
        "iep_id": result.get("iep_id") or job.payload.get("iep_id"),
    }


async def _student_names(session: AsyncSession, actor: Actor, ids: set[str]) -> dict[str, str]:
    """Names of the students these jobs are about that the caller may see (audited: the page
    shows them); a student since deleted or moved to another case manager is left out."""
    names = await student_names(session, ids, None if actor.is_admin else actor.id)
    for student_id in sorted(names):
        await record(
            session,
            actor,
            "student.list",
            student_id=student_id,
            entity_type="student",
            entity_id=student_id,
        )
    return names


@router.get("/jobs")
async def jobs_page(
    request: Request,
    session: SessionDep,
    actor: WebActor,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    """The caller's jobs: those in progress first, then the latest finished ones."""
    running = await active_jobs(session, None if actor.is_admin else actor.id)
    recent, total = await jobs.list_jobs(
        session, actor, status=None, job_type=None, limit=JOBS_PAGE_SIZE, offset=offset
    )
    links = {job.id: _job_links(job) for job in [*running, *recent]}
    wanted = {str(v["student_id"]) for v in links.values() if v["student_id"]}
    return render(
        request,
        "jobs.html",
        {
            "title": "Jobs",
            "running": running,
            "recent": [job for job in recent if job.id not in {j.id for j in running}],
            "total": total,
            "offset": offset,
            "page_size": JOBS_PAGE_SIZE,
            "links": links,
            "names": await _student_names(session, actor, wanted),
            "titles": JOB_TITLES,
            "status_words": JOB_STATUS_WORDS,
            "nav": "jobs",
        },
    )


@router.get("/calendar")
async def calendar_page(
    request: Request,
    session: SessionDep,
    actor: WebActor,
    done: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    live = await feeds.list_feeds(session, actor)
    return render(
        request,
        "calendar.html",
        {
            "title": "Calendar feed",
            "feeds": live,
            "new_url": None,
            "notice": notice_for(done),
            "nav": "calendar",
        },
    )


@router.post("/calendar/feeds", dependencies=[CsrfChecked])
async def create_feed(request: Request, session: SessionDep, actor: WebActor) -> Response:
    form = await request.form()
    raw = form.get("label")
    try:
        body = CalendarFeedCreate.model_validate({"label": raw if isinstance(raw, str) else None})
    except ValidationError as exc:
        raise InvalidInput(
            "Where you will use it: up to 200 characters of plain text.", field=("label",)
        ) from exc
    created = await feeds.create_feed(session, actor, body.label)
    live = await feeds.list_feeds(session, actor)
    # The URL is shown once, on this response: only its hash is kept.
    return render(
        request,
        "calendar.html",
        {
            "title": "Calendar feed",
            "feeds": live,
            "new_url": str(request.base_url).rstrip("/") + feeds.feed_path(created.token),
            "nav": "calendar",
        },
    )


@router.post("/calendar/feeds/{feed_id}/revoke", dependencies=[CsrfChecked])
async def revoke_feed(feed_id: str, session: SessionDep, actor: WebActor) -> Response:
    await feeds.revoke_feed(session, actor, feed_id)
    return RedirectResponse("/calendar?done=feed-revoked", 303)


@router.post("/students/{student_id}/calendar-alias", dependencies=[CsrfChecked])
async def set_alias(
    request: Request, student_id: str, session: SessionDep, actor: WebActor
) -> Response:
    form = await request.form()
    raw = form.get("alias")
    try:
        body = CalendarAliasIn.model_validate({"alias": raw if isinstance(raw, str) else None})
    except ValidationError as exc:
        raise InvalidInput(
            "The calendar alias can be at most 40 characters of plain text.", field=("alias",)
        ) from exc
    student = await aliases.set_calendar_alias(session, actor, student_id, body.alias)
    return RedirectResponse(f"/students/{student.id}?done=alias-saved#year-title", 303)


@router.post("/students/{student_id}/archive", dependencies=[CsrfChecked])
async def archive(student_id: str, session: SessionDep, actor: WebActor) -> Response:
    student = await students.archive_student(session, actor, student_id)
    return RedirectResponse(f"/students/{student.id}?done=student-archived", 303)


@router.post("/students/{student_id}/transfer", dependencies=[CsrfChecked])
async def transfer(
    request: Request, student_id: str, session: SessionDep, actor: WebActor
) -> Response:
    form = await request.form()
    raw = form.get("case_manager_id")
    target = raw if isinstance(raw, str) else ""
    student = await students.transfer_student(session, actor, student_id, target)
    return RedirectResponse(f"/students/{student.id}?done=student-transferred", 303)
