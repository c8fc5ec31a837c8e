"""Offline draft of services, accommodations and the least restrictive environment."""

from __future__ import annotations

from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions import Decisions
from iepgen.sections import (
    Accommodation,
    Accommodations,
    AssessmentParticipation,
    LeastRestrictiveEnvironment,
    Service,
    Services,
)
from iepgen.sections.base import SUPPORT_TARGET_LABELS
from iepgen.sections.vocabulary import join_words

from .wording import clip, notes_for


def services(context: GenerationContext, decisions: Decisions) -> Services:
    dates = context.dates
    return Services(
        services=[
            Service(
                category=plan.category,
                description=plan.description,
                provider_role=plan.provider_role,
                frequency=plan.frequency,
                duration_minutes=plan.minutes,
                location=plan.location,
                start_date=dates.start,
                end_date=plan.until or dates.end,
                serves=plan.serves,
            )
            for plan in decisions.services
        ],
        transfer_statement=clip(decisions.transfer.statement, 3900) if decisions.transfer else "",
        team_notes=notes_for(context, "services"),
        questions_for_team=decisions.questions_for("services"),
    )


def accommodations(context: GenerationContext, decisions: Decisions) -> Accommodations:
    participation = decisions.participation
    return Accommodations(
        classroom=[
            Accommodation(
                description=plan.description,
                setting=plan.setting,
                need_addressed=join_words([SUPPORT_TARGET_LABELS[t] for t in plan.serves]),
                serves=plan.serves,
            )
            for plan in decisions.accommodations
        ],
        assessment_participation=AssessmentParticipation(
            mode=participation.mode,
            accommodations=[clip(a, 300) for a in participation.accommodations],
            why_regular_not_appropriate=clip(participation.why_regular_not_appropriate, 3900),
            why_alternate_appropriate=clip(participation.why_alternate_appropriate, 3900),
            not_applicable_reason=clip(participation.not_applicable_reason, 3900),
        ),
        team_notes=notes_for(context, "accommodations"),
        questions_for_team=decisions.questions_for("accommodations"),
    )


def least_restrictive_environment(
    context: GenerationContext, decisions: Decisions
) -> LeastRestrictiveEnvironment:
    placement = decisions.placement
    return LeastRestrictiveEnvironment(
        removal_extent_and_reason=clip(placement.reason, 3900),
        percent_in_general_education=placement.percent_in_general_education,
        percent_basis=clip(placement.percent_basis, 3900),
        placement=clip(placement.placement, 300),
        minutes_outside_general_education=placement.minutes_outside,
        school_week_minutes=placement.school_week_minutes,
        current_percent_in_general_education=placement.current_percent,
        comparison_with_current=clip(placement.comparison, 3900),
        team_notes=notes_for(context, "lre"),
        questions_for_team=decisions.questions_for("lre"),
    )
