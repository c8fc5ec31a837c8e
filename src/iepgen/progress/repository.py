"""Statements about progress points and plans. No rules and no commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.db.paging import fetch_page
from iepgen.models import ProgressPlan, ProgressPoint


async def points_of(
    session: AsyncSession, iep_id: str, goal_number: int | None = None
) -> list[ProgressPoint]:
    """The IEP's points (of one goal when given), oldest first."""
    query = select(ProgressPoint).where(ProgressPoint.iep_id == iep_id)
    if goal_number is not None:
        query = query.where(ProgressPoint.goal_number == goal_number)
    rows = await session.execute(
        query.order_by(
            ProgressPoint.goal_number, ProgressPoint.measured_on, ProgressPoint.created_at
        )
    )
    return list(rows.scalars())


async def point_keys(session: AsyncSession, iep_id: str) -> set[tuple[int, date, float]]:
    """(goal, date, value) of every point the IEP holds."""
    rows = await session.execute(
        select(ProgressPoint.goal_number, ProgressPoint.measured_on, ProgressPoint.value).where(
            ProgressPoint.iep_id == iep_id
        )
    )
    return {(row.goal_number, row.measured_on, row.value) for row in rows}


async def points_page(
    session: AsyncSession, iep_id: str, goal_number: int, *, limit: int, offset: int
) -> tuple[list[ProgressPoint], int]:
    """A page of one goal's points, oldest first."""
    return await fetch_page(
        session,
        select(ProgressPoint).where(
            ProgressPoint.iep_id == iep_id, ProgressPoint.goal_number == goal_number
        ),
        ProgressPoint.measured_on,
        ProgressPoint.created_at,
        ProgressPoint.id,
        limit=limit,
        offset=offset,
    )


def add(session: AsyncSession, point: ProgressPoint) -> None:
    session.add(point)


async def add_many(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Many points in one executemany statement (an import of thousands of rows).

    A Core insert on the table: the ORM's bulk path would turn each dict into mapper
    state first, which costs more than the insert itself at 10,000 rows.
    """
    if rows:
        table = ProgressPoint.__table__
        assert isinstance(table, Table)
        await session.execute(insert(table), list(rows))


async def get_point(session: AsyncSession, iep_id: str, point_id: str) -> ProgressPoint | None:
    return (
        await session.execute(
            select(ProgressPoint).where(
                ProgressPoint.id == point_id, ProgressPoint.iep_id == iep_id
            )
        )
    ).scalar_one_or_none()


async def delete_point(session: AsyncSession, point: ProgressPoint) -> None:
    await session.execute(delete(ProgressPoint).where(ProgressPoint.id == point.id))


async def plans_of(session: AsyncSession, iep_id: str) -> list[ProgressPlan]:
    rows = await session.execute(select(ProgressPlan).where(ProgressPlan.iep_id == iep_id))
    return list(rows.scalars())


async def plan_for(
    session: AsyncSession, iep_id: str, goal_number: int, period: int
) -> ProgressPlan | None:
    return (
        await session.execute(
            select(ProgressPlan).where(
                ProgressPlan.iep_id == iep_id,
                ProgressPlan.goal_number == goal_number,
                ProgressPlan.period == period,
            )
        )
    ).scalar_one_or_none()
