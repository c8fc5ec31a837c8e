"""Who may call what: no token no answer, tokens stored only as hashes, safe production settings."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess

import httpx
import pytest
from fastapi import FastAPI
from pydantic import ValidationError
from sqlalchemy import update
from sqlalchemy.engine import make_url

from iepgen.config import DEVELOPMENT_SECRET_KEY, Settings
from iepgen.db import Database
from iepgen.models import User
from iepgen.users.security import hash_token
from tests.factories import make_user
from tests.security.routes import operations

OPEN_ENDPOINTS = {"GET /api/v1/jobs/health"}
ANY_ID = "00000000-0000-4000-8000-000000000000"
FILLER = {"section_type": "present_levels", "version": "1"}


async def test_every_api_endpoint_but_health_answers_401_without_a_valid_token(
    app: FastAPI, client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher")
    await client.get("/api/v1/users/me", headers=teacher.headers)  # the token is real
    attempts = {
        "no header": {},
        "unknown token": {"Authorization": "Bearer iep_" + "A" * 43},
        "wrong scheme": {"Authorization": f"Basic {teacher.token}"},
        "bare token": {"Authorization": teacher.token},
        "empty bearer": {"Authorization": "Bearer "},
    }
    checked = 0
    for operation in operations(app):
        url = operation.url({name: FILLER.get(name, ANY_ID) for name in operation.parameters})
        for name, headers in attempts.items():
            response = await client.request(operation.method, url, headers=headers)
            if operation.label in OPEN_ENDPOINTS:
                assert response.status_code == 200, (operation.label, name)
                continue
            assert response.status_code == 401, (operation.label, name, response.text)
            assert response.headers.get("www-authenticate") == "Bearer", operation.label
            assert "detail" in response.json()
        checked += 1
    assert checked >= 30  # every route of docs/api.md, and whatever was added since


async def test_a_deactivated_user_s_token_stops_working(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher")
    assert (await client.get("/api/v1/students", headers=teacher.headers)).status_code == 200
    async with database.transaction() as session:
        await session.execute(update(User).where(User.id == teacher.id).values(is_active=False))
    assert (await client.get("/api/v1/students", headers=teacher.headers)).status_code == 401


def _dump(database_url: str) -> str:
    """The whole database as text: SQLite's .dump, or pg_dump of the PostgreSQL database."""
    url = make_url(database_url)
    if url.drivername.startswith("sqlite"):
        connection = sqlite3.connect(str(url.database))
        try:
            return "\n".join(connection.iterdump())
        finally:
            connection.close()
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    return subprocess.run(
        ["pg_dump", "--data-only", "--inserts", dsn],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout


async def test_tokens_and_passwords_appear_nowhere_in_a_database_dump(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    admin = await make_user(database, "admin")
    password = "Pelican-Umbrella-4417"
    created = await client.post(
        "/api/v1/users",
        json={"username": "dump.check", "role": "teacher", "password": password},
        headers=admin.headers,
    )
    assert created.status_code == 201, created.text
    token = created.json()["token"]
    assert (
        await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    ).status_code == 200
    dump = await asyncio.to_thread(_dump, settings.database_url)
    assert "dump.check" in dump  # the dump holds the users...
    assert hash_token(token) in dump and hash_token(admin.token) in dump  # ...and token hashes
    for secret in (token, admin.token, password):
        assert secret not in dump
    assert "$argon2id$" in dump  # the password, hashed


def test_production_settings_refuse_the_development_defaults() -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(environment="production", _env_file=None)  # type: ignore[call-arg]
    message = str(refused.value)
    assert "Refusing to start in production" in message
    assert "SECRET_KEY" in message and "SESSION_COOKIE_SECURE" in message


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"secret_key": DEVELOPMENT_SECRET_KEY}, "SECRET_KEY"),
        ({"secret_key": "too-short"}, "SECRET_KEY"),
        ({"debug": True}, "DEBUG"),
        ({"session_cookie_secure": False}, "SESSION_COOKIE_SECURE"),
    ],
)
def test_production_settings_name_each_unsafe_value(
    overrides: dict[str, object], named: str
) -> None:
    safe: dict[str, object] = {
        "environment": "production",
        "secret_key": "5f0c6d1e8a544a8e9a592b1f6f0f9b11c4d2e7a3b8f91d06",
        "session_cookie_secure": True,
        "debug": False,
    }
    Settings(**safe, _env_file=None)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=named):
        Settings(**{**safe, **overrides}, _env_file=None)  # type: ignore[arg-type]
