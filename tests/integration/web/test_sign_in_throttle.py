"""Repeated wrong passwords lock an account's web sign-in for a while, on every process."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from iepgen.db import Database
from iepgen.models import AuditEntry
from tests.factories import make_user
from tests.integration.web.test_pages import PASSWORD, _csrf

pytestmark = pytest.mark.both_databases


async def _attempt(client: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    form = await client.get("/signin")
    return await client.post(
        "/signin", data={"username": username, "password": password, "csrf_token": _csrf(form)}
    )


async def test_five_failures_lock_the_account_even_for_the_right_password(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    for _ in range(5):
        assert (await _attempt(client, teacher.username, "wrong-guess")).status_code == 401

    locked = await _attempt(client, teacher.username, PASSWORD)

    assert locked.status_code == 429
    assert "Too many failed sign-ins for this account" in locked.text
    other = await make_user(database, "teacher", password=PASSWORD)
    assert (await _attempt(client, other.username, PASSWORD)).status_code == 303


async def test_unknown_usernames_are_throttled_and_never_stored(
    client: httpx.AsyncClient, database: Database
) -> None:
    for _ in range(5):
        assert (await _attempt(client, "Nobody.Here", "guess")).status_code == 401
    assert (await _attempt(client, "nobody.here", "guess")).status_code == 429
    async with database.read() as session:
        entries = list((await session.execute(select(AuditEntry))).scalars())
    failures = [e for e in entries if e.action == "user.sign_in_failed"]
    assert len(failures) == 5
    assert all("nobody" not in repr((e.entity_id, e.detail, e.fields)).lower() for e in entries)
