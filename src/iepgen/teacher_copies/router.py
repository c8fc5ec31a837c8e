"""`/api/v1/ieps/{iep_id}/teachers`: the IEP at a glance per teacher, and their receipts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from iepgen.api.deps import (
    CookieOrBearerActor,
    CurrentActor,
    DatabaseDep,
    ReadSessionDep,
    SessionDep,
    SettingsDep,
)
from iepgen.api.schemas import BAD_BODY, CONFLICT, NOT_FOUND, UNAUTHORIZED
from iepgen.documents.router import MEDIA_TYPES
from iepgen.documents.service import DocumentFormat

from . import service
from .schemas import ReceiptIn, TeacherIn, TeacherList, TeacherOut

router = APIRouter(prefix="/api/v1/ieps", tags=["teachers"], responses=UNAUTHORIZED)


@router.get("/{iep_id}/teachers", response_model=TeacherList, responses=NOT_FOUND)
async def list_teachers(iep_id: str, session: SessionDep, actor: CurrentActor) -> TeacherList:
    """The general-education teachers who carry out the IEP, each with the versions of its
    summary they received (34 CFR §300.323(d))."""
    return TeacherList(items=await service.list_teachers(session, actor, iep_id))


@router.post(
    "/{iep_id}/teachers",
    status_code=201,
    response_model=TeacherOut,
    responses={**NOT_FOUND, **CONFLICT, **BAD_BODY},
)
async def add_teacher(
    iep_id: str, body: TeacherIn, session: SessionDep, actor: CurrentActor
) -> TeacherOut:
    """Add a teacher: their name, the class, and the areas their class works on."""
    return await service.add_teacher(session, actor, iep_id, body)


@router.delete(
    "/{iep_id}/teachers/{teacher_id}",
    status_code=204,
    response_class=Response,
    responses={**NOT_FOUND, **CONFLICT},
)
async def remove_teacher(
    iep_id: str, teacher_id: str, session: SessionDep, actor: CurrentActor
) -> None:
    """Remove a teacher added by mistake (409 once they have received the summary)."""
    await service.remove_teacher(session, actor, iep_id, teacher_id)


@router.post(
    "/{iep_id}/teachers/{teacher_id}/receipts",
    status_code=201,
    response_model=TeacherOut,
    responses={**NOT_FOUND, **BAD_BODY},
)
async def record_receipt(
    iep_id: str,
    teacher_id: str,
    session: SessionDep,
    actor: CurrentActor,
    settings: SettingsDep,
    body: ReceiptIn | None = None,
) -> TeacherOut:
    """Record that the teacher received the summary of the IEP's current version: who
    recorded it, the day (default today, school time zone) and the version."""
    return await service.record_receipt(
        session, actor, settings, iep_id, teacher_id, body or ReceiptIn()
    )


@router.get(
    "/{iep_id}/teachers/{teacher_id}/at-a-glance",
    response_class=Response,
    responses={200: {"content": MEDIA_TYPES, "description": "The one-page summary."}, **NOT_FOUND},
)
async def at_a_glance(
    iep_id: str,
    teacher_id: str,
    session: ReadSessionDep,
    database: DatabaseDep,
    actor: CookieOrBearerActor,
    settings: SettingsDep,
    document_format: Annotated[
        DocumentFormat, Query(alias="format", description="pdf (default), docx or md.")
    ] = "pdf",
) -> Response:
    """The IEP at a glance for this teacher: the accommodations and supports in their class
    and the goals in the areas it covers, from the IEP's current version."""
    made = await service.at_a_glance(
        session, database, actor, settings, iep_id, teacher_id, document_format
    )
    return Response(
        content=made.content,
        media_type=made.media_type,
        headers={"Content-Disposition": f'attachment; filename="{made.filename}"'},
    )
