"""Reading one page of a list: the rows in order, and how many match in all (docs/api.md)."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")


async def fetch_page(
    session: AsyncSession, query: Select[T], *order_by: Any, limit: int, offset: int
) -> tuple[list[T], int]:
    """`query`'s rows `offset`…`offset + limit` in `order_by` order, and the total count."""
    total = (await session.execute(select(func.count()).select_from(query.subquery()))).scalar_one()
    rows = await session.scalars(query.order_by(*order_by).limit(limit).offset(offset))
    return list(rows), total
