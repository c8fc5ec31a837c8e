"""The provider seam (STYLE habit 4): one async method, our own dataclasses in and out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel

from iepgen.errors import InvalidOutput
from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions import Decisions


@dataclass(frozen=True)
class SectionRequest:
    """Generate one section. `earlier_sections` holds what it rests on (e.g. present levels)."""

    section_type: str
    schema: type[BaseModel]
    context: GenerationContext
    earlier_sections: dict[str, dict[str, Any]] = field(default_factory=dict)
    # A targeted repair: the problems found in `previous_output`, to be fixed.
    repair_findings: tuple[str, ...] = ()
    previous_output: dict[str, Any] | None = None
    # Drafting instructions for this section only (a teacher's "regenerate with ..."): they
    # steer the draft and are never IEP content.
    instructions: str | None = None
    # What the record decides (needs, measures, supports, dates): every provider writes
    # from the same decisions.
    decisions: Decisions | None = None


@dataclass
class Usage:
    llm_calls: int = 0
    prompt_tokens: int = 0
    output_tokens: int = 0
    cached_tokens: int = 0
    cache_hits: int = 0
    # Calls that asked again because an answer was cut off, not JSON or off the schema.
    output_repairs: int = 0

    def add(self, other: Usage) -> None:
        self.llm_calls += other.llm_calls
        self.prompt_tokens += other.prompt_tokens
        self.output_tokens += other.output_tokens
        self.cached_tokens += other.cached_tokens
        self.cache_hits += other.cache_hits
        self.output_repairs += other.output_repairs


class UnusableAnswer(InvalidOutput):
    """A section's answer stayed unusable after its repair; `usage` is what it cost."""

    def __init__(self, message: str, usage: Usage) -> None:
        super().__init__(message)
        self.usage = usage


@dataclass(frozen=True)
class SectionResult:
    content: BaseModel
    usage: Usage
    provider: str
    model: str
    # What `generated_by` records: "offline", "gemini:gemini-3.5-flash", "offline (fallback)".
    generated_by: str


class Provider(Protocol):
    name: str
    model: str

    async def generate_section(self, request: SectionRequest) -> SectionResult: ...
