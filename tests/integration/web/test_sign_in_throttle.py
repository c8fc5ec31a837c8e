"""Sign-in guessing: counted per account and source, atomically, with bounded storage.

An attacker cannot lock a colleague out from elsewhere, parallel guesses are evaluated at
most `SIGN_IN_MAX_FAILURES` times on both databases, usernames that do not exist cost the
same argon2 check as real ones and leave no audit rows, and an administrator can unlock.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from sqlalchemy import func, select

from iepgen.db import Database
from iepgen.models import AuditEntry, SignInThrottleRow
from tests.factories import make_user
from tests.integration.web.test_pages import PASSWORD, _csrf

pytestmark = pytest.mark.both_databases


@asynccontextmanager
async def browser_at(app: FastAPI, address: str) -> AsyncIterator[httpx.AsyncClient]:
    """A browser whose requests come from `address` (as uvicorn reports the peer)."""
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def _attempt(client: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    form = await client.get("/signin")
    return await client.post(
        "/signin", data={"username": username, "password": password, "csrf_token": _csrf(form)}
    )


async def test_five_failures_lock_that_source_out_but_not_the_colleague_at_their_desk(
    app: FastAPI, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    async with browser_at(app, "203.0.113.7") as attacker:
        for _ in range(5):
            assert (await _attempt(attacker, teacher.username, "wrong-guess")).status_code == 401
        locked = await _attempt(attacker, teacher.username, PASSWORD)
        assert locked.status_code == 429
        assert "Too many failed sign-ins" in locked.text
        assert int(locked.headers["retry-after"]) > 0
    async with browser_at(app, "198.51.100.20") as colleague:
        assert (await _attempt(colleague, teacher.username, PASSWORD)).status_code == 303
    # The lock and each failure against a real account are audited by user id.
    async with database.read() as session:
        actions = list(
            (
                await session.execute(
                    select(AuditEntry.action).where(AuditEntry.entity_id == teacher.id)
                )
            ).scalars()
        )
    assert actions.count("user.sign_in_failed") == 4
    assert actions.count("user.sign_in_locked") == 1
    assert actions.count("user.sign_in") == 1


async def test_a_right_password_forgives_earlier_failures(app: FastAPI, database: Database) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    async with browser_at(app, "192.0.2.1") as browser:
        for _ in range(4):
            assert (await _attempt(browser, teacher.username, "typo")).status_code == 401
        assert (await _attempt(browser, teacher.username, PASSWORD)).status_code == 303
    async with browser_at(app, "192.0.2.1") as browser:
        for _ in range(4):
            assert (await _attempt(browser, teacher.username, "typo")).status_code == 401
        assert (await _attempt(browser, teacher.username, PASSWORD)).status_code == 303


async def test_unknown_usernames_are_throttled_in_bounded_rows_and_never_audited(
    app: FastAPI, database: Database
) -> None:
    async with browser_at(app, "203.0.113.9") as attacker:
        for _ in range(5):
            assert (await _attempt(attacker, "Nobody.Here", "guess")).status_code == 401
        assert (await _attempt(attacker, "nobody.here", "guess")).status_code == 429
        for number in range(30):
            await _attempt(attacker, f"ghost{number}", "guess")
    async with database.read() as session:
        audited = (
            await session.execute(
                select(func.count()).where(AuditEntry.action.like("user.sign_in%"))
            )
        ).scalar_one()
        rows = list((await session.execute(select(SignInThrottleRow))).scalars())
    assert audited == 0
    # One counter per (username, source) and one for the source: not one row per attempt.
    assert len(rows) == 1 + 1 + 30
    stored = " ".join(f"{row.key} {row.user_id}" for row in rows).lower()
    assert "nobody" not in stored and "ghost" not in stored


async def test_a_source_spraying_many_usernames_is_stopped(
    app: FastAPI, database: Database, settings: object
) -> None:
    app.state.settings = app.state.settings.model_copy(update={"sign_in_source_max_failures": 8})
    teacher = await make_user(database, "teacher", password=PASSWORD)
    async with browser_at(app, "203.0.113.44") as sprayer:
        for number in range(8):
            assert (await _attempt(sprayer, f"user{number}", "Spring2026!")).status_code == 401
        assert (await _attempt(sprayer, teacher.username, PASSWORD)).status_code == 429
    async with browser_at(app, "198.51.100.2") as elsewhere:
        assert (await _attempt(elsewhere, teacher.username, PASSWORD)).status_code == 303


async def test_parallel_guesses_are_evaluated_at_most_the_limit(
    app: FastAPI, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    verified = 0
    original = PasswordHasher.verify

    def counting(self: PasswordHasher, hash: str | bytes, password: str | bytes) -> bool:
        nonlocal verified
        verified += 1
        return original(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    async with browser_at(app, "203.0.113.50") as attacker:
        forms = [await attacker.get("/signin") for _ in range(30)]
        answers = await asyncio.gather(
            *(
                attacker.post(
                    "/signin",
                    data={
                        "username": teacher.username,
                        "password": f"guess-{n}",
                        "csrf_token": _csrf(forms[-1]),
                    },
                )
                for n in range(30)
            )
        )
    codes = sorted(a.status_code for a in answers)
    assert codes.count(401) == 5 and codes.count(429) == 25, codes
    assert verified == 5


async def test_unknown_and_known_usernames_cost_one_argon2_check_each(
    app: FastAPI, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No timing oracle: the work done for a missing user is the work done for a real one."""
    teacher = await make_user(database, "teacher", password=PASSWORD)
    calls: list[str] = []
    original = PasswordHasher.verify

    def counting(self: PasswordHasher, hash: str | bytes, password: str | bytes) -> bool:
        calls.append(str(hash)[:9])
        return original(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    async with browser_at(app, "192.0.2.77") as browser:
        assert (await _attempt(browser, teacher.username, "wrong")).status_code == 401
        assert (await _attempt(browser, "no-such-person", "wrong")).status_code == 401
    assert calls == ["$argon2id", "$argon2id"]


async def test_an_admin_unlocks_a_locked_account(
    app: FastAPI, client: httpx.AsyncClient, database: Database
) -> None:
    admin = await make_user(database, "admin")
    teacher = await make_user(database, "teacher", password=PASSWORD)
    async with browser_at(app, "203.0.113.60") as browser:
        for _ in range(5):
            await _attempt(browser, teacher.username, "wrong")
        assert (await _attempt(browser, teacher.username, PASSWORD)).status_code == 429
        unlocked = await client.post(f"/api/v1/users/{teacher.id}/unlock", headers=admin.headers)
        assert unlocked.status_code == 204
        assert (await _attempt(browser, teacher.username, PASSWORD)).status_code == 303
