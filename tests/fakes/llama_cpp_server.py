"""A fake that refuses `response_format` like llama-cpp-python's server (0.3.36) does.

`python -m llama_cpp.server` types `response_format.type` as `"text" | "json_object"` (the
schema rides beside it, `{"type": "json_object", "schema": {...}}`). Any other type fails
FastAPI's request validation inside its error-wrapping route, which answers HTTP 500 with
an OpenAI-style error whose message is the validation error and a traceback line. The
status and body below were observed from the real server for `"type": "json_schema"`;
only the path of its installation is replaced.
"""

from __future__ import annotations

from typing import Any, Final

from tests.fakes.openai_server import FakeOpenAIServer, format_kind
from tests.fakes.scripted_server import Reply

ACCEPTED_TYPES: Final = ("text", "json_object")
APP_PY: Final = "/opt/llama-server/lib/python3.11/site-packages/llama_cpp/server/app.py"


def literal_error(kind: str) -> Reply:
    """The real server's answer to a `response_format.type` other than text or json_object."""
    message = (
        "1 validation error:\n"
        "  {'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), "
        "'msg': \"Input should be 'text' or 'json_object'\", "
        f"'input': '{kind}', 'ctx': {{'expected': \"'text' or 'json_object'\"}}}}\n\n"
        f'  File "{APP_PY}", line 376, in create_chat_completion\n'
        "    POST /v1/chat/completions"
    )
    return Reply(
        status=500,
        body={
            "error": {
                "message": message,
                "type": "internal_server_error",
                "param": None,
                "code": None,
            }
        },
    )


class FakeLlamaCppServer(FakeOpenAIServer):
    """Takes `json_object` (with a schema) and plain requests; refuses `json_schema`."""

    def refuses(self, payload: Any) -> Reply | None:
        kind = format_kind(payload)
        if kind is None or kind in ACCEPTED_TYPES:
            return None
        response_format = payload["response_format"]
        return literal_error(str(response_format.get("type")))
