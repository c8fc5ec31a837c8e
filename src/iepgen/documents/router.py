"""`/api/v1/ieps/{iep_id}/documents/{kind}`: family documents in the family's language."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response

from iepgen.api.deps import CookieOrBearerActor, DatabaseDep, ReadSessionDep, SettingsDep
from iepgen.api.schemas import CONFLICT, NOT_FOUND, UNAUTHORIZED
from iepgen.translation.model import Translator

from .service import DocumentFormat, DocumentKind, LayoutUnsupported, family_document

router = APIRouter(prefix="/api/v1/ieps", tags=["documents"], responses=UNAUTHORIZED)

MEDIA_TYPES: dict[str, dict[str, Any]] = {
    "application/pdf": {},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {},
    "text/markdown": {},
}


def translator_of(request: Request) -> Translator | None:
    translator: Translator | None = getattr(request.app.state, "translator", None)
    return translator


@router.get(
    "/{iep_id}/documents/{kind}",
    response_class=Response,
    responses={
        200: {
            "content": MEDIA_TYPES,
            "description": "The document as an attachment named "
            "`<meeting date>_<kind>[-<language>]_v<version>-<status>_<code>.<ext>`. "
            "`Content-Language` names its language; `X-Translation` says how it was made: "
            "`original` (English), `offline` (reviewed Spanish), `offline+model` (reviewed "
            "Spanish, free text by the model), `model`, or `unavailable` (the English original, "
            "saying the language could not be produced).",
        },
        **NOT_FOUND,
        **CONFLICT,
    },
)
async def get_document(
    iep_id: str,
    kind: DocumentKind,
    request: Request,
    session: ReadSessionDep,
    database: DatabaseDep,
    actor: CookieOrBearerActor,
    settings: SettingsDep,
    document_format: Annotated[
        DocumentFormat, Query(alias="format", description="pdf (default), docx or md.")
    ] = "pdf",
    language: Annotated[
        str | None,
        Query(
            max_length=64,
            description="The language to write it in (a name such as 'Spanish' or a code such "
            "as 'es'); default: the record's document_language, else its primary_language. "
            "'en' gives the English original alone.",
        ),
    ] = None,
) -> Response:
    """A family document of the IEP's current version, in the family's language.

    `family-summary` (plain language), `prior-written-notice` (34 CFR §300.503) and
    `meeting-invitation` (§300.322; 409 until the meeting's time and place are recorded).
    A translation comes first with the notice "machine-drafted translation — have it
    reviewed by a qualified translator" and its English original follows in the same file;
    text that could not be translated is marked. Spanish is built in; other languages need
    a configured model (the request is pseudonymised). Recorded in the access log
    (`iep.document`).
    """
    try:
        made = await family_document(
            session,
            database,
            actor,
            settings,
            translator_of(request),
            iep_id,
            kind,
            document_format,
            language,
        )
    except LayoutUnsupported as exc:
        raise HTTPException(
            status_code=422,
            detail=[{"loc": ["query", "format"], "msg": exc.message, "type": "value_error"}],
        ) from exc
    return Response(
        content=made.content,
        media_type=made.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{made.filename}"',
            "Content-Language": made.language,
            "X-Translation": made.translation,
        },
    )
