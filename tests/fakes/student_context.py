"""A fictional student's generation context for provider tests and benchmarks.

Every value is invented. The names and numbers are deliberately distinctive so a test
can search the bytes that reached a fake provider for any trace of them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from iepgen.generation.context import (
    AssessmentFacts,
    GenerationContext,
    PreviousIEPFacts,
    StudentFacts,
)
from iepgen.generation.provider import SectionRequest
from iepgen.sections import SECTION_SCHEMAS
from iepgen.templates.builtin import IDEA_STANDARD_SECTIONS

FIRST_NAME = "Marisol"
LAST_NAME = "Vantreeck"
BIRTH_DATE = date(2012, 4, 17)
STUDENT_NUMBER = "S-10442"
SCHOOL = "Juniper Ridge Middle School"
PARENTS = ("Odalys Vantreeck", "Teodoro Brisk")


def fictional_student(student_id: str = "00000000-0000-4000-8000-000000000001") -> StudentFacts:
    return StudentFacts(
        id=student_id,
        first_name=FIRST_NAME,
        last_name=LAST_NAME,
        date_of_birth=BIRTH_DATE,
        grade_level="7",
        school=SCHOOL,
        student_number=STUDENT_NUMBER,
        disability_category="specific_learning_disability",
        secondary_disabilities=("speech_language_impairment",),
        primary_language="Spanish",
        english_learner=True,
        alternate_assessment=False,
        parent_guardian_names=PARENTS,
        strengths=f"{FIRST_NAME} has strong visual memory; {FIRST_NAME}'s drawings are detailed.",
        interests="Drawing, soccer",
        parent_concerns=(
            f"{PARENTS[0]} says reading homework takes hours; born 04/17/2012, "
            f"{FIRST_NAME} {LAST_NAME} wants to stay in general science at {SCHOOL}."
        ),
        notes=f"Student number {STUDENT_NUMBER}. {PARENTS[1]} prefers email.",
    )


def fictional_context(**overrides: Any) -> GenerationContext:
    student = overrides.pop("student", None) or fictional_student()
    context = GenerationContext(
        student=student,
        academic_year="2025-2026",
        iep_year_start=date(2025, 8, 15),
        iep_year_end=date(2026, 8, 14),
        age_at_start=13,
        age_at_end=14,
        age_of_majority=18,
        assessments=(
            AssessmentFacts(
                id="a1111111-1111-4111-8111-111111111111",
                name="DIBELS 8 Oral Reading Fluency",
                area="reading",
                administered_on=date(2025, 9, 15),
                score=61,
                score_type="words_correct_per_minute",
                percentile=9,
                summary=(
                    f"{FIRST_NAME} read 61 words correct per minute on grade-7 passages "
                    f"(benchmark 120). {LAST_NAME}, {FIRST_NAME} - ID {STUDENT_NUMBER}."
                ),
                evaluator="Reading specialist",
            ),
        ),
        previous_ieps=(
            PreviousIEPFacts(
                id="p2222222-2222-4222-8222-222222222222",
                academic_year="2024-2025",
                status="final",
                sections={"student_profile": {"name": f"{FIRST_NAME} {LAST_NAME}", "age": 12}},
            ),
        ),
        template_sections=tuple(
            (s["section_type"], s["title"], s["instructions"]) for s in IDEA_STANDARD_SECTIONS
        ),
        case_manager_context=f"{FIRST_NAME}'s mother {PARENTS[0]} asked for more reading time.",
        transition_required=False,
        transfer_of_rights_required=False,
    )
    return replace(context, **overrides) if overrides else context


def section_request(section_type: str = "student_profile", **overrides: Any) -> SectionRequest:
    context = overrides.pop("context", None) or fictional_context()
    return SectionRequest(
        section_type=section_type,
        schema=SECTION_SCHEMAS[section_type],
        context=context,
        **overrides,
    )


def profile_answer(**overrides: Any) -> dict[str, Any]:
    """A valid `student_profile` answer as a model would write it: placeholders, no names."""
    answer: dict[str, Any] = {
        "name": "[STUDENT_FULL_NAME]",
        "age": 13,
        "grade": "7",
        "school": "[SCHOOL]",
        "disability_category": "specific_learning_disability",
        "secondary_disabilities": ["speech_language_impairment"],
        "primary_language": "Spanish",
        "english_learner": True,
        "strengths": "[STUDENT_FIRST_NAME] has strong visual memory.",
        "interests": "Drawing, soccer",
        "parent_concerns": "[PARENT_1] says reading homework takes hours.",
    }
    answer.update(overrides)
    return answer
