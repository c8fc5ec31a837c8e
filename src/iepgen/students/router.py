"""`/api/v1/students`: the caller's caseload, and each student's access log."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from iepgen.api.deps import CurrentActor, PageDep, ReadSessionDep, SessionDep, SettingsDep
from iepgen.api.schemas import BAD_BODY, CONFLICT, FORBIDDEN, NOT_FOUND, UNAUTHORIZED, ErrorBody
from iepgen.ieps.repository import user_names
from iepgen.students import service
from iepgen.students.schemas import (
    AccessLogEntryOut,
    AccessLogPage,
    StudentCreate,
    StudentOut,
    StudentPage,
    StudentUpdate,
    TransferIn,
)

router = APIRouter(prefix="/api/v1/students", tags=["students"], responses=UNAUTHORIZED)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=StudentOut, responses=BAD_BODY)
async def create_student(
    body: StudentCreate, session: SessionDep, actor: CurrentActor, response: Response
) -> StudentOut:
    """Add a student to the caller's caseload (an admin may name the case manager)."""
    student = await service.create_student(session, actor, body)
    response.headers["Location"] = f"/api/v1/students/{student.id}"
    return StudentOut.of(student)


@router.get("", response_model=StudentPage)
async def list_students(
    session: SessionDep,
    actor: CurrentActor,
    page: PageDep,
    case_manager_id: Annotated[
        uuid.UUID | None, Query(description="Admin: only this case manager's students.")
    ] = None,
    include_archived: Annotated[
        bool, Query(description="Also list archived students (read-only records).")
    ] = False,
) -> StudentPage:
    """The caller's caseload by name; an admin sees every student."""
    students, total = await service.list_students(
        session,
        actor,
        limit=page.limit,
        offset=page.offset,
        case_manager_id=str(case_manager_id) if case_manager_id else None,
        include_archived=include_archived,
    )
    return StudentPage(
        items=[StudentOut.of(s) for s in students],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get("/{student_id}", response_model=StudentOut, responses=NOT_FOUND)
async def get_student(student_id: str, session: SessionDep, actor: CurrentActor) -> StudentOut:
    student = await service.read_student(session, actor, student_id)
    return StudentOut.of(student)


@router.patch(
    "/{student_id}", response_model=StudentOut, responses={**NOT_FOUND, **BAD_BODY, **CONFLICT}
)
async def update_student(
    student_id: str, body: StudentUpdate, session: SessionDep, actor: CurrentActor
) -> StudentOut:
    """Change some fields; each is validated as on create. An admin may reassign the student."""
    student = await service.update_student(session, actor, student_id, body)
    return StudentOut.of(student)


@router.delete(
    "/{student_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={
        **NOT_FOUND,
        409: {
            "model": ErrorBody,
            "description": "The student has a final IEP (a legal record): archive instead.",
        },
    },
)
async def delete_student(student_id: str, session: SessionDep, actor: CurrentActor) -> None:
    """Delete a student whose IEPs are all drafts, with their assessments, IEPs, generation
    jobs and cached answers (the access log keeps the ids). A final IEP: 409, archive."""
    await service.delete_student(session, actor, student_id)


@router.post(
    "/{student_id}/archive", response_model=StudentOut, responses={**NOT_FOUND, **CONFLICT}
)
async def archive_student(student_id: str, session: SessionDep, actor: CurrentActor) -> StudentOut:
    """Keep the student's records read-only and off the caseload (for final IEPs)."""
    return StudentOut.of(await service.archive_student(session, actor, student_id))


@router.post(
    "/{student_id}/transfer",
    response_model=StudentOut,
    responses={**NOT_FOUND, **FORBIDDEN, **CONFLICT, **BAD_BODY},
)
async def transfer_student(
    student_id: str, body: TransferIn, session: SessionDep, actor: CurrentActor
) -> StudentOut:
    """Admin: move the student, with their IEPs, to another case manager (audited)."""
    return StudentOut.of(
        await service.transfer_student(session, actor, student_id, body.case_manager_id)
    )


@router.post(
    "/{student_id}/purge",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={**NOT_FOUND, **FORBIDDEN, **CONFLICT},
)
async def purge_student(
    student_id: str, session: SessionDep, actor: CurrentActor, settings: SettingsDep
) -> None:
    """Admin: delete an archived student for good once RECORD_RETENTION_DAYS have passed."""
    await service.purge_student(
        session, actor, student_id, retention=timedelta(days=settings.record_retention_days)
    )


@router.get("/{student_id}/access-log", response_model=AccessLogPage, responses=NOT_FOUND)
async def get_access_log(
    student_id: str, session: ReadSessionDep, actor: CurrentActor, page: PageDep
) -> AccessLogPage:
    """Every read and change of the student's records, newest first: ids and field names only."""
    entries, total = await service.access_log(
        session, actor, student_id, limit=page.limit, offset=page.offset
    )
    names = await user_names(session, {e.actor_id for e in entries if e.actor_id})
    return AccessLogPage(
        items=[AccessLogEntryOut.of(e, viewer=actor, names=names) for e in entries],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )
