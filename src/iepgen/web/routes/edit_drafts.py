"""Autosaving a section edit in progress, and discarding it (the form's script posts here)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from iepgen.api.deps import SessionDep
from iepgen.ieps import edit_drafts
from iepgen.ieps.service import get_accessible_iep
from iepgen.sections import SECTION_SCHEMAS
from iepgen.web.context import CsrfChecked, WebActor
from iepgen.web.errors import WebRoute, not_found_page
from iepgen.web.forms import whole_number
from iepgen.web.templating import school_time

router = APIRouter(route_class=WebRoute, include_in_schema=False)


@router.post("/ieps/{iep_id}/sections/{section_type}/autosave", dependencies=[CsrfChecked])
async def autosave_section(
    request: Request, iep_id: str, section_type: str, session: SessionDep, actor: WebActor
) -> Response:
    """Keep the edit form as posted; answers when it was saved, for the page to say so."""
    if section_type not in SECTION_SCHEMAS:
        return not_found_page(request)
    form = await request.form()
    fields = [(name, value) for name, value in form.multi_items() if isinstance(value, str)]
    raw = form.get("base_version")
    base = whole_number(raw.strip()) if isinstance(raw, str) else None
    record = await get_accessible_iep(session, actor, iep_id)
    draft = await edit_drafts.save_draft(
        session, actor, record.id, section_type, fields, base or record.version
    )
    return JSONResponse(
        {"saved_at": draft.saved_at.isoformat(), "shown": school_time(request, draft.saved_at)}
    )


@router.post("/ieps/{iep_id}/sections/{section_type}/discard-draft", dependencies=[CsrfChecked])
async def discard_section_draft(
    request: Request, iep_id: str, section_type: str, session: SessionDep, actor: WebActor
) -> Response:
    if section_type not in SECTION_SCHEMAS:
        return not_found_page(request)
    record = await get_accessible_iep(session, actor, iep_id)
    await edit_drafts.discard_draft(session, actor, record, section_type)
    return RedirectResponse(f"/ieps/{record.id}/sections/{section_type}/edit", 303)
