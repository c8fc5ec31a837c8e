"""`/api/v1/caseload`: the dashboard and its upcoming events; calendar feeds and aliases.

The feed itself (`GET /calendar/{token}.ics`) sits outside `/api/v1`: a calendar app
cannot send a bearer token, so the token in its URL is the credential.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Final

from fastapi import APIRouter, Path, Query, Response, status
from fastapi.exceptions import RequestValidationError

from iepgen.api.deps import CurrentActor, DatabaseDep, PageDep, SessionDep, SettingsDep
from iepgen.api.schemas import BAD_BODY, CONFLICT, NOT_FOUND, UNAUTHORIZED
from iepgen.caseload import aliases, feeds
from iepgen.caseload.calendar import calendar_document
from iepgen.caseload.due_dates import DUE_SOON, EventKind
from iepgen.caseload.schemas import (
    CalendarAliasIn,
    CalendarAliasOut,
    CalendarFeedCreate,
    CalendarFeedCreated,
    CalendarFeedOut,
    CalendarFeedPage,
    CaseloadEntryOut,
    CaseloadPage,
    EventOut,
    EventPage,
)
from iepgen.caseload.service import (
    CaseloadQuery,
    CaseloadSort,
    DueFilter,
    EventWindow,
    calendar_label,
    caseload,
    upcoming_events,
)
from iepgen.caseload.status import IEPStatus
from iepgen.db.base import utcnow
from iepgen.errors import NotFound
from iepgen.models import CalendarFeed

router = APIRouter(tags=["caseload"], responses=UNAUTHORIZED)

# The longest window one request may ask for: two school years.
MAX_WINDOW: Final = timedelta(days=731)
# What the calendar feed spans: the last month (overdue work shows too) and the year ahead.
FEED_PAST: Final = timedelta(days=31)
FEED_AHEAD: Final = timedelta(days=400)


def _window_error(message: str) -> RequestValidationError:
    return RequestValidationError([{"loc": ("query", "to"), "msg": message, "type": "value_error"}])


@router.get("/api/v1/caseload", response_model=CaseloadPage)
async def get_caseload(
    session: SessionDep,
    actor: CurrentActor,
    settings: SettingsDep,
    page: PageDep,
    search: Annotated[
        str | None,
        Query(max_length=100, description="Part of a name, student number or school."),
    ] = None,
    iep_status: Annotated[
        IEPStatus | None, Query(description="Only students whose IEP is here.")
    ] = None,
    due: Annotated[
        DueFilter | None,
        Query(description="overdue: something is past due; due_soon: overdue or due in 30 days."),
    ] = None,
    sort: Annotated[CaseloadSort, Query()] = CaseloadSort.NAME,
    descending: Annotated[bool, Query()] = False,
    include_archived: Annotated[bool, Query(description="Also list archived students.")] = False,
) -> CaseloadPage:
    """The caller's students with their IEP status and next due date (an admin: everyone)."""
    rows = await caseload(
        session,
        actor,
        CaseloadQuery(
            search=search.strip() or None if search else None,
            status=iep_status,
            due=due,
            sort=sort,
            descending=descending,
            include_archived=include_archived,
        ),
        age_of_majority=settings.age_of_majority,
        today=settings.school_today(),
    )
    shown = rows[page.offset : page.offset + page.limit]
    return CaseloadPage(
        items=[CaseloadEntryOut.of(r) for r in shown],
        total=len(rows),
        limit=page.limit,
        offset=page.offset,
    )


@router.get("/api/v1/caseload/events", response_model=EventPage)
async def list_events(
    session: SessionDep,
    actor: CurrentActor,
    settings: SettingsDep,
    page: PageDep,
    kind: Annotated[
        list[EventKind] | None, Query(description="Only these kinds (repeat the parameter).")
    ] = None,
    starts_on: Annotated[
        date | None, Query(alias="from", description="The window's first day (default today).")
    ] = None,
    ends_on: Annotated[
        date | None,
        Query(alias="to", description="The window's last day (default 30 days after `from`)."),
    ] = None,
    include_overdue: Annotated[
        bool, Query(description="Also list overdue work from before the window, first.")
    ] = True,
) -> EventPage:
    """What falls due across the caller's caseload in a window, soonest first."""
    today = settings.school_today()
    first = starts_on or today
    last = ends_on or first + DUE_SOON
    if last < first:
        raise _window_error("'to' must be on or after 'from'.")
    if last - first > MAX_WINDOW:
        raise _window_error("'to' must be at most two years (731 days) after 'from'.")
    events = await upcoming_events(
        session,
        actor,
        EventWindow(first, last, frozenset(kind or ()), include_overdue),
        age_of_majority=settings.age_of_majority,
        today=today,
    )
    shown = events[page.offset : page.offset + page.limit]
    return EventPage(
        items=[EventOut.of(e) for e in shown],
        total=len(events),
        limit=page.limit,
        offset=page.offset,
        starts_on=first,
        ends_on=last,
    )


@router.put(
    "/api/v1/students/{student_id}/calendar-alias",
    response_model=CalendarAliasOut,
    responses={**NOT_FOUND, **BAD_BODY, **CONFLICT},
)
async def set_calendar_alias(
    student_id: str, body: CalendarAliasIn, session: SessionDep, actor: CurrentActor
) -> CalendarAliasOut:
    """Name the student in your calendar feed by an alias of your own (not their name)."""
    student = await aliases.set_calendar_alias(session, actor, student_id, body.alias)
    return CalendarAliasOut(
        student_id=student.id, alias=student.calendar_alias, calendar_label=calendar_label(student)
    )


def _feed_out(feed: CalendarFeed) -> CalendarFeedOut:
    return CalendarFeedOut(
        id=feed.id, label=feed.label, created_at=feed.created_at, last_used_at=feed.last_used_at
    )


@router.post(
    "/api/v1/calendar-feeds",
    status_code=status.HTTP_201_CREATED,
    response_model=CalendarFeedCreated,
    responses={**BAD_BODY, **CONFLICT},
)
async def create_calendar_feed(
    body: CalendarFeedCreate, session: SessionDep, actor: CurrentActor
) -> CalendarFeedCreated:
    """A new calendar feed of your caseload's due dates; its URL (with the token) is shown once."""
    created = await feeds.create_feed(session, actor, body.label)
    return CalendarFeedCreated(
        **_feed_out(created.feed).model_dump(), url=feeds.feed_path(created.token)
    )


@router.get("/api/v1/calendar-feeds", response_model=CalendarFeedPage)
async def list_calendar_feeds(
    session: SessionDep, actor: CurrentActor, page: PageDep
) -> CalendarFeedPage:
    """Your calendar feeds that still work (their URLs are not shown again)."""
    live = await feeds.list_feeds(session, actor)
    return CalendarFeedPage(
        items=[_feed_out(f) for f in live[page.offset : page.offset + page.limit]],
        total=len(live),
        limit=page.limit,
        offset=page.offset,
    )


@router.delete(
    "/api/v1/calendar-feeds/{feed_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=NOT_FOUND,
)
async def revoke_calendar_feed(feed_id: str, session: SessionDep, actor: CurrentActor) -> None:
    """Revoke a feed: its URL stops working at once."""
    await feeds.revoke_feed(session, actor, feed_id)


@router.get(
    "/calendar/{token}.ics",
    response_class=Response,
    responses={
        200: {"content": {"text/calendar": {}}, "description": "The iCalendar document."},
        404: {"description": "Unknown or revoked feed."},
    },
    tags=["caseload"],
)
async def calendar_feed(
    token: Annotated[str, Path(max_length=100)],
    database: DatabaseDep,
    settings: SettingsDep,
) -> Response:
    """The caseload's due dates for a calendar app; students by alias or initials only."""
    now = utcnow()
    async with database.transaction() as session:
        actor = await feeds.holder_of_feed(session, token, now=now)
        if actor is None:
            raise NotFound(feeds.FEED_NOT_FOUND)
        today = settings.school_today()
        events = await upcoming_events(
            session,
            actor,
            EventWindow(today - FEED_PAST, today + FEED_AHEAD),
            age_of_majority=settings.age_of_majority,
            today=today,
            audit_action="calendar_feed.read",
        )
    body = calendar_document(events, now=now, name="IEP due dates")
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer"},
    )
