"""A section from an LLM: pseudonymise, prompt, call (cached, guarded), validate, repair, restore.

Shared by the Gemini and OpenAI-compatible providers; only the wire client differs.
Per section: at most two calls (the answer, and one repair quoting what was wrong with
it when it was cut off, not JSON, or did not match the schema). Every call that really
goes out is first recorded in the audit log (ids and field names, never content), in its
own short transaction so the record exists even if the call then fails.
"""

from __future__ import annotations

from typing import Any

import structlog
from pydantic import ValidationError

from iepgen.audit.service import record
from iepgen.config import Settings
from iepgen.db import Database
from iepgen.generation.privacy import (
    PseudonymisationError,
    Pseudonymizer,
    pseudonymize_request,
    strings_in,
)
from iepgen.generation.prompts import Prompt, build_output_repair, build_section_prompt
from iepgen.generation.provider import SectionRequest, SectionResult, UnusableAnswer, Usage
from iepgen.llm import metrics
from iepgen.llm.cache import ResponseCache, SingleFlight, request_key
from iepgen.llm.call_guard import CallGuard
from iepgen.llm.completion import Completion, CompletionClient, CompletionRequest
from iepgen.llm.output import parse_completion, validation_problems

log = structlog.get_logger(__name__)


class StructuredOutputProvider:
    """A `Provider` over any `CompletionClient`."""

    label = "The AI service"

    def __init__(
        self,
        client: CompletionClient,
        *,
        settings: Settings,
        database: Database,
        guard: CallGuard,
        cache: ResponseCache | None = None,
    ) -> None:
        self.client = client
        self.name = client.name
        self.model = client.model
        self.settings = settings
        self.database = database
        self.guard = guard
        self.cache = cache
        self._flights = SingleFlight()

    async def aclose(self) -> None:
        await self.client.aclose()

    async def generate_section(self, request: SectionRequest) -> SectionResult:
        usage = Usage()
        pseudonymizer: Pseudonymizer | None = None
        outgoing = request
        if self.settings.pii_pseudonymize:
            outgoing, pseudonymizer = pseudonymize_request(request)
            _refuse_leaks(pseudonymizer, list(strings_in(outgoing)))
        prompt = build_section_prompt(outgoing, include_birth_date=pseudonymizer is None)
        data = await self._validated_answer(request, prompt, usage, pseudonymizer)
        if pseudonymizer is not None:
            data = pseudonymizer.restore_value(data)
        try:
            content = request.schema.model_validate(data)
        except ValidationError as exc:
            # Only possible if a restored value breaks a bound (a very long real name).
            raise self._invalid(request, validation_problems(exc), usage) from exc
        return SectionResult(
            content=content,
            usage=usage,
            provider=self.name,
            model=self.model,
            generated_by=f"{self.name}:{self.model}",
        )

    def _completion_request(self, prompt: Prompt) -> CompletionRequest:
        return CompletionRequest(
            prompt=prompt,
            max_output_tokens=self.settings.llm_max_output_tokens,
            temperature=self.settings.llm_temperature,
        )

    async def _validated_answer(
        self,
        request: SectionRequest,
        prompt: Prompt,
        usage: Usage,
        pseudonymizer: Pseudonymizer | None,
    ) -> dict[str, Any]:
        first = self._completion_request(prompt)
        key, completion, fresh = await self._complete(request, first, usage, pseudonymizer)
        parsed = parse_completion(completion, first, request.schema)
        if parsed.data is not None:
            if fresh:
                await self._remember(key, completion, request)
            return parsed.data
        log.info(
            "llm.output.repair",
            provider=self.name,
            section_type=request.section_type,
            finish_reason=completion.finish_reason,
            problems=len(parsed.problems),
        )
        usage.output_repairs += 1
        answer, problems = completion.text, parsed.problems
        if pseudonymizer is not None:
            # The repair quotes the model's answer and our validator's words: redact them too.
            answer = pseudonymizer.redact(answer)
            problems = tuple(pseudonymizer.redact(problem) for problem in problems)
        repair = self._completion_request(build_output_repair(prompt, answer, problems))
        repair_key, repaired, repaired_fresh = await self._complete(
            request, repair, usage, pseudonymizer
        )
        reparsed = parse_completion(repaired, repair, request.schema)
        if reparsed.data is None:
            raise self._invalid(request, reparsed.problems, usage)
        if repaired_fresh:
            await self._remember(repair_key, repaired, request)
        return reparsed.data

    def _invalid(
        self, request: SectionRequest, problems: tuple[str, ...], usage: Usage
    ) -> UnusableAnswer:
        metrics.LLM_CALLS.labels(provider=self.name, outcome="invalid_output").inc()
        log.warning(
            "llm.output.invalid",
            provider=self.name,
            section_type=request.section_type,
            problems=len(problems),
        )
        first = problems[0] if problems else "no usable answer"
        return UnusableAnswer(
            f"{self.label} did not produce a usable draft of this section, even after being "
            f"asked to correct it ({first[:160]}). Try again, or write this section by hand.",
            usage,
        )

    async def _complete(
        self,
        request: SectionRequest,
        completion_request: CompletionRequest,
        usage: Usage,
        pseudonymizer: Pseudonymizer | None,
    ) -> tuple[str, Completion, bool]:
        """(cache key, completion, fresh): fresh when this caller's own call produced it."""
        key = request_key(completion_request.cache_material(self.name, self.model))

        async def work() -> tuple[Completion, bool]:
            if self.cache is not None:
                cached = await self.cache.get(key)
                if cached is not None:
                    return cached, False
            await self._record_disclosure(request, completion_request.prompt, pseudonymizer)
            return await self.guard.call(self.client, completion_request), True

        (completion, called), shared = await self._flights.run(key, work)
        if called and not shared:
            usage.llm_calls += 1
            usage.prompt_tokens += completion.prompt_tokens
            usage.output_tokens += completion.output_tokens
            usage.cached_tokens += completion.cached_tokens
        else:
            usage.cache_hits += 1
            metrics.LLM_CACHE_HITS.labels(provider=self.name).inc()
        return key, completion, called and not shared

    async def _remember(self, key: str, completion: Completion, request: SectionRequest) -> None:
        if self.cache is not None:
            await self.cache.put(
                key, self.name, self.model, completion, student_id=request.context.student.id
            )

    async def _record_disclosure(
        self, request: SectionRequest, prompt: Prompt, pseudonymizer: Pseudonymizer | None
    ) -> None:
        """What goes out, recorded first. `pseudonymized` is true only when every string of
        this request was redacted and checked clean (never just because a setting says so)."""
        async with self.database.transaction() as session:
            await record(
                session,
                None,
                "llm.disclosure",
                student_id=request.context.student.id,
                entity_type="student",
                entity_id=request.context.student.id,
                fields=prompt.disclosed_fields,
                detail={
                    "provider": self.name,
                    "model": self.model,
                    "section_type": request.section_type,
                    "prompt_version": prompt.version,
                    "pseudonymized": pseudonymizer is not None,
                    "placeholders": len(pseudonymizer.restorations) if pseudonymizer else 0,
                    "provider_on_premises": self.settings.llm_provider_on_premises,
                },
            )


def _refuse_leaks(pseudonymizer: Pseudonymizer, texts: list[str]) -> None:
    """Stop before the call if an identifying string survived redaction (never send it)."""
    leaked = sorted({placeholder for text in texts for placeholder in pseudonymizer.leaks(text)})
    if leaked:
        log.error("llm.privacy_check_failed", kinds=leaked)
        raise PseudonymisationError(
            "The request still held personal data after pseudonymisation, so nothing was sent "
            "to the AI service. Please report this to your administrator."
        )
