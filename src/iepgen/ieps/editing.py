"""A teacher's changes to an IEP: editing one section, and finalizing.

An edit is validated against the section's schema, stored as a new version, and the
whole IEP is checked for compliance again against the student's current records, so
the stored findings always describe the version they sit on.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Final

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.api.fields import check_storable_json
from iepgen.audit.service import record
from iepgen.config import Settings
from iepgen.db.base import utcnow
from iepgen.errors import Conflict, InvalidInput, NotFound
from iepgen.ieps.edit_drafts import discard_draft
from iepgen.ieps.reading import current_body
from iepgen.ieps.schemas import IEPOut
from iepgen.ieps.service import (
    FINAL_IS_READ_ONLY,
    SectionDraft,
    add_version,
    current_sections,
    get_accessible_iep,
)
from iepgen.ieps.versions import check_if_match
from iepgen.models import IEP, IEPSection
from iepgen.sections import SectionContent, parse_section_content
from iepgen.sections.vocabulary import count_of
from iepgen.users.service import Actor

log = structlog.get_logger("iepgen.ieps")

# Checks the IEP's next version against the student's records; returns the stored report.
# Given by the caller (`generation.review.review_compliance`): the checker sits above us.
ComplianceReview = Callable[
    [AsyncSession, Settings, IEP, Mapping[str, SectionContent]], Awaitable[dict[str, Any]]
]

# How many blocking findings a refusal to finalize lists before summing up the rest.
MAX_LISTED_FINDINGS: Final = 10


def _changed_keys(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Top-level content keys whose value differs: the field names the audit log records."""
    return sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))


def parse_stored(section: IEPSection) -> SectionContent:
    """The stored section parsed again; Conflict when it no longer fits its schema."""
    try:
        return parse_section_content(section.section_type, section.content)
    except InvalidInput as exc:  # stored content predates a schema change
        raise Conflict(
            f"The stored '{section.section_type}' section no longer matches its schema; "
            "regenerate or re-enter it before editing this IEP."
        ) from exc


async def edit_section(
    session: AsyncSession,
    actor: Actor,
    settings: Settings,
    iep_id: str,
    section_type: str,
    content: dict[str, Any],
    *,
    review: ComplianceReview,
    note: str | None = None,
    if_match: str | None = None,
) -> IEPOut:
    """Replace one section with the teacher's content and store the result as a new version."""
    iep = await get_accessible_iep(session, actor, iep_id, lock=True)
    check_if_match(iep, if_match)
    if iep.status == "final":
        raise Conflict(FINAL_IS_READ_ONLY)
    sections = await current_sections(session, iep)
    target = next((s for s in sections if s.section_type == section_type), None)
    if target is None:
        raise NotFound(f"This IEP has no '{section_type}' section.")
    check_storable_json(content, ("content",))
    parsed = parse_section_content(section_type, content)
    stored = parsed.model_dump(mode="json")
    draft = SectionDraft(
        section_type=section_type,
        title=target.title,
        content=stored,
        text=parsed.render_text(),
        generated_by=f"teacher:{actor.username}",
        edited=True,
        reviewed_by=actor.id,
    )
    contents = {
        s.section_type: parsed if s.section_type == section_type else parse_stored(s)
        for s in sections
    }
    compliance = await review(session, settings, iep, contents)
    await add_version(
        session,
        iep,
        changed=[draft],
        change="edited",
        compliance=compliance,
        actor_id=actor.id,
        note=note,
    )
    await record(
        session,
        actor,
        "iep.section_edit",
        student_id=iep.student_id,
        entity_type="iep",
        entity_id=iep.id,
        fields=[f"{section_type}.{key}" for key in _changed_keys(target.content, stored)],
        detail={"section_type": section_type, "version": iep.version},
    )
    # The edit is a version now: its autosaved draft has done its job.
    await discard_draft(session, actor, iep, section_type, saved=True)
    log.info("iep.section_edited", iep_id=iep.id, section_type=section_type, version=iep.version)
    return await current_body(session, iep)


async def review_section(
    session: AsyncSession, actor: Actor, iep_id: str, section_type: str, *, reviewed: bool
) -> IEPOut:
    """Record that `actor` read the section as it stands (or take that back)."""
    iep = await get_accessible_iep(session, actor, iep_id, lock=True)
    if iep.status == "final":
        raise Conflict(FINAL_IS_READ_ONLY)
    sections = await current_sections(session, iep)
    target = next((s for s in sections if s.section_type == section_type), None)
    if target is None:
        raise NotFound(f"This IEP has no '{section_type}' section.")
    target.reviewed_by = actor.id if reviewed else None
    target.reviewed_at = utcnow() if reviewed else None
    await session.flush()
    await record(
        session,
        actor,
        "iep.section_review" if reviewed else "iep.section_unreview",
        student_id=iep.student_id,
        entity_type="iep",
        entity_id=iep.id,
        fields=[section_type],
        detail={"version": iep.version},
    )
    return await current_body(session, iep)


def _blocking_message(findings: list[dict[str, Any]]) -> str:
    listed = [f"{f.get('section_type')}: {f.get('message')}" for f in findings]
    shown = "; ".join(listed[:MAX_LISTED_FINDINGS])
    more = len(listed) - MAX_LISTED_FINDINGS
    suffix = f"; and {more} more" if more > 0 else ""
    return (
        f"This IEP cannot be finalized while {count_of(len(listed), 'compliance error')} "
        f"{'remains' if len(listed) == 1 else 'remain'}: "
        f"{shown}{suffix}."
    )


async def finalize(
    session: AsyncSession,
    actor: Actor,
    settings: Settings,
    iep_id: str,
    *,
    review: ComplianceReview,
    if_match: str | None = None,
) -> IEPOut:
    """Make the IEP final and read-only once every section is reviewed and no `error` stands.

    The check runs again here against the student's records as they are now: an
    assessment added since the draft may change what the IEP must say.
    """
    iep = await get_accessible_iep(session, actor, iep_id, lock=True)
    check_if_match(iep, if_match)
    if iep.status == "final":
        raise Conflict("This IEP is already final.")
    sections = await current_sections(session, iep)
    contents = {s.section_type: parse_stored(s) for s in sections}
    report = await review(session, settings, iep, contents)
    if report != iep.compliance:
        iep.compliance = report
        await session.flush()
    problems: list[str] = []
    errors = [f for f in report.get("findings", []) if f.get("severity") == "error"]
    if errors:
        problems.append(_blocking_message(errors))
    unreviewed = [s.title for s in sections if s.reviewed_by is None]
    if unreviewed:
        problems.append(
            "Every section must be marked reviewed by a person before the IEP is finalized; "
            f"not yet reviewed: {', '.join(unreviewed)}."
        )
    if problems:
        raise Conflict(" ".join(problems))
    await add_version(
        session,
        iep,
        changed=[],
        change="finalized",
        compliance=iep.compliance,
        actor_id=actor.id,
    )
    iep.status = "final"
    iep.finalized_by = actor.id
    iep.finalized_at = iep.updated_at or utcnow()
    await session.flush()
    await record(
        session,
        actor,
        "iep.finalize",
        student_id=iep.student_id,
        entity_type="iep",
        entity_id=iep.id,
        fields=["status"],
        detail={"version": iep.version},
    )
    log.info("iep.finalized", iep_id=iep.id, version=iep.version)
    return await current_body(session, iep)
