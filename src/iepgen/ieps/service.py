"""IEP records: storing versions (for the generation pipeline and edits) and who may see them.

Every change makes a new version holding a full snapshot of the sections, so any version
reads back exactly as it was. The write functions here only store: the caller computes
compliance and records the audit entry, all in its own unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.api.fields import canonical_uuid, duplicate_items
from iepgen.db.base import utcnow
from iepgen.errors import Conflict, NotFound
from iepgen.ieps import repository
from iepgen.models import IEP, IEPSection, IEPVersion
from iepgen.users.service import Actor

if TYPE_CHECKING:
    from iepgen.sections.dates import IEPDates

IEP_NOT_FOUND = "IEP not found."
FINAL_IS_READ_ONLY = "This IEP is final and can no longer be changed."


@dataclass(frozen=True)
class SectionDraft:
    """One section as a generator or a teacher wrote it, ready to store."""

    section_type: str
    title: str
    content: dict[str, Any]
    text: str
    generated_by: str
    edited: bool = False
    # A teacher's own edit counts as their review of that section.
    reviewed_by: str | None = None


def _section_row(draft: SectionDraft, *, iep_id: str, version: int, position: int) -> IEPSection:
    return IEPSection(
        iep_id=iep_id,
        version=version,
        section_type=draft.section_type,
        position=position,
        title=draft.title,
        content=draft.content,
        text=draft.text,
        generated_by=draft.generated_by,
        generated_at=utcnow(),
        edited=draft.edited,
        reviewed_by=draft.reviewed_by,
        reviewed_at=utcnow() if draft.reviewed_by else None,
    )


def _check_unique(sections: list[SectionDraft]) -> None:
    repeated = duplicate_items([s.section_type for s in sections])
    if repeated:
        raise ValueError(f"section types given more than once: {', '.join(repeated)}")


async def create_iep(
    session: AsyncSession,
    *,
    student_id: str,
    template_id: str,
    academic_year: str,
    sections: list[SectionDraft],
    compliance: dict[str, Any],
    created_by: str | None,
    source_job_id: str | None,
    generated_with: dict[str, Any],
    dates: IEPDates | None = None,
    decisions: dict[str, Any] | None = None,
) -> IEP:
    """Store a new draft IEP as version 1 (change "generated"), sections in the order given.

    `source_job_id` is unique: a job that runs twice cannot store two IEPs (the second
    flush raises IntegrityError; check `iep_for_job` first to answer with the first one).
    """
    if not sections:
        raise ValueError("an IEP needs at least one section")
    _check_unique(sections)
    now = utcnow()
    iep = IEP(
        student_id=student_id,
        template_id=template_id,
        academic_year=academic_year,
        status="draft",
        version=1,
        source_job_id=source_job_id,
        compliance=compliance,
        generated_with=generated_with,
        created_by=created_by,
        created_at=now,
        updated_at=now,
        decisions=decisions or {},
    )
    if dates is not None:
        iep.meeting_date = dates.meeting
        iep.start_date = dates.start
        iep.end_date = dates.end
        iep.annual_review_due = dates.annual_review_due
        iep.reevaluation_due = dates.reevaluation_due
    session.add(iep)
    await session.flush()
    session.add_all(
        _section_row(draft, iep_id=iep.id, version=1, position=index)
        for index, draft in enumerate(sections)
    )
    session.add(
        IEPVersion(
            iep_id=iep.id,
            version=1,
            change="generated",
            changed_sections=[s.section_type for s in sections],
            compliance=compliance,
            created_by=created_by,
            job_id=source_job_id,
            created_at=now,
        )
    )
    await session.flush()
    return iep


async def add_version(
    session: AsyncSession,
    iep: IEP,
    *,
    changed: list[SectionDraft],
    change: str,
    compliance: dict[str, Any],
    actor_id: str | None,
    job_id: str | None = None,
    note: str | None = None,
) -> IEP:
    """Store the next version: the previous sections with `changed` replacing their type.

    Locks the IEP row first (PostgreSQL), so concurrent edits queue up instead of racing
    for the same version number; raises Conflict if the IEP is final.
    """
    _check_unique(changed)
    locked = (
        await session.execute(
            select(IEP.version, IEP.status).where(IEP.id == iep.id).with_for_update()
        )
    ).one()
    if locked.status == "final":
        raise Conflict(FINAL_IS_READ_ONLY)
    previous = await repository.sections_at(session, iep.id, locked.version)
    number = locked.version + 1
    replacements = {draft.section_type: draft for draft in changed}
    rows: list[IEPSection] = []
    for old in previous:
        draft = replacements.pop(old.section_type, None)
        if draft is not None:
            rows.append(_section_row(draft, iep_id=iep.id, version=number, position=old.position))
        else:
            rows.append(_copy(old, number))
    position = max((row.position for row in rows), default=-1) + 1
    for draft in changed:
        if draft.section_type in replacements:  # a section the template gained since
            rows.append(_section_row(draft, iep_id=iep.id, version=number, position=position))
            position += 1
    now = utcnow()
    session.add_all(rows)
    session.add(
        IEPVersion(
            iep_id=iep.id,
            version=number,
            change=change,
            changed_sections=[d.section_type for d in changed],
            note=note,
            compliance=compliance,
            created_by=actor_id,
            job_id=job_id,
            created_at=now,
        )
    )
    iep.version = number
    iep.compliance = compliance
    iep.updated_at = now
    await session.flush()
    return iep


def _copy(section: IEPSection, version: int) -> IEPSection:
    return IEPSection(
        iep_id=section.iep_id,
        version=version,
        section_type=section.section_type,
        position=section.position,
        title=section.title,
        content=section.content,
        text=section.text,
        generated_by=section.generated_by,
        generated_at=section.generated_at,
        edited=section.edited,
        reviewed_by=section.reviewed_by,
        reviewed_at=section.reviewed_at,
    )


async def current_sections(session: AsyncSession, iep: IEP) -> list[IEPSection]:
    """The sections of the IEP's current version, in document order."""
    return await repository.sections_at(session, iep.id, iep.version)


async def iep_for_job(session: AsyncSession, job_id: str) -> IEP | None:
    """The IEP a job already stored, if any (a rescued job must not store a second one)."""
    return await repository.for_job(session, job_id)


async def get_accessible_iep(
    session: AsyncSession, actor: Actor, iep_id: str, *, lock: bool = False
) -> IEP:
    """The IEP if `actor` may see it (case manager of its student, or admin); else NotFound."""
    canonical = canonical_uuid(iep_id)
    iep = await repository.get(session, canonical, lock=lock) if canonical else None
    if iep is None:
        raise NotFound(IEP_NOT_FOUND)
    if not actor.is_admin and await repository.case_manager_of(session, iep.student_id) != (
        actor.id
    ):
        raise NotFound(IEP_NOT_FOUND)
    return iep
