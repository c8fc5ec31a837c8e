"""Corpus cases as generation contexts, validated exactly as the API validates them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from iepgen.config import Settings
from iepgen.generation.applicability import transfer_of_rights_required, transition_required
from iepgen.generation.context import (
    AssessmentFacts,
    GenerationContext,
    PreviousIEPFacts,
    StudentFacts,
)
from iepgen.sections.dates import IEPDates, reevaluation_due
from iepgen.students.assessments.schemas import AssessmentCreate
from iepgen.students.rules import age_on
from iepgen.students.schemas import StudentCreate
from iepgen.templates.builtin import IDEA_STANDARD_SECTIONS
from tests.corpus.students import ACADEMIC_YEAR, MEETING, Case

SETTINGS = Settings.model_validate({"environment": "test", "llm_provider": "offline"})


def student_facts(case: Case) -> StudentFacts:
    body = StudentCreate.model_validate(case.student)
    values = body.model_dump(exclude={"case_manager_id"})
    return StudentFacts(
        id=f"student-{case.key}",
        **{
            **values,
            "secondary_disabilities": tuple(values["secondary_disabilities"]),
            "parent_guardian_names": tuple(values["parent_guardian_names"]),
            **{
                name: getattr(body, name)
                for name in (
                    "communication",
                    "vision",
                    "behavior",
                    "english_learning",
                    "transfer",
                    "postsecondary_aspirations",
                    "extended_school_year",
                )
            },
        },
    )


def assessment_facts(case: Case) -> tuple[AssessmentFacts, ...]:
    found = []
    for number, raw in enumerate(case.assessments, start=1):
        body = AssessmentCreate.model_validate(raw)
        found.append(
            AssessmentFacts(
                id=f"{case.key}-a{number}",
                name=body.name,
                area=body.area,
                administered_on=body.administered_on,
                score=body.score,
                score_type=body.score_type,
                percentile=body.percentile,
                summary=body.summary,
                evaluator=body.evaluator,
                finding=body.finding,
                subscores=tuple(body.subscores),
            )
        )
    found.sort(key=lambda a: a.administered_on, reverse=True)
    return tuple(found)


def previous_ieps(case: Case) -> tuple[PreviousIEPFacts, ...]:
    if not case.previous_goals:
        return ()
    return (
        PreviousIEPFacts(
            id=f"{case.key}-previous",
            academic_year="2025-2026",
            status="final",
            sections={"annual_goals": {"goals": case.previous_goals}},
        ),
    )


def corpus_context(
    case: Case,
    *,
    meeting: date = MEETING,
    context: str | None = None,
    settings: Settings = SETTINGS,
) -> GenerationContext:
    student = student_facts(case)
    dates = IEPDates.from_meeting(
        meeting,
        reevaluation_due=reevaluation_due(student.last_evaluation_on, student.reevaluation_due_on),
    )
    age_end = age_on(student.date_of_birth, dates.end)
    return GenerationContext(
        student=student,
        academic_year=ACADEMIC_YEAR,
        iep_year_start=dates.start,
        iep_year_end=dates.end,
        age_at_start=age_on(student.date_of_birth, dates.start),
        age_at_end=age_end,
        age_of_majority=settings.age_of_majority,
        assessments=assessment_facts(case),
        previous_ieps=previous_ieps(case),
        template_sections=tuple(
            (s["section_type"], s["title"], s.get("instructions", ""))
            for s in IDEA_STANDARD_SECTIONS
        ),
        case_manager_context=context,
        transition_required=transition_required(age_end),
        transfer_of_rights_required=transfer_of_rights_required(age_end, settings.age_of_majority),
        meeting_date=meeting,
        reevaluation_due=dates.reevaluation_due,
        school_week_minutes=settings.school_week_minutes,
    )


__all__ = ["corpus_context", "replace"]
