"""Statements about meeting records. No rules and no commits."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.models import IEPMeeting


async def get(session: AsyncSession, iep_id: str) -> IEPMeeting | None:
    return await session.get(IEPMeeting, iep_id)


def add(session: AsyncSession, meeting: IEPMeeting) -> None:
    session.add(meeting)
