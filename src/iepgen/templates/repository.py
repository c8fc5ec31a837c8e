"""Statements about templates. No rules and no commits."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.models import Template


async def page(session: AsyncSession, *, limit: int, offset: int) -> tuple[list[Template], int]:
    """A page of templates, built-in ones first, then by name."""
    total = (await session.execute(select(func.count()).select_from(Template))).scalar_one()
    rows = await session.execute(
        select(Template)
        .order_by(Template.builtin.desc(), Template.name, Template.id)
        .limit(limit)
        .offset(offset)
    )
    return list(rows.scalars()), total
