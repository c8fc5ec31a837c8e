"""The OpenAPI document states the answers every operation can give, whatever its router says."""

from __future__ import annotations

from typing import Any

from iepgen.api.openapi import add_shared_responses
from iepgen.app import create_app
from tests.conftest import make_settings


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    document = create_app(make_settings("sqlite+aiosqlite:///:memory:")).openapi()
    return [
        (method.upper(), path, operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    ]


def test_every_operation_with_a_body_documents_400_413_and_422() -> None:
    with_body = [(m, p, op) for m, p, op in _operations() if "requestBody" in op]
    assert len(with_body) >= 8
    for method, path, operation in with_body:
        assert {"400", "413", "422"} <= set(operation["responses"]), (method, path)


def test_every_operation_that_needs_a_token_documents_401_and_503() -> None:
    for method, path, operation in _operations():
        if path.startswith("/api/v1") and path != "/api/v1/jobs/health":
            assert operation.get("security"), (method, path)
            assert {"401", "503"} <= set(operation["responses"]), (method, path)


def test_error_answers_are_documented_as_json_even_on_streaming_routes() -> None:
    for method, path, operation in _operations():
        for status, response in operation["responses"].items():
            if status.startswith(("4", "5")) and response.get("content"):
                assert list(response["content"]) == ["application/json"], (method, path, status)


def test_a_route_own_description_of_an_answer_wins() -> None:
    document = {
        "paths": {
            "/x": {
                "post": {
                    "requestBody": {},
                    "security": [{"HTTPBearer": []}],
                    "responses": {"401": {"description": "Own words."}},
                }
            }
        }
    }
    responses = add_shared_responses(document)["paths"]["/x"]["post"]["responses"]
    assert responses["401"] == {"description": "Own words."}
    assert set(responses) == {"400", "401", "413", "503"}
    assert "ErrorBody" in document["components"]["schemas"]
