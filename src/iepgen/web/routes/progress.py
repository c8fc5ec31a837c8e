"""Progress pages: a goal's data with its chart, entering and removing points, CSV import
with a preview, and the progress report of each reporting period."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from markupsafe import Markup
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import UploadFile
from starlette.responses import RedirectResponse, Response

from iepgen.api.deps import SessionDep, SettingsDep
from iepgen.errors import InvalidInput
from iepgen.progress import reports, service
from iepgen.progress.chart import goal_chart
from iepgen.progress.csv_rows import parse_number
from iepgen.progress.schemas import PointIn
from iepgen.progress.svg import chart_svg
from iepgen.students.service import get_accessible_student
from iepgen.users.service import Actor
from iepgen.web.context import CsrfChecked, WebActor
from iepgen.web.errors import WebRoute
from iepgen.web.forms import errors_from_validation
from iepgen.web.templating import render

router = APIRouter(route_class=WebRoute, include_in_schema=False)
Done = Annotated[str | None, Query(max_length=40)]
GoalNumber = Annotated[int, Path(ge=1, le=20)]
NOTICES = {
    "added": "Data point added.",
    "deleted": "Data point removed.",
    "plans-saved": "The team's plans are saved.",
}
LABELS = {"measured_on": "Date", "value": "Value", "note": "Note"}
# Decoded CSV text travels back to the server once, from the preview to "import"; the
# request body limit (1 MiB) bounds it.
MAX_UPLOAD_BYTES = 1024 * 1024


async def _goal_page(
    request: Request,
    session: AsyncSession,
    actor: Actor,
    iep_id: str,
    goal: int,
    *,
    notice: str | None = None,
    errors: Mapping[str, str] | None = None,
    values: Mapping[str, object] | None = None,
    status_code: int = 200,
) -> Response:
    progress = await service.goal_progress(session, actor, iep_id, goal)
    student = await get_accessible_student(session, actor, progress.iep.student_id)
    chart = goal_chart(progress.goal, progress.pairs())
    return render(
        request,
        "progress.html",
        {
            "title": f"Progress on goal {goal}: {student.first_name} {student.last_name}",
            "iep": progress.iep,
            "student": student,
            "goal": progress.goal,
            "goals": progress.goals,
            "points": list(reversed(progress.points)),
            # chart_svg escapes every text it writes: the markup is safe to place as is.
            "chart": Markup(chart_svg(chart, f"goal-{goal}-chart")),
            "description": chart.description,
            "notice": notice,
            "errors": errors or {},
            "values": values or {},
            "nav": "caseload",
        },
        status_code=status_code,
    )


@router.get("/ieps/{iep_id}/goals/{goal}/progress")
async def goal_progress_page(
    request: Request,
    iep_id: str,
    goal: GoalNumber,
    session: SessionDep,
    actor: WebActor,
    done: Done = None,
) -> Response:
    notice = NOTICES.get(done or "")
    return await _goal_page(request, session, actor, iep_id, goal, notice=notice)


@router.post("/ieps/{iep_id}/goals/{goal}/progress", dependencies=[CsrfChecked])
async def add_point(
    request: Request,
    iep_id: str,
    goal: GoalNumber,
    session: SessionDep,
    settings: SettingsDep,
    actor: WebActor,
) -> Response:
    form = await request.form()
    values = {name: str(form.get(name) or "").strip() for name in ("measured_on", "value", "note")}
    errors: dict[str, str] = {}
    number = parse_number(values["value"]) if values["value"] else None
    if values["value"] and number is None:
        errors["value"] = "Value must be a number, in the goal's unit (for example 61 or 61.5)."
    if not errors:
        try:
            body = PointIn.model_validate(
                {
                    "measured_on": values["measured_on"] or None,
                    "value": number,
                    "note": values["note"] or None,
                }
            )
            await service.add_point(
                session, actor, iep_id, goal, body, today=settings.school_today(), source="web"
            )
        except ValidationError as exc:
            errors = errors_from_validation(exc, LABELS)
        except InvalidInput as exc:
            errors = {str(exc.field[0]) if exc.field else "__all__": exc.message}
    if errors:
        return await _goal_page(
            request, session, actor, iep_id, goal, errors=errors, values=values, status_code=422
        )
    return RedirectResponse(f"/ieps/{iep_id}/goals/{goal}/progress?done=added", 303)


@router.post("/ieps/{iep_id}/goals/{goal}/progress/{point_id}/delete", dependencies=[CsrfChecked])
async def delete_point(
    iep_id: str, goal: GoalNumber, point_id: str, session: SessionDep, actor: WebActor
) -> Response:
    await service.delete_point(session, actor, iep_id, goal, point_id)
    return RedirectResponse(f"/ieps/{iep_id}/goals/{goal}/progress?done=deleted", 303)


async def _import_page(
    request: Request,
    session: AsyncSession,
    actor: Actor,
    iep_id: str,
    *,
    report: Any = None,
    csv_text: str = "",
    problem: str | None = None,
    status_code: int = 200,
) -> Response:
    monitored = await service.monitored_iep(session, actor, iep_id)
    student = await get_accessible_student(session, actor, monitored.iep.student_id)
    return render(
        request,
        "progress_import.html",
        {
            "title": f"Import progress data: {student.first_name} {student.last_name}",
            "iep": monitored.iep,
            "student": student,
            "goals": monitored.goals,
            "report": report,
            "csv_text": csv_text,
            "problem": problem,
            "nav": "caseload",
        },
        status_code=status_code,
    )


@router.get("/ieps/{iep_id}/progress/import")
async def import_form(
    request: Request, iep_id: str, session: SessionDep, actor: WebActor
) -> Response:
    return await _import_page(request, session, actor, iep_id)


async def _uploaded_text(form: Any) -> str | None:
    """The CSV as text: the uploaded file, or the text the preview carried back."""
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        try:
            raw = await upload.read(MAX_UPLOAD_BYTES + 1)
        finally:
            await upload.close()
        try:
            return bytes(raw).decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput(
                "The file is not UTF-8 text: save it as 'CSV UTF-8' and choose it again.",
                field=("file",),
            ) from None
    text = form.get("csv_text")
    return text if isinstance(text, str) and text.strip() else None


@router.post("/ieps/{iep_id}/progress/import", dependencies=[CsrfChecked])
async def import_upload(
    request: Request, iep_id: str, session: SessionDep, settings: SettingsDep, actor: WebActor
) -> Response:
    form = await request.form()
    try:
        text = await _uploaded_text(form)
    except InvalidInput as exc:
        return await _import_page(
            request, session, actor, iep_id, problem=exc.message, status_code=422
        )
    if text is None:
        return await _import_page(
            request, session, actor, iep_id, problem="Choose a CSV file.", status_code=422
        )
    accept = form.get("accept") == "good-rows"
    expected_raw = form.get("expected_good_rows")
    expected = (
        int(expected_raw) if isinstance(expected_raw, str) and expected_raw.isdigit() else None
    )
    try:
        report = await service.import_csv(
            session,
            actor,
            iep_id,
            text,
            today=settings.school_today(),
            accept=accept,
            expected_good_rows=expected,
        )
    except InvalidInput as exc:
        return await _import_page(
            request, session, actor, iep_id, csv_text=text, problem=exc.message, status_code=422
        )
    if accept:
        return await _import_page(request, session, actor, iep_id, report=report)
    return await _import_page(request, session, actor, iep_id, report=report, csv_text=text)


@router.get("/ieps/{iep_id}/progress/reports")
async def report_page(
    request: Request,
    iep_id: str,
    session: SessionDep,
    settings: SettingsDep,
    actor: WebActor,
    period: Annotated[int | None, Query(ge=1, le=60)] = None,
    done: Done = None,
) -> Response:
    iep, report = await reports.read_report(
        session, actor, iep_id, period, today=settings.school_today()
    )
    student = await get_accessible_student(session, actor, iep.student_id)
    return render(
        request,
        "progress_report.html",
        {
            "title": f"Progress report: {student.first_name} {student.last_name}",
            "iep": iep,
            "student": student,
            "report": report,
            "notice": NOTICES.get(done or ""),
            "nav": "caseload",
        },
    )


@router.post("/ieps/{iep_id}/progress/reports/{period}/plans", dependencies=[CsrfChecked])
async def save_plans(
    request: Request,
    iep_id: str,
    period: Annotated[int, Path(ge=1, le=60)],
    session: SessionDep,
    actor: WebActor,
) -> Response:
    form = await request.form()
    plans: dict[int, str] = {}
    for key, value in form.multi_items():
        if key.startswith("plan_") and key[5:].isdigit() and isinstance(value, str):
            plans[int(key[5:])] = value
    await reports.save_plans(session, actor, iep_id, period, plans)
    return RedirectResponse(
        f"/ieps/{iep_id}/progress/reports?period={period}&done=plans-saved", 303
    )
