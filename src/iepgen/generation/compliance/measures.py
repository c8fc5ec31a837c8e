"""Meaning: a goal keeps one measure from baseline to target, objectives and progress checks.

The goal's `measure` names its unit and direction; the baseline must be that unit's
value in a cited record, the criterion and target must speak of the same unit, the
target must lie the right way from the baseline (a behavior to reduce falls), the
objectives must step from one to the other, and progress reporting must measure it in
the same unit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions import Decisions
from iepgen.generation.decisions.metrics import fmt
from iepgen.sections import AREA_LABELS, AnnualGoal, AnnualGoals, ProgressReporting

from .report import Finding
from .rule import Sections, section_of
from .sources import SourceIndex, numbers_in

SECTION = "annual_goals"
_WORD: Final = re.compile(r"[a-z]+")
_FILLER: Final = frozenset(
    {
        "of",
        "per",
        "the",
        "a",
        "an",
        "in",
        "on",
        "with",
        "and",
        "or",
        "to",
        "at",
        "by",
        "for",
        "observed",
        "correct",
        "correctly",
    }
)
# A share of intervals or of a count is not "accuracy"; a rate is not a percent.
_KIND_WORDS: Final = {
    "interval": re.compile(r"\baccura", re.I),
}


def unit_words(unit: str) -> set[str]:
    """The words that identify a unit: 'words correct per minute' → {words, minute}."""
    return {w.rstrip("s") for w in _WORD.findall(unit.lower()) if w not in _FILLER and len(w) > 1}


def speaks_of(text: str, unit: str) -> bool:
    """Whether `text` is about `unit`: most of the unit's identifying words appear in it."""
    wanted = unit_words(unit)
    if not wanted:
        return True
    present = {w.rstrip("s") for w in _WORD.findall(text.lower())}
    return len(wanted & present) * 2 >= len(wanted)


def _label(number: int, goal: AnnualGoal) -> str:
    return f"Goal {number} ({AREA_LABELS[goal.area].lower()})"


def _goal_findings(number: int, goal: AnnualGoal, index: SourceIndex) -> Iterator[str]:
    measure = goal.measure
    if measure is None:
        yield "names no measure (unit and direction) to carry from baseline to target"
        return
    unit = measure.unit
    if not speaks_of(f"{goal.criterion} {goal.target}", unit):
        yield f"states its criterion or target in another measure than its unit ('{unit}')"
    for kind, wrong in _KIND_WORDS.items():
        if kind in unit.lower() and wrong.search(f"{goal.criterion} {goal.target}"):
            yield f"measures '{unit}' but its criterion speaks of accuracy"
    if goal.baseline_established:
        if measure.baseline_value is None:
            yield "says a baseline was measured but gives no baseline value in its unit"
        else:
            value = measure.baseline_value
            if round(abs(value), 4) not in numbers_in(goal.baseline):
                yield f"gives a baseline value ({fmt(value)}) its baseline statement does not state"
            if not any(index.holds(e, value) for e in goal.evidence):
                yield f"gives a baseline value ({fmt(value)}) that no cited record holds"
            if not speaks_of(goal.baseline, unit):
                yield f"states its baseline in another measure than its unit ('{unit}')"
    baseline, target = measure.baseline_value, measure.target_value
    if baseline is not None and target is not None:
        # Already at zero, or already at the top, a goal can only keep it there.
        ceiling = (
            measure.maximum
            if measure.maximum is not None
            else (100.0 if unit.startswith("%") else None)
        )
        if measure.direction == "decrease" and target >= baseline and not baseline == target == 0:
            yield "is a behavior to reduce, but its target is not below its baseline"
        if (
            measure.direction == "increase"
            and target <= baseline
            and not (ceiling is not None and baseline == target == ceiling)
        ):
            yield "is a skill to increase, but its target is not above its baseline"
        if measure.maximum is not None and target > measure.maximum:
            yield f"sets a target above the whole ({fmt(measure.maximum)})"
        if round(abs(target), 4) not in numbers_in(f"{goal.criterion} {goal.target}"):
            yield f"gives a target value ({fmt(target)}) its criterion and target do not state"
        low, high = sorted((baseline, target))
        steps = [o.value for o in goal.short_term_objectives if o.value is not None]
        if any(not low <= v <= high for v in steps):
            yield "has short-term objectives outside the path from its baseline to its target"
        ordered = steps == sorted(steps, reverse=measure.direction == "decrease")
        if not ordered:
            yield "has short-term objectives that do not step toward the target"
    for step, objective in enumerate(goal.short_term_objectives, start=1):
        if not speaks_of(objective.description, unit) and objective.value is not None:
            yield f"states objective {step} in another measure than its unit ('{unit}')"


def goal_measure_consistent(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error for a goal whose measure, unit or direction changes along the way."""
    goals = section_of(sections, SECTION, AnnualGoals)
    if goals is None:
        return
    index = SourceIndex.from_context(context)
    for number, goal in enumerate(goals.goals, start=1):
        for problem in _goal_findings(number, goal, index):
            yield Finding(SECTION, "one_measure", "error", f"{_label(number, goal)} {problem}.")


def progress_in_goal_units(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error when progress on a goal is reported in another unit than the goal's."""
    goals = section_of(sections, SECTION, AnnualGoals)
    reporting = section_of(sections, "progress_reporting", ProgressReporting)
    if goals is None or reporting is None:
        return
    by_number = {m.goal_number: m for m in reporting.methods if m.goal_number}
    for number, goal in enumerate(goals.goals, start=1):
        method = by_number.get(number)
        if method is None:
            if not any(m.area == goal.area for m in reporting.methods):
                yield Finding(
                    "progress_reporting",
                    "one_measure",
                    "error",
                    f"{_label(number, goal)} has no progress-reporting method.",
                )
            continue
        if goal.measure is not None and not speaks_of(
            f"{method.unit} {method.method}", goal.measure.unit
        ):
            yield Finding(
                "progress_reporting",
                "one_measure",
                "error",
                f"Progress on {_label(number, goal).lower()} is measured in another unit than "
                f"the goal's ('{goal.measure.unit}').",
            )
