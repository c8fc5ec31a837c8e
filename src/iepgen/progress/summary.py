"""What a goal's data show, in plain words a family can read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from iepgen.sections.base import friendly_date

from .goals import MonitoredGoal
from .trend import Line, least_squares


def number(value: float) -> str:
    """`61`, `61.5`: no trailing zeros, at most two decimals."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def with_unit(value: float, unit: str) -> str:
    return f"{number(value)} {unit}".strip()


def aim_sentence(goal: MonitoredGoal) -> str:
    """Where the aim line runs, or why there is none."""
    if not goal.has_aim_line():
        return "There is no aim line: the goal has no numeric baseline and target."
    assert goal.start is not None and goal.baseline_value is not None
    assert goal.target_value is not None
    return (
        f"The aim line runs from the baseline of {with_unit(goal.baseline_value, goal.unit)} "
        f"on {friendly_date(goal.start)} to the target of "
        f"{with_unit(goal.target_value, goal.unit)} on {friendly_date(goal.end)}."
    )


def trend_sentence(goal: MonitoredGoal, trend: Line | None) -> str:
    if trend is None:
        return ""
    per_week = trend.per_week
    if abs(per_week) < 0.005:
        direction = "is flat"
    else:
        moving = "rising" if per_week > 0 else "falling"
        direction = f"is {moving} by about {with_unit(abs(per_week), goal.unit)} a week"
    needed = _aim_per_week(goal)
    if needed is None:
        return f"The trend {direction}."
    moving = "a rise" if needed >= 0 else "a fall"
    return (
        f"The trend {direction}; the aim line needs {moving} of about "
        f"{with_unit(abs(needed), goal.unit)} a week."
    )


def _aim_per_week(goal: MonitoredGoal) -> float | None:
    if not goal.has_aim_line():
        return None
    assert goal.start is not None
    start, end = goal.aim_at(goal.start), goal.aim_at(goal.end)
    assert start is not None and end is not None
    return (end - start) / (goal.end - goal.start).days * 7


def data_sentence(goal: MonitoredGoal, points: Sequence[tuple[date, float]]) -> str:
    """How many checks, over which days, and the latest value."""
    if not points:
        return "No data has been recorded yet."
    ordered = sorted(points, key=lambda point: point[0])
    first, last = ordered[0], ordered[-1]
    count = "1 check" if len(points) == 1 else f"{len(points)} checks"
    span = (
        f"on {friendly_date(first[0])}"
        if first[0] == last[0]
        else f"from {friendly_date(first[0])} to {friendly_date(last[0])}"
    )
    return (
        f"{count} {span}. The latest, on {friendly_date(last[0])}, was "
        f"{with_unit(last[1], goal.unit)}."
    )


def describe(goal: MonitoredGoal, points: Sequence[tuple[date, float]]) -> str:
    """The whole chart in words: the data, the aim line and the trend."""
    trend = least_squares(points) if len(points) >= 2 else None
    parts = [data_sentence(goal, points), aim_sentence(goal), trend_sentence(goal, trend)]
    return " ".join(part for part in parts if part)
