"""The IEP page: sections with their findings, editing, regenerating, history, finalizing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import RedirectResponse, Response

from iepgen.api.deps import SessionDep, SettingsDep
from iepgen.errors import Conflict, InvalidInput, NotFound
from iepgen.export.section_blocks import section_blocks
from iepgen.generation.review import review_compliance
from iepgen.ieps import editing, reading
from iepgen.ieps import repository as iep_rows
from iepgen.ieps.schemas import IEPOut
from iepgen.ieps.service import get_accessible_iep
from iepgen.jobs import service as jobs
from iepgen.jobs.schemas import JobType, SectionGenerationRequest
from iepgen.sections import SECTION_SCHEMAS
from iepgen.students.assessments import repository as assessment_rows
from iepgen.students.service import get_accessible_student
from iepgen.users.service import Actor
from iepgen.web.context import CsrfChecked, WebActor
from iepgen.web.diff import section_diffs
from iepgen.web.errors import WebRoute
from iepgen.web.forms import FormState, errors_from_validation
from iepgen.web.notices import notice_for
from iepgen.web.section_form import LABELS, build_fields, parse_form
from iepgen.web.templating import render

router = APIRouter(route_class=WebRoute, include_in_schema=False)

MAX_CITED = 200
MAX_VERSIONS = 200
Done = Annotated[str | None, Query(max_length=40)]


async def _labels(session: AsyncSession, student_id: str) -> dict[str, str]:
    cited, _ = await assessment_rows.page(session, student_id, limit=MAX_CITED, offset=0)
    return {a.id: f"{a.name} ({a.administered_on:%Y-%m-%d})" for a in cited}


async def _evidence_options(
    session: AsyncSession, student_id: str, iep_id: str
) -> list[tuple[str, str]]:
    """The records a statement may cite: the student's assessments, then earlier IEPs."""
    labels = await _labels(session, student_id)
    earlier, _ = await iep_rows.page(
        session,
        case_manager_id=None,
        student_id=student_id,
        status=None,
        limit=MAX_CITED,
        offset=0,
    )
    options = list(labels.items())
    options += [(i.id, f"IEP {i.academic_year} ({i.status})") for i in earlier if i.id != iep_id]
    return options


async def render_iep_page(
    request: Request,
    session: AsyncSession,
    actor: Actor,
    iep: IEPOut,
    *,
    notice: str | None = None,
    problem: str | None = None,
    status_code: int = 200,
) -> Response:
    student = await get_accessible_student(session, actor, iep.student_id)
    labels = await _labels(session, student.id)
    findings: dict[str, list[Any]] = {}
    for finding in iep.compliance.findings:
        findings.setdefault(finding.section_type, []).append(finding)
    known = {s.section_type for s in iep.sections}
    errors = [f for f in iep.compliance.findings if f.severity == "error"]
    return render(
        request,
        "iep.html",
        {
            "title": f"IEP {iep.academic_year}: {student.first_name} {student.last_name}",
            "iep": iep,
            "student": student,
            "sections": [
                (s, section_blocks(s.section_type, s.content, s.text, labels)) for s in iep.sections
            ],
            "findings": findings,
            "other_findings": [f for f in iep.compliance.findings if f.section_type not in known],
            "error_count": len(errors),
            "warning_count": len(iep.compliance.findings) - len(errors),
            "notice": notice,
            "problem": problem,
            "nav": "caseload",
        },
        status_code=status_code,
    )


@router.get("/ieps/{iep_id}")
async def iep_page(
    request: Request, iep_id: str, session: SessionDep, actor: WebActor, done: Done = None
) -> Response:
    iep = await reading.read_iep(session, actor, iep_id)
    return await render_iep_page(request, session, actor, iep, notice=notice_for(done))


def _section_of(iep: IEPOut, section_type: str) -> Any:
    section = next((s for s in iep.sections if s.section_type == section_type), None)
    if section is None or section_type not in SECTION_SCHEMAS:
        raise NotFound(f"This IEP has no '{section_type}' section.")
    return section


async def _edit_page(
    request: Request,
    session: AsyncSession,
    iep: IEPOut,
    section: Any,
    content: dict[str, Any],
    form: FormState,
    note: str,
    status_code: int = 200,
) -> Response:
    schema = SECTION_SCHEMAS[section.section_type]
    evidence = await _evidence_options(session, iep.student_id, iep.id)
    return render(
        request,
        "section_edit.html",
        {
            "title": f"Edit {section.title}",
            "iep": iep,
            "section": section,
            "fields": build_fields(schema, content, form.errors, evidence=evidence),
            "form": form,
            "note": note,
            "nav": "caseload",
        },
        status_code=status_code,
    )


@router.get("/ieps/{iep_id}/sections/{section_type}/edit")
async def edit_section_form(
    request: Request, iep_id: str, section_type: str, session: SessionDep, actor: WebActor
) -> Response:
    iep = await reading.read_iep(session, actor, iep_id)
    if iep.status == "final":
        raise Conflict("This IEP is final and can no longer be changed.")
    section = _section_of(iep, section_type)
    return await _edit_page(request, session, iep, section, section.content, FormState(), "")


@router.post("/ieps/{iep_id}/sections/{section_type}/edit", dependencies=[CsrfChecked])
async def save_section(
    request: Request,
    iep_id: str,
    section_type: str,
    session: SessionDep,
    settings: SettingsDep,
    actor: WebActor,
) -> Response:
    record = await get_accessible_iep(session, actor, iep_id)
    iep = await reading.current_body(session, record)
    section = _section_of(iep, section_type)
    form_data = await request.form()
    schema = SECTION_SCHEMAS[section_type]
    content = parse_form(schema, form_data)
    raw_note = form_data.get("note")
    note = raw_note.strip() if isinstance(raw_note, str) else ""
    form = FormState()
    try:
        schema.model_validate(content)
    except ValidationError as exc:
        form.errors = errors_from_validation(exc, LABELS)
    if not form.errors:
        try:
            await editing.edit_section(
                session,
                actor,
                settings,
                iep.id,
                section_type,
                content,
                review=review_compliance,
                note=note or None,
            )
        except InvalidInput as exc:
            form.errors = {".".join(str(p) for p in exc.field[1:]) or "__all__": exc.message}
        else:
            return RedirectResponse(
                f"/ieps/{iep.id}?done=section-saved#section-{section_type}", 303
            )
    return await _edit_page(request, session, iep, section, content, form, note, status_code=422)


@router.post("/ieps/{iep_id}/sections/{section_type}/regenerate", dependencies=[CsrfChecked])
async def regenerate_section(
    request: Request,
    iep_id: str,
    section_type: str,
    session: SessionDep,
    settings: SettingsDep,
    actor: WebActor,
) -> Response:
    form_data = await request.form()
    raw = form_data.get("context")
    context = raw.strip() if isinstance(raw, str) and raw.strip() else None
    try:
        body = SectionGenerationRequest.model_validate(
            {"iep_id": iep_id, "section_type": section_type, "context": context}
        )
    except ValidationError as exc:
        message = " ".join(errors_from_validation(exc, {"context": "Instructions"}).values())
        iep = await reading.read_iep(session, actor, iep_id)
        return await render_iep_page(request, session, actor, iep, problem=message, status_code=422)
    submission = await jobs.submit_request(
        session, actor, JobType.SECTION_GENERATION, body, settings=settings
    )
    return RedirectResponse(f"/jobs/{submission.job.id}", 303)


@router.post("/ieps/{iep_id}/finalize", dependencies=[CsrfChecked])
async def finalize(request: Request, iep_id: str, session: SessionDep, actor: WebActor) -> Response:
    try:
        iep = await editing.finalize(session, actor, iep_id)
    except Conflict as exc:
        current = await reading.read_iep(session, actor, iep_id)
        return await render_iep_page(
            request, session, actor, current, problem=exc.message, status_code=409
        )
    return RedirectResponse(f"/ieps/{iep.id}?done=finalized", 303)


@router.get("/ieps/{iep_id}/versions")
async def versions_page(
    request: Request, iep_id: str, session: SessionDep, actor: WebActor
) -> Response:
    versions, _ = await reading.list_versions(session, actor, iep_id, limit=MAX_VERSIONS, offset=0)
    record = await get_accessible_iep(session, actor, iep_id)
    student = await get_accessible_student(session, actor, record.student_id)
    names = await iep_rows.user_names(session, {v.created_by for v in versions if v.created_by})
    texts: dict[int, dict[str, str]] = {}
    titles: dict[str, str] = {}
    for version in versions:
        rows = await iep_rows.sections_at(session, record.id, version.version)
        texts[version.version] = {row.section_type: row.text for row in rows}
        titles.update({row.section_type: row.title for row in rows})
    history = [
        (
            version,
            names.get(version.created_by or "", "the generator"),
            section_diffs(
                version.changed_sections,
                texts.get(version.version - 1, {}),
                texts[version.version],
                titles,
            )
            if version.change in ("edited", "regenerated")
            else [],
        )
        for version in versions
    ]
    return render(
        request,
        "versions.html",
        {
            "title": f"Version history: IEP {record.academic_year}",
            "iep": record,
            "student": student,
            "history": history,
            "nav": "caseload",
        },
    )
