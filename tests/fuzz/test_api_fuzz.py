"""Schemathesis against the app's own OpenAPI document: every operation, as a teacher and
as an admin on SQLite, and a shorter pass on PostgreSQL. No 5xx, every status code
documented, every body valid against its schema, whatever the input.

Derandomised (fixed seed, `derandomize=True`), so CI runs the same cases every time.
About half the generated cases get real ids (in the path and in job-submission bodies)
from a fictional world built first, so the success paths are fuzzed too, not only 404s.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import hypothesis
import pytest
import schemathesis
from fastapi import FastAPI
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.python import asgi

from iepgen.app import create_app
from iepgen.templates.builtin import IDEA_STANDARD_ID
from tests.conftest import make_settings
from tests.databases import PostgresDatabase, SQLiteTemplate
from tests.factories import Caller
from tests.security.world import World, build_world_sync

pytestmark = [pytest.mark.slow, pytest.mark.fuzz]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Calls that freeze or spend a record get the spare records, so the main ones stay usable.
SPENDING_SUFFIXES = ("/finalize", "/cancel", "/retry")
# A long poll on a real, unfinished job waits out its timeout; fuzzing the bound is enough.
MAX_POLL_SECONDS = 0.2
FUZZ_SETTINGS: dict[str, Any] = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": list(hypothesis.HealthCheck),
}

# Only its OpenAPI document is read: this app never opens a database.
_DOCUMENT_APP = create_app(make_settings("sqlite+aiosqlite:///unused-openapi-only.db"))
schema = schemathesis.openapi.from_dict(
    _DOCUMENT_APP.openapi(), config=schemathesis.Config.from_dict({"seed": 20261128})
)


@dataclass(frozen=True)
class Target:
    app: FastAPI
    caller: Caller
    world: World


@pytest.fixture(scope="module")
def target(
    request: pytest.FixtureRequest,
    sqlite_template: SQLiteTemplate,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Target]:
    """A migrated database holding the fictional world, and an app of its own on it."""
    kind, role = request.param
    if kind == "sqlite":
        url = sqlite_template.fresh_copy(tmp_path_factory.mktemp("fuzz") / "iepgen.db")
    else:
        postgres: PostgresDatabase = request.getfixturevalue("postgres_db")
        asyncio.run(postgres.truncate_all())
        url = postgres.url
    settings = make_settings(url)
    world = build_world_sync(settings)
    app = create_app(settings)
    yield Target(app, world.teacher if role == "teacher" else world.admin, world)
    # The ASGI transport started the app's lifespan on its own loop: end it and its engine.
    asgi.shutdown_lifespans()


def _half_of(case: schemathesis.Case) -> bool:
    """True for about half the cases, the same half every run."""
    generated = repr(sorted((case.path_parameters or {}).items())) + repr(case.body)
    return zlib.crc32(generated.encode()) % 2 == 0


def _use_real_ids(case: schemathesis.Case, world: World) -> None:
    records = world.mine
    path = case.operation.path
    ids = records.spare_ids() if path.endswith(SPENDING_SUFFIXES) else records.ids()
    if case.method.upper() == "DELETE":
        ids = {**records.spare_ids(), "student_id": records.doomed_student_id}
        if "assessment_id" in path:
            ids["student_id"] = records.spare_student_id
    for name in case.path_parameters or {}:
        if name in ids:
            case.path_parameters[name] = ids[name]
    if isinstance(case.body, dict):
        for name in ("student_id", "iep_id"):
            if name in case.body:
                case.body[name] = ids[name]
        if "template_id" in case.body:
            case.body["template_id"] = IDEA_STANDARD_ID


def _fuzz(case: schemathesis.Case, target: Target) -> None:
    if _half_of(case):
        _use_real_ids(case, target.world)
    timeout = (case.query or {}).get("timeout_seconds")
    if isinstance(timeout, int | float) and not isinstance(timeout, bool):
        case.query["timeout_seconds"] = min(timeout, MAX_POLL_SECONDS)
    case.call_and_validate(app=target.app, headers=target.caller.headers, checks=CHECKS)


@schema.parametrize()
@pytest.mark.parametrize(
    "target", [("sqlite", "teacher"), ("sqlite", "admin")], indirect=True, ids=lambda p: p[1]
)
@hypothesis.settings(max_examples=8, **FUZZ_SETTINGS)
def test_sqlite_every_operation_keeps_its_contract(case: schemathesis.Case, target: Target) -> None:
    _fuzz(case, target)


@schema.parametrize()
@pytest.mark.postgres
@pytest.mark.parametrize("target", [("postgres", "teacher")], indirect=True, ids=["teacher"])
@hypothesis.settings(max_examples=3, **FUZZ_SETTINGS)
def test_postgres_every_operation_keeps_its_contract(
    case: schemathesis.Case, target: Target
) -> None:
    _fuzz(case, target)
