"""What the job page says at each stage, naming the student and the IEP.

The page shows one heading and one status line per stage; the script that follows the
job's events swaps them as the job moves on, so every wording lives here, on the server.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from iepgen.jobs.schemas import JobOut
from iepgen.queue import JobStatus

# How long the page waits before it moves to the finished IEP: long enough for a screen
# reader to announce "The draft is ready", short enough that nobody has to click.
MOVE_AFTER_SECONDS: Final = 3


@dataclass(frozen=True)
class JobSubject:
    """Whose IEP a job drafts, in words (any part unknown is None)."""

    student_id: str | None = None
    student_name: str | None = None
    academic_year: str | None = None
    iep_id: str | None = None
    section_title: str | None = None


# A job that finished this recently is one the teacher was waiting for (the page may have
# loaded just after it ended): the page still moves on to the IEP. An older one stays put.
JUST_FINISHED_SECONDS: Final = 60


@dataclass
class JobView:
    headings: dict[str, str] = field(default_factory=dict)
    lines: dict[str, str] = field(default_factory=dict)
    # The completed line when the page does not move on by itself.
    ready: str = "The draft is ready: open the IEP below."

    def heading(self, status: str) -> str:
        return self.headings.get(status, self.headings[JobStatus.PROCESSING])

    def line(self, status: str, *, moving: bool = True) -> str:
        if status == JobStatus.COMPLETED and not moving:
            return self.ready
        return self.lines.get(status, "")


def moves_on(job: JobOut, now: datetime) -> bool:
    """Whether a page showing `job` should move on to its IEP by itself."""
    if job.status != JobStatus.COMPLETED or job.completed_at is None:
        return False
    return (now - job.completed_at).total_seconds() <= JUST_FINISHED_SECONDS


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _what(subject: JobSubject) -> str:
    """`Maya Lopez's IEP for 2025-2026`, or as much of it as is known."""
    year = f" for {subject.academic_year}" if subject.academic_year else ""
    if subject.student_name:
        return f"{_possessive(subject.student_name)} IEP{year}"
    return f"the IEP{year}"


def job_view(job: JobOut, subject: JobSubject) -> JobView:
    """The headings and status lines for every stage of `job`."""
    what = _what(subject)
    whose = subject.student_name or "the student"
    if job.job_type == "section_generation":
        section = subject.section_title or "a section"
        headings = {
            JobStatus.PENDING: f"Redrafting {section} of {what}",
            JobStatus.PROCESSING: f"Redrafting {section} of {what}",
            JobStatus.COMPLETED: f"{section} of {what} is redrafted",
            JobStatus.FAILED: f"{section} of {what} could not be redrafted",
            JobStatus.CANCELLED: f"Redrafting {section} of {what} was cancelled",
            JobStatus.ARCHIVED: f"Redrafting {section} of {what} (archived)",
        }
        done = "The new draft of the section is ready. Opening the IEP…"
    else:
        headings = {
            JobStatus.PENDING: f"Drafting {what}",
            JobStatus.PROCESSING: f"Drafting {what}",
            JobStatus.COMPLETED: f"{what[:1].upper()}{what[1:]} is drafted",
            JobStatus.FAILED: f"{what[:1].upper()}{what[1:]} could not be drafted",
            JobStatus.CANCELLED: f"Drafting {what} was cancelled",
            JobStatus.ARCHIVED: f"Drafting {what} (archived)",
        }
        done = "The draft is ready. Opening the IEP…"
    lines = {
        JobStatus.PENDING: (
            "Waiting to start: your request is in the queue and a drafting worker will pick "
            f"it up shortly. You can leave this page; the draft will be listed on "
            f"{_possessive(whose)} page when it is done. If it has not started within a few "
            "minutes, tell your district's IT team that the drafting worker may not be "
            "running."
        ),
        JobStatus.PROCESSING: "Started: reading the record and deciding what each section needs.",
        JobStatus.COMPLETED: done,
        JobStatus.FAILED: "The draft could not be finished. Nothing half-written was kept.",
        JobStatus.CANCELLED: "This request was cancelled; nothing it started was saved.",
        JobStatus.ARCHIVED: "This request is finished and archived.",
    }
    return JobView(
        headings={str(k): v for k, v in headings.items()},
        lines={str(k): v for k, v in lines.items()},
    )


def progress_words(job: JobOut) -> str:
    """`3 of 11 sections drafted`, or what is happening before the sections are counted."""
    total = job.progress.total_sections
    if job.status == JobStatus.PENDING or not total:
        return ""
    return f"{job.progress.completed_sections} of {total} sections drafted"


def retry_words(job: JobOut) -> str | None:
    """A second try, said plainly; None on the first try or once the job has ended."""
    if job.attempts <= 1 or job.status not in (JobStatus.PENDING, JobStatus.PROCESSING):
        return None
    return (
        f"The first try did not finish (for example, the AI service was busy), so this is "
        f"try {job.attempts} of {job.max_attempts}."
    )
