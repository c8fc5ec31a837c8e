"""The alias a case manager gives a student for the calendar feed (never the student's name)."""

from __future__ import annotations

import re

from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.audit.service import record
from iepgen.errors import InvalidInput
from iepgen.models import Student
from iepgen.students.service import ensure_not_archived, get_accessible_student
from iepgen.users.service import Actor


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[^\w]+", text.lower()) if len(w) > 1}


def check_alias(student: Student, alias: str) -> None:
    """An alias that carries the student's first or last name would defeat its purpose."""
    names = _words(student.first_name) | _words(student.last_name)
    if names & _words(alias):
        raise InvalidInput(
            "alias must not contain the student's name: the calendar feed leaves the school's "
            "systems. Use initials or a word of your own.",
            field=("alias",),
        )


async def set_calendar_alias(
    session: AsyncSession, actor: Actor, student_id: str, alias: str | None
) -> Student:
    student = await get_accessible_student(session, actor, student_id)
    ensure_not_archived(student)
    if alias is not None:
        check_alias(student, alias)
    if student.calendar_alias != alias:
        student.calendar_alias = alias
        await session.flush()
    await record(
        session,
        actor,
        "student.calendar_alias",
        student_id=student.id,
        entity_type="student",
        entity_id=student.id,
        fields=["calendar_alias"],
    )
    return student
