"""Proposed sections: a regeneration that finished after the IEP changed, kept for review.

Accepting one stores it as the next version (compliance checked again, like an edit);
dismissing one sets it aside. Either way the teacher decides, so no edit is overwritten
by a job that started before it.
"""

from __future__ import annotations

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.api.fields import canonical_uuid
from iepgen.audit.service import record
from iepgen.config import Settings
from iepgen.db.base import utcnow
from iepgen.errors import Conflict, InvalidInput, NotFound
from iepgen.ieps.editing import ComplianceReview
from iepgen.ieps.reading import current_body
from iepgen.ieps.schemas import IEPOut, ProposalOut
from iepgen.ieps.service import (
    FINAL_IS_READ_ONLY,
    SectionDraft,
    add_version,
    current_sections,
    get_accessible_iep,
)
from iepgen.ieps.versions import check_if_match
from iepgen.models import IEP, SectionProposal
from iepgen.sections import SectionContent, parse_section_content
from iepgen.users.service import Actor

log = structlog.get_logger("iepgen.ieps")

PROPOSAL_NOT_FOUND = "There is no open proposal with that id for this IEP."


async def open_proposals(session: AsyncSession, actor: Actor, iep_id: str) -> list[ProposalOut]:
    iep = await get_accessible_iep(session, actor, iep_id)
    rows = await session.execute(
        select(SectionProposal)
        .where(SectionProposal.iep_id == iep.id, SectionProposal.resolved_at.is_(None))
        .order_by(SectionProposal.created_at, SectionProposal.id)
    )
    return [ProposalOut.model_validate(row) for row in rows.scalars()]


async def _open_proposal(session: AsyncSession, iep: IEP, proposal_id: str) -> SectionProposal:
    canonical = canonical_uuid(proposal_id)
    proposal = await session.get(SectionProposal, canonical) if canonical else None
    if proposal is None or proposal.iep_id != iep.id or proposal.resolved_at is not None:
        raise NotFound(PROPOSAL_NOT_FOUND)
    return proposal


async def accept(
    session: AsyncSession,
    actor: Actor,
    settings: Settings,
    iep_id: str,
    proposal_id: str,
    *,
    review: ComplianceReview,
    if_match: str | None = None,
) -> IEPOut:
    """Store the proposed section as the IEP's next version."""
    iep = await get_accessible_iep(session, actor, iep_id, lock=True)
    check_if_match(iep, if_match)
    if iep.status == "final":
        raise Conflict(FINAL_IS_READ_ONLY)
    proposal = await _open_proposal(session, iep, proposal_id)
    proposed = parse_section_content(proposal.section_type, proposal.content)
    contents: dict[str, SectionContent] = {proposal.section_type: proposed}
    for section in await current_sections(session, iep):
        if section.section_type != proposal.section_type:
            try:
                contents[section.section_type] = parse_section_content(
                    section.section_type, section.content
                )
            except InvalidInput:
                continue  # a section that predates a schema change counts as missing
    compliance = await review(session, settings, iep, contents)
    await add_version(
        session,
        iep,
        changed=[
            SectionDraft(
                section_type=proposal.section_type,
                title=proposal.title,
                content=proposal.content,
                text=proposal.text,
                generated_by=proposal.generated_by,
                # Choosing to use the draft is the teacher's review of it.
                reviewed_by=actor.id,
            )
        ],
        change="regenerated",
        compliance=compliance,
        actor_id=actor.id,
        note=f"Accepted the regenerated section drafted from version {proposal.base_version}.",
    )
    _resolve(proposal, actor, "accepted")
    await record(
        session,
        actor,
        "iep.proposal_accept",
        student_id=iep.student_id,
        entity_type="iep",
        entity_id=iep.id,
        fields=[proposal.section_type],
        detail={"proposal_id": proposal.id, "version": iep.version},
    )
    log.info("iep.proposal_accepted", iep_id=iep.id, proposal_id=proposal.id, version=iep.version)
    return await current_body(session, iep)


async def dismiss(session: AsyncSession, actor: Actor, iep_id: str, proposal_id: str) -> None:
    iep = await get_accessible_iep(session, actor, iep_id, lock=True)
    proposal = await _open_proposal(session, iep, proposal_id)
    _resolve(proposal, actor, "dismissed")
    await record(
        session,
        actor,
        "iep.proposal_dismiss",
        student_id=iep.student_id,
        entity_type="iep",
        entity_id=iep.id,
        fields=[proposal.section_type],
        detail={"proposal_id": proposal.id},
    )


def _resolve(proposal: SectionProposal, actor: Actor, resolution: str) -> None:
    proposal.resolved_at = utcnow()
    proposal.resolution = resolution
    proposal.resolved_by = actor.id
