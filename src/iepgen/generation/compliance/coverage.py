"""Meaning: every decided need has its goal, carried goals show progress, dates fit the IEP,
and what is still open is visible."""

from __future__ import annotations

from collections.abc import Iterator

from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions import Decisions
from iepgen.generation.decisions.last_year import last_year_goal
from iepgen.sections import AREA_LABELS, AnnualGoals, ExtendedSchoolYear, TransferOfRights
from iepgen.sections.vocabulary import count_of

from .report import Finding
from .rule import Sections, section_of, within_year, year_span

SECTION = "annual_goals"


def goals_for_decided_needs(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error for a decided need with no goal, or an IEP with no goal at all."""
    goals = section_of(sections, SECTION, AnnualGoals)
    if goals is None:
        return
    if not goals.goals:
        yield Finding(
            SECTION,
            "goal_for_each_need",
            "error",
            "An IEP needs at least one measurable annual goal; the record does not "
            "yet show an area of need to write one for.",
        )
        return
    present = goals.areas()
    for plan in decisions.goals:
        if plan.area not in present:
            yield Finding(
                SECTION,
                "goal_for_each_need",
                "error",
                f"The data show {AREA_LABELS[plan.area].lower()} is an area of need, "
                "but no annual goal addresses it.",
            )


def carried_goals_have_data(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Warning for a goal continued from last year with no progress data in the record."""
    goals = section_of(sections, SECTION, AnnualGoals)
    if goals is None:
        return
    carried: set[str] = set()
    for decision in decisions.areas:
        last_year = last_year_goal(context, decision.area)
        if last_year is not None:
            # Last year's final IEP had a goal here: this one continues it, and its data
            # (last_year.py) are what the new baseline and present level rest on.
            if not last_year[1].points:
                carried.add(decision.area)
        elif decision.basis == "previous_iep":
            carried.add(decision.area)  # an earlier IEP never finalized: never monitored
    for number, goal in enumerate(goals.goals, start=1):
        if goal.area in carried:
            yield Finding(
                SECTION,
                "carried_goal_without_data",
                "warning",
                f"Goal {number} ({AREA_LABELS[goal.area].lower()}) continues last "
                "year's goal, but the record holds no progress data on it; enter the "
                "data and say why the goal continues.",
            )


def dates_inside_iep(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error for a decision or notice date before the meeting or after the IEP ends."""
    esy = section_of(sections, "esy", ExtendedSchoolYear)
    if esy is not None and esy.decide_by is not None and not within_year(context, esy.decide_by):
        yield Finding(
            "esy",
            "dates_inside_iep",
            "error",
            f"The date to decide on extended school year must fall inside the IEP "
            f"({year_span(context)}).",
        )
    if esy is not None and esy.needed is None and esy.decide_by is None:
        yield Finding(
            "esy",
            "dates_inside_iep",
            "error",
            "When the team has yet to decide on extended school year, give the date "
            "by which it will.",
        )
    rights = section_of(sections, "transfer_of_rights", TransferOfRights)
    if (
        rights is not None
        and rights.inform_by is not None
        and rights.inform_by < context.dates.meeting
        and not rights.overdue
    ):
        # A past due date is a fact (the notice is late), but the draft must say so rather
        # than set a deadline that has already passed.
        yield Finding(
            "transfer_of_rights",
            "dates_inside_iep",
            "error",
            "The date by which the student must be informed falls before the meeting; say "
            "that the notice is overdue.",
        )


def open_questions(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Warning naming how many questions for the team are still open in each section."""
    for section_type, content in sections.items():
        count = len(content.questions_for_team)
        if count:
            yield Finding(
                section_type,
                "questions_for_team",
                "warning",
                f"{count_of(count, 'question')} for the team "
                f"{'is' if count == 1 else 'are'} open in this section.",
            )
