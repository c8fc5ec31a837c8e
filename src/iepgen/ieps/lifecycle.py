"""An IEP over its year: amending a final IEP, restoring an earlier version, comparing two.

Nothing is overwritten. An amendment opens the final IEP as a draft again with a version
that records why and when (the final version stays readable as it was signed off); the
amended IEP is finalized like any draft. Restoring copies an earlier version forward as a
new one. Compliance is checked again whenever the content changes.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.audit.service import record
from iepgen.config import Settings
from iepgen.errors import Conflict, InvalidInput, NotFound
from iepgen.ieps import repository
from iepgen.ieps.editing import ComplianceReview, parse_stored
from iepgen.ieps.reading import current_body
from iepgen.ieps.schemas import IEPOut
from iepgen.ieps.service import SectionDraft, add_version, current_sections, get_accessible_iep
from iepgen.ieps.versions import check_if_match
from iepgen.models import IEPSection
from iepgen.students.service import ensure_not_archived, get_accessible_student
from iepgen.users.service import Actor

log = structlog.get_logger("iepgen.ieps")

AMENDED = "amended"
RESTORED = "restored"


async def amend(
    session: AsyncSession,
    actor: Actor,
    iep_id: str,
    *,
    reason: str,
    amended_on: date,
    today: date,
    if_match: str | None = None,
) -> IEPOut:
    """Open a final IEP for amendment: a new draft version carrying the reason and date."""
    iep = await get_accessible_iep(session, actor, iep_id, lock=True)
    check_if_match(iep, if_match)
    ensure_not_archived(await get_accessible_student(session, actor, iep.student_id))
    if iep.status != "final":
        raise Conflict(
            "Only a final IEP is amended; this one is still a draft, so edit it directly."
        )
    if amended_on > today:
        raise InvalidInput("amended_on must not be in the future.", field=("amended_on",))
    if iep.meeting_date is not None and amended_on < iep.meeting_date:
        raise InvalidInput(
            f"amended_on must be on or after the IEP's meeting ({iep.meeting_date.isoformat()}).",
            field=("amended_on",),
        )
    if iep.end_date is not None and amended_on > iep.end_date:
        raise InvalidInput(
            f"amended_on must be on or before the IEP's last day ({iep.end_date.isoformat()}); "
            "after that the annual review writes a new IEP.",
            field=("amended_on",),
        )
    final_version = iep.version
    iep.status = "draft"
    iep.finalized_by = None
    iep.finalized_at = None
    await session.flush()
    await add_version(
        session,
        iep,
        changed=[],
        change=AMENDED,
        compliance=iep.compliance,
        actor_id=actor.id,
        note=reason,
    )
    version = await repository.version(session, iep.id, iep.version)
    assert version is not None
    version.amended_on = amended_on
    await session.flush()
    await record(
        session,
        actor,
        "iep.amend",
        student_id=iep.student_id,
        entity_type="iep",
        entity_id=iep.id,
        fields=["status"],
        detail={"final_version": final_version, "version": iep.version},
    )
    log.info("iep.amendment_opened", iep_id=iep.id, version=iep.version)
    return await current_body(session, iep)


def _draft_of(section: IEPSection) -> SectionDraft:
    # A restored section is read again before the IEP is finalized: no review carries over.
    return SectionDraft(
        section_type=section.section_type,
        title=section.title,
        content=section.content,
        text=section.text,
        generated_by=section.generated_by,
        edited=section.edited,
    )


async def restore(
    session: AsyncSession,
    actor: Actor,
    settings: Settings,
    iep_id: str,
    number: int,
    *,
    review: ComplianceReview,
    note: str | None = None,
    if_match: str | None = None,
) -> IEPOut:
    """Copy version `number` forward as the IEP's next version (a draft only)."""
    iep = await get_accessible_iep(session, actor, iep_id, lock=True)
    check_if_match(iep, if_match)
    ensure_not_archived(await get_accessible_student(session, actor, iep.student_id))
    if iep.status == "final":
        raise Conflict(
            "This IEP is final: amend it first (POST /api/v1/ieps/{id}/amendments), then "
            "restore the version the amendment should start from."
        )
    if await repository.version(session, iep.id, number) is None:
        raise NotFound(f"This IEP has no version {number}.")
    if number == iep.version:
        raise Conflict(f"Version {number} is already the current version.")
    old = await repository.sections_at(session, iep.id, number)
    now = {s.section_type: s for s in await current_sections(session, iep)}
    changed = [
        s
        for s in old
        if s.section_type not in now
        or now[s.section_type].content != s.content
        or now[s.section_type].text != s.text
    ]
    contents = {kind: parse_stored(section) for kind, section in now.items()}
    contents.update({s.section_type: parse_stored(s) for s in changed})
    compliance = await review(session, settings, iep, contents)
    reason = f"Restored from version {number}." + (f" {note}" if note else "")
    await add_version(
        session,
        iep,
        changed=[_draft_of(s) for s in changed],
        change=RESTORED,
        compliance=compliance,
        actor_id=actor.id,
        note=reason,
    )
    await record(
        session,
        actor,
        "iep.restore",
        student_id=iep.student_id,
        entity_type="iep",
        entity_id=iep.id,
        fields=[s.section_type for s in changed],
        detail={"from_version": number, "version": iep.version},
    )
    log.info("iep.version_restored", iep_id=iep.id, from_version=number, version=iep.version)
    return await current_body(session, iep)


@dataclass(frozen=True)
class SectionComparison:
    section_type: str
    title: str
    removed: tuple[str, ...]
    added: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return bool(self.removed or self.added)


def compare_texts(before: str, after: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Lines gone from `before` and lines new in `after`, in reading order."""
    old, new = before.splitlines(), after.splitlines()
    removed: list[str] = []
    added: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag != "equal":
            removed.extend(old[a1:a2])
            added.extend(new[b1:b2])
    return tuple(removed), tuple(added)


async def compare(
    session: AsyncSession, actor: Actor, iep_id: str, first: int, second: int
) -> list[SectionComparison]:
    """Every section of two versions, in the later one's order, with what changed."""
    iep = await get_accessible_iep(session, actor, iep_id)
    for number in (first, second):
        if await repository.version(session, iep.id, number) is None:
            raise NotFound(f"This IEP has no version {number}.")
    before = {s.section_type: s for s in await repository.sections_at(session, iep.id, first)}
    after = await repository.sections_at(session, iep.id, second)
    kinds = [s.section_type for s in after] + [
        k for k in before if k not in {s.section_type for s in after}
    ]
    later = {s.section_type: s for s in after}
    result: list[SectionComparison] = []
    for kind in kinds:
        old, new = before.get(kind), later.get(kind)
        removed, added = compare_texts(old.text if old else "", new.text if new else "")
        shown = new or old
        title = shown.title if shown is not None else kind
        result.append(SectionComparison(kind, title, removed, added))
    await record(
        session,
        actor,
        "iep.compare",
        student_id=iep.student_id,
        entity_type="iep",
        entity_id=iep.id,
        detail={"from_version": first, "to_version": second},
    )
    return result
