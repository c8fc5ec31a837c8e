"""`/api/v1/ieps`: IEP records, their history, a teacher's section edits, and finalizing."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Path, Query, Response

from iepgen.api.deps import CurrentActor, PageDep, SessionDep, SettingsDep
from iepgen.api.schemas import BAD_BODY, CONFLICT, NOT_FOUND, UNAUTHORIZED, ErrorBody
from iepgen.generation.review import review_compliance
from iepgen.ieps import editing, lifecycle, proposals, reading
from iepgen.ieps.schemas import (
    AmendmentIn,
    ComparisonOut,
    IEPOut,
    IEPPage,
    ProposalList,
    RestoreIn,
    ReviewIn,
    SectionComparisonOut,
    SectionEdit,
    VersionPage,
)
from iepgen.ieps.versions import etag
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


IF_MATCH_DESCRIPTION = (
    "The ETag of the version this change was made on; a stale one answers 412 and changes nothing."
)
IfMatch = Annotated[
    str | None, Header(alias="If-Match", max_length=1000, description=IF_MATCH_DESCRIPTION)
]
PRECONDITION: dict[int | str, dict[str, Any]] = {
    412: {"model": ErrorBody, "description": "If-Match names a version that is not current."}
}


def _tagged(body: IEPOut, response: Response) -> IEPOut:
    response.headers["ETag"] = etag(body.version)
    return body


@router.get("/{iep_id}", response_model=IEPOut, responses=NOT_FOUND)
async def get_iep(
    iep_id: str, session: SessionDep, actor: CurrentActor, response: Response
) -> IEPOut:
    """The IEP's current version, with its `ETag` (send it back as `If-Match` to change it)."""
    return _tagged(await reading.read_iep(session, actor, iep_id), response)


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


VersionNumber = Annotated[int, Path(ge=1, le=1_000_000)]


@router.get("/{iep_id}/compare", response_model=ComparisonOut, responses=NOT_FOUND)
async def compare_versions(
    iep_id: str,
    session: SessionDep,
    actor: CurrentActor,
    first: Annotated[int, Query(alias="from", ge=1, le=1_000_000, description="Earlier version.")],
    second: Annotated[int, Query(alias="to", ge=1, le=1_000_000, description="Later version.")],
) -> ComparisonOut:
    """Any two versions side by side: every section, with the lines removed and added."""
    sections = await lifecycle.compare(session, actor, iep_id, first, second)
    return ComparisonOut(
        iep_id=iep_id,
        from_version=first,
        to_version=second,
        sections=[
            SectionComparisonOut(
                section_type=s.section_type,
                title=s.title,
                changed=s.changed,
                removed=list(s.removed),
                added=list(s.added),
            )
            for s in sections
        ],
    )


@router.post(
    "/{iep_id}/versions/{version}/restore",
    response_model=IEPOut,
    responses={**NOT_FOUND, **CONFLICT, **BAD_BODY, **PRECONDITION},
)
async def restore_version(
    iep_id: str,
    version: VersionNumber,
    session: SessionDep,
    actor: CurrentActor,
    settings: SettingsDep,
    response: Response,
    body: RestoreIn | None = None,
    if_match: IfMatch = None,
) -> IEPOut:
    """Copy an earlier version forward as the next version of a draft (compliance re-checked)."""
    restored = await lifecycle.restore(
        session,
        actor,
        settings,
        iep_id,
        version,
        review=review_compliance,
        note=body.note if body else None,
        if_match=if_match,
    )
    return _tagged(restored, response)


@router.post(
    "/{iep_id}/amendments",
    response_model=IEPOut,
    responses={**NOT_FOUND, **CONFLICT, **BAD_BODY, **PRECONDITION},
)
async def amend_iep(
    iep_id: str,
    body: AmendmentIn,
    session: SessionDep,
    actor: CurrentActor,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> IEPOut:
    """Amend a final IEP: it becomes a draft again, with a version recording why and when.
    The final version stays readable in the history; finalize the amended IEP when done."""
    amended = await lifecycle.amend(
        session,
        actor,
        iep_id,
        reason=body.reason,
        amended_on=body.amended_on,
        today=settings.school_today(),
        if_match=if_match,
    )
    return _tagged(amended, response)


@router.patch(
    "/{iep_id}/sections/{section_type}",
    response_model=IEPOut,
    responses={**NOT_FOUND, **CONFLICT, **BAD_BODY, **PRECONDITION},
)
async def edit_section(
    iep_id: str,
    section_type: SectionType,
    body: SectionEdit,
    session: SessionDep,
    actor: CurrentActor,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> IEPOut:
    """Replace one section with the teacher's version: validated, re-checked, a new version."""
    edited = await editing.edit_section(
        session,
        actor,
        settings,
        iep_id,
        section_type,
        body.content,
        review=review_compliance,
        note=body.note,
        if_match=if_match,
    )
    return _tagged(edited, response)


@router.post(
    "/{iep_id}/sections/{section_type}/review",
    response_model=IEPOut,
    responses={**NOT_FOUND, **CONFLICT, **BAD_BODY},
)
async def review_section(
    iep_id: str,
    section_type: SectionType,
    session: SessionDep,
    actor: CurrentActor,
    response: Response,
    body: ReviewIn | None = None,
) -> IEPOut:
    """Mark a section as read and reviewed by the caller (finalizing needs every section)."""
    reviewed = body.reviewed if body is not None else True
    reviewed_iep = await editing.review_section(
        session, actor, iep_id, section_type, reviewed=reviewed
    )
    return _tagged(reviewed_iep, response)


@router.post(
    "/{iep_id}/finalize",
    response_model=IEPOut,
    responses={**NOT_FOUND, **CONFLICT, **PRECONDITION},
)
async def finalize(
    iep_id: str,
    session: SessionDep,
    actor: CurrentActor,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> IEPOut:
    """Make the IEP final (read-only). Refused until every section is marked reviewed, and
    while the checker, run again against the current records, finds an `error`."""
    final = await editing.finalize(
        session, actor, settings, iep_id, review=review_compliance, if_match=if_match
    )
    return _tagged(final, response)


@router.get("/{iep_id}/proposals", response_model=ProposalList, responses=NOT_FOUND)
async def list_proposals(iep_id: str, session: SessionDep, actor: CurrentActor) -> ProposalList:
    """Regenerated sections that arrived after the IEP changed, kept for the teacher to review."""
    return ProposalList(items=await proposals.open_proposals(session, actor, iep_id))


@router.post(
    "/{iep_id}/proposals/{proposal_id}/accept",
    response_model=IEPOut,
    responses={**NOT_FOUND, **CONFLICT, **PRECONDITION},
)
async def accept_proposal(
    iep_id: str,
    proposal_id: str,
    session: SessionDep,
    actor: CurrentActor,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> IEPOut:
    """Use the proposed section: stored as the next version (the edit it arrived beside is
    replaced only for that section), compliance checked again."""
    accepted = await proposals.accept(
        session,
        actor,
        settings,
        iep_id,
        proposal_id,
        review=review_compliance,
        if_match=if_match,
    )
    return _tagged(accepted, response)


@router.post(
    "/{iep_id}/proposals/{proposal_id}/dismiss",
    status_code=204,
    response_class=Response,
    responses=NOT_FOUND,
)
async def dismiss_proposal(
    iep_id: str, proposal_id: str, session: SessionDep, actor: CurrentActor
) -> None:
    """Set the proposed section aside; the IEP stays as it is."""
    await proposals.dismiss(session, actor, iep_id, proposal_id)
