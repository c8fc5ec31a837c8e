"""My caseload, adding and editing a student, and the student's page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import RedirectResponse, Response

from iepgen.api.deps import SessionDep, SettingsDep
from iepgen.api.fields import today_utc
from iepgen.config import Settings
from iepgen.errors import InvalidInput
from iepgen.ieps.notices import drafter_name
from iepgen.ieps.reading import list_ieps
from iepgen.llm.factory import provider_and_model
from iepgen.students import service as students
from iepgen.students.assessments import service as assessments
from iepgen.students.rules import age_on, student_problems
from iepgen.students.schemas import StudentCreate, StudentUpdate
from iepgen.templates.service import list_templates
from iepgen.users.service import Actor, get_user
from iepgen.web.assessment_form import FINDING_WORDS
from iepgen.web.context import CsrfChecked, WebActor
from iepgen.web.errors import WebRoute
from iepgen.web.forms import (
    FormState,
    error_from_invalid,
    in_form_order,
    validate,
    with_rule_problems,
)
from iepgen.web.generate_form import (
    GOAL_AREA_OPTIONS,
    PRIORITY_OPTIONS,
    SECTION_NOTE_OPTIONS,
    default_generate_values,
    drafter_hint,
)
from iepgen.web.notices import notice_for
from iepgen.web.record_form import (
    GROUP_KEYS,
    empty_record_values,
    group_states,
    record_values,
    record_view,
)
from iepgen.web.student_forms import (
    DISABILITY_OPTIONS,
    GRADE_OPTIONS,
    STUDENT_FORM_ORDER,
    STUDENT_LABELS,
    academic_year_options,
    student_body,
    student_form_values,
    student_values,
)
from iepgen.web.templating import render
from iepgen.web.year_panel import caseload_panel

router = APIRouter(route_class=WebRoute, include_in_schema=False)

LIST_LIMIT = 200

Done = Annotated[str | None, Query(max_length=40)]
# The student's page links to one group of the form, which opens it.
OpenGroup = Annotated[str | None, Query(alias="open", max_length=40)]


def _form_page(
    request: Request, form: FormState, asked: str | None = None, **context: Any
) -> dict[str, Any]:
    form.errors = in_form_order(form.errors, STUDENT_FORM_ORDER)
    return {
        "form": form,
        "grades": GRADE_OPTIONS,
        "disabilities": DISABILITY_OPTIONS,
        "labels": STUDENT_LABELS,
        "groups": group_states(form.values, form.errors, asked if asked in GROUP_KEYS else None),
        "nav": "caseload",
        **context,
    }


@router.get("/students/new")
async def new_student_form(request: Request, actor: WebActor, asked: OpenGroup = None) -> Response:
    form = FormState(
        values={"secondary_disabilities": [], "parent_guardian_names": "", **empty_record_values()}
    )
    return render(request, "student_form.html", _form_page(request, form, asked, student=None))


@router.post("/students/new", dependencies=[CsrfChecked])
async def create_student(request: Request, session: SessionDep, actor: WebActor) -> Response:
    values = student_form_values(await request.form())
    form = FormState(values=values)
    sent = student_body(values)
    body, errors = validate(StudentCreate, sent, STUDENT_LABELS)
    form.errors = with_rule_problems(errors, student_problems(sent, today_utc()), STUDENT_LABELS)
    if body is not None and not form.errors:
        assert isinstance(body, StudentCreate)
        try:
            student = await students.create_student(session, actor, body)
        except InvalidInput as exc:
            form.errors = error_from_invalid(exc, labels=STUDENT_LABELS)
        else:
            return RedirectResponse(f"/students/{student.id}?done=student-added", 303)
    return render(
        request, "student_form.html", _form_page(request, form, student=None), status_code=422
    )


async def render_student_page(
    request: Request,
    session: AsyncSession,
    settings: Settings,
    actor: Actor,
    student_id: str,
    *,
    generate: FormState | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> Response:
    """The student's page; `generate` re-shows a Generate form that had problems."""
    student = await students.read_student(session, actor, student_id)
    tests, _ = await assessments.list_assessments(
        session, actor, student.id, limit=LIST_LIMIT, offset=0
    )
    ieps, _ = await list_ieps(
        session, actor, student_id=student.id, status=None, limit=LIST_LIMIT, offset=0
    )
    templates = await list_templates(session)
    recorded, not_recorded = record_view(student, record_values(student))
    manager = await get_user(session, student.case_manager_id)
    generate = generate or FormState(values=default_generate_values(settings))
    year = await caseload_panel(session, settings, actor, student)
    return render(
        request,
        "student.html",
        {
            "title": f"{student.first_name} {student.last_name}",
            "student": student,
            "age": age_on(student.date_of_birth, settings.school_today()),
            "case_manager": (manager.display_name or manager.username) if manager else None,
            "recorded": recorded,
            "not_recorded": not_recorded,
            "assessments": tests,
            "findings": FINDING_WORDS,
            "ieps": ieps,
            "templates": [(t.id, t.name) for t in templates],
            "years": academic_year_options(settings),
            "priorities": PRIORITY_OPTIONS,
            "generate": generate,
            "drafter_hint": drafter_hint(settings),
            "drafter": drafter_name(*provider_and_model(settings)),
            "drafter_is_builtin": settings.resolved_provider == "offline",
            "note_sections": SECTION_NOTE_OPTIONS,
            "notes_open": any(
                generate.values.get(f"section_notes.{kind}")
                or f"section_notes.{kind}" in generate.errors
                for kind, _ in SECTION_NOTE_OPTIONS
            ),
            "goal_areas": GOAL_AREA_OPTIONS,
            "notice": notice,
            "year": year,
            "nav": "caseload",
        },
        status_code=status_code,
    )


@router.get("/students/{student_id}")
async def student_page(
    request: Request,
    student_id: str,
    session: SessionDep,
    settings: SettingsDep,
    actor: WebActor,
    done: Done = None,
) -> Response:
    return await render_student_page(
        request, session, settings, actor, student_id, notice=notice_for(done)
    )


@router.get("/students/{student_id}/edit")
async def edit_student_form(
    request: Request, student_id: str, session: SessionDep, actor: WebActor, asked: OpenGroup = None
) -> Response:
    student = await students.read_student(session, actor, student_id)
    form = FormState(values=student_values(student))
    page = _form_page(request, form, asked, student=student)
    return render(request, "student_form.html", page)


@router.post("/students/{student_id}/edit", dependencies=[CsrfChecked])
async def update_student(
    request: Request, student_id: str, session: SessionDep, actor: WebActor
) -> Response:
    student = await students.get_accessible_student(session, actor, student_id)
    values = student_form_values(await request.form())
    form = FormState(values=values)
    sent = student_body(values)
    body, errors = validate(StudentUpdate, sent, STUDENT_LABELS)
    problems = await students.profile_problems(session, student, sent)
    form.errors = with_rule_problems(errors, problems, STUDENT_LABELS)
    if body is not None and not form.errors:
        assert isinstance(body, StudentUpdate)
        try:
            await students.update_student(session, actor, student.id, body)
        except InvalidInput as exc:
            form.errors = error_from_invalid(exc, labels=STUDENT_LABELS)
        else:
            return RedirectResponse(f"/students/{student.id}?done=student-saved", 303)
    return render(
        request, "student_form.html", _form_page(request, form, student=student), status_code=422
    )
