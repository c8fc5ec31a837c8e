"""Statements the caseload reads: students, their IEPs' dates and status, drafting jobs.

Each is one statement for the whole caseload (never one per student), so the page costs
the same few round trips at 6 students or 60.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.models import ACTIVE_STATUSES, IEP, IEPSection, IEPVersion, Job, Student, User

AMENDED = "amended"


def caseload_students(
    case_manager_id: str | None, *, include_archived: bool, search: str | None = None
) -> Select[Student]:
    """One case manager's students (None: everyone's), archived ones only when asked."""
    query = select(Student)
    if case_manager_id is not None:
        query = query.where(Student.case_manager_id == case_manager_id)
    if not include_archived:
        query = query.where(Student.archived_at.is_(None))
    if search:
        pattern = f"%{search.lower()}%"
        query = query.where(
            or_(
                func.lower(Student.first_name).like(pattern),
                func.lower(Student.last_name).like(pattern),
                func.lower(func.coalesce(Student.student_number, "")).like(pattern),
                func.lower(func.coalesce(Student.school, "")).like(pattern),
            )
        )
    return query.order_by(Student.last_name, Student.first_name, Student.id)


@dataclass(frozen=True)
class IEPRow:
    """The columns of an IEP the caseload needs, and its ESY section (no other section)."""

    id: str
    student_id: str
    status: str
    academic_year: str
    meeting_date: date | None
    end_date: date | None
    annual_review_due: date | None
    created_at: datetime
    compliance: dict[str, Any]
    # The current version's ESY section: `needed` null with `decide_by` leaves it open.
    esy: dict[str, Any] | None


def due_date_query(students: Select[Any]) -> Select[Any]:
    """The IEPs of the students `students` selects, with their dates: the due-date query.

    A sub-select rather than a list of ids, so the database joins through its indexes
    (students by case manager, then IEPs by student) whatever the caseload's size.
    """
    return (
        select(
            IEP.id,
            IEP.student_id,
            IEP.status,
            IEP.academic_year,
            IEP.meeting_date,
            IEP.end_date,
            IEP.annual_review_due,
            IEP.created_at,
            IEP.compliance,
            IEPSection.content.label("esy"),
        )
        # The ESY section as it stands now (a teacher's edit may have settled the question).
        .outerjoin(
            IEPSection,
            and_(
                IEPSection.iep_id == IEP.id,
                IEPSection.version == IEP.version,
                IEPSection.section_type == "esy",
            ),
        )
        .where(IEP.student_id.in_(students.with_only_columns(Student.id).order_by(None)))
        .order_by(IEP.student_id, IEP.meeting_date)
    )


async def ieps_of(session: AsyncSession, students: Select[Any]) -> list[IEPRow]:
    rows = await session.execute(due_date_query(students))
    return [
        IEPRow(
            id=row.id,
            student_id=row.student_id,
            status=row.status,
            academic_year=row.academic_year,
            meeting_date=row.meeting_date,
            end_date=row.end_date,
            annual_review_due=row.annual_review_due,
            created_at=row.created_at,
            compliance=row.compliance or {},
            esy=row.esy if isinstance(row.esy, dict) else None,
        )
        for row in rows
    ]


async def drafting_student_ids(
    session: AsyncSession, student_ids: Collection[str], iep_owners: Mapping[str, str]
) -> set[str]:
    """Students with a generation job queued or running: a whole draft (by student id) or
    one section (by IEP id, `iep_owners` mapping each IEP to its student)."""
    if not student_ids:
        return set()
    by_student = Job.payload["student_id"].as_string()
    by_iep = Job.payload["iep_id"].as_string()
    condition = by_student.in_(list(student_ids))
    if iep_owners:
        condition = or_(condition, by_iep.in_(list(iep_owners)))
    rows = await session.execute(
        select(by_student.label("student_id"), by_iep.label("iep_id")).where(
            Job.status.in_([str(s) for s in ACTIVE_STATUSES]), condition
        )
    )
    found: set[str] = set()
    for row in rows:
        if row.student_id in student_ids:
            found.add(row.student_id)
        elif row.iep_id in iep_owners:
            found.add(iep_owners[row.iep_id])
    return found


async def amended_iep_ids(session: AsyncSession, iep_ids: Collection[str]) -> set[str]:
    if not iep_ids:
        return set()
    rows = await session.scalars(
        select(IEPVersion.iep_id)
        .where(IEPVersion.iep_id.in_(list(iep_ids)), IEPVersion.change == AMENDED)
        .distinct()
    )
    return set(rows)


async def active_jobs(
    session: AsyncSession, created_by: str | None, *, student_id: str | None = None
) -> list[Job]:
    """Jobs queued or running (one user's, or everyone's), newest first."""
    query = select(Job).where(Job.status.in_([str(s) for s in ACTIVE_STATUSES]))
    if created_by is not None:
        query = query.where(Job.created_by == created_by)
    if student_id is not None:
        query = query.where(Job.payload["student_id"].as_string() == student_id)
    return list(await session.scalars(query.order_by(Job.created_at.desc()).limit(200)))


async def case_managers(session: AsyncSession) -> list[tuple[str, str]]:
    """Active teachers and administrators, by name: who a student may be transferred to."""
    rows = await session.execute(
        select(User.id, User.display_name, User.username)
        .where(User.is_active.is_(True), User.role.in_(("teacher", "admin")))
        .order_by(func.lower(func.coalesce(User.display_name, User.username)))
    )
    return [(row.id, row.display_name or row.username) for row in rows]


async def draft_for_year(session: AsyncSession, student_id: str, academic_year: str) -> IEP | None:
    """The student's newest draft IEP for that year, if one exists (before drafting another)."""
    found = await session.scalars(
        select(IEP)
        .where(
            IEP.student_id == student_id,
            IEP.academic_year == academic_year,
            IEP.status == "draft",
        )
        .order_by(IEP.created_at.desc())
        .limit(1)
    )
    return found.first()


async def student_names(
    session: AsyncSession, student_ids: Collection[str], case_manager_id: str | None
) -> dict[str, str]:
    """Names of these students, only those on the case manager's caseload (None: anyone's)."""
    if not student_ids:
        return {}
    query = select(Student.id, Student.first_name, Student.last_name).where(
        Student.id.in_(list(student_ids))
    )
    if case_manager_id is not None:
        query = query.where(Student.case_manager_id == case_manager_id)
    rows = await session.execute(query)
    return {row.id: f"{row.first_name} {row.last_name}" for row in rows}
