"""`/api/v1/ieps/{iep_id}/goals/{goal}/progress`: progress data per goal, and CSV import."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from iepgen.api.deps import CookieOrBearerActor, CurrentActor, PageDep, SessionDep, SettingsDep
from iepgen.api.schemas import BAD_BODY, CONFLICT, NOT_FOUND, UNAUTHORIZED
from iepgen.errors import InvalidInput
from iepgen.export.progress_report import family_progress_report

from . import reports, service
from .csv_rows import MAX_ROWS
from .schemas import ImportReport, PlansIn, PointIn, PointList, PointOut, ProgressReportOut

router = APIRouter(prefix="/api/v1/ieps", tags=["progress"], responses=UNAUTHORIZED)

GoalNumber = Annotated[
    int, Path(ge=1, le=20, description="The goal's number in the IEP's annual goals (1-based).")
]
CSV_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {
                "schema": {"type": "string"},
                "example": "goal,date,value,note\n1,2025-11-03,61,Cold read\n1,2025-11-10,64,\n",
            }
        },
    }
}


@router.get("/{iep_id}/goals/{goal}/progress", response_model=PointList, responses=NOT_FOUND)
async def list_points(
    iep_id: str, goal: GoalNumber, session: SessionDep, actor: CurrentActor, page: PageDep
) -> PointList:
    """The goal's progress data points, oldest first, with the goal's unit, baseline and
    target (the ends of its aim line)."""
    return await service.list_points(
        session, actor, iep_id, goal, limit=page.limit, offset=page.offset
    )


@router.post(
    "/{iep_id}/goals/{goal}/progress",
    status_code=201,
    response_model=PointOut,
    responses={**NOT_FOUND, **CONFLICT, **BAD_BODY},
)
async def add_point(
    iep_id: str,
    goal: GoalNumber,
    body: PointIn,
    session: SessionDep,
    actor: CurrentActor,
    settings: SettingsDep,
) -> PointOut:
    """Record one measurement of a goal of a final IEP (409 on a draft): the date inside
    the IEP's period and not in the future (school time zone), the value in the goal's
    unit. 422 names the field."""
    return await service.add_point(
        session, actor, iep_id, goal, body, today=settings.school_today()
    )


@router.delete(
    "/{iep_id}/goals/{goal}/progress/{point_id}",
    status_code=204,
    response_class=Response,
    responses=NOT_FOUND,
)
async def delete_point(
    iep_id: str, goal: GoalNumber, point_id: str, session: SessionDep, actor: CurrentActor
) -> None:
    """Remove a data point entered by mistake."""
    await service.delete_point(session, actor, iep_id, goal, point_id)


@router.post(
    "/{iep_id}/progress/import",
    response_model=ImportReport,
    responses={**NOT_FOUND, **CONFLICT},
    openapi_extra=CSV_BODY,
)
async def import_progress(
    iep_id: str,
    request: Request,
    session: SessionDep,
    actor: CurrentActor,
    settings: SettingsDep,
    accept: Annotated[
        bool, Query(description="false: preview only; true: store the good rows.")
    ] = False,
    expected_good_rows: Annotated[
        int | None,
        Query(
            ge=0,
            le=MAX_ROWS,
            description="The good rows the preview showed; if the file now has another "
            "number, nothing is stored (409).",
        ),
    ] = None,
) -> ImportReport:
    """Import data points from a CSV body (`text/csv`, UTF-8) with the columns goal, date,
    value and optionally note and iep_id. Without `accept` it is a preview: every rejected
    row with its reason, nothing stored. With `accept=true` the good rows are stored in
    one transaction and the rejected ones are left out (409 on a draft IEP; 422 when the
    file's columns are wrong or no row is good)."""
    # The caseload check runs before the body is read: another teacher's IEP is a 404
    # whatever was sent.
    await service.monitored_iep(session, actor, iep_id)
    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(
            "The file is not UTF-8 text: save it as 'CSV UTF-8' and try again.", field=("file",)
        ) from None
    return await service.import_csv(
        session,
        actor,
        iep_id,
        text,
        today=settings.school_today(),
        accept=accept,
        expected_good_rows=expected_good_rows,
    )


Period = Annotated[int, Path(ge=1, le=60, description="The reporting period (1-based).")]


@router.get(
    "/{iep_id}/progress/reports/{period}", response_model=ProgressReportOut, responses=NOT_FOUND
)
async def read_report(
    iep_id: str, period: Period, session: SessionDep, actor: CurrentActor, settings: SettingsDep
) -> ProgressReportOut:
    """The progress report of one reporting period: for each goal "on_track",
    "not_on_track" or "not_enough_data" (fewer than 3 points in the period, or no numeric
    baseline and target), what the data show in plain words, and the team's plan. The
    periods come from the IEP's progress reporting schedule."""
    iep, report = await reports.read_report(
        session, actor, iep_id, period, today=settings.school_today()
    )
    return reports.report_out(iep, report)


@router.put(
    "/{iep_id}/progress/reports/{period}/plans",
    response_model=ProgressReportOut,
    responses={**NOT_FOUND, **CONFLICT, **BAD_BODY},
)
async def save_plans(
    iep_id: str,
    period: Period,
    body: PlansIn,
    session: SessionDep,
    actor: CurrentActor,
    settings: SettingsDep,
) -> ProgressReportOut:
    """Write what the team plans to change, per goal, on this period's report (409 on a
    draft IEP; a blank plan clears it)."""
    plans = {number: text or "" for number, text in body.plans.items()}
    await reports.save_plans(session, actor, iep_id, period, plans)
    iep, report = await reports.read_report(
        session, actor, iep_id, period, today=settings.school_today()
    )
    return reports.report_out(iep, report)


@router.get(
    "/{iep_id}/progress/reports/{period}/family-report",
    response_class=Response,
    responses={
        200: {"content": {"application/pdf": {}}, "description": "The report as a PDF."},
        **NOT_FOUND,
    },
)
async def family_report(
    iep_id: str,
    period: Period,
    session: SessionDep,
    actor: CookieOrBearerActor,
    settings: SettingsDep,
) -> Response:
    """The period's progress report for the family, in plain words (PDF)."""
    made = await family_progress_report(session, actor, settings, iep_id, period)
    return Response(
        content=made.content,
        media_type=made.media_type,
        headers={"Content-Disposition": f'attachment; filename="{made.filename}"'},
    )
