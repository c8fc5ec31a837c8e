"""Translation by the configured model: one small structured-output request per batch.

Like every provider call (generation/privacy.py), the request is pseudonymised: every
segment is redacted for the student (names in any form, birth date, number, school,
parents) and the other people the document names (case manager, team members), checked
for leaks before it goes out, and restored after. The call runs under the same policies
(retries, circuit breaker, shared rate limits) and cache, and is recorded in the
student's access log first (`llm.disclosure`, purpose "translation": ids and counts).
A segment whose answer lost or invented a placeholder is dropped, so the document marks
it as not translated rather than printing a wrong name.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Final, Protocol

import structlog
from pydantic import BaseModel, ConfigDict, Field

from iepgen.audit.service import record
from iepgen.config import Settings
from iepgen.db import Database
from iepgen.errors import InvalidOutput
from iepgen.generation.context import StudentFacts
from iepgen.generation.json_schema import inline_schema
from iepgen.generation.privacy import PseudonymisationError, Pseudonymizer
from iepgen.generation.prompts import Prompt, PromptMessage
from iepgen.llm.cache import ResponseCache, request_key
from iepgen.llm.call_guard import CallGuard
from iepgen.llm.completion import CompletionClient, CompletionRequest
from iepgen.llm.factory import build_completion_client, build_guard
from iepgen.llm.output import parse_completion

from .glossary import prompt_lines
from .languages import Language

log = structlog.get_logger("iepgen.translation")

PROMPT_VERSION: Final = "translate-1"
# Segments per request: a family document is 60-200 short strings; batches keep each
# answer well inside the output token limit.
BATCH: Final = 60
_PLACEHOLDER_PATTERN: Final = r"\[[A-Z][A-Z0-9_]*\]"

SYSTEM: Final = """\
You translate documents a US public school sends to a family about their child's special \
education (IDEA). Translate each segment from English into the target language, for a \
parent who reads at about a grade-8 level: plain, respectful, formal address.

Rules:
1. Use the glossary's meaning of each IDEA term, and render the same term the same way \
every time. Keep the abbreviations IEP and IDEA as they are.
2. Keep every placeholder such as [STUDENT_FIRST_NAME] or [PARENT_1] exactly as written, \
brackets included. Keep numbers, dates' numbers, percentages and "34 CFR" citations.
3. Translate every segment; add nothing, leave nothing out, explain nothing.
4. Answer with one JSON object matching the schema: each segment's id and its translation.
"""


class TranslatedSegment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(max_length=12)
    text: str = Field(max_length=8000)


class TranslationAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    translations: list[TranslatedSegment] = Field(max_length=BATCH)


@dataclass(frozen=True)
class TranslationRequest:
    language: Language
    segments: tuple[str, ...]
    student: StudentFacts
    # Other people the document names (case manager, team members, teachers).
    people: tuple[str, ...] = ()


class Translator(Protocol):
    name: str
    model: str

    async def translate(self, request: TranslationRequest) -> dict[str, str]:
        """English segment -> its translation; a segment left out was not translated."""
        ...


class ModelTranslator:
    """A `Translator` over the configured provider's wire client and call policies."""

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

    async def aclose(self) -> None:
        await self.client.aclose()

    async def translate(self, request: TranslationRequest) -> dict[str, str]:
        pseudonymizer = Pseudonymizer.for_student(request.student, people=request.people)
        found: dict[str, str] = {}
        segments = list(dict.fromkeys(s for s in request.segments if s.strip()))
        for start in range(0, len(segments), BATCH):
            batch = segments[start : start + BATCH]
            found.update(await self._batch(request, batch, pseudonymizer))
        return found

    async def _batch(
        self, request: TranslationRequest, batch: list[str], pseudonymizer: Pseudonymizer
    ) -> dict[str, str]:
        redacted = [pseudonymizer.redact(text) for text in batch]
        leaked = sorted({p for text in redacted for p in pseudonymizer.leaks(text)})
        if leaked:
            log.error("translation.privacy_check_failed", kinds=leaked)
            raise PseudonymisationError(
                "The translation request still held personal data after pseudonymisation, so "
                "nothing was sent to the AI service. Please report this to your administrator."
            )
        prompt = _prompt(request.language, redacted)
        completion_request = CompletionRequest(
            prompt=prompt,
            max_output_tokens=self.settings.llm_max_output_tokens,
            temperature=self.settings.llm_temperature,
        )
        key = request_key(completion_request.cache_material(self.name, self.model))
        completion = await self.cache.get(key) if self.cache is not None else None
        fresh = completion is None
        if completion is None:
            await self._record_disclosure(request, prompt, len(batch))
            completion = await self.guard.call(self.client, completion_request)
        parsed = parse_completion(completion, completion_request, TranslationAnswer)
        if parsed.data is None:
            log.warning("translation.invalid_output", problems=len(parsed.problems))
            raise InvalidOutput("The AI service did not answer with a usable translation.")
        if fresh and self.cache is not None:
            await self.cache.put(
                key, self.name, self.model, completion, student_id=request.student.id
            )
        answer = TranslationAnswer.model_validate(parsed.data)
        by_id = {item.id: item.text for item in answer.translations}
        result: dict[str, str] = {}
        for index, (original, sent) in enumerate(zip(batch, redacted, strict=True)):
            translated = by_id.get(f"s{index}")
            if translated and _same_placeholders(sent, translated):
                result[original] = pseudonymizer.restore(translated)
        return result

    async def _record_disclosure(
        self, request: TranslationRequest, prompt: Prompt, segments: int
    ) -> None:
        async with self.database.transaction() as session:
            await record(
                session,
                None,
                "llm.disclosure",
                student_id=request.student.id,
                entity_type="student",
                entity_id=request.student.id,
                fields=prompt.disclosed_fields,
                detail={
                    "provider": self.name,
                    "model": self.model,
                    "purpose": "translation",
                    "language": request.language.code,
                    "segments": segments,
                    "prompt_version": prompt.version,
                    "pseudonymized": True,
                    "provider_on_premises": self.settings.llm_provider_on_premises,
                },
            )


def _same_placeholders(sent: str, answer: str) -> bool:
    return sorted(re.findall(_PLACEHOLDER_PATTERN, sent)) == sorted(
        re.findall(_PLACEHOLDER_PATTERN, answer)
    )


def _prompt(language: Language, segments: list[str]) -> Prompt:
    payload = {
        "target_language": f"{language.english_name} ({language.native_name})",
        "segments": [{"id": f"s{index}", "text": text} for index, text in enumerate(segments)],
    }
    text = (
        "# Glossary of IDEA terms\n"
        + "\n".join(prompt_lines())
        + "\n\n# Segments to translate\n"
        + json.dumps(payload, ensure_ascii=False, indent=1)
    )
    return Prompt(
        section_type="translation",
        version=PROMPT_VERSION,
        system=SYSTEM,
        messages=(PromptMessage(role="user", text=text),),
        schema_name="TranslationAnswer",
        response_schema=inline_schema(TranslationAnswer.model_json_schema()),
        disclosed_fields=("family_document_text",),
    )


def build_translator(settings: Settings, database: Database) -> ModelTranslator | None:
    """The configured model as a translator, or None when only the offline drafter is."""
    if settings.resolved_provider == "offline":
        return None
    cache = ResponseCache(database) if settings.llm_cache_enabled else None
    return ModelTranslator(
        build_completion_client(settings, database),
        settings=settings,
        database=database,
        guard=build_guard(settings, database),
        cache=cache,
    )
