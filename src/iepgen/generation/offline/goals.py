"""Offline draft of annual goals (from the bank, on real baselines) and progress reporting."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError

from iepgen.generation.applicability import grade_band
from iepgen.generation.context import GenerationContext
from iepgen.generation.goal_bank import GoalPattern, choose_pattern
from iepgen.sections import AnnualGoal, AnnualGoals, PresentLevels, ProgressReporting
from iepgen.sections.base import friendly_date
from iepgen.sections.progress_reporting import GoalProgressMethod

from .facts import (
    AreaData,
    area_data,
    areas_of_need,
    assessment_sentence,
    baseline_due,
    first_name,
    goal_date,
    objective_dates,
)
from .metrics import Metric
from .notes import instructions_for, reporting_schedule, team_notes
from .wording import capitalised, clip, grade_phrase


def goal_areas(context: GenerationContext, earlier: dict[str, dict[str, Any]]) -> list[AreaData]:
    """The areas of need in the present levels already drafted (or edited), else derived."""
    drafted = earlier.get("present_levels")
    if drafted:
        try:
            levels = PresentLevels.model_validate(drafted)
        except ValidationError:
            levels = None
        if levels is not None:
            return [area_data(context, a) for a in dict.fromkeys(lvl.area for lvl in levels.areas)]
    return areas_of_need(context)


def _measured_goal(data: AreaData, pattern: GoalPattern, metric: Metric) -> dict[str, Any]:
    source = next(a for a in data.assessments if a.id == metric.source_id)
    target = metric.target()
    first, second = metric.steps()
    if metric.lower_is_better:
        criterion = f"with no more than {metric.phrase(target)}, 4 weeks in a row"
        steps = [f"with no more than {metric.phrase(v)}" for v in (first, second)]
    else:
        criterion = f"reaching {metric.phrase(target)} {pattern.consistency}"
        steps = [f"reaching {metric.phrase(v)}" for v in (first, second)]
    return {
        "criterion": criterion,
        "target": metric.phrase(target),
        "baseline": f"{metric.phrase()}"
        + ("" if source.name in metric.unit else f" on the {source.name}")
        + f" ({friendly_date(source.administered_on)}).",
        "baseline_established": True,
        "baseline_due_date": None,
        "evidence": data.evidence,
        "steps": steps,
    }


def _described_goal(
    context: GenerationContext, data: AreaData, pattern: GoalPattern
) -> dict[str, Any]:
    name = first_name(context)
    common = {
        "criterion": pattern.steps[2],
        "target": f"{pattern.behavior} {pattern.steps[2]}",
        "steps": [pattern.steps[0], pattern.steps[1]],
        "evidence": data.evidence,
    }
    if data.assessments:
        return {
            **common,
            "baseline": assessment_sentence(data.assessments[0], name),
            "baseline_established": True,
            "baseline_due_date": None,
        }
    due = baseline_due(context)
    if data.previous_goals:
        earlier = data.previous_goals[0]
        baseline = (
            f"No new data since the {earlier.iep.academic_year} IEP, which had this goal: "
            f"{earlier.statement} The starting point will be measured with: "
            f"{pattern.method.lower()}."
        )
    else:
        baseline = (
            f"No data in this area has been collected yet. The starting point will be "
            f"measured with: {pattern.method.lower()}."
        )
    return {**common, "baseline": baseline, "baseline_established": False, "baseline_due_date": due}


def _progress_note(data: AreaData) -> str:
    if not data.previous_goals:
        return ""
    earlier = data.previous_goals[0]
    note = f'Builds on the {earlier.iep.academic_year} goal: "{earlier.statement}"'
    reported = str(earlier.goal.get("progress_note") or "").strip()
    return note + (f" Progress noted then: {reported}" if reported else "")


def build_goal(context: GenerationContext, data: AreaData, timeframe: date) -> AnnualGoal:
    name = first_name(context)
    pattern = choose_pattern(
        data.area, grade_band(context.student.grade_level), data.evidence_text()
    )
    parts = (
        _measured_goal(data, pattern, data.metric)
        if data.metric
        else _described_goal(context, data, pattern)
    )
    condition = pattern.condition.format(grade=grade_phrase(context), name=name)
    behavior = f"{name} will {pattern.behavior}"
    dates = objective_dates(context, timeframe)
    return AnnualGoal(
        area=data.area,
        statement=f"By {friendly_date(timeframe)}, {condition}, {behavior} {parts['criterion']}.",
        condition=clip(capitalised(condition), 300),
        behavior=clip(behavior, 300),
        criterion=clip(parts["criterion"], 300),
        baseline=clip(parts["baseline"], 3900),
        baseline_established=parts["baseline_established"],
        baseline_due_date=parts["baseline_due_date"],
        target=clip(parts["target"], 300),
        measurement_method=pattern.method,
        timeframe=timeframe,
        evidence=parts["evidence"],
        short_term_objectives=[
            {"description": clip(f"{behavior} {step}.", 3900), "target_date": when}
            for step, when in zip(parts["steps"], dates, strict=True)
        ],
        progress_note=clip(_progress_note(data), 3900),
    )


def annual_goals(
    context: GenerationContext, earlier: dict[str, dict[str, Any]], notes: str | None = None
) -> AnnualGoals:
    timeframe = goal_date(context)
    return AnnualGoals(
        goals=[build_goal(context, data, timeframe) for data in goal_areas(context, earlier)],
        team_notes=team_notes(context, "annual_goals", notes),
    )


def progress_reporting(
    context: GenerationContext, earlier: dict[str, dict[str, Any]], notes: str | None = None
) -> ProgressReporting:
    name = first_name(context)
    goals = drafted_goals(context, earlier)
    methods: dict[str, str] = {}
    for goal in goals.goals:
        methods.setdefault(goal.area, goal.measurement_method)
    schedule = reporting_schedule(instructions_for(context, "progress_reporting"))
    language = context.student.primary_language
    family = (
        f"The case manager sends home a written report on each goal ({schedule.lower()}). "
        f"It shows the data and whether {name} is on track to meet each goal by the end "
        f"of the year."
    )
    if language and language.strip().lower() != "english":
        family += f" A copy in {language} is offered."
    return ProgressReporting(
        methods=[GoalProgressMethod(area=area, method=method) for area, method in methods.items()],
        schedule=schedule,
        reports_to_parents=family,
        team_notes=team_notes(context, "progress_reporting", notes),
    )


def drafted_goals(context: GenerationContext, earlier: dict[str, dict[str, Any]]) -> AnnualGoals:
    """The goals already drafted (or edited), else the ones this drafter would write."""
    drafted = earlier.get("annual_goals")
    if drafted:
        try:
            return AnnualGoals.model_validate(drafted)
        except ValidationError:
            pass
    return annual_goals(context, earlier)
