"""One call to a provider, below the section level: what goes out, what comes back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal, Protocol

from iepgen.generation.json_schema import drop_unset_nulls
from iepgen.generation.prompts import Prompt

FinishReason = Literal["stop", "max_tokens", "other"]

# A rough bytes-per-token ratio for English prose and JSON, used only to reserve tokens
# with the rate limiter before the provider reports the real count.
BYTES_PER_TOKEN: Final = 4


@dataclass(frozen=True)
class CompletionRequest:
    prompt: Prompt
    max_output_tokens: int
    temperature: float | None  # None: the model's own default

    def cache_material(self, provider: str, model: str) -> dict[str, Any]:
        """Everything that determines the answer: the cache key is its SHA-256."""
        return {
            "provider": provider,
            "model": model,
            "prompt_version": self.prompt.version,
            "system": self.prompt.system,
            "messages": [[m.role, m.text] for m in self.prompt.messages],
            "schema_name": self.prompt.schema_name,
            "schema": self.prompt.response_schema,
            "max_output_tokens": self.max_output_tokens,
            "temperature": self.temperature,
        }

    def estimated_tokens(self) -> int:
        size = len(self.prompt.system) + sum(len(m.text) for m in self.prompt.messages)
        # Expect an answer about a quarter of the output budget; the real count corrects it.
        return size // BYTES_PER_TOKEN + self.max_output_tokens // 4


@dataclass(frozen=True)
class Completion:
    text: str
    finish_reason: FinishReason
    prompt_tokens: int = 0
    output_tokens: int = 0
    cached_tokens: int = 0
    model_version: str | None = None
    response_id: str | None = None

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.output_tokens


class CompletionClient(Protocol):
    """One provider's wire protocol. Raises `TransientCallError` or `ProviderRejected` only."""

    name: str
    model: str

    async def complete(self, request: CompletionRequest) -> Completion: ...

    async def aclose(self) -> None: ...


def normalise_output(data: Any, request: CompletionRequest) -> Any:
    """Undo the strict-schema nulls so the section model's own defaults apply."""
    return drop_unset_nulls(data, request.prompt.response_schema)
