"""The caseload: who may see which student, and the rules for creating and changing one.

A teacher reaches only the students they manage; any other id answers exactly like an
unknown one (NotFound), so ids reveal nothing. Every read and change is audited in the
caller's transaction (IDEA §300.614): ids and field names, never values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.api.fields import canonical_uuid, today_utc
from iepgen.audit.service import entries_for_student, record
from iepgen.db.base import utcnow
from iepgen.errors import Conflict, Forbidden, InvalidInput, NotFound
from iepgen.models import AuditEntry, Student
from iepgen.students import repository
from iepgen.students.rules import as_date, student_problems
from iepgen.students.schemas import StudentCreate, StudentUpdate
from iepgen.users.service import Actor, get_user

log = structlog.get_logger("iepgen.students")

STUDENT_NOT_FOUND = "Student not found."


ARCHIVED_IS_READ_ONLY = (
    "This student is archived: their records are kept read-only as a legal record."
)


async def get_accessible_student(session: AsyncSession, actor: Actor, student_id: str) -> Student:
    """The student if `actor` may see them (their case manager, or an admin); else NotFound."""
    canonical = canonical_uuid(student_id)
    student = await repository.get(session, canonical) if canonical else None
    if student is None or not (actor.is_admin or student.case_manager_id == actor.id):
        raise NotFound(STUDENT_NOT_FOUND)
    return student


def ensure_not_archived(student: Student) -> None:
    """Conflict for any change to an archived student's records."""
    if student.archived_at is not None:
        raise Conflict(ARCHIVED_IS_READ_ONLY)


async def _check_case_manager(session: AsyncSession, actor: Actor, user_id: str) -> str:
    if not actor.is_admin:
        raise InvalidInput(
            "Only an administrator can assign a case manager.", field=("case_manager_id",)
        )
    canonical = canonical_uuid(user_id)
    user = await get_user(session, canonical) if canonical else None
    if user is None or not user.is_active or user.role not in ("teacher", "admin"):
        raise InvalidInput(
            "case_manager_id must be the id of an active teacher or administrator.",
            field=("case_manager_id",),
        )
    return user.id


def _check_secondary(primary: str, secondary: Sequence[str]) -> None:
    if primary in secondary:
        raise InvalidInput(
            f"secondary_disabilities repeats the primary category '{primary}'.",
            field=("secondary_disabilities",),
        )


async def create_student(session: AsyncSession, actor: Actor, body: StudentCreate) -> Student:
    values = body.column_values(
        name for name in type(body).model_fields if name != "case_manager_id"
    )
    case_manager_id = actor.id
    if body.case_manager_id is not None:
        case_manager_id = await _check_case_manager(session, actor, body.case_manager_id)
    _check_secondary(body.disability_category, body.secondary_disabilities)
    problems = student_problems(body.model_dump(), today_utc())
    if problems:
        raise InvalidInput.of(problems)
    student = Student(**values, case_manager_id=case_manager_id)
    session.add(student)
    await session.flush()
    await record(
        session,
        actor,
        "student.create",
        student_id=student.id,
        entity_type="student",
        entity_id=student.id,
        fields=sorted(body.model_fields_set),
    )
    log.info("student.created", student_id=student.id, case_manager_id=case_manager_id)
    return student


async def read_student(session: AsyncSession, actor: Actor, student_id: str) -> Student:
    student = await get_accessible_student(session, actor, student_id)
    await record(
        session,
        actor,
        "student.read",
        student_id=student.id,
        entity_type="student",
        entity_id=student.id,
    )
    return student


async def list_students(
    session: AsyncSession,
    actor: Actor,
    *,
    limit: int,
    offset: int,
    case_manager_id: str | None = None,
    include_archived: bool = False,
) -> tuple[list[Student], int]:
    """The caller's caseload (an admin: everyone, or one case manager's); audited per student."""
    if actor.is_admin:
        scope = case_manager_id
    elif case_manager_id is not None and case_manager_id != actor.id:
        return [], 0  # a teacher's list never reaches past their own caseload
    else:
        scope = actor.id
    students, total = await repository.page(
        session,
        case_manager_id=scope,
        limit=limit,
        offset=offset,
        include_archived=include_archived,
    )
    for student in students:
        await record(
            session,
            actor,
            "student.list",
            student_id=student.id,
            entity_type="student",
            entity_id=student.id,
        )
    return students, total


async def update_student(
    session: AsyncSession, actor: Actor, student_id: str, body: StudentUpdate
) -> Student:
    student = await get_accessible_student(session, actor, student_id)
    ensure_not_archived(student)
    changes = body.changes()
    if "case_manager_id" in changes:
        changes["case_manager_id"] = await _check_case_manager(
            session, actor, changes["case_manager_id"]
        )
    _check_secondary(
        changes.get("disability_category", student.disability_category),
        changes.get("secondary_disabilities", student.secondary_disabilities),
    )
    if "date_of_birth" in changes or "grade_level" in changes:
        profile = {
            "date_of_birth": changes.get("date_of_birth", student.date_of_birth),
            "grade_level": changes.get("grade_level", student.grade_level),
        }
        problems = await profile_problems(session, student, profile)
        if problems:
            raise InvalidInput.of(problems)
    changed = _apply(student, changes)
    if changed:
        student.updated_at = utcnow()
        await session.flush()
    await record(
        session,
        actor,
        "student.update",
        student_id=student.id,
        entity_type="student",
        entity_id=student.id,
        fields=changed,
    )
    return student


async def profile_problems(
    session: AsyncSession, student: Student | None, values: Mapping[str, Any]
) -> list[InvalidInput]:
    """The profile rules that weigh fields against each other and against the student's
    assessments, on whatever of `values` is readable (a form shows them with the fields'
    own errors, in one round)."""
    problems: list[InvalidInput] = []
    born = as_date(values.get("date_of_birth"))
    if student is not None and born is not None:
        earliest = await repository.earliest_assessment_date(session, student.id)
        if earliest is not None and born > earliest:
            problems.append(
                InvalidInput(
                    "date_of_birth is after the date of one of the student's assessments "
                    f"({earliest:%Y-%m-%d}); check the year of birth.",
                    field=("date_of_birth",),
                )
            )
    return problems + student_problems(values, today_utc())


def _apply(student: Student, changes: dict[str, Any]) -> list[str]:
    """Set the values that differ; return the names of the fields that changed."""
    changed: list[str] = []
    for name, value in sorted(changes.items()):
        if getattr(student, name) != value:
            setattr(student, name, value)
            changed.append(name)
    return changed


async def delete_student(session: AsyncSession, actor: Actor, student_id: str) -> None:
    """Delete a student whose IEPs are all drafts, with every copy of their data.

    A final IEP is a legal record: a student with one is archived, never deleted here
    (Conflict), and only an administrator purges them after the retention period.
    """
    student = await get_accessible_student(session, actor, student_id)
    if student.archived_at is not None:
        raise Conflict(
            "This student is archived; an administrator purges archived records once the "
            "retention period has passed."
        )
    if await repository.has_final_iep(session, student.id):
        raise Conflict(
            "This student has a final IEP, which is a legal record, so they cannot be deleted. "
            f"Archive them instead (POST /api/v1/students/{student.id}/archive)."
        )
    await _remove(session, actor, student, "student.delete", "student.deleted")


async def _remove(
    session: AsyncSession, actor: Actor, student: Student, action: str, event: str
) -> None:
    removed = await repository.dependent_ids(session, student.id)
    purged = await repository.remove(session, student.id, removed["iep_ids"])
    await record(
        session,
        actor,
        action,
        student_id=student.id,
        entity_type="student",
        entity_id=student.id,
        detail={**removed, **purged},
    )
    log.info(
        event,
        student_id=student.id,
        **{k: len(v) for k, v in removed.items()},
        **purged,
    )


async def archive_student(session: AsyncSession, actor: Actor, student_id: str) -> Student:
    """Keep the student's records read-only and off the caseload lists (case manager or admin)."""
    student = await get_accessible_student(session, actor, student_id)
    if student.archived_at is None:
        student.archived_at = utcnow()
        student.archived_by = actor.id
        await session.flush()
        await record(
            session,
            actor,
            "student.archive",
            student_id=student.id,
            entity_type="student",
            entity_id=student.id,
        )
        log.info("student.archived", student_id=student.id)
    return student


async def transfer_student(
    session: AsyncSession, actor: Actor, student_id: str, case_manager_id: str
) -> Student:
    """Move the student to another case manager (administrator), with their IEPs; audited."""
    student = await get_accessible_student(session, actor, student_id)
    if not actor.is_admin:
        raise Forbidden("Only an administrator can transfer a student to another case manager.")
    ensure_not_archived(student)
    target = await _check_case_manager(session, actor, case_manager_id)
    previous = student.case_manager_id
    if target == previous:
        raise InvalidInput(
            "case_manager_id is already this student's case manager.", field=("case_manager_id",)
        )
    student.case_manager_id = target
    student.updated_at = utcnow()
    await session.flush()
    await record(
        session,
        actor,
        "student.transfer",
        student_id=student.id,
        entity_type="student",
        entity_id=student.id,
        fields=["case_manager_id"],
        detail={"from_case_manager_id": previous, "to_case_manager_id": target},
    )
    log.info("student.transferred", student_id=student.id, to_case_manager_id=target)
    return student


async def purge_student(
    session: AsyncSession, actor: Actor, student_id: str, *, retention: timedelta
) -> None:
    """Delete an archived student for good once the retention period has passed (admin)."""
    student = await get_accessible_student(session, actor, student_id)
    if not actor.is_admin:
        raise Forbidden("Only an administrator can purge a student's records.")
    if student.archived_at is None:
        raise Conflict("Only an archived student can be purged; archive them first.")
    allowed_from = student.archived_at + retention
    if utcnow() < allowed_from:
        raise Conflict(
            "This student's records are within the retention period: they can be purged "
            f"from {allowed_from.date().isoformat()} (RECORD_RETENTION_DAYS)."
        )
    await _remove(session, actor, student, "student.purge", "student.purged")


async def access_log(
    session: AsyncSession, actor: Actor, student_id: str, *, limit: int, offset: int
) -> tuple[list[AuditEntry], int]:
    """Who read or changed the student's records, newest first (case manager and admins).

    An admin can still read the log of a deleted student: the log outlives the records.
    """
    try:
        student = await get_accessible_student(session, actor, student_id)
    except NotFound:
        canonical = canonical_uuid(student_id)
        if not actor.is_admin or canonical is None:
            raise
        entries, total = await entries_for_student(session, canonical, limit=limit, offset=offset)
        if total == 0:
            raise
        return entries, total
    return await entries_for_student(session, student.id, limit=limit, offset=offset)
