"""Assessment rules: dated between the student's birth and today (UTC); audited like the rest.

Every present level and baseline a generator writes must trace back to these rows, so a
result dated tomorrow or before the student was born is refused rather than stored.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.api.fields import canonical_uuid, today_utc
from iepgen.audit.service import record
from iepgen.db.base import utcnow
from iepgen.errors import InvalidInput, NotFound
from iepgen.models import Assessment, Student
from iepgen.students.assessments import repository
from iepgen.students.assessments.rules import assessment_problems
from iepgen.students.assessments.schemas import AssessmentCreate, AssessmentUpdate
from iepgen.students.service import ensure_not_archived, get_accessible_student
from iepgen.users.service import Actor


def _check(student: Student, values: dict[str, Any], changed: set[str] | None = None) -> None:
    """Refuse every cross-field problem at once; on an update, only those the change
    touches (a score type changed now answers for the percentile kept with it)."""
    problems = assessment_problems(values, student.date_of_birth, today_utc())
    if changed is not None:
        touched = changed | ({"percentile"} if "score_type" in changed else set())
        problems = [p for p in problems if p.field and p.field[0] in touched]
    if problems:
        raise InvalidInput.of(problems)


async def _get(
    session: AsyncSession, actor: Actor, student_id: str, assessment_id: str
) -> tuple[Student, Assessment]:
    student = await get_accessible_student(session, actor, student_id)
    canonical = canonical_uuid(assessment_id)
    assessment = await repository.get(session, student.id, canonical) if canonical else None
    if assessment is None:
        raise NotFound("Assessment not found.")
    return student, assessment


async def create_assessment(
    session: AsyncSession, actor: Actor, student_id: str, body: AssessmentCreate
) -> Assessment:
    student = await get_accessible_student(session, actor, student_id)
    ensure_not_archived(student)
    _check(student, body.model_dump())
    assessment = Assessment(**body.column_values(), student_id=student.id, created_by=actor.id)
    session.add(assessment)
    await session.flush()
    await record(
        session,
        actor,
        "assessment.create",
        student_id=student.id,
        entity_type="assessment",
        entity_id=assessment.id,
        fields=sorted(body.model_fields_set),
    )
    return assessment


async def list_assessments(
    session: AsyncSession, actor: Actor, student_id: str, *, limit: int, offset: int
) -> tuple[list[Assessment], int]:
    student = await get_accessible_student(session, actor, student_id)
    assessments, total = await repository.page(session, student.id, limit=limit, offset=offset)
    await record(
        session,
        actor,
        "assessment.list",
        student_id=student.id,
        entity_type="student",
        entity_id=student.id,
        detail={"assessment_ids": [a.id for a in assessments]},
    )
    return assessments, total


async def read_assessment(
    session: AsyncSession, actor: Actor, student_id: str, assessment_id: str
) -> Assessment:
    student, assessment = await _get(session, actor, student_id, assessment_id)
    await record(
        session,
        actor,
        "assessment.read",
        student_id=student.id,
        entity_type="assessment",
        entity_id=assessment.id,
    )
    return assessment


async def update_assessment(
    session: AsyncSession,
    actor: Actor,
    student_id: str,
    assessment_id: str,
    body: AssessmentUpdate,
) -> Assessment:
    student, assessment = await _get(session, actor, student_id, assessment_id)
    ensure_not_archived(student)
    changes = body.changes()
    current = {
        "administered_on": assessment.administered_on,
        "score_type": assessment.score_type,
        "percentile": assessment.percentile,
        "subscores": assessment.subscores,
    }
    _check(student, {**current, **changes}, set(changes))
    changed = _apply(assessment, changes)
    if changed:
        assessment.updated_at = utcnow()
        await session.flush()
    await record(
        session,
        actor,
        "assessment.update",
        student_id=student.id,
        entity_type="assessment",
        entity_id=assessment.id,
        fields=changed,
    )
    return assessment


def _apply(assessment: Assessment, changes: dict[str, Any]) -> list[str]:
    changed: list[str] = []
    for name, value in sorted(changes.items()):
        if getattr(assessment, name) != value:
            setattr(assessment, name, value)
            changed.append(name)
    return changed


async def delete_assessment(
    session: AsyncSession, actor: Actor, student_id: str, assessment_id: str
) -> None:
    student, assessment = await _get(session, actor, student_id, assessment_id)
    await repository.remove(session, assessment.id)
    await record(
        session,
        actor,
        "assessment.delete",
        student_id=student.id,
        entity_type="assessment",
        entity_id=assessment.id,
    )
