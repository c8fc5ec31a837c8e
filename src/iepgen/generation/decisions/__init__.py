"""The decisions stage: what the record decides for an IEP, before any prose (decisions.md).

`decide(context)` is deterministic and cheap (well under a millisecond per area), so the
pipeline, the checker and an edit's re-check each compute it from the same record and
always agree.
"""

from __future__ import annotations

from typing import Final

from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions.esy import decide_esy
from iepgen.generation.decisions.factors import decide_factors
from iepgen.generation.decisions.goals import plan_goal, plan_replacement_goal
from iepgen.generation.decisions.model import (
    AccommodationPlan,
    AreaDecision,
    Decisions,
    ESYDecision,
    FactorDecision,
    GoalPlan,
    ParticipationDecision,
    PlacementDecision,
    SectionQuestion,
    SupportPlan,
    TransferDecision,
    TransferOfRightsDecision,
    TransitionDecision,
)
from iepgen.generation.decisions.needs import decide_areas
from iepgen.generation.decisions.placement import decide_participation, decide_placement
from iepgen.generation.decisions.supports import decide_supports
from iepgen.generation.decisions.transition import (
    decide_transfer,
    decide_transfer_of_rights,
    decide_transition,
)

KINDERGARTEN_AGE: Final = 5


def decide(context: GenerationContext) -> Decisions:
    """Every decision the record supports, with the questions it leaves for the team."""
    questions: list[SectionQuestion] = []
    dates = context.dates
    areas = decide_areas(context, questions)
    goals = [
        plan
        for plan in (plan_goal(context, a, dates, questions) for a in areas if a.status == "need")
        if plan is not None
    ]
    behavior = next((a for a in areas if a.area == "behavior" and a.status == "need"), None)
    if behavior is not None:
        replacement = plan_replacement_goal(context, behavior, dates)
        if replacement is not None:
            goals.append(replacement)
    factors = decide_factors(context, areas, questions)
    services, accommodations = decide_supports(context, areas, goals, factors, questions)
    participation = decide_participation(context, accommodations, questions)
    placement = decide_placement(context, services, questions)
    esy = decide_esy(context, goals, questions)
    transition = decide_transition(context, goals, questions)
    transfer_of_rights = decide_transfer_of_rights(context, questions)
    transfer = decide_transfer(context, questions)
    if context.student.grade_level == "PK" and context.age_at_end >= KINDERGARTEN_AGE:
        questions.append(
            SectionQuestion(
                section_type="lre",
                topic="Move to kindergarten",
                question=f"{context.student.first_name} turns {KINDERGARTEN_AGE} during this IEP. "
                "Where and when will kindergarten start? Plan the move with the kindergarten "
                "team (a visit, a meeting before the first day, which supports continue).",
                reason="The next IEP year starts in a new setting; the team plans the change.",
            )
        )
    if dates.reevaluation_due is None:
        questions.append(
            SectionQuestion(
                section_type="student_profile",
                topic="Reevaluation",
                question=f"When was {context.student.first_name} last evaluated? Record the "
                "date so the three-year reevaluation can be scheduled.",
                reason="A reevaluation is due at least every three years (34 CFR §300.303).",
            )
        )
    if not (context.student.strengths or "").strip():
        questions.append(
            SectionQuestion(
                section_type="student_profile",
                topic="Strengths",
                question=f"What are {context.student.first_name}'s strengths, as the family, "
                "teachers and the student see them? Record them with the student's details.",
                reason="The team considers the child's strengths (34 CFR §300.324(a)(1)(i)); "
                "the record holds none.",
            )
        )
    return Decisions(
        dates=dates.as_dict(),
        areas=areas,
        goals=goals,
        factors=factors,
        services=services,
        accommodations=accommodations,
        participation=participation,
        placement=placement,
        esy=esy,
        transition=transition,
        transfer_of_rights=transfer_of_rights,
        transfer=transfer,
        other_targets=[
            *(["health_plan"] if context.student.health_plan else []),
            *(["alternate_standards"] if context.student.alternate_assessment else []),
        ],
        questions=questions,
    )


__all__ = [
    "AccommodationPlan",
    "AreaDecision",
    "Decisions",
    "ESYDecision",
    "FactorDecision",
    "GoalPlan",
    "ParticipationDecision",
    "PlacementDecision",
    "SectionQuestion",
    "SupportPlan",
    "TransferDecision",
    "TransferOfRightsDecision",
    "TransitionDecision",
    "decide",
]
