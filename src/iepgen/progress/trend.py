"""The trend of a goal's data and the on-track rule a progress report applies.

The rule (docs/progress.md says the same):

1. Only the data points dated inside the reporting period count.
2. Fewer than three points: "not enough data to tell". Three is the fewest a trend can
   be read from; the report never guesses from one or two checks.
3. A goal without a numeric baseline and target has no aim line: "not enough data to
   tell", saying why.
4. Otherwise a least-squares line is fitted to the period's points, and its value on the
   day of the latest point is compared with the aim line's value on that day. On the
   goal's side of the aim line (at or above it for a skill to increase, at or below it
   for a behavior to decrease): "on track"; else "not on track".

The trend is read at the latest point rather than at the period's end so the line is
never extended past the data it was fitted to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .goals import MonitoredGoal

FEWEST_POINTS = 3
DAYS_PER_WEEK = 7


class Standing(StrEnum):
    ON_TRACK = "on_track"
    NOT_ON_TRACK = "not_on_track"
    NOT_ENOUGH_DATA = "not_enough_data"


STANDING_LABELS = {
    Standing.ON_TRACK: "On track",
    Standing.NOT_ON_TRACK: "Not on track",
    Standing.NOT_ENOUGH_DATA: "Not enough data to tell",
}


@dataclass(frozen=True)
class Line:
    """value = intercept + slope * (day - origin).days"""

    origin: date
    intercept: float
    slope: float  # per day

    def at(self, day: date) -> float:
        return self.intercept + self.slope * (day - self.origin).days

    @property
    def per_week(self) -> float:
        return self.slope * DAYS_PER_WEEK


def least_squares(points: Sequence[tuple[date, float]]) -> Line | None:
    """The least-squares line through the points; None for fewer than two.

    Points all on one day have no slope to fit: the line is flat at their mean.
    """
    if len(points) < 2:
        return None
    origin = min(day for day, _ in points)
    xs = [float((day - origin).days) for day, _ in points]
    ys = [value for _, value in points]
    mean_x = sum(xs) / len(xs)
    mean_y = sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return Line(origin=origin, intercept=mean_y, slope=0.0)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    return Line(origin=origin, intercept=mean_y - slope * mean_x, slope=slope)


@dataclass(frozen=True)
class Judgement:
    standing: Standing
    trend: Line | None
    reason: str  # why, in plain words, when there is not enough data


def judge(goal: MonitoredGoal, points: Sequence[tuple[date, float]]) -> Judgement:
    """Apply the rule above to one goal's points of one period."""
    if len(points) < FEWEST_POINTS:
        count = "no data points" if not points else _points(len(points))
        return Judgement(
            Standing.NOT_ENOUGH_DATA,
            None,
            f"There are {count} in this period; at least {FEWEST_POINTS} are needed "
            "to see a trend.",
        )
    trend = least_squares(points)
    assert trend is not None
    if not goal.has_aim_line():
        return Judgement(
            Standing.NOT_ENOUGH_DATA,
            trend,
            "The goal has no numeric baseline and target, so there is no aim line to "
            "compare the data with.",
        )
    latest = max(day for day, _ in points)
    aim = goal.aim_at(latest)
    assert aim is not None
    value = trend.at(latest)
    ahead = value >= aim if goal.increases else value <= aim
    return Judgement(Standing.ON_TRACK if ahead else Standing.NOT_ON_TRACK, trend, "")


def _points(count: int) -> str:
    return "1 data point" if count == 1 else f"{count} data points"
