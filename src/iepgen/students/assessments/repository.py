"""Statements about assessments. No rules and no commits."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.db.paging import fetch_page
from iepgen.models import Assessment


async def get(session: AsyncSession, student_id: str, assessment_id: str) -> Assessment | None:
    return (
        await session.execute(
            select(Assessment).where(
                Assessment.id == assessment_id, Assessment.student_id == student_id
            )
        )
    ).scalar_one_or_none()


async def page(
    session: AsyncSession, student_id: str, *, limit: int, offset: int
) -> tuple[list[Assessment], int]:
    """A page of the student's assessments, most recently administered first."""
    return await fetch_page(
        session,
        select(Assessment).where(Assessment.student_id == student_id),
        Assessment.administered_on.desc(),
        Assessment.created_at.desc(),
        Assessment.id,
        limit=limit,
        offset=offset,
    )


async def remove(session: AsyncSession, assessment_id: str) -> None:
    await session.execute(delete(Assessment).where(Assessment.id == assessment_id))
