"""Dockerfile and docker-compose.yml: no Docker engine here, so check they say what we run."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from iepgen.cli import app

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return loaded


def _accepted_by_the_cli(command: list[str]) -> bool:
    assert command[0] == "iepgen"
    result = CliRunner().invoke(app, [*command[1:], "--help"])
    return result.exit_code == 0


def test_compose_runs_postgres_a_migration_the_api_and_scalable_workers(
    compose: dict[str, Any],
) -> None:
    services = compose["services"]
    assert set(services) == {"postgres", "migrate", "api", "worker", "caddy"}
    assert services["postgres"]["image"].startswith("postgres:15@sha256:")
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    migrate_steps = services["migrate"]["command"][-1].split(" && ")
    assert migrate_steps[0] == "iepgen db upgrade"
    assert migrate_steps[1].startswith("iepgen db grant-app-role iepgen_app")
    assert services["api"]["command"] == ["iepgen", "serve", "--no-worker"]
    assert services["worker"]["command"] == ["iepgen", "worker"]
    assert services["worker"]["deploy"]["replicas"] >= 1
    for name in ("api", "worker"):
        depends = services[name]["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgresql+asyncpg://")


@pytest.mark.parametrize("service", ["migrate", "api", "worker"])
def test_every_service_command_is_a_real_cli_command(compose: dict[str, Any], service: str) -> None:
    command = compose["services"][service]["command"]
    if command[:2] == ["sh", "-c"]:
        for step in command[2].split(" && "):
            words = step.split()
            assert _accepted_by_the_cli([w for w in words if not w.startswith("--password")][:4])
        return
    assert _accepted_by_the_cli(command)


def test_the_image_is_slim_unprivileged_and_pinned() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim@sha256:[0-9a-f]{64}$", dockerfile, re.MULTILINE)
    assert "pip install --require-hashes -r requirements-runtime.lock" in dockerfile
    users = re.findall(r"^USER (\S+)$", dockerfile, re.MULTILINE)
    assert users and users[-1] not in ("root", "0")
    command = re.search(r"^CMD \[\"sh\", \"-c\", \"(.+)\"\]$", dockerfile, re.MULTILINE)
    assert command is not None
    for step in command.group(1).split("&&"):
        assert _accepted_by_the_cli(step.strip().removeprefix("exec ").split())
