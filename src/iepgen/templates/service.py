"""Templates: listing, reading, creating (with IDEA's required-section check)."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.api.fields import duplicate_items
from iepgen.audit.service import record
from iepgen.errors import InvalidInput, NotFound
from iepgen.models import Template
from iepgen.templates import repository
from iepgen.templates.builtin import (
    IDEA_STANDARD_DESCRIPTION,
    IDEA_STANDARD_ID,
    IDEA_STANDARD_SECTIONS,
    REQUIRED_SECTION_TYPES,
    SECTION_TYPES,
)
from iepgen.templates.schemas import TemplateCreate
from iepgen.users.service import Actor

# Template ids are UUIDs or slugs like `idea-standard`; anything else cannot exist (and a
# NUL byte in a path must not reach PostgreSQL, which would refuse it with an error).
_TEMPLATE_ID = re.compile(r"[A-Za-z0-9_.\-]{1,64}")


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
    template = None
    if _TEMPLATE_ID.fullmatch(template_id):
        template = await session.get(Template, template_id)
    if template is None:
        raise NotFound(f"Template '{template_id}' was not found.")
    return template


async def list_templates(session: AsyncSession) -> list[Template]:
    rows = await session.execute(select(Template).order_by(Template.builtin.desc(), Template.name))
    return list(rows.scalars())


async def list_templates_page(
    session: AsyncSession, *, limit: int, offset: int
) -> tuple[list[Template], int]:
    return await repository.page(session, limit=limit, offset=offset)


def missing_required_sections(section_types: list[str]) -> list[str]:
    """Required section types absent from `section_types`, in document order."""
    present = set(section_types)
    return [s for s in SECTION_TYPES if s in REQUIRED_SECTION_TYPES and s not in present]


async def create_template(session: AsyncSession, actor: Actor, body: TemplateCreate) -> Template:
    """A district template: every section IDEA requires, each once, in the order given."""
    section_types = [section.section_type for section in body.sections]
    duplicates = duplicate_items(list(section_types))
    if duplicates:
        raise InvalidInput(
            "Each section may appear once; repeated: " + ", ".join(duplicates) + ".",
            field=("sections",),
        )
    missing = missing_required_sections(list(section_types))
    if missing:
        raise InvalidInput(
            "Missing required sections: " + ", ".join(missing) + ".", field=("sections",)
        )
    template = Template(
        name=body.name,
        description=body.description,
        sections=[
            {
                "section_type": s.section_type,
                "title": s.title,
                "instructions": s.instructions or "",
            }
            for s in body.sections
        ],
        builtin=False,
        created_by=actor.id,
    )
    session.add(template)
    await session.flush()
    await record(session, actor, "template.create", entity_type="template", entity_id=template.id)
    return template
