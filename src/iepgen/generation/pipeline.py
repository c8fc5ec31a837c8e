"""Draft an IEP's sections with a provider: dependency waves, progress, checker, one repair.

Each section starts as soon as the sections it rests on are done, so independent ones
overlap. When every section is in, the compliance checker runs; a section the provider
drafted that carries an `error` finding gets exactly one targeted repair request (the
findings and its previous output), and the checker runs again on the result.

A section whose answer stays unusable after its repair (`InvalidOutput`) fails alone: it
is left out with its reason, sections resting on it are drafted from what there is, and
the checker reports it missing. Only when no section could be drafted does the run fail.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import structlog
from pydantic import BaseModel

from iepgen.errors import InvalidInput, InvalidOutput
from iepgen.generation.compliance import ComplianceReport, check_iep
from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions import Decisions, decide
from iepgen.generation.decisions.model import DraftingNote
from iepgen.generation.offline import offline_drafting_notes
from iepgen.generation.offline.instructions import split_instructions
from iepgen.generation.provider import (
    Provider,
    SectionRequest,
    SectionResult,
    UnusableAnswer,
    Usage,
)
from iepgen.generation.waves import dependencies
from iepgen.sections import SECTION_SCHEMAS, SectionContent, parse_section_content

log = structlog.get_logger("iepgen.generation")

Progress = Callable[[int, int], Awaitable[None]]


@dataclass(frozen=True)
class DraftedSection:
    section_type: str
    content: SectionContent
    generated_by: str
    provider: str
    model: str


@dataclass
class GenerationOutcome:
    """The drafted sections (document order), their compliance report and what it cost."""

    sections: dict[str, DraftedSection]
    report: ComplianceReport
    decisions: Decisions
    usage: Usage = field(default_factory=Usage)
    repaired: list[str] = field(default_factory=list)
    # What became of each drafting instruction (applied, or why not).
    drafting: list[DraftingNote] = field(default_factory=list)
    # section_type -> why the provider could not draft it (a message for the teacher).
    failed: dict[str, str] = field(default_factory=dict)

    @property
    def providers(self) -> list[str]:
        return list(dict.fromkeys(s.provider for s in self.sections.values()))

    @property
    def models(self) -> list[str]:
        return list(dict.fromkeys(s.model for s in self.sections.values()))


def as_section_content(section_type: str, content: BaseModel) -> SectionContent:
    """The provider's output as our schema (re-validated unless it already is one)."""
    if isinstance(content, SECTION_SCHEMAS[section_type]):
        return content
    try:
        return parse_section_content(section_type, content.model_dump(mode="json"))
    except InvalidInput as exc:
        raise InvalidOutput(
            f"The '{section_type}' section came back in the wrong shape: {exc.message}"
        ) from exc


class SectionPipeline:
    """Drafts a set of sections for one context with one provider."""

    def __init__(
        self,
        provider: Provider,
        context: GenerationContext,
        *,
        instructions: Mapping[str, str] | None = None,
        progress: Progress | None = None,
        decisions: Decisions | None = None,
    ) -> None:
        self.provider = provider
        self.context = context
        self.decisions = decisions or decide(context)
        self.instructions = dict(instructions or {})
        self.progress = progress
        self.usage = Usage()
        self.failed: dict[str, str] = {}
        self._progress_lock = asyncio.Lock()
        self._completed = 0

    async def _report(self, total: int) -> None:
        if self.progress is None:
            return
        async with self._progress_lock:  # keeps reported counts in order
            self._completed += 1
            await self.progress(self._completed, total)

    def _count(self, failure: InvalidOutput) -> None:
        """What the calls behind an unusable answer cost still counts toward the job."""
        if isinstance(failure, UnusableAnswer):
            self.usage.add(failure.usage)

    async def _call(self, request: SectionRequest) -> tuple[SectionContent, SectionResult]:
        result = await self.provider.generate_section(request)
        self.usage.add(result.usage)
        return as_section_content(request.section_type, result.content), result

    def _request(
        self, section_type: str, earlier: dict[str, SectionContent], **extra: Any
    ) -> SectionRequest:
        return SectionRequest(
            section_type=section_type,
            schema=SECTION_SCHEMAS[section_type],
            context=self.context,
            earlier_sections={k: v.model_dump(mode="json") for k, v in earlier.items()},
            instructions=self.instructions.get(section_type),
            decisions=self.decisions,
            **extra,
        )

    async def draft(
        self, section_types: Sequence[str], existing: Mapping[str, SectionContent]
    ) -> dict[str, DraftedSection]:
        """Draft `section_types`; sections they rest on come from this run or `existing`."""
        unknown = [s for s in section_types if s not in SECTION_SCHEMAS]
        if unknown:
            raise InvalidInput(
                f"The template has section types the generator does not know: "
                f"{', '.join(unknown)}.",
                field=("template_id",),
            )
        planned = list(dict.fromkeys(section_types))
        available = set(planned) | set(existing)
        futures: dict[str, asyncio.Future[DraftedSection | None]] = {
            s: asyncio.get_running_loop().create_future() for s in planned
        }

        async def run(section_type: str) -> DraftedSection | None:
            earlier: dict[str, SectionContent] = {}
            for dep in dependencies(section_type, available):
                if dep not in futures:
                    earlier[dep] = existing[dep]
                elif (done := await futures[dep]) is not None:
                    earlier[dep] = done.content
            try:
                content, result = await self._call(self._request(section_type, earlier))
            except InvalidOutput as exc:
                self._count(exc)
                self.failed[section_type] = exc.message
                await self._report(len(planned))
                log.warning("generation.section_failed", section_type=section_type)
                return None
            drafted = DraftedSection(
                section_type, content, result.generated_by, result.provider, result.model
            )
            await self._report(len(planned))
            log.info("generation.section_drafted", section_type=section_type)
            return drafted

        tasks = {s: asyncio.create_task(run(s), name=f"section:{s}") for s in planned}
        for section_type, task in tasks.items():
            task.add_done_callback(_resolve(futures[section_type]))
        try:
            await asyncio.wait(tasks.values(), return_when=asyncio.FIRST_EXCEPTION)
            for task in tasks.values():
                error = None if not task.done() or task.cancelled() else task.exception()
                if error is not None:
                    raise error
        finally:
            await _cancel_all(tasks.values())
        return {s: done for s in planned if (done := tasks[s].result()) is not None}

    async def repair(
        self,
        drafted: dict[str, DraftedSection],
        existing: Mapping[str, SectionContent],
        report: ComplianceReport,
    ) -> list[str]:
        """One targeted repair request per drafted section with an `error`; what changed."""
        targets = [s for s in report.sections_with_errors() if s in drafted]
        if not targets:
            return []
        everything = {**existing, **{k: v.content for k, v in drafted.items()}}

        async def fix(section_type: str) -> None:
            available = set(everything)
            earlier = {d: everything[d] for d in dependencies(section_type, available)}
            request = self._request(
                section_type,
                earlier,
                repair_findings=tuple(f.message for f in report.errors_for(section_type)),
                previous_output=drafted[section_type].content.model_dump(mode="json"),
            )
            try:
                content, result = await self._call(request)
            except InvalidOutput as exc:
                self._count(exc)
                # The first draft stands, with the findings that asked for the repair.
                log.warning("generation.section_repair_failed", section_type=section_type)
                return
            drafted[section_type] = DraftedSection(
                section_type, content, result.generated_by, result.provider, result.model
            )
            log.info("generation.section_repaired", section_type=section_type)

        tasks = [asyncio.create_task(fix(s), name=f"repair:{s}") for s in targets]
        try:
            await asyncio.gather(*tasks)
        finally:
            await _cancel_all(tasks)
        return targets


def _resolve(
    future: asyncio.Future[DraftedSection | None],
) -> Callable[[asyncio.Task[DraftedSection | None]], None]:
    """Mirror a section task into the future its dependants wait on."""

    def done(task: asyncio.Task[DraftedSection | None]) -> None:
        if future.done():
            return
        if task.cancelled():
            future.cancel()
        elif task.exception() is not None:
            # Dependants are cancelled with the run; nothing waits on this future after.
            future.cancel()
        else:
            future.set_result(task.result())

    return done


async def _cancel_all(tasks: Iterable[asyncio.Task[Any]]) -> None:
    pending = [t for t in tasks if not t.done()]
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.gather(*pending, return_exceptions=True)


async def generate_sections(
    provider: Provider,
    context: GenerationContext,
    section_types: Sequence[str],
    *,
    existing: Mapping[str, SectionContent] | None = None,
    instructions: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> GenerationOutcome:
    """Draft `section_types`, check the whole IEP (with `existing`), repair once, re-check."""
    existing = dict(existing or {})
    decisions = decide(context)
    pipeline = SectionPipeline(
        provider, context, instructions=instructions, progress=progress, decisions=decisions
    )
    drafted = await pipeline.draft(section_types, existing)
    if not drafted and pipeline.failed:
        raise InvalidOutput(next(iter(pipeline.failed.values())))

    def whole() -> dict[str, SectionContent]:
        return {**existing, **{k: v.content for k, v in drafted.items()}}

    report = check_iep(whole(), context, decisions)
    repaired = await pipeline.repair(drafted, existing, report)
    if repaired:
        report = check_iep(whole(), context, decisions)
    log.info(
        "generation.checked",
        student_id=context.student.id,
        sections=len(drafted),
        repaired=len(repaired),
        failed=len(pipeline.failed),
        passed=report.passed,
        errors=sum(f.severity == "error" for f in report.findings),
    )
    ordered = {s: drafted[s] for s in section_types if s in drafted}
    failed = {s: pipeline.failed[s] for s in section_types if s in pipeline.failed}
    text = "\n".join(filter(None, [context.case_manager_context, *(instructions or {}).values()]))
    offline = all(d.provider == "offline" for d in ordered.values())
    return GenerationOutcome(
        ordered,
        report,
        decisions,
        pipeline.usage,
        repaired,
        drafting_notes(text, offline=offline),
        failed,
    )


def drafting_notes(instructions: str, *, offline: bool) -> list[DraftingNote]:
    """What became of each drafting instruction: the offline drafter's own account, or the
    fact that a model was given it to follow."""
    if offline:
        return offline_drafting_notes(instructions)
    return [
        DraftingNote(
            instruction=text,
            applied=True,
            how="Given to the model as a drafting instruction; check the draft follows it.",
        )
        for text in split_instructions(instructions)
    ]
