"""The IEP's own dates (iep.md "Dates"): it runs from its meeting for one year.

Every projected date in a draft (service starts, objectives, the date a missing baseline
is measured, progress reports) is derived here from the meeting date, so none can fall
before the meeting or after the IEP ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

# A reevaluation is due at least every three years (34 CFR §300.303(b)(2)).
REEVALUATION_YEARS: Final = 3
# A baseline the record lacks is measured within three school weeks of the meeting: long
# enough for three probes, short enough that the goal keeps most of its year.
BASELINE_WINDOW: Final = timedelta(days=21)
# Progress reports go home four times over the IEP's year unless the schedule says otherwise.
REPORTS_PER_YEAR: Final = 4
# US schools teach about 36 of the year's 52 weeks: growth targets count school weeks.
SCHOOL_WEEKS_PER_YEAR: Final = 36


# The summer break most US schools keep, as (month, day): no report or objective falls in it.
# A district whose calendar differs changes it here; the IEP's own end date is unaffected.
SUMMER_BREAK: Final = ((6, 15), (8, 14))
SATURDAY: Final = 5


def in_summer_break(day: date) -> bool:
    first, last = SUMMER_BREAK
    return first <= (day.month, day.day) <= last


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def default_meeting_date(today: date, year_start: date, year_end: date) -> date:
    """Today when it lies in the academic year; else the year's first day."""
    return today if year_start <= today <= year_end else year_start


@dataclass(frozen=True)
class IEPDates:
    meeting: date
    start: date
    end: date
    annual_review_due: date
    reevaluation_due: date | None

    @classmethod
    def from_meeting(cls, meeting: date, *, reevaluation_due: date | None = None) -> IEPDates:
        end = add_years(meeting, 1) - timedelta(days=1)
        return cls(
            meeting=meeting,
            start=meeting,
            end=end,
            annual_review_due=end,
            reevaluation_due=reevaluation_due,
        )

    def contains(self, day: date | None) -> bool:
        """Whether `day` lies inside the IEP's period (the meeting through its last day)."""
        return day is not None and self.start <= day <= self.end

    @property
    def span_days(self) -> int:
        return (self.end - self.start).days

    @property
    def baseline_due(self) -> date:
        return min(self.start + BASELINE_WINDOW, self.end)

    @property
    def school_weeks(self) -> int:
        """School weeks of instruction between the meeting and the end of the IEP."""
        return max(1, round(self.span_days / 7 * SCHOOL_WEEKS_PER_YEAR / 52))

    def teaching_days(self) -> list[date]:
        """Every weekday of the IEP after the meeting, outside the summer break."""
        days = (self.start + timedelta(days=n) for n in range(1, self.span_days + 1))
        return [day for day in days if day.weekday() < SATURDAY and not in_summer_break(day)]

    def progress_reports(self, per_year: int = REPORTS_PER_YEAR) -> tuple[date, ...]:
        """`per_year` report dates spaced evenly over the teaching days: none in the summer
        break (no report goes home then), the last on the IEP's end or the last day before
        summer."""
        days = self.teaching_days()
        if not days:
            return (self.end,)
        return tuple(
            days[max(0, round(len(days) * (n + 1) / per_year) - 1)] for n in range(per_year)
        )

    def objective_dates(self, count: int = 2) -> tuple[date, ...]:
        """Short-term objective dates at the first progress reports, before the goal date."""
        reports = self.progress_reports()
        if count < len(reports):
            return reports[:count]
        return reports

    def as_dict(self) -> dict[str, str | None]:
        return {
            "meeting_date": self.meeting.isoformat(),
            "start_date": self.start.isoformat(),
            "end_date": self.end.isoformat(),
            "annual_review_due": self.annual_review_due.isoformat(),
            "reevaluation_due": self.reevaluation_due.isoformat()
            if self.reevaluation_due
            else None,
        }


def reevaluation_due(last_evaluation: date | None, recorded_due: date | None) -> date | None:
    """The recorded due date, else three years after the last evaluation, else unknown."""
    if recorded_due is not None:
        return recorded_due
    if last_evaluation is not None:
        return add_years(last_evaluation, REEVALUATION_YEARS)
    return None
