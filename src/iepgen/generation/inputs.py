"""Gather what a generator may use (docs/iep.md "Inputs") into a `GenerationContext`."""

from __future__ import annotations

from datetime import date
from typing import Any, Final, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings
from iepgen.errors import InvalidInput, NotFound
from iepgen.generation.applicability import (
    transfer_of_rights_required,
    transition_required,
)
from iepgen.generation.context import (
    AssessmentFacts,
    GenerationContext,
    GoalOutcome,
    PreviousIEPFacts,
    StudentFacts,
)
from iepgen.ieps import repository as iep_rows
from iepgen.models import IEP, Assessment, IEPSection, Student, Template
from iepgen.progress import repository as progress_rows
from iepgen.progress.goals import monitored_goals
from iepgen.sections.dates import (
    IEPDates,
    default_meeting_date,
    reevaluation_due,
)
from iepgen.students.record_parts import (
    Behavior,
    Communication,
    EnglishLearning,
    ExtendedSchoolYearData,
    PostsecondaryAspirations,
    Subscore,
    Transfer,
    Vision,
)
from iepgen.students.rules import age_on

Part = TypeVar("Part", bound=BaseModel)

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


def _part(schema: type[Part], stored: dict[str, Any] | None) -> Part | None:
    """A stored record part, or None when absent or written by an older schema."""
    if not stored:
        return None
    try:
        return schema.model_validate(stored)
    except ValidationError:
        return None


def _subscores(stored: list[dict[str, Any]] | None) -> tuple[Subscore, ...]:
    parsed = (_part(Subscore, item) for item in stored or [])
    return tuple(item for item in parsed if item is not None)


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
        communication=_part(Communication, student.communication),
        vision=_part(Vision, student.vision),
        behavior=_part(Behavior, student.behavior),
        english_learning=_part(EnglishLearning, student.english_learning),
        transfer=_part(Transfer, student.transfer),
        postsecondary_aspirations=_part(
            PostsecondaryAspirations, student.postsecondary_aspirations
        ),
        extended_school_year=_part(ExtendedSchoolYearData, student.extended_school_year),
        student_input=student.student_input,
        health_plan=student.health_plan,
        document_language=student.document_language,
        percent_in_general_education=student.percent_in_general_education,
        last_evaluation_on=student.last_evaluation_on,
        reevaluation_due_on=student.reevaluation_due_on,
        invited_to_meeting_on=student.invited_to_meeting_on,
        transfer_of_rights_informed_on=student.transfer_of_rights_informed_on,
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
            finding=a.finding,
            subscores=_subscores(a.subscores),
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
        outcomes = await goal_outcomes(session, iep) if iep.status == "final" else ()
        facts.append(
            PreviousIEPFacts(
                id=iep.id,
                academic_year=year,
                status=iep.status,
                sections=content,
                goal_outcomes=outcomes,
            )
        )
    return tuple(facts)


async def goal_outcomes(session: AsyncSession, iep: IEP) -> tuple[GoalOutcome, ...]:
    """Each goal of a final IEP with the count, span and latest value of its progress data."""
    goals = monitored_goals(iep, await iep_rows.sections_at(session, iep.id, iep.version))
    if not goals:
        return ()
    by_goal: dict[int, list[tuple[date, float]]] = {}
    for point in await progress_rows.points_of(session, iep.id):
        by_goal.setdefault(point.goal_number, []).append((point.measured_on, point.value))
    outcomes = []
    for goal in goals:
        points = sorted(by_goal.get(goal.number, []))
        outcomes.append(
            GoalOutcome(
                number=goal.number,
                area=goal.goal.area,
                statement=goal.goal.statement,
                unit=goal.unit,
                direction="increase" if goal.increases else "decrease",
                baseline_value=goal.baseline_value,
                target_value=goal.target_value,
                goal_date=goal.end,
                points=len(points),
                first_on=points[0][0] if points else None,
                latest_on=points[-1][0] if points else None,
                latest_value=points[-1][1] if points else None,
            )
        )
    return tuple(outcomes)


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
    meeting_date: date | None = None,
    section_notes: dict[str, str] | None = None,
    requested_goal_areas: tuple[str, ...] = (),
) -> GenerationContext:
    """Load the student's records for an IEP meeting in `academic_year` (default: today)."""
    validate_academic_year(academic_year)
    student = await session.get(Student, student_id)
    if student is None:
        raise NotFound("The student for this IEP no longer exists.")
    meeting = meeting_date or default_meeting(settings, academic_year)
    check_meeting_date(settings, academic_year, meeting)
    dates = IEPDates.from_meeting(
        meeting,
        reevaluation_due=reevaluation_due(student.last_evaluation_on, student.reevaluation_due_on),
    )
    start, end = dates.start, dates.end
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
        meeting_date=meeting,
        reevaluation_due=dates.reevaluation_due,
        section_notes=dict(section_notes or {}),
        requested_goal_areas=requested_goal_areas,
        school_week_minutes=settings.school_week_minutes,
    )


def default_meeting(settings: Settings, academic_year: str) -> date:
    """Today (in the school's time zone) if it lies in `academic_year`, else its first day."""
    first, last = settings.iep_year_bounds(academic_year)
    return default_meeting_date(settings.school_today(), first, last)


def check_meeting_date(settings: Settings, academic_year: str, meeting: date) -> None:
    """InvalidInput unless the meeting lies in the academic year the IEP is filed under."""
    first, last = settings.iep_year_bounds(academic_year)
    if not first <= meeting <= last:
        raise InvalidInput(
            f"meeting_date must fall inside the academic year {academic_year} "
            f"({first.isoformat()} to {last.isoformat()}).",
            field=("meeting_date",),
        )
