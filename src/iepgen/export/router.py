"""`GET /api/v1/ieps/{iep_id}/export`: the IEP as a document download."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from iepgen.api.deps import CookieOrBearerActor, DatabaseDep, ReadSessionDep, SettingsDep
from iepgen.api.schemas import NOT_FOUND, UNAUTHORIZED
from iepgen.documents.router import translator_of

from .service import ExportFormat, ExportPart, export_iep

router = APIRouter(prefix="/api/v1/ieps", tags=["ieps"], responses=UNAUTHORIZED)

_DOCUMENT_MEDIA_TYPES: dict[str, dict[str, Any]] = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {},
    "application/pdf": {},
    "text/markdown": {},
}


@router.get(
    "/{iep_id}/export",
    response_class=Response,
    responses={
        200: {
            "content": _DOCUMENT_MEDIA_TYPES,
            "description": "The document, as an attachment named "
            "`<meeting date>_IEP_v<version>-<status>_<code>.<ext>`.",
        },
        **NOT_FOUND,
    },
)
async def export(
    iep_id: str,
    request: Request,
    session: ReadSessionDep,
    database: DatabaseDep,
    actor: CookieOrBearerActor,
    settings: SettingsDep,
    export_format: Annotated[
        ExportFormat,
        Query(
            alias="format",
            description="docx, pdf or md: the whole IEP; family: the plain-language summary "
            "for the family, in the family's language (PDF; see /documents/family-summary).",
        ),
    ],
    part: Annotated[
        ExportPart,
        Query(
            description="iep (the default): the IEP; staff-review: the staff review sheet "
            "(what to review before the meeting, what the checker checked) as a file of its "
            "own, never part of the IEP.",
        ),
    ] = "iep",
) -> Response:
    """The IEP's current version as DOCX, PDF, Markdown, or the family summary (PDF).

    Meeting-ready: dates, parents' names, the family's contact, and a participants and
    signatures page from the meeting record. Drafts carry the draft notice (provider and
    model named); a final IEP names who finalized it and when, in the school's time zone.
    The file name holds the meeting date, the version and a six-character document code
    (shown on the IEP page), never the student's name or initials. Each export is recorded
    in the student's access log (`iep.export`).
    """
    exported = await export_iep(
        session, database, actor, settings, iep_id, export_format, translator_of(request), part
    )
    return Response(
        content=exported.content,
        media_type=exported.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{exported.filename}"',
            "Content-Language": exported.language,
        },
    )
