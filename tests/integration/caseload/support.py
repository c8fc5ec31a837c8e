"""Fictional caseload records with dates set relative to the school's today."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import update

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.models import IEP, Student
from iepgen.sections.dates import IEPDates
from tests.factories import add_iep, add_iep_student, example_iep_content


async def student_with_iep(
    database: Database,
    settings: Settings,
    case_manager_id: str,
    *,
    meeting: date | None,
    status: str = "final",
    last_evaluation_on: date | None = None,
) -> tuple[str, str]:
    """A student (Maya Lopez, born 2011-04-17) and an IEP held at `meeting`: (student, IEP)."""
    student_id, assessment_id = await add_iep_student(database, case_manager_id)
    iep_id = await add_iep(
        database, settings, student_id, example_iep_content(assessment_id), created_by=None
    )
    async with database.transaction() as session:
        values: dict[str, object] = {"status": status}
        if meeting is not None:
            dates = IEPDates.from_meeting(meeting)
            values.update(
                meeting_date=dates.meeting,
                start_date=dates.start,
                end_date=dates.end,
                annual_review_due=dates.annual_review_due,
            )
        await session.execute(update(IEP).where(IEP.id == iep_id).values(**values))
        await session.execute(
            update(Student)
            .where(Student.id == student_id)
            .values(last_evaluation_on=last_evaluation_on, transfer_of_rights_informed_on=None)
        )
    return student_id, iep_id


def meeting_for_review_in(settings: Settings, days: int) -> date:
    """The meeting date whose IEP's annual review falls `days` from today."""
    review = settings.school_today() + timedelta(days=days)
    # The review is the day before the meeting's anniversary.
    anniversary = review + timedelta(days=1)
    try:
        return anniversary.replace(year=anniversary.year - 1)
    except ValueError:
        return anniversary.replace(year=anniversary.year - 1, day=28)
