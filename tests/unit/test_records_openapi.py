"""`/openapi.json` describes every records endpoint with request and response models."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from iepgen.app import create_app
from tests.conftest import make_settings

RECORDS_ROUTES = [
    ("post", "/api/v1/students", "201"),
    ("get", "/api/v1/students", "200"),
    ("get", "/api/v1/students/{student_id}", "200"),
    ("patch", "/api/v1/students/{student_id}", "200"),
    ("delete", "/api/v1/students/{student_id}", "204"),
    ("get", "/api/v1/students/{student_id}/access-log", "200"),
    ("post", "/api/v1/students/{student_id}/assessments", "201"),
    ("get", "/api/v1/students/{student_id}/assessments", "200"),
    ("get", "/api/v1/students/{student_id}/assessments/{assessment_id}", "200"),
    ("patch", "/api/v1/students/{student_id}/assessments/{assessment_id}", "200"),
    ("delete", "/api/v1/students/{student_id}/assessments/{assessment_id}", "204"),
    ("get", "/api/v1/templates", "200"),
    ("post", "/api/v1/templates", "201"),
    ("get", "/api/v1/templates/{template_id}", "200"),
    ("get", "/api/v1/ieps", "200"),
    ("get", "/api/v1/ieps/{iep_id}", "200"),
    ("get", "/api/v1/ieps/{iep_id}/versions", "200"),
    ("get", "/api/v1/ieps/{iep_id}/versions/{version}", "200"),
    ("patch", "/api/v1/ieps/{iep_id}/sections/{section_type}", "200"),
    ("post", "/api/v1/ieps/{iep_id}/finalize", "200"),
]


def _component(document: dict[str, Any], ref: str) -> dict[str, Any]:
    schema: dict[str, Any] = document["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return schema


async def test_every_records_route_has_models_and_examples(tmp_path: Path) -> None:
    app = create_app(make_settings(f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.get("/openapi.json")
    assert response.status_code == 200
    document = response.json()
    for method, path, success in RECORDS_ROUTES:
        operation = document["paths"][path][method]
        responses = operation["responses"]
        assert success in responses, (method, path)
        assert "401" in responses, (method, path)
        if "{" in path:
            assert "404" in responses, (method, path)
        if success != "204":
            schema = responses[success]["content"]["application/json"]["schema"]
            model = _component(document, schema["$ref"])
            assert model["properties"], (method, path)
        if method in ("post", "patch") and not path.endswith("/finalize"):
            body = operation["requestBody"]["content"]["application/json"]["schema"]
            request_model = _component(document, body["$ref"])
            assert request_model.get("examples"), (method, path)
            assert request_model.get("additionalProperties") is False, (method, path)
            assert "400" in responses and "422" in responses, (method, path)
    student = _component(document, "#/components/schemas/StudentCreate")
    assert student["examples"][0]["first_name"] == "Maya"
    assert _component(document, "#/components/schemas/IEPOut")["examples"]
