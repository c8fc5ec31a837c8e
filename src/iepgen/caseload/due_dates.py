"""What falls due for one student over the school year, computed from their record and IEPs.

Pure functions over plain facts (`StudentFacts`, `IEPFacts`) so the rules are tested on
fictional students without a database. The dates follow the IEP's own (sections/dates.py)
and the ages the draft already uses (generation/applicability.py):

- annual review: by the end of the IEP in effect (34 CFR §300.324(b)(1)); a transfer
  student with no IEP here yet keeps the prior district's IEP date;
- reevaluation: the recorded due date, else three years after the last evaluation (§300.303);
- transition plan: in the IEP in effect when the student turns 16 (§300.320(b)), so it is due
  at the annual review that starts that IEP;
- transfer-of-rights notice: a year before the age of majority (§300.320(c)), unless given;
- progress reports: the dates the IEP reports on (four a year, none in the summer break);
- ESY decision: the date the IEP leaves the team to decide by, when it left it open.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, Final

from iepgen.generation.applicability import TRANSITION_AGE, birthday_in
from iepgen.sections.base import friendly_date
from iepgen.sections.dates import IEPDates, add_years, reevaluation_due

# "Due soon" on the dashboard and the default window of the events list.
DUE_SOON: Final = timedelta(days=30)


class EventKind(StrEnum):
    """One vocabulary for what falls due (API `kind`, calendar categories, page labels)."""

    ANNUAL_REVIEW = "annual_review"
    REEVALUATION = "reevaluation"
    TRANSITION_PLAN = "transition_plan"
    TRANSFER_OF_RIGHTS = "transfer_of_rights"
    PROGRESS_REPORT = "progress_report"
    ESY_DECISION = "esy_decision"


EVENT_LABELS: Final[dict[EventKind, str]] = {
    EventKind.ANNUAL_REVIEW: "Annual IEP review",
    EventKind.REEVALUATION: "Reevaluation",
    EventKind.TRANSITION_PLAN: "Transition plan in the IEP",
    EventKind.TRANSFER_OF_RIGHTS: "Transfer-of-rights notice",
    EventKind.PROGRESS_REPORT: "Progress report",
    EventKind.ESY_DECISION: "Extended school year decision",
}


class Urgency(StrEnum):
    OVERDUE = "overdue"
    # A progress report whose date has gone by: sent with report cards, history not work.
    PAST = "past"
    DUE_SOON = "due_soon"
    LATER = "later"


@dataclass(frozen=True)
class IEPFacts:
    """What the due dates need of one IEP."""

    id: str
    status: str  # "draft" | "final"
    academic_year: str
    meeting_date: date | None
    end_date: date | None
    annual_review_due: date | None
    # The ESY question the IEP left open: the team decides by this date.
    esy_decide_by: date | None = None

    @classmethod
    def of(cls, iep: Any) -> IEPFacts:
        """From an IEP row whose `esy` is its current ESY section's content (or None)."""
        esy = iep.esy or {}
        decide_by = esy.get("decide_by") if esy.get("needed") is None else None
        return cls(
            id=iep.id,
            status=iep.status,
            academic_year=iep.academic_year,
            meeting_date=iep.meeting_date,
            end_date=iep.end_date,
            annual_review_due=iep.annual_review_due,
            esy_decide_by=date.fromisoformat(decide_by) if isinstance(decide_by, str) else None,
        )

    @property
    def dates(self) -> IEPDates | None:
        if self.meeting_date is None:
            return None
        computed = IEPDates.from_meeting(self.meeting_date)
        end = self.end_date or computed.end
        return IEPDates(
            meeting=self.meeting_date,
            start=self.meeting_date,
            end=end,
            annual_review_due=self.annual_review_due or end,
            reevaluation_due=None,
        )


@dataclass(frozen=True)
class StudentFacts:
    """What the due dates need of one student's record."""

    id: str
    date_of_birth: date
    last_evaluation_on: date | None = None
    reevaluation_due_on: date | None = None
    transfer_of_rights_informed_on: date | None = None
    # A transfer student's prior IEP (record part `transfer`), before one is written here.
    previous_iep_on: date | None = None

    @classmethod
    def of(cls, student: Any) -> StudentFacts:
        transfer = student.transfer or {}
        previous = transfer.get("previous_iep_on")
        return cls(
            id=student.id,
            date_of_birth=student.date_of_birth,
            last_evaluation_on=student.last_evaluation_on,
            reevaluation_due_on=student.reevaluation_due_on,
            transfer_of_rights_informed_on=student.transfer_of_rights_informed_on,
            previous_iep_on=date.fromisoformat(previous) if isinstance(previous, str) else None,
        )


@dataclass(frozen=True)
class DueDate:
    kind: EventKind
    due_on: date
    student_id: str
    iep_id: str | None
    # Why this date, in words a case manager checks against the record.
    basis: str

    @property
    def label(self) -> str:
        return EVENT_LABELS[self.kind]

    def urgency(self, today: date) -> Urgency:
        if self.due_on < today:
            return Urgency.PAST if self.kind is EventKind.PROGRESS_REPORT else Urgency.OVERDUE
        if self.due_on <= today + DUE_SOON:
            return Urgency.DUE_SOON
        return Urgency.LATER


def iep_in_effect(ieps: Sequence[IEPFacts]) -> IEPFacts | None:
    """The final IEP with the latest meeting: the one services run under now."""
    finals = [i for i in ieps if i.status == "final" and i.meeting_date is not None]
    return max(finals, key=lambda i: (i.meeting_date, i.academic_year), default=None)


def annual_review(student: StudentFacts, current: IEPFacts | None) -> DueDate | None:
    dates = current.dates if current else None
    if current is not None and dates is not None:
        return DueDate(
            EventKind.ANNUAL_REVIEW,
            dates.annual_review_due,
            student.id,
            current.id,
            f"The IEP of {current.academic_year} runs to this date.",
        )
    if student.previous_iep_on is not None:
        due = add_years(student.previous_iep_on, 1) - timedelta(days=1)
        return DueDate(
            EventKind.ANNUAL_REVIEW,
            due,
            student.id,
            None,
            "A year from the prior district's IEP: no IEP is final here yet.",
        )
    return None


def reevaluation(student: StudentFacts) -> DueDate | None:
    due = reevaluation_due(student.last_evaluation_on, student.reevaluation_due_on)
    if due is None:
        return None
    basis = (
        "The date the record holds."
        if student.reevaluation_due_on is not None
        else "Three years after the last evaluation."
    )
    return DueDate(EventKind.REEVALUATION, due, student.id, None, basis)


def transition_plan(
    student: StudentFacts, current: IEPFacts | None, *, today: date
) -> DueDate | None:
    """Due at the start of the IEP in effect on the 16th birthday; none once an IEP covers it."""
    turns_16 = birthday_in(student.date_of_birth, TRANSITION_AGE)
    dates = current.dates if current else None
    if dates is None:
        if turns_16 <= today:
            return None  # already 16 with no IEP in effect: the first IEP holds the plan
        return DueDate(
            EventKind.TRANSITION_PLAN,
            turns_16,
            student.id,
            None,
            "The student turns 16: the IEP in effect then must hold the plan.",
        )
    if dates.start >= turns_16 or dates.contains(turns_16):
        return None  # the IEP in effect already covers the 16th birthday (the checker saw to it)
    # The IEPs to come each start at the previous one's annual review.
    start = dates.annual_review_due
    while add_years(start, 1) <= turns_16:
        start = add_years(start, 1)
    return DueDate(
        EventKind.TRANSITION_PLAN,
        start,
        student.id,
        current.id if current else None,
        f"The IEP written at this annual review is in effect when the student turns 16 "
        f"({friendly_date(turns_16)}).",
    )


def transfer_of_rights(
    student: StudentFacts, *, age_of_majority: int, today: date
) -> DueDate | None:
    """A year before majority, unless the record shows the notice was given or majority passed."""
    if student.transfer_of_rights_informed_on is not None:
        return None
    majority_on = birthday_in(student.date_of_birth, age_of_majority)
    if majority_on <= today:
        return None
    return DueDate(
        EventKind.TRANSFER_OF_RIGHTS,
        add_years(majority_on, -1),
        student.id,
        None,
        f"A year before the student turns {age_of_majority} ({friendly_date(majority_on)}).",
    )


@functools.lru_cache(maxsize=4096)
def _report_dates(dates: IEPDates) -> tuple[date, ...]:
    # Pure and walked day by day over the IEP's year: a caseload page asks for the same
    # IEPs' dates on every load, so they are kept.
    return dates.progress_reports()


def progress_reports(student: StudentFacts, current: IEPFacts | None) -> list[DueDate]:
    dates = current.dates if current else None
    if current is None or dates is None:
        return []
    reports = _report_dates(dates)
    return [
        DueDate(
            EventKind.PROGRESS_REPORT,
            day,
            student.id,
            current.id,
            f"Report {n} of {len(reports)} under the IEP of {current.academic_year}.",
        )
        for n, day in enumerate(reports, start=1)
    ]


def esy_decision(student: StudentFacts, current: IEPFacts | None) -> DueDate | None:
    if current is None or current.esy_decide_by is None:
        return None
    return DueDate(
        EventKind.ESY_DECISION,
        current.esy_decide_by,
        student.id,
        current.id,
        "The IEP leaves the team to decide by this date, from break data.",
    )


def due_dates(
    student: StudentFacts, ieps: Sequence[IEPFacts], *, age_of_majority: int, today: date
) -> list[DueDate]:
    """Everything that falls due for the student, soonest first."""
    current = iep_in_effect(ieps)
    found: list[DueDate | None] = [
        annual_review(student, current),
        reevaluation(student),
        transition_plan(student, current, today=today),
        transfer_of_rights(student, age_of_majority=age_of_majority, today=today),
        esy_decision(student, current),
    ]
    every = [d for d in found if d is not None] + progress_reports(student, current)
    return sorted(every, key=lambda d: (d.due_on, d.kind))


def next_due(
    student: StudentFacts, ieps: Sequence[IEPFacts], *, age_of_majority: int, today: date
) -> DueDate | None:
    """The earliest date still to act on: an overdue one, else the next upcoming."""
    for due in due_dates(student, ieps, age_of_majority=age_of_majority, today=today):
        if due.urgency(today) is not Urgency.PAST:
            return due
    return None
