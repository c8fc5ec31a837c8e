"""Offline draft of annual goals and progress reporting, written from the goal plans."""

from __future__ import annotations

import re
from typing import Final

from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions import Decisions, GoalPlan
from iepgen.generation.decisions.goals import measure_phrase
from iepgen.sections import AnnualGoal, AnnualGoals, ProgressReporting
from iepgen.sections.base import friendly_date
from iepgen.sections.goals import GoalMeasure, ShortTermObjective
from iepgen.sections.progress_reporting import GoalProgressMethod
from iepgen.sections.vocabulary import join_words

from .wording import capitalised, clip, notes_for

_SCHEDULES: Final = (
    (re.compile(r"\bmonthly|every month\b", re.I), "Monthly"),
    (re.compile(r"\b(every )?(six|6) weeks\b", re.I), "Every six weeks"),
    (re.compile(r"\btrimester", re.I), "Each trimester"),
    (re.compile(r"\bsemester", re.I), "Each semester"),
    (re.compile(r"\bquarter", re.I), "Quarterly"),
)
DEFAULT_SCHEDULE: Final = "Quarterly"
# Reports a year for each schedule: the dates printed are that many, spread over the
# teaching days (a monthly schedule with four dates would contradict itself).
REPORTS_A_YEAR: Final = {
    "Monthly": 9,
    "Every six weeks": 6,
    "Each trimester": 3,
    "Each semester": 2,
    "Quarterly": 4,
}


def reporting_schedule(text: str) -> str | None:
    """The report schedule `text` asks for, if it names one."""
    for pattern, schedule in _SCHEDULES:
        if pattern.search(text):
            return schedule
    return None


def _baseline(plan: GoalPlan, context: GenerationContext) -> str:
    if plan.baseline_value is not None and plan.baseline_source_name and plan.baseline_date:
        found = (
            f"{measure_phrase(plan.baseline_value, plan.unit, plan.maximum)} on the "
            f"{plan.baseline_source_name} ({friendly_date(plan.baseline_date)})"
        )
        if plan.baseline_confirm_by is not None:
            return (
                f"{found}. This comes from the test report. The first progress check, by "
                f"{friendly_date(plan.baseline_confirm_by)}, confirms it."
            )
        return f"{found}."
    if plan.carried_statement:
        return "The record holds no progress data on the previous goal."
    return "The record holds no data on this measure yet."


def build_goal(context: GenerationContext, plan: GoalPlan) -> AnnualGoal:
    name = context.student.first_name
    behavior = f"{name} will {plan.behavior}"
    statement = (
        f"By {friendly_date(plan.goal_date)}, {plan.condition}, {behavior}, {plan.criterion}."
    )
    note = ""
    if plan.carried_statement:
        note = f'Continues the previous goal: "{plan.carried_statement}"'
        if plan.progress_note:
            note += f" Progress noted then: {plan.progress_note}"
    return AnnualGoal(
        area=plan.area,
        statement=clip(statement, 3900),
        condition=clip(capitalised(plan.condition), 300),
        behavior=clip(behavior, 300),
        criterion=clip(plan.criterion, 300),
        baseline=clip(_baseline(plan, context), 3900),
        baseline_established=plan.baseline_value is not None,
        baseline_due_date=None if plan.baseline_value is not None else plan.baseline_due,
        target=clip(plan.target_text, 300),
        measure=GoalMeasure(
            unit=plan.unit[:300],
            direction=plan.direction,
            baseline_value=plan.baseline_value,
            target_value=plan.target_value,
            maximum=plan.maximum,
        ),
        target_rationale=clip(plan.rationale, 3900),
        measurement_method=clip(plan.method, 300),
        timeframe=plan.goal_date,
        evidence=plan.evidence,
        short_term_objectives=[
            ShortTermObjective(
                description=clip(f"{behavior}, {criterion}.", 3900),
                target_date=when,
                value=value,
            )
            for criterion, when, value in zip(
                plan.objective_criteria, plan.objective_dates, plan.objective_values, strict=True
            )
        ],
        progress_note=clip(note, 3900),
    )


def annual_goals(context: GenerationContext, decisions: Decisions) -> AnnualGoals:
    goals = [build_goal(context, plan) for plan in decisions.goals]
    reason = ""
    if not goals:
        name = context.student.first_name
        reason = (
            f"The record holds no current data showing an area of need for {name}. Goals are "
            "written once the team has that data (see the questions for the team)."
        )
    return AnnualGoals(
        goals=goals,
        no_goals_reason=reason,
        team_notes=notes_for(context, "annual_goals"),
        questions_for_team=decisions.questions_for("annual_goals"),
    )


def _template_instructions(context: GenerationContext, section_type: str) -> str:
    for candidate, _title, instructions in context.template_sections:
        if candidate == section_type:
            return instructions
    return ""


def progress_reporting(context: GenerationContext, decisions: Decisions) -> ProgressReporting:
    name = context.student.first_name
    schedule = (
        reporting_schedule(_template_instructions(context, "progress_reporting"))
        or reporting_schedule(context.case_manager_context or "")
        or DEFAULT_SCHEDULE
    )
    days = context.dates.progress_reports(REPORTS_A_YEAR.get(schedule, 4))
    dates = join_words([friendly_date(d) for d in days])
    rights = decisions.transfer_of_rights
    adult = rights.majority_on is not None and rights.majority_on <= context.dates.meeting
    # Once IDEA's rights have passed to the student, the reports are the student's.
    reader = name if adult else "the family"
    goals = (
        "each goal" if decisions.goals else "each annual goal, once the team has written the goals"
    )
    family = (
        f"The case manager sends {reader} a written report on {goals} "
        f"({schedule.lower()}). It shows the data and whether {name} is on track to meet each "
        f"goal by the end of the IEP. Report dates: {dates} (the team moves them to the "
        "school's report-card days where these differ)."
    )
    if not adult and rights.majority_on is not None and rights.majority_on <= context.dates.end:
        family += f" From {friendly_date(rights.majority_on)} the reports go to {name}."
    language = context.student.document_language or context.student.primary_language
    if language and language.strip().lower() != "english":
        family += f" Each report is offered in {language}."
    return ProgressReporting(
        methods=[
            GoalProgressMethod(
                area=plan.area,
                method=clip(f"{plan.method}, in {plan.unit}", 3900),
                goal_number=number,
                unit=plan.unit[:3900],
            )
            for number, plan in enumerate(decisions.goals, start=1)
        ],
        schedule=schedule,
        reports_to_parents=family,
        team_notes=notes_for(context, "progress_reporting"),
        questions_for_team=decisions.questions_for("progress_reporting"),
    )
