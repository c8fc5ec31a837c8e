"""Reading the IEP a section job regenerates, and the writers the queue commits with the job."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.audit.service import record
from iepgen.errors import InvalidInput
from iepgen.generation.compliance import check_iep
from iepgen.generation.context import GenerationContext
from iepgen.generation.pipeline import GenerationOutcome
from iepgen.generation.provider import Provider
from iepgen.ieps import repository
from iepgen.ieps.service import SectionDraft, add_version, create_iep, iep_for_job
from iepgen.models import IEP, IEPVersion, SectionProposal, Student, Template, User
from iepgen.queue.handlers import PermanentJobError, WriteOutput
from iepgen.sections import SectionContent, parse_section_content
from iepgen.users.service import Actor

log = structlog.get_logger("iepgen.generation")

IEP_GONE = "The IEP to regenerate no longer exists; it may have been deleted."
IEP_FINAL = "This IEP is final: its sections can no longer be regenerated."


@dataclass(frozen=True)
class CurrentIEP:
    """An IEP's current version as a section job reads it."""

    iep_id: str
    student_id: str
    template_id: str
    academic_year: str
    version: int
    title: str
    contents: dict[str, SectionContent]
    meeting_date: date | None = None
    section_notes: dict[str, str] = field(default_factory=dict)


def parse_stored(rows: list[Any]) -> dict[str, SectionContent]:
    """Stored sections that still match their schema (others count as missing)."""
    contents: dict[str, SectionContent] = {}
    for row in rows:
        try:
            contents[row.section_type] = parse_section_content(row.section_type, row.content)
        except InvalidInput:
            log.warning("generation.stored_section_invalid", section_type=row.section_type)
    return contents


async def load_current_iep(
    session: AsyncSession, iep_id: str, section_type: str, *, base_version: int | None = None
) -> CurrentIEP:
    iep = await session.get(IEP, iep_id)
    if iep is None:
        raise PermanentJobError("not_found", IEP_GONE)
    if iep.status == "final":
        raise PermanentJobError("conflict", IEP_FINAL)
    template = await session.get(Template, iep.template_id)
    titles = (
        {s["section_type"]: s.get("title", s["section_type"]) for s in template.sections}
        if template
        else {}
    )
    rows = await repository.sections_at(session, iep.id, iep.version)
    titles.update({row.section_type: row.title for row in rows})
    if section_type not in titles:
        raise PermanentJobError(
            "invalid_input", f"This IEP's template has no '{section_type}' section."
        )
    return CurrentIEP(
        iep_id=iep.id,
        student_id=iep.student_id,
        template_id=iep.template_id,
        academic_year=iep.academic_year,
        # The version the teacher asked from, if older than what the job reads now.
        version=min(iep.version, base_version or iep.version),
        title=titles[section_type],
        contents=(contents := parse_stored(rows)),
        meeting_date=iep.meeting_date,
        section_notes={k: v.team_notes for k, v in contents.items() if v.team_notes},
    )


def usage_result(outcome: GenerationOutcome) -> dict[str, Any]:
    return {
        "llm_calls": outcome.usage.llm_calls,
        "prompt_tokens": outcome.usage.prompt_tokens,
        "output_tokens": outcome.usage.output_tokens,
        "cache_hits": outcome.usage.cache_hits,
        "output_repairs": outcome.usage.output_repairs,
        "provider": ", ".join(outcome.providers),
        "model": ", ".join(outcome.models),
        # Counts only: the instructions' words stay with the IEP record (they may speak of
        # the student), never in a job body.
        "instructions_followed": sum(1 for note in outcome.drafting if note.applied),
        "instructions_not_followed": sum(1 for note in outcome.drafting if not note.applied),
    }


def drafting_summary(outcome: GenerationOutcome) -> str | None:
    """What became of the drafting instructions, for the version history."""
    if not outcome.drafting:
        return None
    return " ".join(
        f'Instruction "{note.instruction}": '
        + ("followed." if note.applied else f"not followed. {note.how}")
        for note in outcome.drafting
    )


async def _actor(session: AsyncSession, user_id: str | None) -> Actor | None:
    user = await session.get(User, user_id) if user_id else None
    return Actor.of(user) if user else None


def _draft(outcome: GenerationOutcome, section_type: str, title: str) -> SectionDraft:
    drafted = outcome.sections[section_type]
    return SectionDraft(
        section_type=section_type,
        title=title,
        content=drafted.content.model_dump(mode="json"),
        text=drafted.content.render_text(),
        generated_by=drafted.generated_by,
    )


def write_new_iep(
    *,
    job_id: str | None,
    created_by: str | None,
    student_id: str,
    template_id: str,
    academic_year: str,
    titles: dict[str, str],
    outcome: GenerationOutcome,
    provider: Provider,
    context: GenerationContext,
) -> WriteOutput:
    """The writer that stores the drafted IEP as version 1 (once per job, however often run)."""
    usage = usage_result(outcome)
    dates = context.dates

    def result(iep: IEP) -> dict[str, Any]:
        return {
            "iep_id": iep.id,
            "version": iep.version,
            "sections_generated": len(outcome.sections),
            "sections_failed": outcome.failed,
            "compliance_passed": bool(iep.compliance.get("passed")),
            **usage,
        }

    async def write(session: AsyncSession) -> dict[str, Any]:
        earlier = await iep_for_job(session, job_id) if job_id else None
        if earlier is not None:
            return result(earlier)
        if await session.get(Student, student_id) is None:
            raise PermanentJobError(
                "not_found", "The student was deleted while the IEP was being drafted."
            )
        actor = await _actor(session, created_by)
        iep = await create_iep(
            session,
            student_id=student_id,
            template_id=template_id,
            academic_year=academic_year,
            sections=[_draft(outcome, s, titles[s]) for s in outcome.sections],
            compliance=outcome.report.as_dict(),
            created_by=actor.id if actor else None,
            source_job_id=job_id,
            dates=dates,
            decisions=outcome.decisions.model_dump(mode="json"),
            generated_with={
                **usage,
                "provider_configured": provider.name,
                "drafting_instructions": [note.model_dump() for note in outcome.drafting],
                "job_id": job_id,
                "repaired_sections": outcome.repaired,
                "failed_sections": outcome.failed,
            },
        )
        await record(
            session,
            actor,
            "iep.generate",
            student_id=student_id,
            entity_type="iep",
            entity_id=iep.id,
            fields=list(outcome.sections),
            detail={"job_id": job_id, "version": iep.version, "provider": usage["provider"]},
        )
        log.info("generation.iep_stored", job_id=job_id, iep_id=iep.id)
        return result(iep)

    return write


async def _keep_as_proposal(
    session: AsyncSession,
    job_id: str,
    created_by: str | None,
    current: CurrentIEP,
    iep: IEP,
    outcome: GenerationOutcome,
) -> dict[str, Any]:
    (section_type,) = outcome.sections
    earlier = (
        await session.execute(select(SectionProposal).where(SectionProposal.job_id == job_id))
    ).scalar_one_or_none()
    if earlier is None:
        draft = _draft(outcome, section_type, current.title)
        actor = await _actor(session, created_by)
        earlier = SectionProposal(
            iep_id=iep.id,
            section_type=section_type,
            base_version=current.version,
            found_version=iep.version,
            title=draft.title,
            content=draft.content,
            text=draft.text,
            generated_by=draft.generated_by,
            job_id=job_id,
            created_by=actor.id if actor else None,
        )
        session.add(earlier)
        await session.flush()
        await record(
            session,
            actor,
            "iep.section_proposed",
            student_id=iep.student_id,
            entity_type="iep",
            entity_id=iep.id,
            fields=[section_type],
            detail={"job_id": job_id, "proposal_id": earlier.id, "base": current.version},
        )
        log.info("generation.section_proposed", job_id=job_id, iep_id=iep.id)
    return {"stored_as": "proposal", "proposal_id": earlier.id}


def write_regenerated_section(
    *,
    job_id: str,
    created_by: str | None,
    current: CurrentIEP,
    context: GenerationContext,
    outcome: GenerationOutcome,
    provider: Provider,
) -> WriteOutput:
    """The writer that stores the new section as the IEP's next version, rechecked whole."""
    (section_type,) = outcome.sections
    usage = usage_result(outcome)

    def result(version: int, passed: bool) -> dict[str, Any]:
        return {
            "iep_id": current.iep_id,
            "version": version,
            "section_type": section_type,
            "sections_generated": 1,
            "compliance_passed": passed,
            **usage,
        }

    async def write(session: AsyncSession) -> dict[str, Any]:
        done = (
            await session.execute(
                select(IEPVersion).where(
                    IEPVersion.iep_id == current.iep_id, IEPVersion.job_id == job_id
                )
            )
        ).scalar_one_or_none()
        if done is not None:
            return result(done.version, bool(done.compliance.get("passed")))
        iep = await repository.get(session, current.iep_id, lock=True)
        if iep is None:
            raise PermanentJobError("not_found", IEP_GONE)
        if iep.status == "final":
            raise PermanentJobError("conflict", IEP_FINAL)
        if iep.version != current.version:
            # Someone changed the IEP after this job read it: keep the draft beside their
            # work for them to accept or dismiss, never over it.
            proposal = await _keep_as_proposal(session, job_id, created_by, current, iep, outcome)
            return {**result(iep.version, bool(iep.compliance.get("passed"))), **proposal}
        # A teacher may have edited other sections meanwhile: check what will be stored.
        stored = parse_stored(await repository.sections_at(session, iep.id, iep.version))
        stored[section_type] = outcome.sections[section_type].content
        compliance = check_iep(stored, context).as_dict()
        actor = await _actor(session, created_by)
        await add_version(
            session,
            iep,
            changed=[_draft(outcome, section_type, current.title)],
            change="regenerated",
            compliance=compliance,
            actor_id=actor.id if actor else None,
            job_id=job_id,
            note=drafting_summary(outcome),
        )
        await record(
            session,
            actor,
            "iep.section_regenerate",
            student_id=iep.student_id,
            entity_type="iep",
            entity_id=iep.id,
            fields=[section_type],
            detail={"job_id": job_id, "version": iep.version, "provider": usage["provider"]},
        )
        log.info("generation.section_stored", job_id=job_id, iep_id=iep.id, version=iep.version)
        return result(iep.version, bool(compliance["passed"]))

    return write
