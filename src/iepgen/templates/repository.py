"""Statements about templates. No rules and no commits."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.db.paging import fetch_page
from iepgen.models import Template


async def page(session: AsyncSession, *, limit: int, offset: int) -> tuple[list[Template], int]:
    """A page of templates, built-in ones first, then by name."""
    return await fetch_page(
        session,
        select(Template),
        Template.builtin.desc(),
        Template.name,
        Template.id,
        limit=limit,
        offset=offset,
    )
