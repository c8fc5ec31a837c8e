"""Statements about students. No rules and no commits: the caller's unit of work decides."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.db.paging import fetch_page
from iepgen.models import IEP, Assessment, Student


def _caseload(case_manager_id: str | None) -> Select[Student]:
    query = select(Student)
    if case_manager_id is not None:
        query = query.where(Student.case_manager_id == case_manager_id)
    return query


async def get(session: AsyncSession, student_id: str) -> Student | None:
    return await session.get(Student, student_id)


async def page(
    session: AsyncSession, *, case_manager_id: str | None, limit: int, offset: int
) -> tuple[list[Student], int]:
    """A page of students (all, or one case manager's), by name; and how many there are."""
    return await fetch_page(
        session,
        _caseload(case_manager_id),
        Student.last_name,
        Student.first_name,
        Student.id,
        limit=limit,
        offset=offset,
    )


async def earliest_assessment_date(session: AsyncSession, student_id: str) -> date | None:
    return (
        await session.execute(
            select(func.min(Assessment.administered_on)).where(Assessment.student_id == student_id)
        )
    ).scalar_one()


async def dependent_ids(session: AsyncSession, student_id: str) -> dict[str, list[str]]:
    """Ids of the records that go with the student (for the audit entry of a deletion)."""
    assessments = await session.execute(
        select(Assessment.id).where(Assessment.student_id == student_id).order_by(Assessment.id)
    )
    ieps = await session.execute(
        select(IEP.id).where(IEP.student_id == student_id).order_by(IEP.id)
    )
    return {"assessment_ids": list(assessments.scalars()), "iep_ids": list(ieps.scalars())}


async def remove(session: AsyncSession, student_id: str) -> None:
    """Delete the student; the database cascades to assessments, IEPs and their versions."""
    await session.execute(delete(Student).where(Student.id == student_id))
