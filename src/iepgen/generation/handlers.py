"""Job handlers for `iep_generation` and `section_generation`.

Both run on the one provider their process built at start-up (with its rate limiter,
circuit breaker, cache and single-flight; see docs/llm.md) and never close it: the
composition root that built it closes it on shutdown. A handler reads the records and
drafts outside any write transaction, then returns the writer the queue runs inside the
fenced transaction that completes the job: the IEP (or its new version) and the job's
`completed` status commit together, and a job that runs twice finds its own output
instead of writing a second one.
"""

from __future__ import annotations

from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.errors import InvalidInput, NotFound
from iepgen.generation.context import GenerationContext
from iepgen.generation.inputs import build_context
from iepgen.generation.payloads import IEPJob, SectionJob
from iepgen.generation.pipeline import generate_sections
from iepgen.generation.provider import Provider
from iepgen.generation.storing import (
    load_current_iep,
    write_new_iep,
    write_regenerated_section,
)
from iepgen.models import Template
from iepgen.queue.handlers import JobContext, PermanentJobError, WriteOutput

log = structlog.get_logger("iepgen.generation")


async def _template(session: AsyncSession, template_id: str) -> Template:
    template = await session.get(Template, template_id)
    if template is None:
        raise PermanentJobError(
            "not_found", f"The template '{template_id}' no longer exists; choose another one."
        )
    return template


async def _context(session: AsyncSession, **kwargs: Any) -> GenerationContext:
    try:
        return await build_context(session, **kwargs)
    except NotFound as exc:
        raise PermanentJobError(
            "not_found", "The student for this IEP no longer exists; it may have been deleted."
        ) from exc
    except InvalidInput as exc:
        raise PermanentJobError("invalid_input", exc.message) from exc


class GenerationHandlers:
    """Both job types, drafting with the process's provider."""

    def __init__(self, provider: Provider) -> None:
        self.provider = provider

    async def generate_iep(self, job: JobContext) -> WriteOutput:
        request = IEPJob.from_payload(job.payload)
        async with job.database.read() as session:
            template = await _template(session, request.template_id)
            context = await _context(
                session,
                settings=job.settings,
                student_id=request.student_id,
                academic_year=request.academic_year,
                template=template,
                include_assessments=request.include_assessments,
                include_previous_ieps=request.include_previous_ieps,
                case_manager_context=request.context,
                meeting_date=request.meeting_date,
                section_notes=request.section_notes,
                requested_goal_areas=request.goal_areas,
            )
            titles = {
                s["section_type"]: s.get("title", s["section_type"]) for s in template.sections
            }
        section_types = list(titles)
        await job.set_progress(0, len(section_types))
        provider = self.provider
        outcome = await generate_sections(
            provider, context, section_types, progress=job.set_progress
        )
        log.info(
            "generation.iep_drafted",
            job_id=job.job_id,
            student_id=request.student_id,
            sections=len(outcome.sections),
            passed=outcome.report.passed,
        )
        return write_new_iep(
            job_id=job.job_id,
            created_by=job.created_by,
            student_id=request.student_id,
            template_id=request.template_id,
            academic_year=request.academic_year,
            titles=titles,
            outcome=outcome,
            provider=provider,
            context=context,
        )

    async def regenerate_section(self, job: JobContext) -> WriteOutput:
        request = SectionJob.from_payload(job.payload)
        async with job.database.read() as session:
            current = await load_current_iep(
                session, request.iep_id, request.section_type, base_version=request.base_version
            )
            template = await _template(session, current.template_id)
            context = await _context(
                session,
                settings=job.settings,
                student_id=current.student_id,
                academic_year=current.academic_year,
                template=template,
                exclude_iep_id=current.iep_id,
                meeting_date=current.meeting_date,
                section_notes=current.section_notes,
            )
        await job.set_progress(0, 1)
        provider = self.provider
        others = {k: v for k, v in current.contents.items() if k != request.section_type}
        outcome = await generate_sections(
            provider,
            context,
            [request.section_type],
            existing=others,
            instructions={request.section_type: request.context} if request.context else None,
            progress=job.set_progress,
        )
        return write_regenerated_section(
            job_id=job.job_id,
            created_by=job.created_by,
            current=current,
            context=context,
            outcome=outcome,
            provider=provider,
        )
