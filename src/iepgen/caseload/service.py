"""The caseload as a case manager works it: each student's IEP status and next due date,
searched, filtered and sorted on the server; and the upcoming events across it.

Scoped like the student list (a teacher: their own students; an admin: everyone) and
audited per student reached, in the caller's unit of work.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.audit.service import record
from iepgen.caseload import repository
from iepgen.caseload.due_dates import (
    DueDate,
    EventKind,
    IEPFacts,
    StudentFacts,
    Urgency,
    due_dates,
)
from iepgen.caseload.status import IEPStatus, StatusFacts, StudentIEPStatus, student_status
from iepgen.models import Student
from iepgen.users.service import Actor


class CaseloadSort(StrEnum):
    NAME = "name"
    NEXT_DUE = "next_due"
    STATUS = "status"
    GRADE = "grade"


class DueFilter(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"  # overdue or due within 30 days: what needs doing now


@dataclass(frozen=True)
class CaseloadQuery:
    search: str | None = None
    status: IEPStatus | None = None
    due: DueFilter | None = None
    sort: CaseloadSort = CaseloadSort.NAME
    descending: bool = False
    include_archived: bool = False


@dataclass(frozen=True)
class CaseloadRow:
    student: Student
    status: StudentIEPStatus
    dues: list[DueDate] = field(default_factory=list)
    next_due: DueDate | None = None
    next_urgency: Urgency | None = None
    # Other dates overdue or due within 30 days besides the next one (the row shows a count).
    also_pressing: int = 0


GRADE_ORDER = {"PK": -1, "K": 0, **{str(n): n for n in range(1, 13)}}
STATUS_ORDER = {s: n for n, s in enumerate(IEPStatus)}


def _next(dues: Sequence[DueDate], today: date) -> DueDate | None:
    return next((d for d in dues if d.urgency(today) is not Urgency.PAST), None)


async def _rows(
    session: AsyncSession,
    students: list[Student],
    selected: Select[Any],
    *,
    age_of_majority: int,
    today: date,
) -> list[CaseloadRow]:
    """Status and due dates for `students` (the rows `selected` reads)."""
    if not students:
        return []
    ids = [s.id for s in students]
    ieps = await repository.ieps_of(session, selected)
    by_student: dict[str, list[repository.IEPRow]] = defaultdict(list)
    for iep in ieps:
        by_student[iep.student_id].append(iep)
    owners = {iep.id: iep.student_id for iep in ieps}
    drafting = await repository.drafting_student_ids(session, set(ids), owners)
    amended = await repository.amended_iep_ids(session, [i.id for i in ieps])
    rows: list[CaseloadRow] = []
    for student in students:
        own = by_student.get(student.id, [])
        # An IEP open for amendment stays the one in effect: its dates still bind.
        facts = [
            replace(IEPFacts.of(i), status="final") if i.id in amended else IEPFacts.of(i)
            for i in own
        ]
        dues = due_dates(
            StudentFacts.of(student),
            facts,
            age_of_majority=age_of_majority,
            today=today,
        )
        status = student_status(
            [StatusFacts.of(i) for i in own],
            drafting=student.id in drafting,
            amended_iep_ids=amended,
        )
        upcoming = _next(dues, today)
        pressing = sum(1 for d in dues if d.urgency(today) in (Urgency.OVERDUE, Urgency.DUE_SOON))
        rows.append(
            CaseloadRow(
                student=student,
                status=status,
                dues=dues,
                next_due=upcoming,
                next_urgency=upcoming.urgency(today) if upcoming else None,
                also_pressing=max(0, pressing - 1) if upcoming else 0,
            )
        )
    return rows


def _keep(row: CaseloadRow, query: CaseloadQuery) -> bool:
    if query.status is not None and row.status.status is not query.status:
        return False
    if query.due is DueFilter.OVERDUE:
        return row.next_urgency is Urgency.OVERDUE
    if query.due is DueFilter.DUE_SOON:
        return row.next_urgency in (Urgency.OVERDUE, Urgency.DUE_SOON)
    return True


def _sort_key(sort: CaseloadSort) -> object:
    def name(row: CaseloadRow) -> tuple[str, str, str]:
        s = row.student
        return (s.last_name.lower(), s.first_name.lower(), s.id)

    if sort is CaseloadSort.NEXT_DUE:
        return lambda r: (
            r.next_due is None,
            r.next_due.due_on if r.next_due else date.max,
            name(r),
        )
    if sort is CaseloadSort.STATUS:
        return lambda r: (STATUS_ORDER[r.status.status], -r.status.must_fix, name(r))
    if sort is CaseloadSort.GRADE:
        return lambda r: (GRADE_ORDER.get(r.student.grade_level, 99), name(r))
    return name


async def caseload(
    session: AsyncSession,
    actor: Actor,
    query: CaseloadQuery,
    *,
    age_of_majority: int,
    today: date,
) -> list[CaseloadRow]:
    """The caller's students with status and due dates, filtered and sorted as asked."""
    selected = repository.caseload_students(
        None if actor.is_admin else actor.id,
        include_archived=query.include_archived,
        search=query.search,
    )
    students = list(await session.scalars(selected))
    rows = await _rows(session, students, selected, age_of_majority=age_of_majority, today=today)
    kept = [row for row in rows if _keep(row, query)]
    kept.sort(key=_sort_key(query.sort), reverse=query.descending)  # type: ignore[arg-type]
    for row in kept:
        await record(
            session,
            actor,
            "student.list",
            student_id=row.student.id,
            entity_type="student",
            entity_id=row.student.id,
        )
    return kept


async def student_dues(
    session: AsyncSession, actor: Actor, student: Student, *, age_of_majority: int, today: date
) -> CaseloadRow:
    """One student's row (the caller has already read the student, audited)."""
    selected = select(Student).where(Student.id == student.id)
    (row,) = await _rows(session, [student], selected, age_of_majority=age_of_majority, today=today)
    return row


@dataclass(frozen=True)
class Event:
    due: DueDate
    urgency: Urgency
    student: Student


@dataclass(frozen=True)
class EventWindow:
    starts_on: date
    ends_on: date
    kinds: frozenset[EventKind] = frozenset()
    # Overdue work (never past progress reports) from before the window, listed first.
    include_overdue: bool = True


def _in_window(due: DueDate, window: EventWindow, today: date) -> bool:
    if window.kinds and due.kind not in window.kinds:
        return False
    if window.starts_on <= due.due_on <= window.ends_on:
        return True
    return (
        window.include_overdue
        and due.due_on < window.starts_on
        and due.urgency(today) is Urgency.OVERDUE
    )


async def upcoming_events(
    session: AsyncSession,
    actor: Actor,
    window: EventWindow,
    *,
    age_of_majority: int,
    today: date,
    audit_action: str = "caseload.events",
) -> list[Event]:
    """Every event of the caller's caseload (archived students aside) in the window, by date."""
    selected = repository.caseload_students(
        None if actor.is_admin else actor.id, include_archived=False
    )
    students = list(await session.scalars(selected))
    rows = await _rows(session, students, selected, age_of_majority=age_of_majority, today=today)
    events = [
        Event(due, due.urgency(today), row.student)
        for row in rows
        for due in row.dues
        if _in_window(due, window, today)
    ]
    events.sort(key=lambda e: (e.due.due_on, e.due.kind, e.student.last_name, e.student.id))
    for student_id in dict.fromkeys(e.student.id for e in events):
        await record(
            session,
            actor,
            audit_action,
            student_id=student_id,
            entity_type="student",
            entity_id=student_id,
        )
    return events


def calendar_label(student: Student) -> str:
    """What a calendar shows for the student: the case manager's alias, else initials."""
    if student.calendar_alias:
        return student.calendar_alias
    initials = [part[:1].upper() for part in (student.first_name, student.last_name) if part]
    return ".".join(initials) + "." if initials else "Student"
