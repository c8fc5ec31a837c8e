"""Fictional students, assessments and generation contexts for unit tests (no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from iepgen.generation.applicability import (
    age_on,
    transfer_of_rights_required,
    transition_required,
)
from iepgen.generation.context import (
    AssessmentFacts,
    GenerationContext,
    PreviousIEPFacts,
    StudentFacts,
)
from iepgen.templates.builtin import IDEA_STANDARD_SECTIONS

YEAR = "2025-2026"
YEAR_START = date(2025, 8, 15)
YEAR_END = date(2026, 8, 14)

_counter = 0


def student(**overrides: Any) -> StudentFacts:
    values: dict[str, Any] = {
        "id": "s-1",
        "first_name": "Maya",
        "last_name": "Lopez",
        "date_of_birth": date(2011, 4, 17),
        "grade_level": "8",
        "school": "Lincoln Middle School",
        "student_number": "T-10442",
        "disability_category": "specific_learning_disability",
        "secondary_disabilities": (),
        "primary_language": "English",
        "english_learner": False,
        "alternate_assessment": False,
        "parent_guardian_names": ("Rosa Lopez",),
        "strengths": "Strong visual memory; persistent.",
        "interests": "Drawing, soccer",
        "parent_concerns": "Reading homework takes hours.",
        "notes": None,
    }
    values.update(overrides)
    return StudentFacts(**values)


def assessment(**overrides: Any) -> AssessmentFacts:
    global _counter
    _counter += 1
    values: dict[str, Any] = {
        "id": f"a-{_counter}",
        "name": "Woodcock-Johnson IV Tests of Achievement",
        "area": "reading",
        "administered_on": date(2025, 9, 15),
        "score": 78.0,
        "score_type": "standard_score",
        "percentile": 7.0,
        "summary": "Reading fluency 52 words correct per minute on grade-5 passages "
        "(grade-8 norm 150).",
        "evaluator": "School psychologist",
    }
    values.update(overrides)
    return AssessmentFacts(**values)


def context(
    student_facts: StudentFacts | None = None,
    *,
    assessments: tuple[AssessmentFacts, ...] | None = None,
    previous_ieps: tuple[PreviousIEPFacts, ...] = (),
    case_manager_context: str | None = None,
    age_of_majority: int = 18,
    template_sections: tuple[tuple[str, str, str], ...] | None = None,
) -> GenerationContext:
    facts = student_facts or student()
    if assessments is None:
        assessments = (assessment(id="a-reading-1"),)
    age_end = age_on(facts.date_of_birth, YEAR_END)
    return GenerationContext(
        student=facts,
        academic_year=YEAR,
        iep_year_start=YEAR_START,
        iep_year_end=YEAR_END,
        age_at_start=age_on(facts.date_of_birth, YEAR_START),
        age_at_end=age_end,
        age_of_majority=age_of_majority,
        assessments=assessments,
        previous_ieps=previous_ieps,
        template_sections=template_sections
        or tuple(
            (s["section_type"], s["title"], s["instructions"]) for s in IDEA_STANDARD_SECTIONS
        ),
        case_manager_context=case_manager_context,
        transition_required=transition_required(age_end),
        transfer_of_rights_required=transfer_of_rights_required(age_end, age_of_majority),
    )


def aged(ctx: GenerationContext, **student_overrides: Any) -> GenerationContext:
    """`ctx` with the student changed, ages and applicability recomputed."""
    return context(
        replace(ctx.student, **student_overrides),
        assessments=ctx.assessments,
        previous_ieps=ctx.previous_ieps,
        case_manager_context=ctx.case_manager_context,
        age_of_majority=ctx.age_of_majority,
    )
