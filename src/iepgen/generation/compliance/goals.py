"""Annual goals: one per area of need, measurable, inside the year, built on real baselines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions import Decisions
from iepgen.sections import AREA_LABELS, AnnualGoal, AnnualGoals, PresentLevels

from .report import Finding
from .rule import Sections, section_of, within_year, year_span
from .sources import SourceIndex, without_dates_between

SECTION = "annual_goals"

# A criterion is measurable when it carries a count, a rate or a share.
_QUANTITY: Final = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|twice|half|all|every|each|"
    r"no more than|at least)\b",
    re.IGNORECASE,
)


def _label(number: int, goal: AnnualGoal) -> str:
    return f"Goal {number} ({AREA_LABELS[goal.area].lower()})"


def goal_for_each_need(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error for an area of need in present levels with no annual goal."""
    levels = section_of(sections, "present_levels", PresentLevels)
    goals = section_of(sections, SECTION, AnnualGoals)
    if levels is None or goals is None:
        return
    for area in dict.fromkeys(level.area for level in levels.areas):
        if area not in goals.areas():
            yield Finding(
                SECTION,
                "goal_for_each_need",
                "error",
                f"Present levels name {AREA_LABELS[area].lower()} as an area of need, "
                "but no annual goal addresses it.",
            )


def goal_measurable(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error when a goal's criterion or target carries nothing that can be counted."""
    goals = section_of(sections, SECTION, AnnualGoals)
    if goals is None:
        return
    for number, goal in enumerate(goals.goals, start=1):
        if not (_QUANTITY.search(goal.criterion) or _QUANTITY.search(goal.target)):
            yield Finding(
                SECTION,
                "goal_measurable",
                "error",
                f"{_label(number, goal)} has no measurable criterion: state how much, how "
                "often or how accurately (e.g. '4 of 5 trials', '90 words per minute').",
            )


def goal_timeframe(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error when a goal or one of its objectives falls outside the IEP year."""
    goals = section_of(sections, SECTION, AnnualGoals)
    if goals is None:
        return
    for number, goal in enumerate(goals.goals, start=1):
        if not within_year(context, goal.timeframe):
            yield Finding(
                SECTION,
                "goal_timeframe",
                "error",
                f"{_label(number, goal)} ends outside the IEP year ({year_span(context)}).",
            )
        late = [
            step
            for step, objective in enumerate(goal.short_term_objectives, start=1)
            if not within_year(context, objective.target_date)
            or objective.target_date > goal.timeframe
        ]
        if late:
            yield Finding(
                SECTION,
                "goal_timeframe",
                "error",
                f"{_label(number, goal)}: short-term objective "
                f"{', '.join(map(str, late))} "
                f"{'falls' if len(late) == 1 else 'fall'} outside the IEP year or after the "
                "goal's own date.",
            )


def goal_baseline(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error when a baseline cites nothing real, invents a number, or has no date to get one."""
    goals = section_of(sections, SECTION, AnnualGoals)
    if goals is None:
        return
    index = SourceIndex.from_context(context)
    for number, goal in enumerate(goals.goals, start=1):
        label = _label(number, goal)
        unknown = [e for e in goal.evidence if not index.known(e)]
        if unknown:
            yield Finding(
                SECTION,
                "evidence_cited",
                "error",
                f"{label} cites records that are not in this student's file: {', '.join(unknown)}.",
            )
        if goal.baseline_established and not goal.evidence:
            yield Finding(
                SECTION,
                "evidence_cited",
                "error",
                f"{label}: the baseline cites no assessment or previous IEP. Cite the data, "
                "or say the baseline will be established and by when.",
            )
        if not goal.baseline_established and not within_year(context, goal.baseline_due_date):
            yield Finding(
                SECTION,
                "baseline_to_be_established",
                "error",
                f"{label}: a baseline not yet measured needs a date to establish it inside "
                f"the IEP year ({year_span(context)}).",
            )
        # The goal's own measure may name numbers ("a 3-minute probe"): they are not data.
        own_measure = " ".join(
            filter(None, [goal.measure.unit if goal.measure else "", goal.measurement_method])
        )
        baseline = without_dates_between(goal.baseline, context.dates.start, context.dates.end)
        invented = index.unsourced(
            baseline, goal.evidence, goal.baseline_due_date, also=own_measure
        )
        if invented:
            yield Finding(
                SECTION,
                "no_invented_data",
                "error",
                f"{label}: the baseline contains numbers not found in the cited records: "
                f"{', '.join(invented)}.",
            )
