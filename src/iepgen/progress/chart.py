"""A goal's chart as geometry every rendering shares: the page's SVG and the PDF's drawing.

Coordinates are fractions of the plot area (0 to 1, y upward), so each format scales them
to its own size and none can disagree about where a point or line lies.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .goals import MonitoredGoal
from .summary import describe, number
from .trend import least_squares

MAX_X_LABELS = 6
Y_LABELS = 5


@dataclass(frozen=True)
class ChartLine:
    label: str  # "Aim line", "Trend"
    start: tuple[float, float]
    end: tuple[float, float]
    dashed: bool


@dataclass(frozen=True)
class GoalChart:
    title: str
    description: str
    unit: str
    points: tuple[tuple[float, float], ...]
    lines: tuple[ChartLine, ...]
    x_labels: tuple[tuple[float, str], ...]
    y_labels: tuple[tuple[float, str], ...]


def _nice_step(span: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `Y_LABELS` labels."""
    raw = span / (Y_LABELS - 1)
    power: float = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def goal_chart(goal: MonitoredGoal, points: Sequence[tuple[date, float]]) -> GoalChart:
    """The chart of one goal: its points, the aim line and the least-squares trend."""
    days = [day for day, _ in points]
    first = min([*days, *([goal.start] if goal.start else [])], default=goal.end)
    last = max([*days, goal.end])
    if last <= first:
        last = first + timedelta(days=1)
    values = [value for _, value in points]
    values += [v for v in (goal.baseline_value, goal.target_value) if v is not None]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    step = _nice_step(high - low)
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    span_days = (last - first).days

    def x(day: date) -> float:
        return (day - first).days / span_days

    def y(value: float) -> float:
        return (value - low) / (high - low)

    lines: list[ChartLine] = []
    if goal.has_aim_line():
        assert goal.start is not None
        aim_start, aim_end = goal.aim_at(goal.start), goal.aim_at(goal.end)
        assert aim_start is not None and aim_end is not None
        lines.append(
            ChartLine(
                "Aim line", (x(goal.start), y(aim_start)), (x(goal.end), y(aim_end)), dashed=True
            )
        )
    trend = least_squares(points)
    if trend is not None and min(days) < max(days):
        lines.append(
            ChartLine(
                "Trend",
                (x(min(days)), y(trend.at(min(days)))),
                (x(max(days)), y(trend.at(max(days)))),
                dashed=False,
            )
        )
    month_starts = _month_starts(first, last)
    every = max(1, math.ceil(len(month_starts) / MAX_X_LABELS))
    y_count = round((high - low) / step)
    return GoalChart(
        title=f"{goal.label}: progress in {goal.unit or 'the goal measure'}",
        description=describe(goal, points),
        unit=goal.unit,
        points=tuple((x(day), y(value)) for day, value in sorted(points)),
        lines=tuple(lines),
        x_labels=tuple((x(day), f"{day:%b} {day:%Y}") for day in month_starts[::every]),
        y_labels=tuple((y(low + i * step), number(low + i * step)) for i in range(y_count + 1)),
    )


def _month_starts(first: date, last: date) -> list[date]:
    day = date(first.year, first.month, 1)
    if day < first:
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    found = []
    while day <= last:
        found.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return found
