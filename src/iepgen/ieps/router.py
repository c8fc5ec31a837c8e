"""`/api/v1/ieps`: IEP records, their history, a teacher's section edits, and finalizing."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from iepgen.api.deps import CurrentActor, PageDep, SessionDep, SettingsDep
from iepgen.api.schemas import BAD_BODY, CONFLICT, NOT_FOUND, UNAUTHORIZED
from iepgen.generation.review import review_compliance
from iepgen.ieps import editing, reading
from iepgen.ieps.schemas import IEPOut, IEPPage, SectionEdit, VersionPage
from iepgen.templates.builtin import SectionType

router = APIRouter(prefix="/api/v1/ieps", tags=["ieps"], responses=UNAUTHORIZED)


@router.get("", response_model=IEPPage, responses=NOT_FOUND)
async def list_ieps(
    session: SessionDep,
    actor: CurrentActor,
    page: PageDep,
    student_id: Annotated[
        str | None, Query(max_length=64, description="Only this student's IEPs.")
    ] = None,
    status: Annotated[Literal["draft", "final"] | None, Query()] = None,
) -> IEPPage:
    """IEPs of the caller's students, newest first (404 for a student not on the caseload)."""
    items, total = await reading.list_ieps(
        session,
        actor,
        student_id=student_id,
        status=status,
        limit=page.limit,
        offset=page.offset,
    )
    return IEPPage(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/{iep_id}", response_model=IEPOut, responses=NOT_FOUND)
async def get_iep(iep_id: str, session: SessionDep, actor: CurrentActor) -> IEPOut:
    return await reading.read_iep(session, actor, iep_id)


@router.get("/{iep_id}/versions", response_model=VersionPage, responses=NOT_FOUND)
async def list_versions(
    iep_id: str, session: SessionDep, actor: CurrentActor, page: PageDep
) -> VersionPage:
    """The IEP's history, newest version first."""
    items, total = await reading.list_versions(
        session, actor, iep_id, limit=page.limit, offset=page.offset
    )
    return VersionPage(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/{iep_id}/versions/{version}", response_model=IEPOut, responses=NOT_FOUND)
async def get_version(
    iep_id: str,
    version: Annotated[int, Path(ge=1, le=1_000_000)],
    session: SessionDep,
    actor: CurrentActor,
) -> IEPOut:
    """The IEP exactly as it was at that version (to show what changed)."""
    return await reading.read_version(session, actor, iep_id, version)


@router.patch(
    "/{iep_id}/sections/{section_type}",
    response_model=IEPOut,
    responses={**NOT_FOUND, **CONFLICT, **BAD_BODY},
)
async def edit_section(
    iep_id: str,
    section_type: SectionType,
    body: SectionEdit,
    session: SessionDep,
    actor: CurrentActor,
    settings: SettingsDep,
) -> IEPOut:
    """Replace one section with the teacher's version: validated, re-checked, a new version."""
    return await editing.edit_section(
        session,
        actor,
        settings,
        iep_id,
        section_type,
        body.content,
        review=review_compliance,
        note=body.note,
    )


@router.post("/{iep_id}/finalize", response_model=IEPOut, responses={**NOT_FOUND, **CONFLICT})
async def finalize(iep_id: str, session: SessionDep, actor: CurrentActor) -> IEPOut:
    """Make the IEP final (read-only). Refused while compliance has an `error` finding."""
    return await editing.finalize(session, actor, iep_id)
