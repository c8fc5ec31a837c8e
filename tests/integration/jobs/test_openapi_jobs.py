"""/openapi.json describes every jobs endpoint: models, examples and the errors it answers."""

from __future__ import annotations

from typing import Any

from iepgen.app import create_app
from tests.conftest import make_settings


def _operations() -> dict[tuple[str, str], dict[str, Any]]:
    spec = create_app(make_settings("sqlite+aiosqlite:///:memory:")).openapi()
    return {
        (method.upper(), path): operation
        for path, operations in spec["paths"].items()
        if path.startswith("/api/v1/jobs") or path == "/metrics"
        for method, operation in operations.items()
    }


def test_every_jobs_operation_is_described_with_its_errors() -> None:
    operations = _operations()
    assert len(operations) == 12
    for (method, path), operation in operations.items():
        assert operation.get("description") or operation.get("summary"), (method, path)
        codes = set(operation["responses"])
        if path != "/api/v1/jobs/health" and path != "/metrics":
            assert "401" in codes, (method, path)
        if "{job_id}" in path:
            assert "404" in codes, (method, path)
        if method == "POST" and path.endswith("-generation"):
            assert {"200", "202", "404", "422", "429"} <= codes, path
            body = operation["requestBody"]["content"]["application/json"]["schema"]
            assert "$ref" in body
    assert "409" in operations[("PATCH", "/api/v1/jobs/{job_id}/cancel")]["responses"]
    assert "409" in operations[("POST", "/api/v1/jobs/{job_id}/retry")]["responses"]
    assert "403" in operations[("GET", "/api/v1/jobs/admin/queue-stats")]["responses"]
    assert "503" in operations[("GET", "/api/v1/jobs/health")]["responses"]
    events = operations[("GET", "/api/v1/jobs/{job_id}/events")]["responses"]["200"]
    assert "text/event-stream" in events["content"]


def test_request_and_response_models_carry_examples() -> None:
    spec = create_app(make_settings("sqlite+aiosqlite:///:memory:")).openapi()
    schemas = spec["components"]["schemas"]
    for name in (
        "IEPGenerationRequest",
        "SectionGenerationRequest",
        "JobOut",
        "CleanupRequest",
        "CleanupOut",
        "HealthOut",
        "QueueStatsOut",
    ):
        assert schemas[name].get("examples"), name
