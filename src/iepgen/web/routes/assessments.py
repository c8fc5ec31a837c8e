"""Adding and editing a student's assessment results."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from iepgen.api.deps import SessionDep
from iepgen.api.fields import today_utc
from iepgen.errors import InvalidInput
from iepgen.models import Assessment, Student
from iepgen.students import service as students
from iepgen.students.assessments import service as assessments
from iepgen.students.assessments.rules import assessment_problems
from iepgen.students.assessments.schemas import AssessmentCreate, AssessmentUpdate
from iepgen.web.assessment_form import (
    AREA_OPTIONS,
    ASSESSMENT_FORM_ORDER,
    ASSESSMENT_LABELS,
    FINDING_OPTIONS,
    assessment_body,
    assessment_form_values,
    assessment_values,
    new_assessment_values,
    subscore_labels,
)
from iepgen.web.context import CsrfChecked, WebActor
from iepgen.web.errors import WebRoute
from iepgen.web.forms import (
    FormState,
    error_from_invalid,
    in_form_order,
    validate,
    with_rule_problems,
)
from iepgen.web.templating import render

router = APIRouter(route_class=WebRoute, include_in_schema=False)


def _page(
    request: Request,
    student: Student,
    form: FormState,
    assessment: Assessment | None,
    status_code: int = 200,
) -> Response:
    form.errors = in_form_order(form.errors, ASSESSMENT_FORM_ORDER)
    context: dict[str, Any] = {
        "student": student,
        "assessment": assessment,
        "form": form,
        "areas": AREA_OPTIONS,
        "findings": FINDING_OPTIONS,
        "labels": ASSESSMENT_LABELS,
        "subscore_rows": range(int(form.values.get("subscore_rows", 0))),
        "nav": "caseload",
    }
    return render(request, "assessment_form.html", context, status_code=status_code)


def _labels(values: dict[str, Any]) -> dict[str, str]:
    return {**ASSESSMENT_LABELS, **subscore_labels(int(values["subscore_rows"]))}


@router.get("/students/{student_id}/assessments/new")
async def new_assessment_form(
    request: Request, student_id: str, session: SessionDep, actor: WebActor
) -> Response:
    student = await students.get_accessible_student(session, actor, student_id)
    return _page(request, student, FormState(values=new_assessment_values()), None)


@router.post("/students/{student_id}/assessments/new", dependencies=[CsrfChecked])
async def create_assessment(
    request: Request, student_id: str, session: SessionDep, actor: WebActor
) -> Response:
    student = await students.get_accessible_student(session, actor, student_id)
    values = assessment_form_values(await request.form())
    form = FormState(values=values)
    sent = assessment_body(values)
    body, errors = validate(AssessmentCreate, sent, _labels(values))
    problems = assessment_problems(sent, student.date_of_birth, today_utc())
    form.errors = with_rule_problems(errors, problems, _labels(values))
    if body is not None and not form.errors:
        assert isinstance(body, AssessmentCreate)
        try:
            await assessments.create_assessment(session, actor, student.id, body)
        except InvalidInput as exc:
            form.errors = error_from_invalid(exc, labels=_labels(values))
        else:
            return RedirectResponse(f"/students/{student.id}?done=assessment-added", 303)
    return _page(request, student, form, None, status_code=422)


@router.get("/students/{student_id}/assessments/{assessment_id}/edit")
async def edit_assessment_form(
    request: Request, student_id: str, assessment_id: str, session: SessionDep, actor: WebActor
) -> Response:
    student = await students.get_accessible_student(session, actor, student_id)
    assessment = await assessments.read_assessment(session, actor, student.id, assessment_id)
    return _page(request, student, FormState(values=assessment_values(assessment)), assessment)


@router.post("/students/{student_id}/assessments/{assessment_id}/edit", dependencies=[CsrfChecked])
async def update_assessment(
    request: Request, student_id: str, assessment_id: str, session: SessionDep, actor: WebActor
) -> Response:
    student = await students.get_accessible_student(session, actor, student_id)
    assessment = await assessments.read_assessment(session, actor, student.id, assessment_id)
    values = assessment_form_values(await request.form())
    form = FormState(values=values)
    sent = assessment_body(values)
    body, errors = validate(AssessmentUpdate, sent, _labels(values))
    problems = assessment_problems(sent, student.date_of_birth, today_utc())
    form.errors = with_rule_problems(errors, problems, _labels(values))
    if body is not None and not form.errors:
        assert isinstance(body, AssessmentUpdate)
        try:
            await assessments.update_assessment(session, actor, student.id, assessment.id, body)
        except InvalidInput as exc:
            form.errors = error_from_invalid(exc, labels=_labels(values))
        else:
            return RedirectResponse(f"/students/{student.id}?done=assessment-saved", 303)
    return _page(request, student, form, assessment, status_code=422)
