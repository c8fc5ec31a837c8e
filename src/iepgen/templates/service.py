"""Templates: listing, reading, creating (with IDEA's required-section check)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.errors import NotFound
from iepgen.models import Template
from iepgen.templates.builtin import (
    IDEA_STANDARD_DESCRIPTION,
    IDEA_STANDARD_ID,
    IDEA_STANDARD_SECTIONS,
)


async def ensure_builtin_templates(session: AsyncSession) -> None:
    """Create or refresh `idea-standard` so it always matches the code's section list."""
    template = await session.get(Template, IDEA_STANDARD_ID)
    if template is None:
        session.add(
            Template(
                id=IDEA_STANDARD_ID,
                name="IDEA standard IEP",
                description=IDEA_STANDARD_DESCRIPTION,
                sections=[dict(section) for section in IDEA_STANDARD_SECTIONS],
                builtin=True,
            )
        )
    elif template.sections != IDEA_STANDARD_SECTIONS:
        template.sections = [dict(section) for section in IDEA_STANDARD_SECTIONS]
    await session.flush()


async def get_template(session: AsyncSession, template_id: str) -> Template:
    template = await session.get(Template, template_id)
    if template is None:
        raise NotFound(f"Template '{template_id}' was not found.")
    return template


async def list_templates(session: AsyncSession) -> list[Template]:
    rows = await session.execute(select(Template).order_by(Template.builtin.desc(), Template.name))
    return list(rows.scalars())


def section_titles(template: Template) -> dict[str, str]:
    return {s["section_type"]: s["title"] for s in template.sections}


def section_instructions(template: Template) -> dict[str, Any]:
    return {s["section_type"]: s.get("instructions", "") for s in template.sections}
