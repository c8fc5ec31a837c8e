"""The IEP page: sections with their findings, editing, regenerating, history, finalizing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse, Response

from iepgen.api.deps import SessionDep, SettingsDep
from iepgen.errors import Conflict, InvalidInput, NotFound, PreconditionFailed
from iepgen.export.section_blocks import Rendering, section_blocks
from iepgen.generation.review import review_compliance
from iepgen.ieps import editing, proposals, reading
from iepgen.ieps import repository as iep_rows
from iepgen.ieps.schemas import IEPOut
from iepgen.ieps.service import get_accessible_iep
from iepgen.ieps.versions import etag
from iepgen.jobs import service as jobs
from iepgen.jobs.schemas import JobType, SectionGenerationRequest
from iepgen.progress import reports as progress_reports
from iepgen.sections import SECTION_SCHEMAS
from iepgen.students.assessments import repository as assessment_rows
from iepgen.students.service import get_accessible_student
from iepgen.translation.languages import family_language
from iepgen.users.service import Actor
from iepgen.web.context import CsrfChecked, WebActor
from iepgen.web.diff import section_diffs
from iepgen.web.errors import WebRoute
from iepgen.web.forms import FormState, errors_from_validation, whole_number
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
    view = Rendering(await _labels(session, student.id), final=iep.status == "final")
    findings: dict[str, list[Any]] = {}
    for finding in iep.compliance.findings:
        findings.setdefault(finding.section_type, []).append(finding)
    known = {s.section_type for s in iep.sections}
    errors = [f for f in iep.compliance.findings if f.severity == "error"]
    waiting = await proposals.open_proposals(session, actor, iep.id)
    record = await get_accessible_iep(session, actor, iep.id)
    settings = request.app.state.settings
    progress = await progress_reports.overview(session, record, today=settings.school_today())
    return render(
        request,
        "iep.html",
        {
            "title": f"IEP {iep.academic_year}: {student.first_name} {student.last_name}",
            "iep": iep,
            "student": student,
            "sections": [
                (s, section_blocks(s.section_type, s.content, s.text, view)) for s in iep.sections
            ],
            "findings": findings,
            "other_findings": [f for f in iep.compliance.findings if f.section_type not in known],
            "error_count": len(errors),
            "warning_count": len(iep.compliance.findings) - len(errors),
            "reviewed_count": sum(1 for s in iep.sections if s.reviewed_by),
            "section_titles": {s.section_type: s.title for s in iep.sections},
            "notice": notice,
            "problem": problem,
            "proposals": waiting,
            "progress": progress,
            "family_language": _family_language(student),
            "nav": "caseload",
        },
        status_code=status_code,
    )


def _family_language(student: Any) -> str | None:
    """The family's document language when it is not English (the download links say it)."""
    language = family_language(student.document_language, student.primary_language)
    return None if language.is_english else language.english_name


def _base_version(form: FormData) -> str | None:
    """The If-Match a page's form stands for: the version it was rendered from."""
    raw = form.get("base_version")
    number = whole_number(raw.strip()) if isinstance(raw, str) else None
    return etag(number) if number is not None else None


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
    *,
    base_version: int | None = None,
    conflict: dict[str, Any] | None = None,
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
            "base_version": base_version or iep.version,
            "conflict": conflict,
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
    base = _base_version(form_data)
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
                if_match=base,
            )
        except InvalidInput as exc:
            form.errors = {".".join(str(p) for p in exc.field[1:]) or "__all__": exc.message}
        except PreconditionFailed:
            # Keep what they typed, say what happened, and let a second save be deliberate.
            latest = await iep_rows.version(session, record.id, record.version)
            author = latest.created_by if latest is not None else None
            names = await iep_rows.user_names(session, {author} if author else set())
            conflict = {"version": iep.version, "changed_by": names.get(author or "")}
            return await _edit_page(
                request,
                session,
                iep,
                section,
                content,
                form,
                note,
                status_code=409,
                base_version=iep.version,
                conflict=conflict,
            )
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
    base = form_data.get("base_version")
    base_number = whole_number(base.strip()) if isinstance(base, str) else None
    try:
        body = SectionGenerationRequest.model_validate(
            {
                "iep_id": iep_id,
                "section_type": section_type,
                "context": context,
                "base_version": base_number,
            }
        )
    except ValidationError as exc:
        message = " ".join(errors_from_validation(exc, {"context": "Instructions"}).values())
        iep = await reading.read_iep(session, actor, iep_id)
        return await render_iep_page(request, session, actor, iep, problem=message, status_code=422)
    submission = await jobs.submit_request(
        session, actor, JobType.SECTION_GENERATION, body, settings=settings
    )
    return RedirectResponse(f"/jobs/{submission.job.id}", 303)


@router.post("/ieps/{iep_id}/sections/{section_type}/review", dependencies=[CsrfChecked])
async def review_section(
    request: Request, iep_id: str, section_type: str, session: SessionDep, actor: WebActor
) -> Response:
    form_data = await request.form()
    reviewed = form_data.get("reviewed") != "false"
    iep = await editing.review_section(session, actor, iep_id, section_type, reviewed=reviewed)
    done = "section-reviewed" if reviewed else "section-unreviewed"
    return RedirectResponse(f"/ieps/{iep.id}?done={done}#section-{section_type}", 303)


CHANGED_SINCE_LOADED = (
    "This IEP changed after this page was loaded (it is now version {version}). Nothing was "
    "done: look over the current version below, then try again."
)


@router.post("/ieps/{iep_id}/finalize", dependencies=[CsrfChecked])
async def finalize(
    request: Request, iep_id: str, session: SessionDep, settings: SettingsDep, actor: WebActor
) -> Response:
    base = _base_version(await request.form())
    try:
        iep = await editing.finalize(
            session, actor, settings, iep_id, review=review_compliance, if_match=base
        )
    except (Conflict, PreconditionFailed) as exc:
        current = await reading.read_iep(session, actor, iep_id)
        problem = exc.message
        if isinstance(exc, PreconditionFailed):
            problem = CHANGED_SINCE_LOADED.format(version=current.version)
        return await render_iep_page(
            request, session, actor, current, problem=problem, status_code=exc.status_code
        )
    return RedirectResponse(f"/ieps/{iep.id}?done=finalized", 303)


@router.post("/ieps/{iep_id}/proposals/{proposal_id}/{action}", dependencies=[CsrfChecked])
async def resolve_proposal(
    request: Request,
    iep_id: str,
    proposal_id: str,
    action: str,
    session: SessionDep,
    settings: SettingsDep,
    actor: WebActor,
) -> Response:
    """Use or dismiss a regenerated section that was kept beside a change."""
    if action == "dismiss":
        await proposals.dismiss(session, actor, iep_id, proposal_id)
        return RedirectResponse(f"/ieps/{iep_id}", 303)
    if action != "accept":
        raise NotFound("There is no such page.")
    base = _base_version(await request.form())
    try:
        iep = await proposals.accept(
            session,
            actor,
            settings,
            iep_id,
            proposal_id,
            review=review_compliance,
            if_match=base,
        )
    except (Conflict, PreconditionFailed) as exc:
        current = await reading.read_iep(session, actor, iep_id)
        problem = exc.message
        if isinstance(exc, PreconditionFailed):
            problem = CHANGED_SINCE_LOADED.format(version=current.version)
        return await render_iep_page(
            request, session, actor, current, problem=problem, status_code=exc.status_code
        )
    return RedirectResponse(f"/ieps/{iep.id}?done=section-saved", 303)


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
