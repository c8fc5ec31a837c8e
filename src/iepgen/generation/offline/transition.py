"""Offline draft of the transition plan and the transfer-of-rights notice."""

from __future__ import annotations

from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions import Decisions
from iepgen.sections import (
    PostsecondaryGoals,
    TransferOfRights,
    Transition,
    TransitionAssessment,
    TransitionService,
)
from iepgen.sections.base import friendly_date

from .wording import clip, notes_for


def transition(context: GenerationContext, decisions: Decisions) -> Transition:
    plan = decisions.transition
    notes = notes_for(context, "transition")
    questions = decisions.questions_for("transition")
    if not plan.applies:
        return Transition(
            applies=False,
            not_applicable_reason=plan.reason,
            team_notes=notes,
            questions_for_team=questions,
        )
    assessments = [
        TransitionAssessment(
            name=a.name[:300],
            administered_on=a.administered_on,
            summary=clip(a.summary, 3900),
            evidence=[a.id],
        )
        for a in context.assessments
        if any(text.startswith(f"{a.name} (") for text in plan.assessments)
    ][:12]
    return Transition(
        applies=True,
        postsecondary_goals=PostsecondaryGoals(
            education_training=plan.goals.get("education_training", ""),
            employment=plan.goals.get("employment", ""),
            independent_living=plan.goals.get("independent_living", ""),
        ),
        transition_assessments=assessments,
        transition_services=[
            TransitionService(
                description=service.description,
                responsible=service.responsible,
                supports_goal=service.supports_goal,
            )
            for service in plan.services
        ],
        course_of_study=plan.course_of_study,
        supporting_goal_areas=plan.supporting_areas,
        student_invited=plan.invited_on is not None,
        student_invited_on=plan.invited_on,
        team_notes=notes,
        questions_for_team=questions,
    )


def transfer_of_rights(context: GenerationContext, decisions: Decisions) -> TransferOfRights:
    plan = decisions.transfer_of_rights
    notes = notes_for(context, "transfer_of_rights")
    questions = decisions.questions_for("transfer_of_rights")
    if not plan.applies:
        return TransferOfRights(
            applies=False,
            not_applicable_reason=plan.reason,
            team_notes=notes,
            questions_for_team=questions,
        )
    name = context.student.first_name
    majority = context.age_of_majority
    when = friendly_date(plan.majority_on) if plan.majority_on else f"age {majority}"
    already = plan.majority_on is not None and plan.majority_on <= context.dates.meeting
    verb = "passed" if already else "pass"
    statement = (
        # Past tense once it has happened; whether a court appointed a guardian is the
        # record's to say, and it says nothing of one.
        f"{name} turned {majority} on {when}. On that day the rights under IDEA passed from the "
        f"parents to {name} (no court order to the contrary is recorded)."
        if already
        else f"{name} turns {majority} on {when}. On that day the rights under IDEA pass from "
        f"the parents to {name}, unless a court decides otherwise."
    )
    if plan.majority_on is not None and plan.majority_on <= context.dates.end:
        # The school keeps sending notices to the parents too (34 CFR §300.520(a)(1)(i)).
        since = "Since then" if verb == "passed" else "From then"
        statement += (
            f" {since}, {name} makes the decisions and gets the notices and progress reports; "
            "the school still sends the notices to the parents too."
        )
    return TransferOfRights(
        applies=True,
        statement=statement,
        informed_on=plan.informed_on,
        inform_by=plan.inform_by,
        overdue=plan.overdue,
        team_notes=notes,
        questions_for_team=questions,
    )
