"""One goal-bank entry: the wording of a measurable goal for an area and grade band."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GoalPattern:
    """Placeholders: {name} (first name), {grade} ('grade-4', 'kindergarten', 'preschool')."""

    skill: str
    condition: str
    behavior: str
    # Criteria of two short-term objectives and the annual goal, used when the data gives
    # no number on the goal's own measure.
    steps: tuple[str, str, str]
    method: str
    # Words in an assessment's name, score type or summary that make this pattern the fit.
    keywords: tuple[str, ...] = ()
    # How often a measured target must be reached, after "{target} {unit}".
    consistency: str = "on 3 of 4 weekly probes"
