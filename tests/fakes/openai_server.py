"""A fake OpenAI-compatible server: `POST /v1/chat/completions`, as Ollama or vLLM answer it.

Like vLLM and Ollama it takes every `response_format` (`json_schema`, strict or not, and
`json_object`) unless `refused_formats` names some: then it answers those as a server
that does not support them would (`refusal`), before any scripted reply is used.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.routing import Route

from tests.fakes.scripted_server import Reply, ScriptedServer

MODEL = "llama3.1:8b-instruct"


def success(
    data: Any,
    *,
    finish_reason: str = "stop",
    prompt_tokens: int = 150,
    output_tokens: int = 90,
    cached_tokens: int = 0,
    delay_seconds: float = 0.0,
) -> Reply:
    text = data if isinstance(data, str) else orjson.dumps(data).decode()
    return Reply(
        body={
            "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": MODEL,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text},
                    "finish_reason": finish_reason,
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": output_tokens,
                "total_tokens": prompt_tokens + output_tokens,
                "prompt_tokens_details": {"cached_tokens": cached_tokens},
            },
        },
        delay_seconds=delay_seconds,
    )


def truncated(data: Any) -> Reply:
    text = orjson.dumps(data).decode()
    return success(text[: len(text) // 2], finish_reason="length")


def invalid_json() -> Reply:
    return success("Sure! {not json")


def content_filtered() -> Reply:
    return success("", finish_reason="content_filter")


def _error(message: str, code: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": code, "code": code}}


def rate_limited(retry_after: float | None = 1.0) -> Reply:
    headers = {"retry-after": str(retry_after)} if retry_after is not None else {}
    return Reply(
        status=429, body=_error("Rate limit reached.", "rate_limit_exceeded"), headers=headers
    )


def quota_exhausted() -> Reply:
    return Reply(status=429, body=_error("You exceeded your quota.", "insufficient_quota"))


def server_error(status: int = 503) -> Reply:
    return Reply(status=status, body=_error("Model is loading.", "server_error"))


def unauthorized() -> Reply:
    return Reply(status=401, body=_error("Invalid API key.", "invalid_api_key"))


def slow(seconds: float, then: Reply | None = None) -> Reply:
    base = then or success({"slow": True})
    return Reply(status=base.status, body=base.body, delay_seconds=seconds)


def unsupported_format(kind: str) -> Reply:
    """How vLLM-style servers refuse a response_format they do not take: 400, named."""
    return Reply(
        status=400,
        body={
            "object": "error",
            "message": f"response_format type '{kind}' is not supported by this server.",
            "type": "BadRequestError",
            "param": "response_format",
            "code": 400,
        },
    )


def format_kind(payload: Any) -> str | None:
    """`json_schema_strict`, `json_schema`, `json_object`, `text` or None (not sent)."""
    response_format = (payload or {}).get("response_format") if isinstance(payload, dict) else None
    if not isinstance(response_format, dict):
        return None
    kind = str(response_format.get("type"))
    if kind == "json_schema" and (response_format.get("json_schema") or {}).get("strict"):
        return "json_schema_strict"
    return kind


class FakeOpenAIServer(ScriptedServer):
    def __init__(self, refused_formats: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.refused_formats = refused_formats

    def limit_reply(self, retry_after: float) -> Reply:
        return rate_limited(retry_after=round(max(retry_after, 0.1), 3))

    def refusal(self, kind: str) -> Reply:
        return unsupported_format(kind.removesuffix("_strict"))

    def refuses(self, payload: Any) -> Reply | None:
        kind = format_kind(payload)
        return self.refusal(kind) if kind in self.refused_formats else None

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/v1/chat/completions", self.answer, methods=["POST"])])


def prompt_text(payload: dict[str, Any]) -> str:
    return "\n".join(str(message.get("content", "")) for message in payload.get("messages", []))
