"""A progress report for one reporting period: each goal judged from its data, in words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from .goals import MonitoredGoal
from .periods import ReportingPeriod, Schedule
from .summary import aim_sentence, data_sentence, trend_sentence
from .trend import STANDING_LABELS, Standing, judge


@dataclass(frozen=True)
class GoalReport:
    goal: MonitoredGoal
    standing: Standing
    what_the_data_show: str
    plan: str  # what the team plans to change ("" until the team writes it)
    points: tuple[tuple[date, float], ...]

    @property
    def standing_label(self) -> str:
        return STANDING_LABELS[self.standing]


@dataclass(frozen=True)
class ProgressReport:
    period: ReportingPeriod
    schedule: Schedule
    goals: tuple[GoalReport, ...]

    @property
    def schedule_note(self) -> str:
        if self.schedule.understood:
            return f"The IEP reports progress: {self.schedule.stated}"
        return (
            f'The IEP states the reporting schedule as "{self.schedule.stated}", which '
            "names no regular rhythm; these reports use quarters of the IEP year."
        )


def goal_report(
    goal: MonitoredGoal,
    period: ReportingPeriod,
    points: Sequence[tuple[date, float]],
    plan: str = "",
) -> GoalReport:
    """Judge one goal on the points dated inside `period` (trend.py states the rule)."""
    inside = tuple(sorted(p for p in points if period.holds(p[0])))
    judgement = judge(goal, inside)
    words = [data_sentence(goal, inside)]
    if judgement.standing is Standing.NOT_ENOUGH_DATA:
        words.append(judgement.reason)
    else:
        words.append(aim_sentence(goal))
        words.append(trend_sentence(goal, judgement.trend))
        side = "at or above" if goal.increases else "at or below"
        off = "below" if goal.increases else "above"
        words.append(
            f"At the latest check the trend is {side} the aim line."
            if judgement.standing is Standing.ON_TRACK
            else f"At the latest check the trend is {off} the aim line."
        )
    return GoalReport(
        goal=goal,
        standing=judgement.standing,
        what_the_data_show=" ".join(w for w in words if w),
        plan=plan,
        points=inside,
    )


def progress_report(
    schedule: Schedule,
    period: ReportingPeriod,
    goals: Sequence[MonitoredGoal],
    points: Mapping[int, Sequence[tuple[date, float]]],
    plans: Mapping[int, str],
) -> ProgressReport:
    return ProgressReport(
        period=period,
        schedule=schedule,
        goals=tuple(
            goal_report(goal, period, points.get(goal.number, ()), plans.get(goal.number, ""))
            for goal in goals
        ),
    )
