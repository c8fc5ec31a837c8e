"""A teacher with a final IEP to record progress against (fictional records only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import update

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.db.base import utcnow
from iepgen.models import IEP
from tests.factories import Caller, add_iep, add_iep_student, example_iep_content, make_user


@dataclass(frozen=True)
class FinalIEP:
    teacher: Caller
    student_id: str
    iep_id: str
    start: date
    end: date

    @property
    def url(self) -> str:
        return f"/api/v1/ieps/{self.iep_id}"

    def goal_url(self, goal: int = 1) -> str:
        return f"{self.url}/goals/{goal}/progress"


async def make_final(database: Database, iep_id: str, finalized_by: str) -> tuple[date, date]:
    """Finalize the IEP in the database (the finalize route has its own tests)."""
    async with database.transaction() as session:
        await session.execute(
            update(IEP)
            .where(IEP.id == iep_id)
            .values(status="final", finalized_by=finalized_by, finalized_at=utcnow())
        )
        iep = await session.get(IEP, iep_id)
        assert iep is not None and iep.start_date and iep.end_date
        return iep.start_date, iep.end_date


async def final_iep(
    database: Database, settings: Settings, teacher: Caller | None = None
) -> FinalIEP:
    teacher = teacher or await make_user(database, "teacher", display_name="Jordan Ellis")
    student_id, assessment_id = await add_iep_student(database, teacher.id)
    iep_id = await add_iep(
        database, settings, student_id, example_iep_content(assessment_id), created_by=teacher.id
    )
    start, end = await make_final(database, iep_id, teacher.id)
    return FinalIEP(teacher, student_id, iep_id, start, end)
