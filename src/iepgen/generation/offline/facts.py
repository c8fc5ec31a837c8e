"""What the offline drafter reads off a `GenerationContext`: areas of need, their data, dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final, get_args

from iepgen.generation.context import AssessmentFacts, GenerationContext, PreviousIEPFacts
from iepgen.sections.base import Area, friendly_date
from iepgen.sections.vocabulary import DISABILITY_LABELS

from .metrics import Metric, extract_metric, fmt

AREA_ORDER: Final[tuple[str, ...]] = get_args(Area)
MAX_AREAS: Final = 8
MAX_ASSESSMENTS_PER_AREA: Final = 3

# Where a disability usually shows up at school: used only when no record names an area,
# and then every such area says plainly that its data is still to be collected.
DISABILITY_AREAS: Final[dict[str, tuple[str, ...]]] = {
    "autism": ("communication", "social_emotional"),
    "deaf_blindness": ("communication", "motor"),
    "deafness": ("communication",),
    "developmental_delay": ("communication", "adaptive"),
    "emotional_disturbance": ("behavior", "social_emotional"),
    "hearing_impairment": ("communication",),
    "intellectual_disability": ("adaptive", "reading"),
    "multiple_disabilities": ("communication", "adaptive", "motor"),
    "orthopedic_impairment": ("motor",),
    "other_health_impairment": ("behavior",),
    "specific_learning_disability": ("reading",),
    "speech_language_impairment": ("communication",),
    "traumatic_brain_injury": ("adaptive", "communication"),
    "visual_impairment": ("adaptive",),
}

# Why the first baseline in an area without data is due six weeks into the year: long
# enough to gather three probes, short enough that the goal still has most of a year.
BASELINE_WINDOW: Final = timedelta(weeks=6)
# Annual goals are measured at the end of instruction (~41 weeks after an August start).
GOAL_OFFSET: Final = timedelta(days=290)


@dataclass(frozen=True)
class PreviousGoal:
    iep: PreviousIEPFacts
    goal: dict[str, Any]

    @property
    def statement(self) -> str:
        return str(self.goal.get("statement", "")).strip()


@dataclass(frozen=True)
class AreaData:
    """One area of need and the records it rests on."""

    area: str
    assessments: tuple[AssessmentFacts, ...]
    previous_goals: tuple[PreviousGoal, ...]
    metric: Metric | None

    @property
    def evidence(self) -> list[str]:
        ids = [a.id for a in self.assessments]
        ids.extend(dict.fromkeys(p.iep.id for p in self.previous_goals))
        return ids

    @property
    def has_data(self) -> bool:
        return bool(self.assessments or self.previous_goals)

    def evidence_text(self) -> str:
        """The records' wording, for matching a goal pattern."""
        parts = [f"{a.name} {a.score_type or ''} {a.summary}" for a in self.assessments]
        parts.extend(p.statement for p in self.previous_goals)
        return " ".join(parts)


def first_name(context: GenerationContext) -> str:
    return context.student.first_name


def disability_label(context: GenerationContext) -> str:
    return DISABILITY_LABELS.get(context.student.disability_category, "a disability")


def categories(context: GenerationContext) -> set[str]:
    return {context.student.disability_category, *context.student.secondary_disabilities}


def previous_goals(context: GenerationContext) -> list[PreviousGoal]:
    found: list[PreviousGoal] = []
    for iep in context.previous_ieps:
        goals = iep.sections.get("annual_goals", {}).get("goals", [])
        found.extend(
            PreviousGoal(iep, goal)
            for goal in goals
            if isinstance(goal, dict) and goal.get("area") in AREA_ORDER
        )
    return found


def area_data(context: GenerationContext, area: str) -> AreaData:
    """The records for `area` (newest assessments first), even when there are none."""
    assessments = tuple(a for a in context.assessments if a.area == area)[:MAX_ASSESSMENTS_PER_AREA]
    earlier = tuple(g for g in previous_goals(context) if g.goal.get("area") == area)
    metric = next((m for m in map(extract_metric, assessments) if m is not None), None)
    return AreaData(area, assessments, earlier, metric)


def areas_of_need(context: GenerationContext) -> list[AreaData]:
    """Areas named by assessments or earlier goals; else those the disability suggests."""
    named = {a.area for a in context.assessments} | {
        str(g.goal["area"]) for g in previous_goals(context)
    }
    if not named:
        named = set(DISABILITY_AREAS.get(context.student.disability_category, ("other",)))
        for secondary in context.student.secondary_disabilities:
            named.update(DISABILITY_AREAS.get(secondary, ())[:1])
    ordered = [area for area in AREA_ORDER if area in named][:MAX_AREAS]
    return [area_data(context, area) for area in ordered]


def goal_date(context: GenerationContext) -> date:
    return min(context.iep_year_start + GOAL_OFFSET, context.iep_year_end)


def baseline_due(context: GenerationContext) -> date:
    return min(context.iep_year_start + BASELINE_WINDOW, context.iep_year_end)


def objective_dates(context: GenerationContext, timeframe: date) -> tuple[date, date]:
    span = (timeframe - context.iep_year_start).days
    start = context.iep_year_start
    return start + timedelta(days=span // 3), start + timedelta(days=2 * span // 3)


def ordinal(value: float) -> str:
    number = fmt(value)
    if not float(value).is_integer():
        return f"{number}th"
    whole = int(value)
    suffix = "th" if 10 <= whole % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(whole % 10, "th")
    return f"{number}{suffix}"


def score_label(score_type: str | None) -> str:
    if not score_type:
        return "score"
    return score_type.replace("_", " ").strip().lower()


def assessment_sentence(assessment: AssessmentFacts, name: str) -> str:
    """What an assessment found, in words and only its own numbers."""
    when = friendly_date(assessment.administered_on)
    parts = [f"On the {assessment.name} ({when})"]
    if assessment.score is not None:
        parts.append(f", {name} earned a {score_label(assessment.score_type)} of ")
        parts.append(fmt(assessment.score))
        if assessment.percentile is not None:
            parts.append(f" ({ordinal(assessment.percentile)} percentile)")
        parts.append(".")
    else:
        parts.append(":")
    summary = assessment.summary.strip()
    if summary and summary[-1] not in ".!?":
        summary += "."
    return "".join(parts) + " " + summary
