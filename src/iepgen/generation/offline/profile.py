"""Offline drafts of the student profile, the special factors and extended school year."""

from __future__ import annotations

from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions import Decisions
from iepgen.sections import ExtendedSchoolYear, SpecialFactor, SpecialFactors, StudentProfile
from iepgen.sections.base import AREA_LABELS
from iepgen.sections.special_factors import (
    AssistiveTechnologyPlan,
    BehaviorSupports,
    BrailleProvision,
    CommunicationPlan,
    LanguageNeeds,
)
from iepgen.sections.vocabulary import join_words

from .wording import clip, notes_for


def student_profile(context: GenerationContext, decisions: Decisions) -> StudentProfile:
    student = context.student
    return StudentProfile(
        name=f"{student.first_name} {student.last_name}",
        age=context.age_at_start,
        grade=student.grade_level,
        school=student.school,
        disability_category=student.disability_category,
        secondary_disabilities=list(student.secondary_disabilities),
        primary_language=student.primary_language,
        english_learner=student.english_learner,
        strengths=student.strengths or "",
        interests=student.interests or "",
        parent_concerns=student.parent_concerns or "",
        team_notes=notes_for(context, "student_profile"),
        questions_for_team=decisions.questions_for("student_profile"),
    )


def _factor(decisions: Decisions, name: str) -> SpecialFactor:
    decision = decisions.factor(name)
    return SpecialFactor(
        considered=True, applies=decision.applies, response=clip(decision.reason, 3900)
    )


def special_factors(context: GenerationContext, decisions: Decisions) -> SpecialFactors:
    def plan(name: str) -> dict[str, str] | None:
        return decisions.factor(name).plan

    behavior = plan("behavior")
    language = plan("limited_english_proficiency")
    braille = plan("blind_or_visually_impaired")
    communication = plan("deaf_or_hard_of_hearing")
    technology = plan("assistive_technology")
    return SpecialFactors(
        behavior=_factor(decisions, "behavior"),
        limited_english_proficiency=_factor(decisions, "limited_english_proficiency"),
        blind_or_visually_impaired=_factor(decisions, "blind_or_visually_impaired"),
        deaf_or_hard_of_hearing=_factor(decisions, "deaf_or_hard_of_hearing"),
        assistive_technology=_factor(decisions, "assistive_technology"),
        behavior_supports=BehaviorSupports.model_validate(behavior) if behavior else None,
        language_needs=LanguageNeeds.model_validate(language) if language else None,
        braille=BrailleProvision.model_validate(braille) if braille else None,
        communication_plan=CommunicationPlan.model_validate(communication)
        if communication
        else None,
        assistive_technology_plan=(
            AssistiveTechnologyPlan.model_validate(technology) if technology else None
        ),
        team_notes=notes_for(context, "special_factors"),
        questions_for_team=decisions.questions_for("special_factors"),
    )


def extended_school_year(context: GenerationContext, decisions: Decisions) -> ExtendedSchoolYear:
    esy = decisions.esy
    services = ""
    if esy.needed:
        focus = join_words([AREA_LABELS[a].lower() for a in esy.areas]) or "goal"
        services = (
            f"Practice on the {focus} goals, 2 times a week for 60 minutes, during the summer "
            "break (a proposal for the team to confirm)."
        )
    return ExtendedSchoolYear(
        needed=esy.needed,
        rationale=clip(esy.reason, 3900),
        services=services,
        decide_by=esy.decide_by,
        team_notes=notes_for(context, "esy"),
        questions_for_team=decisions.questions_for("esy"),
    )
