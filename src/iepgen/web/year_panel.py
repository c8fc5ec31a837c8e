"""The student page's panel on the year: IEP status, what falls due, drafts being written."""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.caseload.due_dates import Urgency
from iepgen.caseload.repository import active_jobs, case_managers
from iepgen.caseload.service import CaseloadRow, calendar_label, student_dues
from iepgen.config import Settings
from iepgen.jobs.definitions import JOB_DEFINITIONS
from iepgen.models import JobStatus, Student
from iepgen.users.service import Actor

# Words, never colour alone: each urgency has its text and a mark.
URGENCY_WORDS: Final = {
    Urgency.OVERDUE: "Overdue",
    Urgency.DUE_SOON: "Due within 30 days",
    Urgency.LATER: "",
    Urgency.PAST: "Past",
}
JOB_TITLES: Final = {str(kind): d.title for kind, d in JOB_DEFINITIONS.items()}
# The job page's words for where a job is (routes/jobs.py), for lists that link to it.
JOB_STATUS_WORDS: Final = {
    JobStatus.PENDING.value: "Waiting for a worker",
    JobStatus.PROCESSING.value: "Drafting",
    JobStatus.COMPLETED.value: "Done",
    JobStatus.FAILED.value: "Failed",
    JobStatus.CANCELLED.value: "Cancelled",
    JobStatus.ARCHIVED.value: "Archived",
}


async def caseload_panel(
    session: AsyncSession, settings: Settings, actor: Actor, student: Student
) -> dict[str, Any]:
    """What the student's page shows of the year: status, due dates, jobs in progress."""
    row: CaseloadRow = await student_dues(
        session,
        actor,
        student,
        age_of_majority=settings.age_of_majority,
        today=settings.school_today(),
    )
    today = settings.school_today()
    running = await active_jobs(session, None if actor.is_admin else actor.id)
    ieps = {d.iep_id for d in row.dues if d.iep_id}
    mine = [
        job
        for job in running
        if job.payload.get("student_id") == student.id or job.payload.get("iep_id") in ieps
    ]
    return {
        "row": row,
        "dues": [(d, d.urgency(today)) for d in row.dues if d.urgency(today) is not Urgency.PAST],
        "urgency_words": URGENCY_WORDS,
        "running_jobs": mine,
        "job_titles": JOB_TITLES,
        "status_words": JOB_STATUS_WORDS,
        "calendar_label": calendar_label(student),
        "case_managers": await case_managers(session) if actor.is_admin else [],
    }
