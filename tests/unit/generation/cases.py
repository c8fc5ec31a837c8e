"""A varied caseload of fictional students (2025-2026 IEP year) for the offline drafter."""

from __future__ import annotations

from datetime import date
from typing import Final

from iepgen.generation.context import GenerationContext, PreviousIEPFacts
from tests.unit.generation.builders import assessment, context, student

PREVIOUS_READING_GOAL: Final = (
    "By June 1, 2025, given a grade-5 passage, Lena will read aloud reaching 70 words "
    "correct per minute on 3 of 4 consecutive weekly probes."
)


def preschooler() -> GenerationContext:
    return context(
        student(
            id="s-pk",
            first_name="Ori",
            last_name="Bell",
            date_of_birth=date(2021, 10, 3),
            grade_level="PK",
            school="Sunny Hill Early Learning Center",
            disability_category="developmental_delay",
            strengths="Loves songs; imitates gestures.",
            interests="Bubbles, music",
            parent_concerns="Uses few words; frustrated when not understood.",
        ),
        assessments=(
            assessment(
                id="pk-com",
                name="Preschool Language Scale-5",
                area="communication",
                administered_on=date(2025, 5, 2),
                score=68,
                score_type="standard_score",
                percentile=2,
                summary="Expressive communication well below age level; uses about "
                "20 single words.",
            ),
        ),
    )


def third_grader_with_autism() -> GenerationContext:
    return context(
        student(
            id="s-3",
            first_name="Theo",
            last_name="Nakamura",
            date_of_birth=date(2016, 11, 2),
            grade_level="3",
            school="Maple Elementary School",
            disability_category="autism",
            strengths="Excellent rote memory; follows visual schedules.",
            interests="Trains, maps",
            parent_concerns="Meltdowns at transitions; few friends at recess.",
        ),
        assessments=(
            assessment(
                id="b-1",
                name="Functional behaviour assessment",
                area="behavior",
                score=6,
                score_type="incidents_per_week",
                percentile=None,
                summary="Averaged 6 elopement or shutdown incidents per week during "
                "unstructured transitions.",
            ),
            assessment(
                id="se-1",
                name="Social skills observation",
                area="social_emotional",
                score=1,
                score_type="peer_initiations_per_recess",
                percentile=None,
                summary="Initiated 1 peer interaction per 20-minute recess across 5 observations.",
            ),
        ),
    )


def eighth_grade_english_learner() -> GenerationContext:
    return context(
        student(
            id="s-8",
            secondary_disabilities=("speech_language_impairment",),
            primary_language="Spanish",
            english_learner=True,
        ),
        assessments=(
            assessment(id="r-8"),
            assessment(
                id="w-8",
                name="Writing sample rubric",
                area="writing",
                score=2,
                score_type="rubric_score",
                percentile=None,
                summary="Scored 2 of 6 on the district writing rubric; paragraphs lack "
                "topic sentences.",
            ),
        ),
    )


def sixteen_year_old() -> GenerationContext:
    return context(
        student(
            id="s-16",
            first_name="Jordan",
            last_name="Whitfield",
            date_of_birth=date(2009, 9, 9),
            grade_level="10",
            school="Riverside High School",
            disability_category="other_health_impairment",
            strengths="Articulate; strong in hands-on tasks.",
            interests="Auto mechanics, music",
            parent_concerns="Missing assignments; wants a plan after graduation.",
        ),
        assessments=(
            assessment(
                id="m-16",
                name="Curriculum-based measurement, math computation",
                area="math",
                score=14,
                score_type="digits_correct_per_minute",
                percentile=12,
                summary="14 correct digits per minute on grade-9 computation probes.",
            ),
            assessment(
                id="v-16",
                name="Transition interest inventory",
                area="vocational",
                score=None,
                score_type=None,
                percentile=None,
                summary="Highest interest in mechanical and automotive careers.",
            ),
        ),
    )


def seventeen_year_old() -> GenerationContext:
    return context(
        student(
            id="s-17",
            first_name="Priya",
            last_name="Anand",
            date_of_birth=date(2008, 12, 1),
            grade_level="12",
            school="Riverside High School",
            disability_category="specific_learning_disability",
            interests="Graphic design",
        ),
        assessments=(
            assessment(
                id="r-17",
                name="Gates-MacGinitie Reading Test",
                score=89,
                percentile=23,
                summary="Comprehension of course texts at about the 23rd percentile.",
            ),
        ),
    )


def alternate_assessment_student() -> GenerationContext:
    return context(
        student(
            id="s-alt",
            first_name="Sam",
            last_name="Ortiz",
            date_of_birth=date(2012, 6, 30),
            grade_level="7",
            disability_category="intellectual_disability",
            alternate_assessment=True,
            strengths="Cheerful; helps classmates.",
            interests="Cooking",
        ),
        assessments=(
            assessment(
                id="ad-1",
                name="Vineland-3 Adaptive Behavior Scales",
                area="adaptive",
                score=55,
                score_type="standard_score",
                percentile=0.1,
                summary="Completes 4 of 10 steps of the morning routine without prompts.",
            ),
        ),
    )


def fourth_grade_english_learner() -> GenerationContext:
    return context(
        student(
            id="s-el",
            first_name="Lucía",
            last_name="Ramos",
            date_of_birth=date(2016, 1, 20),
            grade_level="4",
            primary_language="Spanish",
            english_learner=True,
        ),
        assessments=(
            assessment(
                id="m-el",
                name="Math computation probe",
                area="math",
                score=None,
                score_type=None,
                percentile=None,
                summary="Answered 45% of grade-4 multiplication problems correctly.",
            ),
        ),
    )


def no_assessments() -> GenerationContext:
    return context(
        student(
            id="s-none",
            first_name="Dev",
            last_name="Patel",
            date_of_birth=date(2014, 4, 4),
            grade_level="5",
            disability_category="emotional_disturbance",
            strengths=None,
            interests=None,
            parent_concerns=None,
        ),
        assessments=(),
    )


def with_previous_iep() -> GenerationContext:
    previous = PreviousIEPFacts(
        id="iep-2024",
        academic_year="2024-2025",
        status="final",
        sections={
            "annual_goals": {
                "goals": [
                    {
                        "area": "reading",
                        "statement": PREVIOUS_READING_GOAL,
                        "progress_note": "Reached 58 words correct per minute by May.",
                    }
                ]
            }
        },
    )
    return context(
        student(id="s-prev", first_name="Lena", last_name="Fox", grade_level="6"),
        assessments=(
            assessment(
                id="m-prev",
                area="math",
                name="Math fact probe",
                score=22,
                score_type="facts_correct_per_minute",
                percentile=None,
                summary="22 facts correct per minute on mixed addition and subtraction.",
            ),
        ),
        previous_ieps=(previous,),
    )


def many_areas() -> GenerationContext:
    areas = (
        ("reading", "Letter-sound fluency probe", "Named 12 letter sounds per minute."),
        ("writing", "Sentence writing sample", "Wrote 1 of 4 sentence parts correctly."),
        ("math", "Number sense screener", "Counted sets to 5 with 60% accuracy."),
        ("communication", "Articulation probe", "Said /s/ correctly in 30% of words."),
        ("motor", "Fine motor checklist", "Held a pencil with a fisted grasp."),
        ("adaptive", "Daily routine checklist", "Finished 3 of 8 arrival steps alone."),
        ("health", "Nurse health plan review", "Needs 2 rest breaks per day."),
        ("social_emotional", "Play observation", "Joined peers 0 times per recess."),
    )
    return context(
        student(
            id="s-many",
            first_name="Ava",
            last_name="Kim",
            date_of_birth=date(2018, 2, 14),
            grade_level="2",
            disability_category="multiple_disabilities",
            secondary_disabilities=("orthopedic_impairment", "hearing_impairment"),
        ),
        assessments=tuple(
            assessment(
                id=f"many-{area}",
                area=area,
                name=name,
                score=None,
                score_type=None,
                percentile=None,
                summary=summary,
            )
            for area, name, summary in areas
        ),
    )


def past_majority() -> GenerationContext:
    return context(
        student(
            id="s-19",
            first_name="Marcus",
            last_name="Lee",
            date_of_birth=date(2006, 5, 5),
            grade_level="12",
            disability_category="deaf_blindness",
            alternate_assessment=True,
        ),
        assessments=(),
    )


CASES: Final = {
    "preschooler": preschooler,
    "third_grader_with_autism": third_grader_with_autism,
    "eighth_grade_english_learner": eighth_grade_english_learner,
    "sixteen_year_old": sixteen_year_old,
    "seventeen_year_old": seventeen_year_old,
    "alternate_assessment": alternate_assessment_student,
    "fourth_grade_english_learner": fourth_grade_english_learner,
    "no_assessments": no_assessments,
    "previous_iep": with_previous_iep,
    "many_areas": many_areas,
    "past_majority": past_majority,
}
