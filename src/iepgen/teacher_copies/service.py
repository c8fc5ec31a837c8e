"""An IEP's general-education teachers, their one-page summaries and receipts (§300.323(d))."""

from __future__ import annotations

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.audit.service import record
from iepgen.config import Settings
from iepgen.db import Database
from iepgen.db.base import utcnow
from iepgen.documents.at_a_glance import build_at_a_glance
from iepgen.documents.service import RENDERINGS, DocumentFile, audit, load_context, render
from iepgen.errors import Conflict, NotFound
from iepgen.export.names import file_name
from iepgen.ieps import repository as iep_rows
from iepgen.ieps.service import get_accessible_iep
from iepgen.models import IEP, IEPTeacher, IEPTeacherReceipt
from iepgen.users.service import Actor

from . import repository
from .schemas import ReceiptIn, ReceiptOut, TeacherIn, TeacherOut

log = structlog.get_logger("iepgen.teacher_copies")
TEACHER_NOT_FOUND = "Teacher not found for this IEP."


async def _out(session: AsyncSession, iep: IEP, rows: list[IEPTeacher]) -> list[TeacherOut]:
    grouped = await repository.receipts(session, [t.id for t in rows])
    names = await iep_rows.user_names(
        session, {r.recorded_by for group in grouped.values() for r in group if r.recorded_by}
    )
    result = []
    for row in rows:
        receipts = grouped.get(row.id, [])
        result.append(
            TeacherOut(
                id=row.id,
                iep_id=row.iep_id,
                teacher_name=row.teacher_name,
                class_name=row.class_name,
                areas=list(row.areas or []),
                created_at=row.created_at,
                has_current_version=any(r.iep_version == iep.version for r in receipts),
                receipts=[
                    ReceiptOut(
                        id=r.id,
                        iep_version=r.iep_version,
                        iep_status=r.iep_status,
                        received_on=r.received_on,
                        recorded_at=r.recorded_at,
                        recorded_by=names.get(r.recorded_by or "") if r.recorded_by else None,
                    )
                    for r in receipts
                ],
            )
        )
    return result


async def list_teachers(session: AsyncSession, actor: Actor, iep_id: str) -> list[TeacherOut]:
    iep = await get_accessible_iep(session, actor, iep_id)
    return await _out(session, iep, await repository.teachers(session, iep.id))


async def add_teacher(
    session: AsyncSession, actor: Actor, iep_id: str, body: TeacherIn
) -> TeacherOut:
    iep = await get_accessible_iep(session, actor, iep_id)
    if await repository.count(session, iep.id) >= repository.MAX_TEACHERS:
        raise Conflict(f"An IEP can list at most {repository.MAX_TEACHERS} teachers.")
    row = IEPTeacher(
        iep_id=iep.id,
        teacher_name=body.teacher_name,
        class_name=body.class_name,
        areas=list(body.areas),
        created_by=actor.id,
        created_at=utcnow(),
    )
    session.add(row)
    await session.flush()
    await record(
        session,
        actor,
        "iep.teacher_added",
        student_id=iep.student_id,
        entity_type="iep",
        entity_id=iep.id,
        detail={"teacher_id": row.id},
    )
    return (await _out(session, iep, [row]))[0]


async def remove_teacher(session: AsyncSession, actor: Actor, iep_id: str, teacher_id: str) -> None:
    iep = await get_accessible_iep(session, actor, iep_id)
    row = await repository.teacher(session, iep.id, teacher_id)
    if row is None:
        raise NotFound(TEACHER_NOT_FOUND)
    if (await repository.receipts(session, [row.id])).get(row.id):
        raise Conflict(
            "This teacher has received the IEP summary; the receipt is a record and is kept."
        )
    await session.delete(row)
    await record(
        session,
        actor,
        "iep.teacher_removed",
        student_id=iep.student_id,
        entity_type="iep",
        entity_id=iep.id,
        detail={"teacher_id": teacher_id},
    )


async def record_receipt(
    session: AsyncSession,
    actor: Actor,
    settings: Settings,
    iep_id: str,
    teacher_id: str,
    body: ReceiptIn,
) -> TeacherOut:
    """That the teacher received the summary of the IEP's current version."""
    iep = await get_accessible_iep(session, actor, iep_id)
    row = await repository.teacher(session, iep.id, teacher_id)
    if row is None:
        raise NotFound(TEACHER_NOT_FOUND)
    receipt = IEPTeacherReceipt(
        teacher_id=row.id,
        iep_id=iep.id,
        iep_version=iep.version,
        iep_status=iep.status,
        received_on=body.received_on or settings.school_today(),
        recorded_by=actor.id,
        recorded_at=utcnow(),
    )
    session.add(receipt)
    await session.flush()
    await record(
        session,
        actor,
        "iep.teacher_received",
        student_id=iep.student_id,
        entity_type="iep",
        entity_id=iep.id,
        detail={"teacher_id": row.id, "version": iep.version},
    )
    return (await _out(session, iep, [row]))[0]


async def at_a_glance(
    session: AsyncSession,
    database: Database,
    actor: Actor,
    settings: Settings,
    iep_id: str,
    teacher_id: str,
    document_format: str,
) -> DocumentFile:
    iep, context = await load_context(session, actor, settings, iep_id)
    row = await repository.teacher(session, iep.id, teacher_id)
    if row is None:
        raise NotFound(TEACHER_NOT_FOUND)
    document = build_at_a_glance(
        context, teacher_name=row.teacher_name, class_name=row.class_name, areas=list(row.areas)
    )
    content = await render(document, document_format)
    await audit(
        database,
        actor,
        iep,
        "iep.document",
        {"kind": "at-a-glance", "format": document_format, "teacher_id": row.id},
    )
    log.info("iep.at_a_glance", iep_id=iep.id, teacher_id=row.id, format=document_format)
    return DocumentFile(
        content=content,
        media_type=RENDERINGS[document_format][1],
        filename=file_name(context.iep, f"IEP-at-a-glance-{row.id[:4]}", document_format),
        language="en",
        translation="original",
    )
