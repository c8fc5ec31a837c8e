"""Job handlers for `iep_generation` and `section_generation` (registered with the queue).

A handler reads the records and drafts outside any write transaction, then returns the
writer the queue runs inside the fenced transaction that completes the job: the IEP (or
its new version) and the job's `completed` status commit together, and a job that runs
twice finds its own output instead of writing a second one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.errors import InvalidInput, NotFound
from iepgen.generation.context import GenerationContext
from iepgen.generation.inputs import build_context
from iepgen.generation.payloads import IEPJob, SectionJob
from iepgen.generation.pipeline import generate_sections
from iepgen.generation.storing import (
    load_current_iep,
    write_new_iep,
    write_regenerated_section,
)
from iepgen.llm.offline import OfflineProvider
from iepgen.llm.protocol import Provider
from iepgen.models import Template
from iepgen.queue.handlers import HandlerRegistry, JobContext, PermanentJobError, WriteOutput

log = structlog.get_logger("iepgen.generation")

ProviderFactory = Callable[[Settings, Database], Provider]

IEP_JOB = "iep_generation"
SECTION_JOB = "section_generation"


def default_provider(settings: Settings, database: Database) -> Provider:
    """The configured provider: the offline drafter, or the LLM stack of `llm.factory`."""
    if settings.resolved_provider == "offline":
        return OfflineProvider()
    from iepgen.llm.factory import build_provider

    return build_provider(settings, database)


async def _close(provider: Provider) -> None:
    close = getattr(provider, "aclose", None)
    if close is not None:
        await close()


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
    """Both job types, sharing how a provider is obtained (injectable for tests)."""

    def __init__(self, provider_factory: ProviderFactory) -> None:
        self.provider_factory = provider_factory

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
        provider = self.provider_factory(job.settings, job.database)
        try:
            outcome = await generate_sections(
                provider, context, section_types, progress=job.set_progress
            )
        finally:
            await _close(provider)
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
        provider = self.provider_factory(job.settings, job.database)
        others = {k: v for k, v in current.contents.items() if k != request.section_type}
        try:
            outcome = await generate_sections(
                provider,
                context,
                [request.section_type],
                existing=others,
                instructions={request.section_type: request.context} if request.context else None,
                progress=job.set_progress,
            )
        finally:
            await _close(provider)
        return write_regenerated_section(
            job_id=job.job_id,
            created_by=job.created_by,
            current=current,
            context=context,
            outcome=outcome,
            provider=provider,
        )


def register_handlers(
    registry: HandlerRegistry,
    settings: Settings,
    *,
    provider_factory: ProviderFactory | None = None,
) -> None:
    """Register the generation job types; the queue calls this at worker start-up."""
    handlers = GenerationHandlers(provider_factory or default_provider)
    registry.register(IEP_JOB, handlers.generate_iep)
    registry.register(SECTION_JOB, handlers.regenerate_section)
    # Providers are built per job (from the job's settings and database) and closed after.
    log.info(
        "generation.handlers_registered",
        provider="injected" if provider_factory else settings.resolved_provider,
    )
