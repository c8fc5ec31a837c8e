"""Answers every operation can give that no single route declares, added to `/openapi.json`.

The body size limit (413) and JSON parsing (400) happen before a route runs, the bearer
check (401) sits in a shared dependency, and a database that is away or out of space
answers 503 wherever it happens (api/errors.py); documenting them here keeps each
router's `responses=` about its own rules, and a new route is covered without edits.
Error answers are always JSON (api/errors.py), even on routes that stream events or
send files, so their schemas are documented as `application/json`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from iepgen.api.schemas import ErrorBody

_ERROR_REF = "#/components/schemas/ErrorBody"
_BODY_ANSWERS = {
    "400": "The body could not be read as JSON text.",
    "413": "The request body is larger than the limit (MAX_REQUEST_BYTES, 1 MiB by default).",
}
_SIGNED_IN_ANSWERS = {"401": "Missing or invalid API token."}
_DATABASE_ANSWERS = {
    "503": "The database is unreachable or out of disk space: nothing was saved "
    "(see `Retry-After`)."
}


def add_shared_responses(document: dict[str, Any]) -> dict[str, Any]:
    """Add 400/413 to operations that take a body, 401 and 503 to those that need a token."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ErrorBody", ErrorBody.model_json_schema())
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            answers: dict[str, str] = {}
            if "requestBody" in operation:
                answers.update(_BODY_ANSWERS)
            if operation.get("security"):
                answers.update(_SIGNED_IN_ANSWERS)
                answers.update(_DATABASE_ANSWERS)
            responses = operation.setdefault("responses", {})
            for status, response in responses.items():
                if status[0] in "45":
                    _as_json(response)
            for status, description in answers.items():
                content = {"application/json": {"schema": {"$ref": _ERROR_REF}}}
                responses.setdefault(status, {"description": description, "content": content})
    return document


def _as_json(response: dict[str, Any]) -> None:
    content: dict[str, Any] = response.get("content", {})
    if not content or "application/json" in content:
        return
    schemas = [body["schema"] for body in content.values() if "schema" in body]
    response["content"] = {"application/json": {"schema": schemas[0]}} if schemas else {}


def install_openapi(app: FastAPI) -> None:
    """Make `app.openapi()` return the document with the shared answers added (once)."""
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        return add_shared_responses(generate())

    app.openapi = openapi  # type: ignore[method-assign]
