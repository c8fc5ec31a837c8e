"""Reading and recording an IEP's meeting: who may, what must agree with the IEP, the audit."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.audit.service import record
from iepgen.db.base import utcnow
from iepgen.errors import Conflict, InvalidInput, NotFound
from iepgen.ieps.service import get_accessible_iep
from iepgen.models import IEP, IEPMeeting
from iepgen.users.service import Actor

from . import repository
from .schemas import Contact, MeetingIn, MeetingOut, Participant

NO_MEETING = "No meeting is recorded for this IEP yet."


def meeting_out(iep: IEP, meeting: IEPMeeting) -> MeetingOut:
    return MeetingOut.model_validate(
        {
            "iep_id": iep.id,
            "meeting_date": iep.meeting_date,
            "start_time": meeting.start_time,
            "end_time": meeting.end_time,
            "location": meeting.location,
            "remote_access": meeting.remote_access,
            "invitation_sent_on": meeting.invitation_sent_on,
            "contact": meeting.contact,
            "participants": meeting.participants or [],
            "updated_at": meeting.updated_at,
        }
    )


async def meeting_of(session: AsyncSession, iep: IEP) -> MeetingOut | None:
    """The meeting record of an IEP the caller already may see (no audit entry)."""
    meeting = await repository.get(session, iep.id)
    return meeting_out(iep, meeting) if meeting is not None else None


async def read_meeting(session: AsyncSession, actor: Actor, iep_id: str) -> MeetingOut:
    iep = await get_accessible_iep(session, actor, iep_id)
    meeting = await repository.get(session, iep.id)
    if meeting is None:
        raise NotFound(NO_MEETING)
    await record(
        session,
        actor,
        "iep.meeting_read",
        student_id=iep.student_id,
        entity_type="iep",
        entity_id=iep.id,
    )
    return meeting_out(iep, meeting)


async def record_meeting(
    session: AsyncSession, actor: Actor, iep_id: str, body: MeetingIn
) -> MeetingOut:
    """Create or replace the meeting record; refused once the IEP is final (it is signed)."""
    iep = await get_accessible_iep(session, actor, iep_id, lock=True)
    if iep.status == "final":
        raise Conflict(
            "This IEP is final: its meeting record (attendance and agreement) can no longer "
            "be changed."
        )
    if body.meeting_date is not None and body.meeting_date != iep.meeting_date:
        raise InvalidInput(
            "must equal the IEP's meeting date; the IEP's dates run from its meeting, so a "
            "meeting on another date needs a new draft with that meeting_date",
            field=("meeting_date",),
        )
    meeting = await repository.get(session, iep.id)
    if meeting is None:
        meeting = IEPMeeting(iep_id=iep.id, participants=[])
        repository.add(session, meeting)
    meeting.start_time = body.start_time.strftime("%H:%M") if body.start_time else None
    meeting.end_time = body.end_time.strftime("%H:%M") if body.end_time else None
    meeting.location = body.location
    meeting.remote_access = body.remote_access
    meeting.invitation_sent_on = body.invitation_sent_on
    meeting.contact = body.contact.model_dump(mode="json") if body.contact else None
    meeting.participants = [p.model_dump(mode="json") for p in body.participants]
    meeting.updated_by = actor.id
    meeting.updated_at = utcnow()
    await session.flush()
    await record(
        session,
        actor,
        "iep.meeting_recorded",
        student_id=iep.student_id,
        entity_type="iep",
        entity_id=iep.id,
        fields=sorted(body.model_fields_set),
        detail={"participants": len(body.participants)},
    )
    return meeting_out(iep, meeting)


def participants_of(meeting: MeetingOut | None) -> list[Participant]:
    return list(meeting.participants) if meeting is not None else []


def contact_of(meeting: MeetingOut | None) -> Contact | None:
    return meeting.contact if meeting is not None else None
