"""The IEP year's reporting periods, from how often the IEP says progress is reported.

The progress reporting section states the schedule in words ("Quarterly, with report
cards", "every 6 weeks", "each trimester"). The words are read for a known rhythm; the
IEP's period is then cut into that many equal parts. A schedule the words do not name
is reported as such and read as quarterly, the most common rhythm, and every report
says so instead of presenting quarters as what the IEP states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from iepgen.sections.base import friendly_date

_EVERY_WEEKS = re.compile(r"every\s+(\d{1,2})\s+weeks?", re.IGNORECASE)
_RHYTHMS: tuple[tuple[str, int], ...] = (
    ("quarter", 4),
    ("trimester", 3),
    ("semester", 2),
    ("month", 12),
)
DEFAULT_PARTS = 4


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


def _parts(schedule: str, start: date, end: date) -> tuple[int, bool]:
    weeks = _EVERY_WEEKS.search(schedule)
    if weeks and int(weeks.group(1)) > 0:
        span = (end - start).days + 1
        return max(1, -(-span // (int(weeks.group(1)) * 7))), True
    lowered = schedule.lower()
    for word, parts in _RHYTHMS:
        if word in lowered:
            return parts, True
    return DEFAULT_PARTS, False


def reporting_schedule(schedule: str, start: date | None, end: date | None) -> Schedule:
    """The IEP's periods: `start`..`end` cut into the parts the schedule names."""
    if start is None or end is None or end < start:
        return Schedule((), schedule, False)
    parts, understood = _parts(schedule, start, end)
    span = (end - start).days + 1
    periods = []
    for index in range(parts):
        first = start + timedelta(days=span * index // parts)
        last = start + timedelta(days=span * (index + 1) // parts - 1)
        periods.append(ReportingPeriod(index + 1, first, last))
    return Schedule(tuple(periods), schedule, understood)
