"""Statements about an IEP's teachers and receipts. No rules and no commits."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.models import IEPTeacher, IEPTeacherReceipt

MAX_TEACHERS = 50


async def teachers(session: AsyncSession, iep_id: str) -> list[IEPTeacher]:
    rows = await session.execute(
        select(IEPTeacher)
        .where(IEPTeacher.iep_id == iep_id)
        .order_by(IEPTeacher.created_at, IEPTeacher.id)
        .limit(MAX_TEACHERS)
    )
    return list(rows.scalars())


async def teacher(session: AsyncSession, iep_id: str, teacher_id: str) -> IEPTeacher | None:
    row = await session.get(IEPTeacher, teacher_id)
    return row if row is not None and row.iep_id == iep_id else None


async def receipts(
    session: AsyncSession, teacher_ids: list[str]
) -> dict[str, list[IEPTeacherReceipt]]:
    if not teacher_ids:
        return {}
    rows = await session.execute(
        select(IEPTeacherReceipt)
        .where(IEPTeacherReceipt.teacher_id.in_(teacher_ids))
        .order_by(IEPTeacherReceipt.recorded_at.desc(), IEPTeacherReceipt.id)
    )
    grouped: dict[str, list[IEPTeacherReceipt]] = defaultdict(list)
    for receipt in rows.scalars():
        grouped[receipt.teacher_id].append(receipt)
    return grouped


async def count(session: AsyncSession, iep_id: str) -> int:
    return len(await teachers(session, iep_id))
