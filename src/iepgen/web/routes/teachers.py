"""The IEP at a glance page: the general-education teachers of an IEP and their receipts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import ValidationError
from starlette.responses import RedirectResponse, Response

from iepgen.api.deps import SessionDep, SettingsDep
from iepgen.ieps import reading
from iepgen.sections import AREA_LABELS
from iepgen.students.service import get_accessible_student
from iepgen.teacher_copies import service
from iepgen.teacher_copies.schemas import ReceiptIn, TeacherIn
from iepgen.web.context import CsrfChecked, WebActor
from iepgen.web.errors import WebRoute
from iepgen.web.forms import errors_from_validation
from iepgen.web.templating import render

router = APIRouter(route_class=WebRoute, include_in_schema=False)
Done = Annotated[str | None, Query(max_length=40)]
NOTICES = {"added": "Teacher added.", "received": "Receipt recorded."}


async def _page(
    request: Request,
    session: SessionDep,
    actor: WebActor,
    iep_id: str,
    *,
    notice: str | None = None,
    errors: Mapping[str, str] | None = None,
    values: Mapping[str, object] | None = None,
    status_code: int = 200,
) -> Response:
    iep = await reading.read_iep(session, actor, iep_id)
    student = await get_accessible_student(session, actor, iep.student_id)
    teachers = await service.list_teachers(session, actor, iep.id)
    return render(
        request,
        "teachers.html",
        {
            "title": f"IEP at a glance: {student.first_name} {student.last_name}",
            "iep": iep,
            "student": student,
            "teachers": teachers,
            "areas": AREA_LABELS,
            "notice": notice,
            "errors": errors or {},
            "values": values or {},
            "nav": "caseload",
        },
        status_code=status_code,
    )


@router.get("/ieps/{iep_id}/teachers")
async def teachers_page(
    request: Request, iep_id: str, session: SessionDep, actor: WebActor, done: Done = None
) -> Response:
    return await _page(request, session, actor, iep_id, notice=NOTICES.get(done or ""))


@router.post("/ieps/{iep_id}/teachers", dependencies=[CsrfChecked])
async def add_teacher(
    request: Request, iep_id: str, session: SessionDep, actor: WebActor
) -> Response:
    form = await request.form()
    values = {
        "teacher_name": str(form.get("teacher_name") or ""),
        "class_name": str(form.get("class_name") or ""),
        "areas": [str(a) for a in form.getlist("areas")],
    }
    try:
        body = TeacherIn.model_validate(values)
    except ValidationError as exc:
        labels = {"teacher_name": "Teacher", "class_name": "Class", "areas": "Areas"}
        errors = errors_from_validation(exc, labels, model=TeacherIn)
        return await _page(
            request, session, actor, iep_id, errors=errors, values=values, status_code=422
        )
    await service.add_teacher(session, actor, iep_id, body)
    return RedirectResponse(f"/ieps/{iep_id}/teachers?done=added", status_code=303)


@router.post("/ieps/{iep_id}/teachers/{teacher_id}/receipts", dependencies=[CsrfChecked])
async def record_receipt(
    iep_id: str, teacher_id: str, session: SessionDep, settings: SettingsDep, actor: WebActor
) -> Response:
    await service.record_receipt(session, actor, settings, iep_id, teacher_id, ReceiptIn())
    return RedirectResponse(f"/ieps/{iep_id}/teachers?done=received", status_code=303)
