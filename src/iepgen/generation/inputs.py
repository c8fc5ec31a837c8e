"""Gather what a generator may use (docs/iep.md "Inputs") into a `GenerationContext`."""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings
from iepgen.errors import InvalidInput, NotFound
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
from iepgen.models import IEP, Assessment, IEPSection, Student, Template

# Bounds on what one prompt carries: the newest records are the ones that matter.
MAX_ASSESSMENTS: Final = 40
MAX_PREVIOUS_IEPS: Final = 3
MAX_CONTEXT_CHARS: Final = 4000


def validate_academic_year(academic_year: str) -> None:
    """`YYYY-YYYY` with consecutive years, else InvalidInput naming the field."""
    parts = academic_year.split("-")
    if (
        len(parts) != 2
        or not all(len(p) == 4 and p.isdigit() for p in parts)
        or int(parts[1]) != int(parts[0]) + 1
    ):
        raise InvalidInput(
            "academic_year must look like 2025-2026 (two consecutive years).",
            field=("academic_year",),
        )


def student_facts(student: Student) -> StudentFacts:
    return StudentFacts(
        id=student.id,
        first_name=student.first_name,
        last_name=student.last_name,
        date_of_birth=student.date_of_birth,
        grade_level=student.grade_level,
        school=student.school,
        student_number=student.student_number,
        disability_category=student.disability_category,
        secondary_disabilities=tuple(student.secondary_disabilities or ()),
        primary_language=student.primary_language,
        english_learner=bool(student.english_learner),
        alternate_assessment=bool(student.alternate_assessment),
        parent_guardian_names=tuple(student.parent_guardian_names or ()),
        strengths=student.strengths,
        interests=student.interests,
        parent_concerns=student.parent_concerns,
        notes=student.notes,
    )


async def load_assessments(session: AsyncSession, student_id: str) -> tuple[AssessmentFacts, ...]:
    rows = await session.execute(
        select(Assessment)
        .where(Assessment.student_id == student_id)
        .order_by(Assessment.administered_on.desc(), Assessment.created_at.desc())
        .limit(MAX_ASSESSMENTS)
    )
    return tuple(
        AssessmentFacts(
            id=a.id,
            name=a.name,
            area=a.area,
            administered_on=a.administered_on,
            score=a.score,
            score_type=a.score_type,
            percentile=a.percentile,
            summary=a.summary,
            evaluator=a.evaluator,
        )
        for a in rows.scalars()
    )


async def load_previous_ieps(
    session: AsyncSession, student_id: str, academic_year: str, exclude_iep_id: str | None
) -> tuple[PreviousIEPFacts, ...]:
    """Earlier years' IEPs of the student, newest year first; per year the final one wins."""
    query = select(IEP).where(IEP.student_id == student_id, IEP.academic_year < academic_year)
    if exclude_iep_id:
        query = query.where(IEP.id != exclude_iep_id)
    rows = await session.execute(
        query.order_by(IEP.academic_year.desc(), IEP.updated_at.desc(), IEP.id)
    )
    chosen: dict[str, IEP] = {}
    for iep in rows.scalars():
        current = chosen.get(iep.academic_year)
        if current is None or (current.status != "final" and iep.status == "final"):
            chosen[iep.academic_year] = iep
    facts: list[PreviousIEPFacts] = []
    for year in sorted(chosen, reverse=True)[:MAX_PREVIOUS_IEPS]:
        iep = chosen[year]
        sections = await session.execute(
            select(IEPSection.section_type, IEPSection.content).where(
                IEPSection.iep_id == iep.id, IEPSection.version == iep.version
            )
        )
        content: dict[str, dict[str, Any]] = {row[0]: dict(row[1]) for row in sections}
        facts.append(
            PreviousIEPFacts(id=iep.id, academic_year=year, status=iep.status, sections=content)
        )
    return tuple(facts)


async def build_context(
    session: AsyncSession,
    *,
    settings: Settings,
    student_id: str,
    academic_year: str,
    template: Template,
    include_assessments: bool = True,
    include_previous_ieps: bool = True,
    case_manager_context: str | None = None,
    exclude_iep_id: str | None = None,
) -> GenerationContext:
    """Load the student's records for `academic_year`; NotFound for an unknown student."""
    validate_academic_year(academic_year)
    student = await session.get(Student, student_id)
    if student is None:
        raise NotFound("The student for this IEP no longer exists.")
    start, end = settings.iep_year_bounds(academic_year)
    age_at_start = age_on(student.date_of_birth, start)
    age_at_end = age_on(student.date_of_birth, end)
    assessments = await load_assessments(session, student_id) if include_assessments else ()
    previous = (
        await load_previous_ieps(session, student_id, academic_year, exclude_iep_id)
        if include_previous_ieps
        else ()
    )
    context_text = (case_manager_context or "").strip()[:MAX_CONTEXT_CHARS] or None
    return GenerationContext(
        student=student_facts(student),
        academic_year=academic_year,
        iep_year_start=start,
        iep_year_end=end,
        age_at_start=age_at_start,
        age_at_end=age_at_end,
        age_of_majority=settings.age_of_majority,
        assessments=assessments,
        previous_ieps=previous,
        template_sections=tuple(
            (s["section_type"], s.get("title", s["section_type"]), s.get("instructions", ""))
            for s in template.sections
        ),
        case_manager_context=context_text,
        transition_required=transition_required(age_at_end),
        transfer_of_rights_required=transfer_of_rights_required(
            age_at_end, settings.age_of_majority
        ),
    )
