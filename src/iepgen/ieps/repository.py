"""Statements about IEPs, their versions and sections. No rules and no commits."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Select, and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.db.paging import fetch_page
from iepgen.models import IEP, IEPSection, IEPVersion, Student, User


async def get(session: AsyncSession, iep_id: str, *, lock: bool = False) -> IEP | None:
    """The IEP; with `lock`, held until the transaction ends (PostgreSQL row lock).

    SQLite needs no row lock: write transactions begin IMMEDIATE and so run one at a time.
    """
    query = select(IEP).where(IEP.id == iep_id)
    if lock:
        query = query.with_for_update()
    return (
        await session.execute(query.execution_options(populate_existing=lock))
    ).scalar_one_or_none()


async def case_manager_of(session: AsyncSession, student_id: str) -> str | None:
    return (
        await session.execute(select(Student.case_manager_id).where(Student.id == student_id))
    ).scalar_one_or_none()


def _visible(case_manager_id: str | None, student_id: str | None) -> Select[IEP]:
    query = select(IEP)
    if case_manager_id is not None:
        query = query.join(Student, Student.id == IEP.student_id).where(
            Student.case_manager_id == case_manager_id
        )
    if student_id is not None:
        query = query.where(IEP.student_id == student_id)
    return query


async def page(
    session: AsyncSession,
    *,
    case_manager_id: str | None,
    student_id: str | None,
    status: str | None,
    limit: int,
    offset: int,
) -> tuple[list[IEP], int]:
    """A page of IEPs, newest first, limited to one case manager's students when given."""
    query = _visible(case_manager_id, student_id)
    if status is not None:
        query = query.where(IEP.status == status)
    return await fetch_page(
        session, query, IEP.created_at.desc(), IEP.id, limit=limit, offset=offset
    )


async def sections_at(session: AsyncSession, iep_id: str, version: int) -> list[IEPSection]:
    rows = await session.execute(
        select(IEPSection)
        .where(IEPSection.iep_id == iep_id, IEPSection.version == version)
        .order_by(IEPSection.position, IEPSection.id)
    )
    return list(rows.scalars())


async def current_sections_of(
    session: AsyncSession, ieps: list[IEP]
) -> dict[str, list[IEPSection]]:
    """Each IEP's current sections in one statement (a page of IEPs, not one query each)."""
    if not ieps:
        return {}
    rows = await session.execute(
        select(IEPSection)
        .join(
            IEP,
            and_(IEP.id == IEPSection.iep_id, IEP.version == IEPSection.version),
        )
        .where(IEP.id.in_([iep.id for iep in ieps]))
        .order_by(IEPSection.iep_id, IEPSection.position, IEPSection.id)
    )
    grouped: dict[str, list[IEPSection]] = defaultdict(list)
    for section in rows.scalars():
        grouped[section.iep_id].append(section)
    return grouped


async def version(session: AsyncSession, iep_id: str, number: int) -> IEPVersion | None:
    return (
        await session.execute(
            select(IEPVersion).where(IEPVersion.iep_id == iep_id, IEPVersion.version == number)
        )
    ).scalar_one_or_none()


async def versions_page(
    session: AsyncSession, iep_id: str, *, limit: int, offset: int
) -> tuple[list[IEPVersion], int]:
    """The IEP's history, newest version first."""
    return await fetch_page(
        session,
        select(IEPVersion).where(IEPVersion.iep_id == iep_id),
        IEPVersion.version.desc(),
        limit=limit,
        offset=offset,
    )


async def for_job(session: AsyncSession, job_id: str) -> IEP | None:
    return (
        await session.execute(select(IEP).where(IEP.source_job_id == job_id))
    ).scalar_one_or_none()


async def user_names(session: AsyncSession, user_ids: set[str]) -> dict[str, str]:
    """Display names (or usernames) of these users, for "finalized by" lines."""
    if not user_ids:
        return {}
    rows = await session.execute(
        select(User.id, User.display_name, User.username).where(User.id.in_(user_ids))
    )
    return {row.id: row.display_name or row.username for row in rows}


async def full_names(session: AsyncSession, user_ids: set[str]) -> dict[str, str]:
    """Full names of these users, for documents: a login name never prints in an IEP or a
    notice (a user without a full name is left out)."""
    if not user_ids:
        return {}
    rows = await session.execute(select(User.id, User.display_name).where(User.id.in_(user_ids)))
    return {row.id: row.display_name for row in rows if row.display_name}
