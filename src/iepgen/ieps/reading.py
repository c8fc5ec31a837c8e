"""Reading IEPs and their history: scoped to the caller's caseload and audited per record."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.audit.service import record
from iepgen.errors import NotFound
from iepgen.ieps import repository
from iepgen.ieps.presenter import iep_out, version_out
from iepgen.ieps.schemas import IEPOut, VersionOut
from iepgen.ieps.service import get_accessible_iep
from iepgen.models import IEP, IEPSection
from iepgen.students.service import get_accessible_student
from iepgen.users.service import Actor


async def _finalizer_names(session: AsyncSession, ieps: list[IEP]) -> dict[str, str]:
    return await repository.user_names(session, {i.finalized_by for i in ieps if i.finalized_by})


async def _reviewer_names(session: AsyncSession, sections: list[IEPSection]) -> dict[str, str]:
    return await repository.user_names(session, {s.reviewed_by for s in sections if s.reviewed_by})


async def list_ieps(
    session: AsyncSession,
    actor: Actor,
    *,
    student_id: str | None,
    status: str | None,
    limit: int,
    offset: int,
) -> tuple[list[IEPOut], int]:
    """IEPs of the caller's students (an admin: everyone's), newest first."""
    if student_id is not None:
        student_id = (await get_accessible_student(session, actor, student_id)).id
    ieps, total = await repository.page(
        session,
        case_manager_id=None if actor.is_admin else actor.id,
        student_id=student_id,
        status=status,
        limit=limit,
        offset=offset,
    )
    sections = await repository.current_sections_of(session, ieps)
    names = await _finalizer_names(session, ieps)
    reviewers = await _reviewer_names(session, [s for group in sections.values() for s in group])
    bodies: list[IEPOut] = []
    for iep in ieps:
        await record(
            session,
            actor,
            "iep.list",
            student_id=iep.student_id,
            entity_type="iep",
            entity_id=iep.id,
        )
        name = names.get(iep.finalized_by) if iep.finalized_by else None
        body = iep_out(iep, sections.get(iep.id, []), finalized_by_name=name, names=reviewers)
        bodies.append(_as_seen_by(actor, body))
    return bodies, total


def _as_seen_by(actor: Actor, body: IEPOut) -> IEPOut:
    """Other users' ids hidden from a teacher (their names stay)."""
    return body.model_copy(update={"finalized_by": actor.sees_user_id(body.finalized_by)})


async def read_iep(session: AsyncSession, actor: Actor, iep_id: str) -> IEPOut:
    iep = await get_accessible_iep(session, actor, iep_id)
    await record(
        session, actor, "iep.read", student_id=iep.student_id, entity_type="iep", entity_id=iep.id
    )
    return _as_seen_by(actor, await current_body(session, iep))


async def current_body(session: AsyncSession, iep: IEP) -> IEPOut:
    """The IEP body as it is now (no audit entry: the caller records what it did)."""
    sections = await repository.sections_at(session, iep.id, iep.version)
    names = await _finalizer_names(session, [iep])
    name = names.get(iep.finalized_by) if iep.finalized_by else None
    reviewers = await _reviewer_names(session, sections)
    return iep_out(iep, sections, finalized_by_name=name, names=reviewers)


async def list_versions(
    session: AsyncSession, actor: Actor, iep_id: str, *, limit: int, offset: int
) -> tuple[list[VersionOut], int]:
    iep = await get_accessible_iep(session, actor, iep_id)
    versions, total = await repository.versions_page(session, iep.id, limit=limit, offset=offset)
    await record(
        session,
        actor,
        "iep.versions",
        student_id=iep.student_id,
        entity_type="iep",
        entity_id=iep.id,
    )
    bodies = [version_out(v) for v in versions]
    return [
        b.model_copy(update={"created_by": actor.sees_user_id(b.created_by)}) for b in bodies
    ], total


async def read_version(session: AsyncSession, actor: Actor, iep_id: str, number: int) -> IEPOut:
    """The IEP exactly as it was at version `number`."""
    iep = await get_accessible_iep(session, actor, iep_id)
    version = await repository.version(session, iep.id, number)
    if version is None:
        raise NotFound(f"This IEP has no version {number}.")
    sections = await repository.sections_at(session, iep.id, number)
    names = await _finalizer_names(session, [iep])
    await record(
        session,
        actor,
        "iep.version_read",
        student_id=iep.student_id,
        entity_type="iep",
        entity_id=iep.id,
        detail={"version": number},
    )
    name = names.get(iep.finalized_by) if iep.finalized_by else None
    reviewers = await _reviewer_names(session, sections)
    return _as_seen_by(
        actor, iep_out(iep, sections, finalized_by_name=name, as_of=version, names=reviewers)
    )
