"""Due dates for fictional students: the dates a case manager would check by hand."""

from __future__ import annotations

from datetime import date

from iepgen.caseload.due_dates import (
    DueDate,
    EventKind,
    IEPFacts,
    StudentFacts,
    Urgency,
    due_dates,
    iep_in_effect,
    next_due,
    transfer_of_rights,
    transition_plan,
)
from iepgen.sections.dates import IEPDates

TODAY = date(2026, 11, 30)


def _iep(
    meeting: date, *, status: str = "final", year: str = "2025-2026", esy: date | None = None
) -> IEPFacts:
    dates = IEPDates.from_meeting(meeting)
    return IEPFacts(
        id=f"iep-{meeting.isoformat()}",
        status=status,
        academic_year=year,
        meeting_date=meeting,
        end_date=dates.end,
        annual_review_due=dates.annual_review_due,
        esy_decide_by=esy,
    )


def _of(kind: EventKind, found: list[DueDate]) -> list[date]:
    return [d.due_on for d in found if d.kind is kind]


def test_a_final_iep_sets_the_annual_review_and_four_progress_reports() -> None:
    student = StudentFacts("s-ava", date(2013, 5, 2), last_evaluation_on=date(2024, 10, 1))
    found = due_dates(student, [_iep(date(2026, 3, 10))], age_of_majority=18, today=TODAY)
    assert _of(EventKind.ANNUAL_REVIEW, found) == [date(2027, 3, 9)]
    assert _of(EventKind.REEVALUATION, found) == [date(2027, 10, 1)]
    reports = _of(EventKind.PROGRESS_REPORT, found)
    assert len(reports) == 4
    assert all(date(2026, 3, 10) < r <= date(2027, 3, 9) for r in reports)
    assert not any(date(2026, 6, 15) <= r <= date(2026, 8, 14) for r in reports)
    assert found == sorted(found, key=lambda d: (d.due_on, d.kind))


def test_a_leap_day_meeting_and_a_leap_day_evaluation() -> None:
    student = StudentFacts("s-leo", date(2012, 2, 29), last_evaluation_on=date(2024, 2, 29))
    found = due_dates(student, [_iep(date(2024, 2, 29))], age_of_majority=18, today=TODAY)
    # One year from 29 February 2024 ends on 27 February 2025 (28 February less a day).
    assert _of(EventKind.ANNUAL_REVIEW, found) == [date(2025, 2, 27)]
    assert _of(EventKind.REEVALUATION, found) == [date(2027, 2, 28)]
    # Born on 29 February: turns 16 on 1 March 2028. The IEP written on 27 February 2027
    # ends on 26 February 2028, so the one written on 27 February 2028 holds the plan.
    assert _of(EventKind.TRANSITION_PLAN, found) == [date(2028, 2, 27)]
    # Turns 18 on 1 March 2030: the notice is due a year before.
    assert _of(EventKind.TRANSFER_OF_RIGHTS, found) == [date(2029, 3, 1)]


def test_no_iep_yet_gives_only_what_the_record_holds() -> None:
    student = StudentFacts("s-noa", date(2018, 9, 14), reevaluation_due_on=date(2027, 1, 15))
    found = due_dates(student, [], age_of_majority=18, today=TODAY)
    kinds = {d.kind for d in found}
    assert EventKind.ANNUAL_REVIEW not in kinds
    assert EventKind.PROGRESS_REPORT not in kinds
    assert _of(EventKind.REEVALUATION, found) == [date(2027, 1, 15)]
    # No IEP to project from: the plan is due by the 16th birthday itself.
    assert _of(EventKind.TRANSITION_PLAN, found) == [date(2034, 9, 14)]


def test_a_recorded_reevaluation_date_wins_over_three_years() -> None:
    student = StudentFacts(
        "s-ida",
        date(2014, 1, 20),
        last_evaluation_on=date(2023, 11, 1),
        reevaluation_due_on=date(2026, 10, 1),
    )
    found = due_dates(student, [], age_of_majority=18, today=TODAY)
    (due,) = [d for d in found if d.kind is EventKind.REEVALUATION]
    assert due.due_on == date(2026, 10, 1)
    assert due.urgency(TODAY) is Urgency.OVERDUE


def test_a_transfer_student_keeps_the_prior_district_s_review_date() -> None:
    student = StudentFacts("s-tom", date(2011, 7, 7), previous_iep_on=date(2026, 1, 12))
    found = due_dates(student, [], age_of_majority=18, today=TODAY)
    (review,) = [d for d in found if d.kind is EventKind.ANNUAL_REVIEW]
    assert review.due_on == date(2027, 1, 11)
    assert review.iep_id is None
    assert review.urgency(TODAY) is Urgency.LATER


def test_an_iep_already_past_due_is_overdue_and_comes_first() -> None:
    student = StudentFacts("s-eli", date(2015, 4, 4), last_evaluation_on=date(2025, 9, 1))
    ieps = [_iep(date(2025, 10, 20)), _iep(date(2024, 10, 21), year="2024-2025")]
    assert iep_in_effect(ieps) == ieps[0]
    first = next_due(student, ieps, age_of_majority=18, today=date(2026, 11, 2))
    assert first is not None
    assert first.kind is EventKind.ANNUAL_REVIEW
    assert first.due_on == date(2026, 10, 19)
    assert first.urgency(date(2026, 11, 2)) is Urgency.OVERDUE


def test_past_progress_reports_are_history_not_overdue_work() -> None:
    student = StudentFacts("s-mia", date(2016, 6, 1))
    iep = _iep(date(2026, 9, 1))
    found = due_dates(student, [iep], age_of_majority=18, today=TODAY)
    past = [d for d in found if d.kind is EventKind.PROGRESS_REPORT and d.due_on < TODAY]
    assert past and all(d.urgency(TODAY) is Urgency.PAST for d in past)
    upcoming = next_due(student, [iep], age_of_majority=18, today=TODAY)
    assert upcoming is not None and upcoming.due_on >= TODAY


def test_due_within_thirty_days_is_due_soon() -> None:
    due = DueDate(EventKind.REEVALUATION, date(2026, 12, 30), "s", None, "")
    assert due.urgency(TODAY) is Urgency.DUE_SOON
    assert due.urgency(date(2026, 11, 29)) is Urgency.LATER
    assert due.urgency(date(2026, 12, 31)) is Urgency.OVERDUE


def test_a_draft_sets_no_dates_only_a_final_iep_does() -> None:
    student = StudentFacts("s-zoe", date(2014, 3, 3))
    found = due_dates(
        student, [_iep(date(2026, 10, 1), status="draft")], age_of_majority=18, today=TODAY
    )
    assert not _of(EventKind.ANNUAL_REVIEW, found)
    assert not _of(EventKind.PROGRESS_REPORT, found)


def test_the_transition_plan_is_not_due_once_the_iep_covers_the_16th_birthday() -> None:
    student = StudentFacts("s-sam", date(2010, 12, 1))
    assert transition_plan(student, _iep(date(2026, 2, 1)), today=TODAY) is None
    # Turning 16 after this IEP ends: due at the annual review that starts the next one.
    younger = StudentFacts("s-kai", date(2011, 5, 20))
    due = transition_plan(younger, _iep(date(2026, 2, 1)), today=TODAY)
    assert due is not None and due.due_on == date(2027, 1, 31)
    # Already 16 with no IEP in effect: no date to keep, the first IEP must hold the plan
    # (the compliance checker requires it in the draft).
    assert transition_plan(StudentFacts("s-jo", date(2009, 3, 3)), None, today=TODAY) is None


def test_transfer_of_rights_uses_the_state_s_age_and_stops_once_given() -> None:
    student = StudentFacts("s-ana", date(2009, 8, 15))
    at_18 = transfer_of_rights(student, age_of_majority=18, today=TODAY)
    at_19 = transfer_of_rights(student, age_of_majority=19, today=TODAY)
    assert at_18 is not None and at_18.due_on == date(2026, 8, 15)
    assert at_18.urgency(TODAY) is Urgency.OVERDUE
    assert at_19 is not None and at_19.due_on == date(2027, 8, 15)
    informed = StudentFacts(
        "s-ana", date(2009, 8, 15), transfer_of_rights_informed_on=date(2026, 5, 1)
    )
    assert transfer_of_rights(informed, age_of_majority=18, today=TODAY) is None
    adult = StudentFacts("s-ben", date(2007, 1, 1))
    assert transfer_of_rights(adult, age_of_majority=18, today=TODAY) is None


def test_an_open_esy_question_is_due_by_its_date() -> None:
    student = StudentFacts("s-lia", date(2015, 11, 11))
    iep = _iep(date(2026, 1, 10), esy=date(2026, 4, 15))
    found = due_dates(student, [iep], age_of_majority=18, today=TODAY)
    assert _of(EventKind.ESY_DECISION, found) == [date(2026, 4, 15)]
