"""Offline draft of the transition plan and the transfer-of-rights notice, when due by age."""

from __future__ import annotations

import re
from typing import Any

from iepgen.generation.applicability import birthday_in
from iepgen.generation.context import GenerationContext
from iepgen.sections import (
    PostsecondaryGoals,
    TransferOfRights,
    Transition,
    TransitionAssessment,
    TransitionService,
)
from iepgen.sections.base import friendly_date

from .facts import baseline_due, categories, first_name
from .goals import drafted_goals
from .notes import instructions_for, team_notes, transition_start_age
from .wording import clip

SUPPORTED_LIVING = frozenset({"intellectual_disability", "multiple_disabilities", "autism"})


def _first_interest(context: GenerationContext) -> str | None:
    interests = context.student.interests or ""
    first = re.split(r"[,;/]| and ", interests)[0].strip().rstrip(".")
    return first.lower() if first else None


def _assessments(context: GenerationContext) -> list[TransitionAssessment]:
    found = [
        TransitionAssessment(
            name=a.name[:300],
            administered_on=a.administered_on,
            summary=clip(a.summary, 3900),
            evidence=[a.id],
        )
        for a in context.assessments
        if a.area == "vocational"
    ][:4]
    if context.student.interests:
        found.append(
            TransitionAssessment(
                name="Talk with the student and family",
                summary=clip(f"Interests: {context.student.interests}", 3900),
            )
        )
    if not any(a.evidence for a in found):
        found.append(
            TransitionAssessment(
                name="Career interest inventory (planned)",
                summary=f"To be given by {friendly_date(baseline_due(context))}. The results "
                "will be used to refine these goals.",
            )
        )
    return found


def transition(
    context: GenerationContext, earlier: dict[str, dict[str, Any]], notes: str | None = None
) -> Transition:
    name = first_name(context)
    notes_text = team_notes(context, "transition", notes)
    start_age = transition_start_age(instructions_for(context, "transition"))
    if context.age_at_end < start_age and not context.transition_required:
        return Transition(
            applies=False,
            not_applicable_reason=(
                f"{name} will be {context.age_at_end} at the end of this IEP year. A "
                f"transition plan starts with the IEP in effect when a student turns {start_age}."
            ),
            team_notes=notes_text,
        )
    interest = _first_interest(context)
    field = f"linked to {interest}" if interest else f"in a field {name} picks this year"
    alternate = context.student.alternate_assessment
    living = ""
    if alternate or categories(context) & SUPPORTED_LIVING:
        living = (
            f"After high school, {name} will live with as little help as possible: keeping a "
            "daily schedule, paying for things and getting around town."
        )
    goal_areas = sorted(drafted_goals(context, earlier).areas())
    supporting = [a for a in goal_areas if a == "vocational"] or goal_areas
    return Transition(
        applies=True,
        postsecondary_goals=PostsecondaryGoals(
            education_training=(
                f"After high school, {name} will take job training or college courses {field}."
            ),
            employment=f"After high school, {name} will work in a job {field}.",
            independent_living=living,
        ),
        transition_assessments=_assessments(context),
        transition_services=[
            TransitionService(
                description=f"Learning about jobs, and job shadowing {field}.",
                responsible="School counselor and transition coordinator",
            ),
            TransitionService(
                description=f"Lessons on speaking up: {name} practices asking for the help "
                f"{name} needs.",
                responsible="Special education teacher",
            ),
            TransitionService(
                description="Help to apply, with the family, for job training and adult "
                "services (vocational rehab).",
                responsible="Transition coordinator and family",
            ),
        ],
        course_of_study=(
            "Classes toward the state's alternate diploma, with lessons in the community "
            "and work practice."
            if alternate
            else f"Classes toward a standard diploma, with career and tech classes that match "
            f"{name}'s interests."
        ),
        supporting_goal_areas=supporting,
        student_invited=True,
        team_notes=notes_text,
    )


def transfer_of_rights(context: GenerationContext, notes: str | None = None) -> TransferOfRights:
    name = first_name(context)
    majority = context.age_of_majority
    notes_text = team_notes(context, "transfer_of_rights", notes)
    if not context.transfer_of_rights_required:
        return TransferOfRights(
            applies=False,
            not_applicable_reason=(
                f"{name} will be {context.age_at_end} at the end of this IEP year. This "
                f"notice is given in the IEP year a student turns {majority - 1}."
            ),
            team_notes=notes_text,
        )
    coming_of_age = birthday_in(context.student.date_of_birth, majority)
    if coming_of_age <= context.iep_year_start:
        statement = (
            f"{name} turned {majority} on {friendly_date(coming_of_age)}. On that day the "
            f"rights under IDEA passed from the parents to {name}. {name} was told what "
            "these rights are."
        )
    else:
        statement = (
            f"{name} turns {majority} on {friendly_date(coming_of_age)}. On that day the "
            f"rights under IDEA pass from the parents to {name}, unless a court decides "
            f"otherwise. {name} and the family were told about this."
        )
    return TransferOfRights(applies=True, statement=statement, team_notes=notes_text)
