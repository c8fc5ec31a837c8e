"""Writing and reading audit entries. Ids and field names only: never content."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.db.paging import fetch_page
from iepgen.models import AuditEntry
from iepgen.users.service import Actor


async def record(
    session: AsyncSession,
    actor: Actor | None,
    action: str,
    *,
    student_id: str | None = None,
    entity_type: str | None = None,
    entity_id: str | None = None,
    fields: Sequence[str] = (),
    detail: dict[str, Any] | None = None,
) -> None:
    """Add an entry to the caller's transaction: it commits (or not) with what it records."""
    session.add(
        AuditEntry(
            actor_id=(actor.id or None) if actor else None,
            actor_role=actor.role if actor else "system",
            action=action,
            student_id=student_id,
            entity_type=entity_type,
            entity_id=entity_id,
            fields=list(fields),
            detail=detail or {},
        )
    )


async def entries_for_student(
    session: AsyncSession, student_id: str, *, limit: int, offset: int
) -> tuple[list[AuditEntry], int]:
    query = select(AuditEntry).where(AuditEntry.student_id == student_id)
    return await fetch_page(
        session, query, AuditEntry.at.desc(), AuditEntry.id.desc(), limit=limit, offset=offset
    )
