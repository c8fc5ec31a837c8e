"""Google Gemini through the official `google-genai` SDK (async client).

The SDK is built with its own retries off (our policy is the only one), a timeout always
set (its default is none) and the API version pinned, so `GEMINI_BASE_URL` (a proxy or a
test server) sees a stable path. Structured output goes through `response_json_schema`,
which takes plain JSON Schema; the answer's text is validated by us, never through the
SDK's `parsed` (it silently returns None on bad JSON).
"""

from __future__ import annotations

import asyncio
import re
from typing import Any, Final

import httpx
import httpx2
from google import genai
from google.genai import errors as genai_errors
from google.genai import types

from iepgen.config import Settings
from iepgen.errors import ProviderRejected
from iepgen.generation.json_schema import gemini_schema
from iepgen.llm.completion import Completion, CompletionRequest, FinishReason
from iepgen.llm.failures import TransientCallError, blocked_content, rejected_for_status
from iepgen.llm.structured import StructuredOutputProvider

LABEL: Final = "Gemini"
TRANSIENT_STATUSES: Final = frozenset({429, 500, 502, 503, 504})
BLOCKING_FINISHES: Final = frozenset(
    {"SAFETY", "RECITATION", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "IMAGE_SAFETY"}
)
# Text about disabilities, behaviour and medical needs reads as "harassment" or
# "dangerous" to default filters; block only what is clearly harmful.
SAFETY_SETTINGS: Final = [
    types.SafetySetting(category=category, threshold=types.HarmBlockThreshold.BLOCK_ONLY_HIGH)
    for category in (
        types.HarmCategory.HARM_CATEGORY_HARASSMENT,
        types.HarmCategory.HARM_CATEGORY_HATE_SPEECH,
        types.HarmCategory.HARM_CATEGORY_SEXUALLY_EXPLICIT,
        types.HarmCategory.HARM_CATEGORY_DANGEROUS_CONTENT,
        types.HarmCategory.HARM_CATEGORY_CIVIC_INTEGRITY,
    )
]
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)s\s*$")
_TIMEOUTS = (httpx2.TimeoutException, httpx.TimeoutException, TimeoutError)
_CONNECTION_ERRORS = (httpx2.TransportError, httpx.TransportError, ConnectionError)


def _error_details(exc: genai_errors.APIError) -> list[dict[str, Any]]:
    body = exc.details if isinstance(exc.details, dict) else {}
    inner = body.get("error", body)
    details = inner.get("details") if isinstance(inner, dict) else None
    return [d for d in details or [] if isinstance(d, dict)]


def retry_delay_seconds(details: list[dict[str, Any]]) -> float | None:
    """`RetryInfo.retryDelay` ("37s", "0.5s") in seconds, if the error carries one."""
    for detail in details:
        if str(detail.get("@type", "")).endswith("google.rpc.RetryInfo"):
            match = _DURATION.match(str(detail.get("retryDelay", "")))
            if match:
                return float(match.group(1))
    return None


def is_daily_quota(details: list[dict[str, Any]]) -> bool:
    """A 429 whose `QuotaFailure` names a per-day quota: waiting minutes will not help."""
    for detail in details:
        if str(detail.get("@type", "")).endswith("google.rpc.QuotaFailure"):
            for violation in detail.get("violations") or []:
                if "PerDay" in str(violation.get("quotaId", "")):
                    return True
    return False


def _error_reason(details: list[dict[str, Any]]) -> str | None:
    for detail in details:
        if str(detail.get("@type", "")).endswith("google.rpc.ErrorInfo"):
            return str(detail.get("reason") or "") or None
    return None


def classify_api_error(exc: genai_errors.APIError) -> TransientCallError | ProviderRejected:
    details = _error_details(exc)
    status = int(exc.code or 0)
    if status == 429 and is_daily_quota(details):
        return rejected_for_status(LABEL, 429)
    if status in TRANSIENT_STATUSES:
        return TransientCallError(
            f"{LABEL} answered HTTP {status}.",
            reason="rate_limited" if status == 429 else "server_error",
            status=status,
            retry_after_seconds=retry_delay_seconds(details) if status == 429 else None,
        )
    reason = _error_reason(details)
    if reason and "API_KEY" in reason:
        return rejected_for_status(LABEL, 401, reason)
    return rejected_for_status(LABEL, status, reason or (str(exc.status) if exc.status else None))


def _finish_reason(value: Any) -> str:
    return str(getattr(value, "value", value) or "")


class GeminiClient:
    """The Gemini wire protocol behind `CompletionClient`."""

    name = "gemini"

    def __init__(
        self,
        *,
        api_key: str,
        model: str,
        timeout_seconds: float,
        base_url: str | None = None,
        api_version: str = "v1beta",
    ) -> None:
        self.model = model
        self.timeout_seconds = timeout_seconds
        self._client = genai.Client(
            api_key=api_key,
            http_options=types.HttpOptions(
                base_url=base_url,
                api_version=api_version,
                timeout=int(timeout_seconds * 1000),
                retry_options=types.HttpRetryOptions(attempts=1),
            ),
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> GeminiClient:
        if settings.gemini_api_key is None:
            raise ProviderRejected("GEMINI_API_KEY is not set; Gemini cannot be used.")
        return cls(
            api_key=settings.gemini_api_key.get_secret_value(),
            model=settings.gemini_model,
            timeout_seconds=settings.llm_timeout_seconds,
            base_url=settings.gemini_base_url,
            api_version=settings.gemini_api_version,
        )

    async def aclose(self) -> None:
        await self._client.aio.aclose()

    def _config(self, request: CompletionRequest) -> types.GenerateContentConfig:
        return types.GenerateContentConfig(
            system_instruction=request.prompt.system,
            response_mime_type="application/json",
            response_json_schema=gemini_schema(request.prompt.response_schema),
            temperature=request.temperature,
            max_output_tokens=request.max_output_tokens,
            candidate_count=1,
            safety_settings=SAFETY_SETTINGS,
        )

    async def complete(self, request: CompletionRequest) -> Completion:
        contents = [
            types.Content(role=message.role, parts=[types.Part(text=message.text)])
            for message in request.prompt.messages
        ]
        try:
            # The SDK's timeout covers each read; this one bounds the whole call.
            async with asyncio.timeout(self.timeout_seconds + 5):
                response = await self._client.aio.models.generate_content(
                    model=self.model, contents=contents, config=self._config(request)
                )
        except genai_errors.APIError as exc:
            raise classify_api_error(exc) from exc
        except _TIMEOUTS as exc:
            raise TransientCallError(f"{LABEL} did not answer in time.", reason="timeout") from exc
        except _CONNECTION_ERRORS as exc:
            raise TransientCallError(f"{LABEL} could not be reached.", reason="connection") from exc
        return self._completion(response)

    def _completion(self, response: types.GenerateContentResponse) -> Completion:
        feedback = response.prompt_feedback
        if feedback is not None and feedback.block_reason is not None:
            raise blocked_content(LABEL, _finish_reason(feedback.block_reason))
        candidate = response.candidates[0] if response.candidates else None
        finish = _finish_reason(candidate.finish_reason if candidate else None)
        if finish in BLOCKING_FINISHES:
            raise blocked_content(LABEL, finish)
        parts = candidate.content.parts if candidate and candidate.content else None
        text = "".join(part.text or "" for part in parts or [] if not part.thought)
        usage = response.usage_metadata
        reason: FinishReason = (
            "max_tokens" if finish == "MAX_TOKENS" else "stop" if finish == "STOP" else "other"
        )
        return Completion(
            text=text,
            finish_reason=reason,
            prompt_tokens=(usage.prompt_token_count or 0) if usage else 0,
            # Thinking tokens are billed as output.
            output_tokens=((usage.candidates_token_count or 0) + (usage.thoughts_token_count or 0))
            if usage
            else 0,
            cached_tokens=(usage.cached_content_token_count or 0) if usage else 0,
            model_version=(response.model_version or None) and response.model_version[:128],
            response_id=(response.response_id or None) and response.response_id[:128],
        )


class GeminiProvider(StructuredOutputProvider):
    """Sections drafted by Gemini (see `StructuredOutputProvider` for the whole flow)."""

    label = LABEL
