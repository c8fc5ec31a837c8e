"""Statements about students. No rules and no commits: the caller's unit of work decides."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.db.paging import fetch_page
from iepgen.models import IEP, Assessment, Job, LLMCacheEntry, Student


def _caseload(case_manager_id: str | None, *, include_archived: bool = False) -> Select[Student]:
    query = select(Student)
    if case_manager_id is not None:
        query = query.where(Student.case_manager_id == case_manager_id)
    if not include_archived:
        query = query.where(Student.archived_at.is_(None))
    return query


async def get(session: AsyncSession, student_id: str) -> Student | None:
    return await session.get(Student, student_id)


async def page(
    session: AsyncSession,
    *,
    case_manager_id: str | None,
    limit: int,
    offset: int,
    include_archived: bool = False,
) -> tuple[list[Student], int]:
    """A page of students (all, or one case manager's), by name; and how many there are."""
    return await fetch_page(
        session,
        _caseload(case_manager_id, include_archived=include_archived),
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


async def has_final_iep(session: AsyncSession, student_id: str) -> bool:
    found = await session.execute(
        select(IEP.id).where(IEP.student_id == student_id, IEP.status == "final").limit(1)
    )
    return found.first() is not None


async def remove(session: AsyncSession, student_id: str, iep_ids: list[str]) -> dict[str, int]:
    """Delete the student and every copy of their data: assessments, IEPs and versions (by
    cascade), the generation jobs whose payloads carry their records and the case manager's
    notes, and cached provider answers built from their record. Returns what went, by kind.
    """
    job_filter = Job.payload["student_id"].as_string() == student_id
    if iep_ids:
        job_filter = or_(job_filter, Job.payload["iep_id"].as_string().in_(iep_ids))
    jobs = await session.execute(delete(Job).where(job_filter))
    cached = await session.execute(
        delete(LLMCacheEntry).where(LLMCacheEntry.student_id == student_id)
    )
    await session.execute(delete(Student).where(Student.id == student_id))
    return {
        "jobs": int(jobs.rowcount or 0),  # type: ignore[attr-defined]
        "cached_answers": int(cached.rowcount or 0),  # type: ignore[attr-defined]
    }
