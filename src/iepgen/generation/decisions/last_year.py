"""Next year builds on this year: last year's goals and what their progress data showed.

A new draft reads the newest earlier final IEP's goal in each area (PreviousIEPFacts
.goal_outcomes). When that goal has progress data, its latest value is the newest
measurement on the goal's own measure: it becomes the baseline of the goal that continues
it (unless an assessment entered since is newer), and the present levels say whether
the goal was met. Without progress data nothing is inferred: the draft says the record
holds none, and the checker asks for it.
"""

from __future__ import annotations

from iepgen.generation.context import (
    AssessmentFacts,
    GenerationContext,
    GoalOutcome,
    PreviousIEPFacts,
)
from iepgen.generation.decisions.metrics import Metric, fmt
from iepgen.sections.base import AREA_LABELS, friendly_date


def last_year_goal(
    context: GenerationContext, area: str
) -> tuple[PreviousIEPFacts, GoalOutcome] | None:
    """The newest earlier final IEP's goal in `area`, with its progress data."""
    for iep in context.previous_ieps:  # newest year first
        outcome = iep.outcome_for(area)
        if outcome is not None:
            return iep, outcome
    return None


def _amount(value: float, unit: str) -> str:
    return f"{fmt(value)} {unit}".strip()


def outcome_sentence(iep: PreviousIEPFacts, outcome: GoalOutcome) -> str:
    """What last year's goal aimed for and what its data showed, in plain words."""
    goal = f"The {iep.academic_year} IEP's {AREA_LABELS[outcome.area].lower()} goal"
    aim = (
        f" aimed for {_amount(outcome.target_value, outcome.unit)} by "
        f"{friendly_date(outcome.goal_date)}"
        if outcome.target_value is not None
        else ""
    )
    if outcome.latest_value is None or outcome.latest_on is None:
        return f"{goal}{aim}; the record holds no progress data on it."
    checks = "1 check" if outcome.points == 1 else f"{outcome.points} checks"
    span = (
        f"on {friendly_date(outcome.latest_on)}"
        if outcome.first_on == outcome.latest_on or outcome.first_on is None
        else f"from {friendly_date(outcome.first_on)} to {friendly_date(outcome.latest_on)}"
    )
    result = {True: "it was met", False: "it was not met", None: "it had no numeric target"}[
        outcome.met
    ]
    return (
        f"{goal}{aim}. Its progress data hold {checks} {span}; the latest was "
        f"{_amount(outcome.latest_value, outcome.unit)}: {result}."
    )


def progress_baseline(
    iep: PreviousIEPFacts, outcome: GoalOutcome
) -> tuple[Metric, AssessmentFacts] | None:
    """Last year's latest value as a measurement the new goal's baseline can rest on."""
    if outcome.latest_value is None or outcome.latest_on is None or not outcome.unit:
        return None
    source = AssessmentFacts(
        id=iep.id,
        name=f"latest progress check on the {iep.academic_year} IEP's goal {outcome.number}",
        area=outcome.area,
        administered_on=outcome.latest_on,
        score=outcome.latest_value,
        score_type=None,
        percentile=None,
        summary=outcome_sentence(iep, outcome),
        evaluator=None,
    )
    metric = Metric(
        outcome.latest_value, outcome.unit, iep.id, lower_is_better=outcome.direction == "decrease"
    )
    return metric, source
