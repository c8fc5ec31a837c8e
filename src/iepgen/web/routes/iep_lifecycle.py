"""An IEP's history in the browser: open any version in full, compare two, restore one, amend."""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import APIRouter, Path, Query, Request
from pydantic import ValidationError
from starlette.responses import RedirectResponse, Response

from iepgen.api.deps import SessionDep, SettingsDep
from iepgen.errors import InvalidInput
from iepgen.generation.review import review_compliance
from iepgen.ieps import lifecycle, reading
from iepgen.ieps.schemas import AmendmentIn
from iepgen.students.service import get_accessible_student
from iepgen.web.context import CsrfChecked, WebActor
from iepgen.web.errors import WebRoute
from iepgen.web.forms import FormState, errors_from_validation
from iepgen.web.templating import render

router = APIRouter(route_class=WebRoute, include_in_schema=False)

MAX_VERSIONS: Final = 200
AMEND_LABELS: Final = {"reason": "Why the IEP is amended", "amended_on": "Date of the amendment"}
CHANGE_WORDS: Final = {
    "generated": "First draft generated",
    "edited": "Edited",
    "regenerated": "Section regenerated",
    "finalized": "Finalized",
    "amended": "Opened for amendment",
    "restored": "Earlier version restored",
}
VersionNumber = Annotated[int, Path(ge=1, le=1_000_000)]
OptionalVersion = Annotated[int | None, Query(ge=1, le=1_000_000)]


@router.get("/ieps/{iep_id}/versions/{version}")
async def version_page(
    request: Request, iep_id: str, version: VersionNumber, session: SessionDep, actor: WebActor
) -> Response:
    """One version in full, exactly as it was."""
    current = await reading.read_iep(session, actor, iep_id)
    shown = await reading.read_version(session, actor, iep_id, version)
    student = await get_accessible_student(session, actor, shown.student_id)
    history, _ = await reading.list_versions(session, actor, iep_id, limit=MAX_VERSIONS, offset=0)
    entry = next((v for v in history if v.version == version), None)
    return render(
        request,
        "iep_version.html",
        {
            "title": f"IEP {shown.academic_year}, version {version}",
            "iep": current,
            "shown": shown,
            "entry": entry,
            "change_words": CHANGE_WORDS,
            "student": student,
            "nav": "caseload",
        },
    )


@router.get("/ieps/{iep_id}/compare")
async def compare_page(
    request: Request,
    iep_id: str,
    session: SessionDep,
    actor: WebActor,
    first: Annotated[int | None, Query(alias="from", ge=1, le=1_000_000)] = None,
    second: Annotated[int | None, Query(alias="to", ge=1, le=1_000_000)] = None,
) -> Response:
    """Two versions side by side, section by section (defaults: the previous and the current)."""
    current = await reading.read_iep(session, actor, iep_id)
    student = await get_accessible_student(session, actor, current.student_id)
    history, _ = await reading.list_versions(session, actor, iep_id, limit=MAX_VERSIONS, offset=0)
    later = second or current.version
    earlier = first or max(1, later - 1)
    sections = await lifecycle.compare(session, actor, iep_id, earlier, later)
    return render(
        request,
        "iep_compare.html",
        {
            "title": f"Compare versions {earlier} and {later}",
            "iep": current,
            "student": student,
            "versions": [(v.version, CHANGE_WORDS.get(v.change, v.change)) for v in history],
            "first": earlier,
            "second": later,
            "sections": sections,
            "changed": [s for s in sections if s.changed],
            "nav": "caseload",
        },
    )


@router.post("/ieps/{iep_id}/versions/{version}/restore", dependencies=[CsrfChecked])
async def restore(
    request: Request,
    iep_id: str,
    version: VersionNumber,
    session: SessionDep,
    settings: SettingsDep,
    actor: WebActor,
) -> Response:
    restored = await lifecycle.restore(
        session, actor, settings, iep_id, version, review=review_compliance
    )
    return RedirectResponse(f"/ieps/{restored.id}?done=version-restored", 303)


async def _amend_page(
    request: Request, session: SessionDep, actor: WebActor, iep_id: str, form: FormState, code: int
) -> Response:
    iep = await reading.read_iep(session, actor, iep_id)
    student = await get_accessible_student(session, actor, iep.student_id)
    return render(
        request,
        "iep_amend.html",
        {
            "title": f"Amend the IEP {iep.academic_year}",
            "iep": iep,
            "student": student,
            "form": form,
            "nav": "caseload",
        },
        status_code=code,
    )


@router.get("/ieps/{iep_id}/amend")
async def amend_form(
    request: Request, iep_id: str, session: SessionDep, settings: SettingsDep, actor: WebActor
) -> Response:
    form = FormState(values={"amended_on": settings.school_today().isoformat(), "reason": ""})
    return await _amend_page(request, session, actor, iep_id, form, 200)


def _form_text(raw: Any) -> str:
    return raw.strip() if isinstance(raw, str) else ""


@router.post("/ieps/{iep_id}/amend", dependencies=[CsrfChecked])
async def amend(
    request: Request, iep_id: str, session: SessionDep, settings: SettingsDep, actor: WebActor
) -> Response:
    posted = await request.form()
    values = {name: _form_text(posted.get(name)) for name in AMEND_LABELS}
    form = FormState(values=values, labels=AMEND_LABELS)
    try:
        body = AmendmentIn.model_validate(values)
    except ValidationError as exc:
        form.errors = errors_from_validation(exc, AMEND_LABELS)
    else:
        try:
            amended = await lifecycle.amend(
                session,
                actor,
                iep_id,
                reason=body.reason,
                amended_on=body.amended_on,
                today=settings.school_today(),
            )
        except InvalidInput as exc:
            form.errors = {str(exc.field[-1]) if exc.field else "amended_on": exc.message}
        else:
            return RedirectResponse(f"/ieps/{amended.id}?done=amendment-opened", 303)
    return await _amend_page(request, session, actor, iep_id, form, 422)
