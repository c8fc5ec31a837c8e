"""The IEP year's reporting periods, from how often the IEP says progress is reported.

The progress reporting section states the schedule in words ("Quarterly", "Every six
weeks", "Each trimester"). The words are read for a known rhythm, and the report dates
are the ones the draft printed for that rhythm (`IEPDates.progress_reports`: spread over
the teaching days, none in the summer break). Each period ends on its report date; the
first begins on the IEP's start and the last runs to the IEP's end, so every day of the
IEP belongs to exactly one period. A schedule whose words name no rhythm is reported as
such and read as quarterly, and every report says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from iepgen.sections.base import friendly_date
from iepgen.sections.dates import REPORTS_PER_YEAR, SCHOOL_WEEKS_PER_YEAR, IEPDates

_EVERY_WEEKS = re.compile(r"every\s+(\d{1,2}|six|nine)\s+weeks?", re.IGNORECASE)
_WEEK_WORDS = {"six": 6, "nine": 9}
# Reports a year per rhythm, as the offline drafter prints them (generation/offline/goals.py):
# a monthly schedule reports in the nine teaching months.
_RHYTHMS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"\bmonthly|every month\b", re.IGNORECASE), 9),
    (re.compile(r"\btrimester", re.IGNORECASE), 3),
    (re.compile(r"\bsemester", re.IGNORECASE), 2),
    (re.compile(r"\bquarter", re.IGNORECASE), 4),
)


@dataclass(frozen=True)
class ReportingPeriod:
    number: int  # 1-based
    start: date
    end: date

    @property
    def label(self) -> str:
        return f"Period {self.number}: {friendly_date(self.start)} to {friendly_date(self.end)}"

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Schedule:
    periods: tuple[ReportingPeriod, ...]
    stated: str  # the IEP's words
    understood: bool  # False: the words name no rhythm, quarters were used

    def period(self, number: int) -> ReportingPeriod | None:
        return next((p for p in self.periods if p.number == number), None)

    def current(self, today: date) -> ReportingPeriod | None:
        """The period holding today; the last one once the IEP has ended."""
        if not self.periods:
            return None
        for period in self.periods:
            if period.holds(today):
                return period
        return self.periods[-1] if today > self.periods[-1].end else self.periods[0]


def reports_a_year(schedule: str) -> tuple[int, bool]:
    """How many reports the words name, and whether they name a rhythm at all."""
    weeks = _EVERY_WEEKS.search(schedule)
    if weeks:
        raw = weeks.group(1).lower()
        every = _WEEK_WORDS.get(raw) or int(raw)
        if every > 0:
            return max(1, round(SCHOOL_WEEKS_PER_YEAR / every)), True
    for pattern, count in _RHYTHMS:
        if pattern.search(schedule):
            return count, True
    return REPORTS_PER_YEAR, False


def reporting_schedule(
    schedule: str, start: date | None, end: date | None, meeting: date | None = None
) -> Schedule:
    """The IEP's periods: each ends on a report date; together they cover `start`..`end`."""
    if start is None or end is None or end < start:
        return Schedule((), schedule, False)
    count, understood = reports_a_year(schedule)
    dates = IEPDates(
        meeting=meeting or start, start=start, end=end, annual_review_due=end, reevaluation_due=None
    )
    ends = sorted({day for day in dates.progress_reports(count) if start <= day <= end})
    # The last period runs to the IEP's end: data taken after the last report (in the
    # summer break) belong to it rather than to a period of their own.
    ends = [*ends[:-1], end] if ends else [end]
    periods = []
    first = start
    for number, last in enumerate(ends, start=1):
        periods.append(ReportingPeriod(number, first, last))
        first = last + timedelta(days=1)
    return Schedule(tuple(periods), schedule, understood)
