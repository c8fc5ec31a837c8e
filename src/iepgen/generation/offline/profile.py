"""Offline drafts of the student profile, the special factors and extended school year."""

from __future__ import annotations

from typing import Final

from iepgen.generation.context import GenerationContext
from iepgen.sections import ExtendedSchoolYear, SpecialFactor, SpecialFactors, StudentProfile

from .facts import areas_of_need, categories, disability_label, first_name
from .notes import team_notes

BEHAVIOR_CATEGORIES: Final = frozenset({"emotional_disturbance", "autism"})
VISION_CATEGORIES: Final = frozenset({"visual_impairment", "deaf_blindness"})
HEARING_CATEGORIES: Final = frozenset({"deafness", "hearing_impairment", "deaf_blindness"})
# Significant support needs where skills are more often lost over a long break.
ESY_CATEGORIES: Final = frozenset(
    {"intellectual_disability", "multiple_disabilities", "deaf_blindness"}
)


def student_profile(context: GenerationContext, notes: str | None = None) -> StudentProfile:
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
        team_notes=team_notes(context, "student_profile", notes),
    )


def _assistive_technology(context: GenerationContext, areas: set[str]) -> list[str]:
    kinds = categories(context)
    tools: list[str] = []
    if "reading" in areas:
        tools.append("text-to-speech for long readings")
    if "writing" in areas:
        tools.append("speech-to-text or word prediction for written work")
    if "communication" in areas and kinds & {"autism", "multiple_disabilities", "deaf_blindness"}:
        tools.append("a picture or speech-output communication system (AAC)")
    if kinds & HEARING_CATEGORIES:
        tools.append("a classroom sound system (FM/DM) if the audiologist recommends it")
    if kinds & VISION_CATEGORIES:
        tools.append("magnification, large print or braille materials")
    if "motor" in areas or "orthopedic_impairment" in kinds:
        tools.append("adapted writing tools or a keyboard")
    return tools


def special_factors(context: GenerationContext, notes: str | None = None) -> SpecialFactors:
    name = first_name(context)
    kinds = categories(context)
    areas = {a.area for a in areas_of_need(context)}
    behavior = bool(kinds & BEHAVIOR_CATEGORIES or areas & {"behavior", "social_emotional"})
    tools = _assistive_technology(context, areas)
    language = context.student.primary_language or "the home language"
    return SpecialFactors(
        behavior=SpecialFactor(
            considered=True,
            applies=behavior,
            response=(
                f"Positive behavior supports are part of this IEP: clear routines, "
                f"visual supports, praise for expected behavior and taught coping skills. "
                f"{name}'s behavior goals and data are in the goals section."
                if behavior
                else f"{name}'s behavior does not get in the way of learning for "
                f"{name} or others. No behavior plan is needed now."
            ),
        ),
        limited_english_proficiency=SpecialFactor(
            considered=True,
            applies=context.student.english_learner,
            response=(
                f"{name} is learning English; the home language is {language}. "
                f"English language development continues alongside special education. "
                f"Staff give directions in plain English with visuals, and families get "
                f"notices in {language} when they ask."
                if context.student.english_learner
                else f"{name} is not an English learner."
            ),
        ),
        blind_or_visually_impaired=SpecialFactor(
            considered=True,
            applies=bool(kinds & VISION_CATEGORIES),
            response=(
                f"A teacher of students with visual impairments will check whether "
                f"{name} needs braille. Materials come in the format {name} reads best."
                if kinds & VISION_CATEGORIES
                else f"{name} has no known vision impairment."
            ),
        ),
        deaf_or_hard_of_hearing=SpecialFactor(
            considered=True,
            applies=bool(kinds & HEARING_CATEGORIES),
            response=(
                f"The team planned for {name}'s language and communication needs. "
                f"{name} gets chances to talk directly with classmates and staff in "
                f"{name}'s own way of communicating, and teaching uses that mode too."
                if kinds & HEARING_CATEGORIES
                else f"{name} has no known hearing loss."
            ),
        ),
        assistive_technology=SpecialFactor(
            considered=True,
            applies=bool(tools),
            response=(
                f"{name} will use: " + "; ".join(tools) + "."
                if tools
                else f"{name} does not need assistive technology now. The team will "
                "look again if needs change."
            ),
        ),
        team_notes=team_notes(context, "special_factors", notes),
    )


def extended_school_year(
    context: GenerationContext, notes: str | None = None
) -> ExtendedSchoolYear:
    name = first_name(context)
    areas = [a.area.replace("_", " ") for a in areas_of_need(context)]
    needed = context.student.alternate_assessment or bool(categories(context) & ESY_CATEGORIES)
    if needed:
        focus = ", ".join(areas) or "the goal areas"
        return ExtendedSchoolYear(
            needed=True,
            rationale=(
                f"{name} is building key skills in {focus}. With {disability_label(context)}, "
                f"these skills are at risk of being lost over the long summer break, and "
                f"getting them back can take a long time. The team will confirm this with "
                f"data from the winter break."
            ),
            services=f"Practice on the {focus} goals in small groups, 2 times per week "
            "for 60 minutes, during the summer break.",
            team_notes=team_notes(context, "esy", notes),
        )
    return ExtendedSchoolYear(
        needed=False,
        rationale=(
            f"No data show that {name} loses important skills over school breaks and takes "
            f"a long time to get them back. The team will look at progress after the "
            f"winter break and decide again if needed."
        ),
        team_notes=team_notes(context, "esy", notes),
    )
