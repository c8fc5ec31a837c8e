"""`/api/v1/ieps/{iep_id}/meeting`: the IEP meeting's time, place, contact and participants."""

from __future__ import annotations

from fastapi import APIRouter

from iepgen.api.deps import CurrentActor, SessionDep
from iepgen.api.schemas import BAD_BODY, CONFLICT, NOT_FOUND, UNAUTHORIZED

from . import service
from .schemas import MeetingIn, MeetingOut

router = APIRouter(prefix="/api/v1/ieps", tags=["meetings"], responses=UNAUTHORIZED)


@router.get("/{iep_id}/meeting", response_model=MeetingOut, responses=NOT_FOUND)
async def get_meeting(iep_id: str, session: SessionDep, actor: CurrentActor) -> MeetingOut:
    """The meeting record (404 when none is recorded yet). Times are on the school's clock
    (`SCHOOL_TIMEZONE`); the date is the IEP's own `meeting_date`."""
    return await service.read_meeting(session, actor, iep_id)


@router.put(
    "/{iep_id}/meeting",
    response_model=MeetingOut,
    responses={**NOT_FOUND, **CONFLICT, **BAD_BODY},
)
async def put_meeting(
    iep_id: str, body: MeetingIn, session: SessionDep, actor: CurrentActor
) -> MeetingOut:
    """Record the meeting (the whole record; it replaces what was there): start and end time,
    place, how to join by phone or video, the family's contact, and the participants with
    their role, name, attendance and agreement. The invitation, the prior written notice,
    the family summary and the IEP's signature page print from it. 409 once the IEP is
    final; 422 naming the field for a time that is not HH:MM, an end before the start, an
    agreement for someone who did not attend, or a `meeting_date` that is not the IEP's."""
    return await service.record_meeting(session, actor, iep_id, body)
