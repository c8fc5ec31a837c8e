"""A fake Gemini API: `POST /{v1,v1beta}/models/{model}:generateContent`, `x-goog-api-key`.

Speaks the REST wire format the `google-genai` SDK reads (camelCase JSON, google.rpc
error details), so the real SDK is exercised end to end.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.scripted_server import RecordedRequest, Reply, ScriptedServer

API_KEY = "test-gemini-key"
MODEL = "gemini-3.5-flash"


def success(
    data: Any,
    *,
    finish_reason: str = "STOP",
    prompt_tokens: int = 120,
    output_tokens: int = 80,
    cached_tokens: int = 0,
    delay_seconds: float = 0.0,
) -> Reply:
    """An answer whose text is `data` as JSON (or `data` itself when it is a str)."""
    text = data if isinstance(data, str) else orjson.dumps(data).decode()
    usage: dict[str, Any] = {
        "promptTokenCount": prompt_tokens,
        "candidatesTokenCount": output_tokens,
        "totalTokenCount": prompt_tokens + output_tokens,
    }
    if cached_tokens:
        usage["cachedContentTokenCount"] = cached_tokens
    return Reply(
        body={
            "candidates": [
                {
                    "content": {"role": "model", "parts": [{"text": text}]},
                    "finishReason": finish_reason,
                    "index": 0,
                }
            ],
            "usageMetadata": usage,
            "modelVersion": f"{MODEL}-001",
            "responseId": uuid.uuid4().hex[:16],
        },
        delay_seconds=delay_seconds,
    )


def truncated(data: Any) -> Reply:
    """Half of a JSON answer, cut off at the token limit."""
    text = orjson.dumps(data).decode()
    return success(text[: len(text) // 2], finish_reason="MAX_TOKENS")


def invalid_json() -> Reply:
    return success("Here is the section you asked for: {not json")


def safety_finish() -> Reply:
    return success("", finish_reason="SAFETY")


def blocked_prompt(reason: str = "SAFETY") -> Reply:
    return Reply(
        body={
            "promptFeedback": {"blockReason": reason},
            "usageMetadata": {"promptTokenCount": 120, "totalTokenCount": 120},
            "modelVersion": f"{MODEL}-001",
        }
    )


def _error(code: int, status: str, message: str, details: list[dict[str, Any]]) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "status": status, "details": details}}


def rate_limited(retry_delay: float | None = 1.0, quota_id: str | None = None) -> Reply:
    details: list[dict[str, Any]] = [
        {
            "@type": "type.googleapis.com/google.rpc.QuotaFailure",
            "violations": [
                {
                    "quotaMetric": "generativelanguage.googleapis.com/generate_content_requests",
                    "quotaId": quota_id or "GenerateRequestsPerMinutePerProjectPerModel",
                }
            ],
        }
    ]
    if retry_delay is not None:
        details.append(
            {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": f"{retry_delay}s"}
        )
    return Reply(
        status=429,
        body=_error(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota.", details),
    )


def daily_quota() -> Reply:
    return rate_limited(
        retry_delay=3600, quota_id="GenerateRequestsPerDayPerProjectPerModel-FreeTier"
    )


def server_error(status: int = 503) -> Reply:
    word = {500: "INTERNAL", 502: "BAD_GATEWAY", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED"}
    return Reply(
        status=status,
        body=_error(status, word.get(status, "INTERNAL"), "The model is overloaded.", []),
    )


def slow(seconds: float, then: Reply | None = None) -> Reply:
    base = then or success({"slow": True})
    return Reply(status=base.status, body=base.body, raw=base.raw, delay_seconds=seconds)


def not_found() -> Reply:
    return Reply(status=404, body=_error(404, "NOT_FOUND", "models/unknown is not found.", []))


class FakeGeminiServer(ScriptedServer):
    def __init__(self, api_key: str = API_KEY) -> None:
        super().__init__()
        self.api_key = api_key

    def limit_reply(self, retry_after: float) -> Reply:
        return rate_limited(retry_delay=round(max(retry_after, 0.1), 3))

    async def generate_content(self, request: Request) -> Response:
        model_action = request.path_params["model_action"]
        if not model_action.endswith(":generateContent"):
            return JSONResponse(_error(404, "NOT_FOUND", "Unknown method.", []), status_code=404)
        if request.headers.get("x-goog-api-key") != self.api_key:
            body = await request.body()
            self.requests.append(self._record_refused(request, body))
            details = [
                {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": "API_KEY_INVALID",
                    "domain": "googleapis.com",
                }
            ]
            error = _error(400, "INVALID_ARGUMENT", "API key not valid.", details)
            return JSONResponse(error, status_code=400)
        return await self.answer(request)

    def _record_refused(self, request: Request, body: bytes) -> RecordedRequest:
        return RecordedRequest(
            path=request.url.path,
            headers={k.lower(): v for k, v in request.headers.items()},
            body=body,
            received_at=time.time(),
            status=400,
        )

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route(
                    "/{version:str}/models/{model_action:str}",
                    self.generate_content,
                    methods=["POST"],
                )
            ]
        )


def prompt_text(payload: dict[str, Any]) -> str:
    """All text the SDK sent: system instruction and every turn."""
    texts = [part.get("text", "") for part in payload.get("systemInstruction", {}).get("parts", [])]
    for content in payload.get("contents", []):
        texts += [part.get("text", "") for part in content.get("parts", [])]
    return "\n".join(texts)
