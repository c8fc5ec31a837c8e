"""Any OpenAI-compatible `/v1/chat/completions` server (Ollama, vLLM, llama.cpp, a district
gateway) through the official `openai` SDK, for districts that keep student data on their
own hardware. SDK retries off (`max_retries=0`) and a timeout always set. How the answer
is constrained to the section's schema is negotiated per server and model
(`output_modes.py`)."""

from __future__ import annotations

import json
from typing import Any, Final

import openai
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletion

from iepgen.config import Settings
from iepgen.errors import ProviderRejected
from iepgen.generation.json_schema import grammar_schema, strict_openai_schema
from iepgen.generation.prompts import Prompt, with_output_rules
from iepgen.generation.schema_limits import describe_limits
from iepgen.llm.completion import Completion, CompletionRequest, FinishReason
from iepgen.llm.failures import TransientCallError, blocked_content, rejected_for_status
from iepgen.llm.output_modes import (
    LADDER,
    OutputMode,
    OutputModeMemory,
    OutputModes,
    Refusal,
    RequestShapeRefused,
    server_key,
)
from iepgen.llm.structured import StructuredOutputProvider

LABEL: Final = "The local AI server"
TRANSIENT_STATUSES: Final = frozenset({429, 500, 502, 503, 504})
# Local servers ignore the key, but the SDK refuses to start without one.
PLACEHOLDER_KEY: Final = "not-needed"
# Statuses a server answers a `response_format` it does not take with (llama-cpp-python:
# 500), and words such an answer contains; anything else is classified as usual.
SHAPE_REFUSAL_STATUSES: Final = frozenset({400, 422, 500, 501})
SHAPE_REFUSAL_WORDS: Final = ("response_format", "json_schema", "json_object")


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


def refuses_request_shape(error: openai.APIStatusError) -> bool:
    """Whether an error answer says the server does not take this `response_format`.

    llama-cpp-python answers an unknown `response_format.type` with HTTP 500 quoting its
    request validation; vLLM and gateways answer 400 or 422. Either names the parameter.
    """
    if error.status_code not in SHAPE_REFUSAL_STATUSES:
        return False
    body = error.body
    text = body if isinstance(body, str) else json.dumps(body, default=str)
    lowered = text.lower()
    return any(word in lowered for word in SHAPE_REFUSAL_WORDS)


def response_format(mode: OutputMode, prompt: Prompt) -> dict[str, Any] | None:
    """What `response_format` carries in each mode (None: not sent at all)."""
    schema = prompt.response_schema
    if mode == "json_schema_strict":
        return {
            "type": "json_schema",
            "json_schema": {
                "name": prompt.schema_name,
                "schema": strict_openai_schema(schema),
                "strict": True,
            },
        }
    if mode == "json_schema":
        return {
            "type": "json_schema",
            "json_schema": {"name": prompt.schema_name, "schema": schema},
        }
    if mode == "json_object":
        return {"type": "json_object", "schema": grammar_schema(schema)}
    return None


class OpenAICompatibleClient:
    """The chat-completions wire protocol behind `CompletionClient`."""

    name = "openai"

    def __init__(
        self,
        *,
        base_url: str | None,
        api_key: str | None,
        model: str,
        timeout_seconds: float,
        modes: OutputModes | None = None,
    ) -> None:
        self.model = model
        self.modes = modes or OutputModes(
            "auto", server=server_key(base_url), model=model, provider_label=LABEL
        )
        self._client = AsyncOpenAI(
            base_url=base_url,
            api_key=api_key or PLACEHOLDER_KEY,
            timeout=timeout_seconds,
            max_retries=0,
        )

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        memory: OutputModeMemory | None = None,
        fresh_negotiation: bool = False,
    ) -> OpenAICompatibleClient:
        """A client for the configured server; with `memory` the negotiated mode is shared."""
        modes = OutputModes(
            settings.openai_structured_output,
            server=server_key(settings.openai_base_url),
            model=settings.openai_model,
            provider_label=LABEL,
            memory=memory,
            fresh=fresh_negotiation,
        )
        return cls(
            base_url=settings.openai_base_url,
            api_key=settings.openai_api_key.get_secret_value() if settings.openai_api_key else None,
            model=settings.openai_model,
            timeout_seconds=settings.llm_timeout_seconds,
            modes=modes,
        )

    async def aclose(self) -> None:
        await self._client.close()

    def _messages(self, request: CompletionRequest, mode: OutputMode) -> list[dict[str, str]]:
        prompt = request.prompt
        if mode == "prompt":
            # Nothing constrains the output: state every limit we check in words.
            prompt = with_output_rules(prompt, describe_limits(prompt.response_schema))
        messages = [{"role": "system", "content": prompt.system}]
        messages += [
            {"role": "assistant" if m.role == "model" else "user", "content": m.text}
            for m in prompt.messages
        ]
        return messages

    async def complete(self, request: CompletionRequest) -> Completion:
        """One answer, in the first structured-output mode this server takes."""
        mode = await self.modes.current()
        for _ in range(len(LADDER)):
            try:
                completion = await self._complete(request, mode)
            except RequestShapeRefused as exc:
                mode = await self.modes.refused(exc.refusal)
                continue
            await self.modes.confirm(mode)
            return completion
        raise ProviderRejected(f"{LABEL} kept refusing the request's shape.")

    async def _complete(self, request: CompletionRequest, mode: OutputMode) -> Completion:
        shape = response_format(mode, request.prompt)
        try:
            response = await self._client.chat.completions.create(
                model=self.model,
                messages=self._messages(request, mode),  # type: ignore[arg-type]
                response_format=openai.omit if shape is None else shape,  # type: ignore[arg-type]
                temperature=openai.omit if request.temperature is None else request.temperature,
                max_tokens=request.max_output_tokens,
                n=1,
            )
        except openai.APITimeoutError as exc:
            raise TransientCallError(f"{LABEL} did not answer in time.", reason="timeout") from exc
        except openai.APIConnectionError as exc:
            raise TransientCallError(f"{LABEL} could not be reached.", reason="connection") from exc
        except openai.APIStatusError as exc:
            if shape is not None and refuses_request_shape(exc):
                raise RequestShapeRefused(Refusal(mode, exc.status_code)) from exc
            raise classify_status_error(exc) from exc
        except (json.JSONDecodeError, openai.APIResponseValidationError) as exc:
            # HTTP 200 with a body that is no chat completion: a web page or another API
            # answering at the configured address, which retrying will not change.
            raise ProviderRejected(
                f"{LABEL} answered with something that is not a chat completion. Ask your "
                "administrator to check OPENAI_BASE_URL (it usually ends in /v1)."
            ) from exc
        return _completion(response)


def _completion(response: ChatCompletion) -> Completion:
    if not response.choices:
        # Nothing to validate: the repair request asks again, then the section fails.
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
