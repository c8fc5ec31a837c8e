"""The goals of an IEP as progress monitoring sees them: number, measure, aim line ends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from iepgen.errors import InvalidInput, NotFound
from iepgen.models import IEP, IEPSection
from iepgen.sections import AREA_LABELS, AnnualGoal, AnnualGoals, parse_section_content

GOALS_SECTION = "annual_goals"


@dataclass(frozen=True)
class MonitoredGoal:
    """One annual goal with what its chart and report need."""

    number: int  # 1-based, as "Goal 1" in the IEP
    goal: AnnualGoal
    start: date | None  # the IEP's start: where the aim line begins at the baseline
    end: date  # the goal's own end date (its timeframe): where the aim line reaches the target

    @property
    def label(self) -> str:
        return f"Goal {self.number} ({AREA_LABELS[self.goal.area].lower()})"

    @property
    def unit(self) -> str:
        return self.goal.measure.unit if self.goal.measure else ""

    @property
    def increases(self) -> bool:
        return self.goal.measure is None or self.goal.measure.direction == "increase"

    @property
    def baseline_value(self) -> float | None:
        return self.goal.measure.baseline_value if self.goal.measure else None

    @property
    def target_value(self) -> float | None:
        return self.goal.measure.target_value if self.goal.measure else None

    def has_aim_line(self) -> bool:
        """An aim line needs a numeric baseline, a numeric target and a start date."""
        return (
            self.baseline_value is not None
            and self.target_value is not None
            and self.start is not None
            and self.end > self.start
        )

    def aim_at(self, day: date) -> float | None:
        """The aim line's value on `day`: baseline at the IEP start, target at the goal's end."""
        if not self.has_aim_line():
            return None
        assert self.start is not None and self.baseline_value is not None
        assert self.target_value is not None
        span = (self.end - self.start).days
        share = (day - self.start).days / span
        return self.baseline_value + (self.target_value - self.baseline_value) * share


def monitored_goals(iep: IEP, sections: list[IEPSection]) -> list[MonitoredGoal]:
    """The goals of the IEP's annual goals section, numbered as the IEP numbers them."""
    section = next((s for s in sections if s.section_type == GOALS_SECTION), None)
    if section is None:
        return []
    try:
        content = parse_section_content(GOALS_SECTION, section.content)
    except InvalidInput:
        return []  # content of an older schema: nothing to chart
    assert isinstance(content, AnnualGoals)
    return [
        MonitoredGoal(number=number, goal=goal, start=iep.start_date, end=goal.timeframe)
        for number, goal in enumerate(content.goals, start=1)
    ]


def goal_numbered(goals: list[MonitoredGoal], number: int) -> MonitoredGoal:
    """The goal with this number; NotFound naming the goals the IEP has."""
    for goal in goals:
        if goal.number == number:
            return goal
    if not goals:
        raise NotFound("This IEP has no annual goals.")
    raise NotFound(f"This IEP has no goal {number}: its goals are numbered 1 to {len(goals)}.")
