"""Autosaved section edits: kept per person and section until saved as a version.

A draft holds what a teacher typed into a section's edit form, so closing the tab or
losing the connection loses nothing. It is private to its author, never part of the
IEP, and deleted when the section is saved (by any route) or the author discards it.
Every write and restore is audited like any other access to the student's records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.api.fields import printable_text
from iepgen.audit.service import record
from iepgen.db.base import utcnow
from iepgen.errors import Conflict, InvalidInput
from iepgen.ieps.service import FINAL_IS_READ_ONLY, get_accessible_iep
from iepgen.models import IEP, SectionEditDraft
from iepgen.users.service import Actor

# A section form has at most a few hundred fields; these bound what one autosave stores.
MAX_FIELDS: Final = 2000
MAX_VALUE_CHARS: Final = 20_000
NOT_DRAFTED: Final = frozenset({"csrf_token", "base_version"})


@dataclass(frozen=True)
class EditDraft:
    """What was autosaved, when, and on which version of the IEP."""

    fields: list[tuple[str, str]]
    base_version: int
    saved_at: datetime


def _clean(fields: list[tuple[str, str]]) -> list[tuple[str, str]]:
    kept = [(name, value) for name, value in fields if name not in NOT_DRAFTED]
    if len(kept) > MAX_FIELDS or any(len(value) > MAX_VALUE_CHARS for _, value in kept):
        raise InvalidInput("This edit is too large to autosave.", field=("form",))
    # NUL and lone surrogates cannot be stored; the form's own save reports them by field.
    return [
        (printable_text(name), printable_text(value).replace("\x00", ""))
        for name, value in kept
        if "\x00" not in name
    ]


async def _row(
    session: AsyncSession, iep: IEP, section_type: str, actor: Actor
) -> SectionEditDraft | None:
    found = await session.execute(
        select(SectionEditDraft).where(
            SectionEditDraft.iep_id == iep.id,
            SectionEditDraft.section_type == section_type,
            SectionEditDraft.user_id == actor.id,
        )
    )
    return found.scalar_one_or_none()


async def save_draft(
    session: AsyncSession,
    actor: Actor,
    iep_id: str,
    section_type: str,
    fields: list[tuple[str, str]],
    base_version: int,
) -> EditDraft:
    """Keep `fields` as `actor`'s draft of the section, replacing any earlier one."""
    iep = await get_accessible_iep(session, actor, iep_id)
    if iep.status == "final":
        raise Conflict(FINAL_IS_READ_ONLY)
    kept = _clean(fields)
    row = await _row(session, iep, section_type, actor)
    if row is None:
        row = SectionEditDraft(iep_id=iep.id, section_type=section_type, user_id=actor.id)
        session.add(row)
    row.form = {"fields": [list(pair) for pair in kept]}
    row.base_version = base_version
    row.saved_at = utcnow()
    await session.flush()
    await record(
        session,
        actor,
        "iep.section_draft_save",
        student_id=iep.student_id,
        entity_type="iep",
        entity_id=iep.id,
        detail={"section_type": section_type},
    )
    return EditDraft(kept, base_version, row.saved_at)


async def find_draft(
    session: AsyncSession, actor: Actor, iep: IEP, section_type: str
) -> EditDraft | None:
    """`actor`'s draft of the section, if any (the caller has checked access to `iep`)."""
    row = await _row(session, iep, section_type, actor)
    if row is None:
        return None
    fields = [(str(pair[0]), str(pair[1])) for pair in row.form.get("fields", [])]
    return EditDraft(fields, row.base_version, row.saved_at)


async def restore_draft(
    session: AsyncSession, actor: Actor, iep: IEP, section_type: str
) -> EditDraft | None:
    """The draft for the form to show again; the restore is audited."""
    draft = await find_draft(session, actor, iep, section_type)
    if draft is not None:
        await record(
            session,
            actor,
            "iep.section_draft_restore",
            student_id=iep.student_id,
            entity_type="iep",
            entity_id=iep.id,
            detail={"section_type": section_type},
        )
    return draft


async def discard_draft(
    session: AsyncSession, actor: Actor, iep: IEP, section_type: str, *, saved: bool = False
) -> None:
    """Delete `actor`'s draft of the section (`saved`: it became a version)."""
    result = await session.execute(
        delete(SectionEditDraft).where(
            SectionEditDraft.iep_id == iep.id,
            SectionEditDraft.section_type == section_type,
            SectionEditDraft.user_id == actor.id,
        )
    )
    if getattr(result, "rowcount", 0) and not saved:
        await record(
            session,
            actor,
            "iep.section_draft_discard",
            student_id=iep.student_id,
            entity_type="iep",
            entity_id=iep.id,
            detail={"section_type": section_type},
        )
