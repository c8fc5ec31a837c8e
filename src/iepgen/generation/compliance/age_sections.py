"""Transition (from 16) and transfer of rights (a year before majority), by the student's age."""

from __future__ import annotations

from collections.abc import Iterator

from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions import Decisions
from iepgen.sections import AnnualGoals, TransferOfRights, Transition

from .report import Finding
from .rule import Sections, section_of


def _transition_gaps(transition: Transition, goal_areas: set[str]) -> list[str]:
    gaps: list[str] = []
    goals = transition.postsecondary_goals
    if goals is None or not goals.education_training.strip():
        gaps.append("a postsecondary education or training goal from the student's aspirations")
    if goals is None or not goals.employment.strip():
        gaps.append("a postsecondary employment goal from the student's aspirations")
    if not transition.transition_assessments:
        gaps.append("the transition assessments the goals are based on")
    if not transition.transition_services:
        gaps.append("transition services")
    if not transition.course_of_study.strip():
        gaps.append("a course of study")
    if not any(area in goal_areas for area in transition.supporting_goal_areas):
        gaps.append("the annual goal(s) that support the plan")
    if not (transition.student_invited or transition.student_invited_on):
        gaps.append("the date the student was invited to the meeting (record it on the student)")
    return gaps


def transition_complete(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error when a transition plan is due by age (or given) but incomplete, or unexplained."""
    transition = section_of(sections, "transition", Transition)
    if transition is None:
        return
    if not transition.applies:
        if context.transition_required:
            yield Finding(
                "transition",
                "transition_complete",
                "error",
                f"The student is {context.age_at_end} by the end of this IEP year: a "
                "transition plan is required.",
            )
        elif not transition.not_applicable_reason.strip():
            yield Finding(
                "transition",
                "transition_complete",
                "error",
                "Say why a transition plan does not apply yet.",
            )
        return
    goals = section_of(sections, "annual_goals", AnnualGoals)
    gaps = _transition_gaps(transition, goals.areas() if goals else set())
    if gaps:
        yield Finding(
            "transition",
            "transition_complete",
            "error",
            "The transition plan is missing " + "; ".join(gaps) + ".",
        )


def transfer_of_rights(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error when the notice of rights transferring at majority is due but not given."""
    notice = section_of(sections, "transfer_of_rights", TransferOfRights)
    if notice is None:
        return
    if notice.applies and not notice.statement.strip():
        yield Finding(
            "transfer_of_rights",
            "transfer_of_rights",
            "error",
            "State that the student has been informed of the rights that transfer at the "
            "age of majority.",
        )
    elif not notice.applies and context.transfer_of_rights_required:
        yield Finding(
            "transfer_of_rights",
            "transfer_of_rights",
            "error",
            f"The student reaches {context.age_of_majority - 1} within this IEP year: the "
            f"notice of rights transferring at {context.age_of_majority} is required.",
        )
    elif not notice.applies and not notice.not_applicable_reason.strip():
        yield Finding(
            "transfer_of_rights",
            "transfer_of_rights",
            "error",
            "Say why the transfer of rights does not apply yet.",
        )
