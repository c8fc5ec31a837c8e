"""Any OpenAI-compatible `/v1/chat/completions` server (Ollama, vLLM, llama.cpp, a district
gateway) through the official `openai` SDK, for districts that keep student data on their
own hardware. SDK retries off (`max_retries=0`) and a timeout always set."""

from __future__ import annotations

from typing import Any, Final

import openai
from openai import AsyncOpenAI

from iepgen.config import Settings
from iepgen.errors import ProviderRejected
from iepgen.generation.json_schema import strict_openai_schema
from iepgen.llm.completion import Completion, CompletionRequest, FinishReason
from iepgen.llm.failures import TransientCallError, blocked_content, rejected_for_status
from iepgen.llm.structured import StructuredOutputProvider

LABEL: Final = "The local AI server"
TRANSIENT_STATUSES: Final = frozenset({429, 500, 502, 503, 504})
# Local servers ignore the key, but the SDK refuses to start without one.
PLACEHOLDER_KEY: Final = "not-needed"


def _retry_after(error: openai.APIStatusError) -> float | None:
    value = error.response.headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff


def _error_code(error: openai.APIStatusError) -> str | None:
    body = error.body if isinstance(error.body, dict) else {}
    inner = body.get("error", body)
    if isinstance(inner, dict):
        code = inner.get("code") or inner.get("type")
        return str(code) if code else None
    return None


def classify_status_error(error: openai.APIStatusError) -> TransientCallError | ProviderRejected:
    status = error.status_code
    code = _error_code(error)
    if status == 429 and code == "insufficient_quota":
        return rejected_for_status(LABEL, 429)
    if status in TRANSIENT_STATUSES:
        return TransientCallError(
            f"{LABEL} answered HTTP {status}.",
            reason="rate_limited" if status == 429 else "server_error",
            status=status,
            retry_after_seconds=_retry_after(error) if status == 429 else None,
        )
    return rejected_for_status(LABEL, status, code)


class OpenAICompatibleClient:
    """The chat-completions wire protocol behind `CompletionClient`."""

    name = "openai"

    def __init__(
        self, *, base_url: str | None, api_key: str | None, model: str, timeout_seconds: float
    ) -> None:
        self.model = model
        self._client = AsyncOpenAI(
            base_url=base_url,
            api_key=api_key or PLACEHOLDER_KEY,
            timeout=timeout_seconds,
            max_retries=0,
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAICompatibleClient:
        return cls(
            base_url=settings.openai_base_url,
            api_key=settings.openai_api_key.get_secret_value() if settings.openai_api_key else None,
            model=settings.openai_model,
            timeout_seconds=settings.llm_timeout_seconds,
        )

    async def aclose(self) -> None:
        await self._client.close()

    def _messages(self, request: CompletionRequest) -> list[dict[str, str]]:
        messages = [{"role": "system", "content": request.prompt.system}]
        messages += [
            {"role": "assistant" if m.role == "model" else "user", "content": m.text}
            for m in request.prompt.messages
        ]
        return messages

    async def complete(self, request: CompletionRequest) -> Completion:
        response_format: Any = {
            "type": "json_schema",
            "json_schema": {
                "name": request.prompt.schema_name,
                "schema": strict_openai_schema(request.prompt.response_schema),
                "strict": True,
            },
        }
        try:
            response = await self._client.chat.completions.create(
                model=self.model,
                messages=self._messages(request),  # type: ignore[arg-type]
                response_format=response_format,
                temperature=openai.omit if request.temperature is None else request.temperature,
                max_tokens=request.max_output_tokens,
                n=1,
            )
        except openai.APITimeoutError as exc:
            raise TransientCallError(f"{LABEL} did not answer in time.", reason="timeout") from exc
        except openai.APIConnectionError as exc:
            raise TransientCallError(f"{LABEL} could not be reached.", reason="connection") from exc
        except openai.APIStatusError as exc:
            raise classify_status_error(exc) from exc
        if not response.choices:
            return Completion(text="", finish_reason="other")
        choice = response.choices[0]
        if choice.finish_reason == "content_filter" or choice.message.refusal:
            raise blocked_content(LABEL, "content")
        reason: FinishReason = (
            "max_tokens"
            if choice.finish_reason == "length"
            else "stop"
            if choice.finish_reason == "stop"
            else "other"
        )
        usage = response.usage
        details = usage.prompt_tokens_details if usage else None
        return Completion(
            text=choice.message.content or "",
            finish_reason=reason,
            prompt_tokens=usage.prompt_tokens if usage else 0,
            output_tokens=usage.completion_tokens if usage else 0,
            cached_tokens=(details.cached_tokens or 0) if details else 0,
            model_version=(response.model or None) and response.model[:128],
            response_id=(response.id or None) and response.id[:128],
        )


class OpenAICompatibleProvider(StructuredOutputProvider):
    """Sections drafted by an OpenAI-compatible server (Ollama, vLLM, llama.cpp, a gateway)."""

    label = LABEL
