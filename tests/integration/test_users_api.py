"""Accounts and tokens: admins create users, tokens authenticate, teachers can't."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from iepgen.db import Database
from iepgen.models import ApiToken
from tests.factories import make_user


async def test_admin_creates_a_teacher_whose_token_works(
    client: httpx.AsyncClient, database: Database
) -> None:
    admin = await make_user(database, "admin")
    response = await client.post(
        "/api/v1/users",
        json={"username": "new.teacher", "role": "teacher", "password": "correct horse"},
        headers=admin.headers,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["role"] == "teacher" and body["token"].startswith("iep_")
    me = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200 and me.json()["username"] == "new.teacher"


async def test_tokens_are_stored_only_as_hashes(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher")
    async with database.read() as session:
        stored = list((await session.execute(select(ApiToken.token_hash))).scalars())
    assert teacher.token not in stored
    assert all(len(value) == 64 for value in stored)


async def test_teacher_cannot_create_users(client: httpx.AsyncClient, database: Database) -> None:
    teacher = await make_user(database, "teacher")
    response = await client.post(
        "/api/v1/users", json={"username": "x1", "role": "admin"}, headers=teacher.headers
    )
    assert response.status_code == 403


async def test_missing_or_wrong_token_is_401(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/v1/users/me")).status_code == 401
    wrong = await client.get("/api/v1/users/me", headers={"Authorization": "Bearer iep_nope"})
    assert wrong.status_code == 401
    assert wrong.headers["www-authenticate"] == "Bearer"


async def test_duplicate_username_is_409_and_unknown_field_422(
    client: httpx.AsyncClient, database: Database
) -> None:
    admin = await make_user(database, "admin", username="root.admin")
    duplicate = await client.post(
        "/api/v1/users", json={"username": "root.admin", "role": "admin"}, headers=admin.headers
    )
    assert duplicate.status_code == 409
    typo = await client.post(
        "/api/v1/users", json={"username": "ok.name", "rol": "admin"}, headers=admin.headers
    )
    assert typo.status_code == 422
    assert {tuple(e["loc"]) for e in typo.json()["detail"]} >= {("body", "rol"), ("body", "role")}


async def test_body_over_one_mebibyte_is_413(client: httpx.AsyncClient, database: Database) -> None:
    admin = await make_user(database, "admin")
    huge = b'{"username": "' + b"a" * (1024 * 1024) + b'", "role": "teacher"}'
    response = await client.post(
        "/api/v1/users",
        content=huge,
        headers={**admin.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 413
