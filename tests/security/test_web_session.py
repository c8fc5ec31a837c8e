"""The web UI's session and forms: cookie flags, CSRF on every form, security headers."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from fastapi import FastAPI

from iepgen.api.session import COOKIE_NAME
from iepgen.app import create_app
from iepgen.config import Settings
from iepgen.db import Database
from tests.factories import Caller
from tests.security.routes import operations
from tests.security.world import PASSWORD, World

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
SECTION = "present_levels"
EXPECTED_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


def _csrf(page: httpx.Response) -> str:
    match = TOKEN.search(page.text)
    assert match, "the page has no CSRF token"
    return match.group(1)


async def _sign_in(client: httpx.AsyncClient, caller: Caller) -> httpx.Response:
    form = await client.get("/signin")
    response = await client.post(
        "/signin",
        data={"username": caller.username, "password": PASSWORD, "csrf_token": _csrf(form)},
    )
    assert response.status_code == 303, response.text
    return response


@asynccontextmanager
async def _client_for(
    settings: Settings, database: Database, base_url: str
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, database)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
            yield client


def _session_cookies(response: httpx.Response) -> list[str]:
    return [
        value
        for value in response.headers.get_list("set-cookie")
        if value.startswith(f"{COOKIE_NAME}=")
    ]


@pytest.mark.parametrize("secure", [False, True], ids=["http", "https"])
async def test_every_session_cookie_is_httponly_samesite_lax_and_secure_when_configured(
    settings: Settings, database: Database, world: World, secure: bool
) -> None:
    configured = settings.model_copy(update={"session_cookie_secure": secure})
    scheme = "https" if secure else "http"
    async with _client_for(configured, database, f"{scheme}://testserver") as client:
        anonymous = await client.get("/signin")
        signed_in = await _sign_in(client, world.teacher)
        token = _csrf(await client.get("/caseload"))
        signed_out = await client.post("/signout", data={"csrf_token": token})
    cookies = [
        cookie
        for response in (anonymous, signed_in, signed_out)
        for cookie in _session_cookies(response)
    ]
    assert len(cookies) == 3  # a fresh session at each step: no fixation
    for cookie in cookies:
        flags = {part.strip().lower() for part in cookie.split(";")[1:]}
        assert "httponly" in flags and "samesite=lax" in flags and "path=/" in flags, cookie
        assert ("secure" in flags) is secure, cookie
    values = [cookie.split(";")[0] for cookie in cookies]
    assert len(set(values)) == 3


def _form_posts(app: FastAPI) -> list[str]:
    """Every form the web UI accepts (anything outside /api/v1 and /metrics)."""
    found = [
        op.path
        for op in operations(app, prefix="/")
        if op.method == "POST" and not op.path.startswith(("/api/", "/metrics"))
    ]
    assert "/signin" in found and len(found) >= 10
    return found


async def test_every_form_refuses_a_missing_wrong_or_foreign_csrf_token(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    mine = world.mine
    ids = {
        **mine.ids(),
        "section_type": SECTION,
        "user_id": world.admin.id,
        "action": "unlock",
        "proposal_id": "00000000-0000-4000-8000-000000000000",
        "feed_id": "00000000-0000-4000-8000-000000000000",
        "version": "1",
        "goal": "1",
        "point_id": "00000000-0000-4000-8000-000000000000",
        "period": "1",
    }
    # A valid token, but of another signed-in session: tokens are bound to their session.
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
        await _sign_in(other, world.other_teacher)
        foreign = _csrf(await other.get("/caseload"))
    await _sign_in(client, world.teacher)
    token = _csrf(await client.get("/caseload"))
    for path in _form_posts(app):
        url = re.sub(r"{([a-z_]+)}", lambda m: ids[m.group(1)], path)
        for label, data in (
            ("missing", {}),
            ("wrong", {"csrf_token": token[:-2] + "xx"}),
            ("foreign", {"csrf_token": foreign}),
            ("empty", {"csrf_token": ""}),
        ):
            response = await client.post(url, data=data)
            assert response.status_code == 403, (path, label, response.status_code)
    # Nothing was done: still signed in, the IEP still a draft at version 1.
    assert (await client.get("/caseload")).status_code == 200
    iep = await client.get(f"/api/v1/ieps/{mine.iep_id}", headers=world.teacher.headers)
    assert (iep.json()["status"], iep.json()["version"]) == ("draft", 1)
    # And the right token works (the refusals above were about the token).
    assert (await client.post("/signout", data={"csrf_token": token})).status_code == 303


def _assert_security_headers(response: httpx.Response, *, hsts: bool) -> None:
    where = f"{response.request.method} {response.request.url.path} -> {response.status_code}"
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers.get(name) == value, (where, name)
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, where
    assert ("strict-transport-security" in response.headers) is hsts, where
    assert response.headers.get("x-request-id"), where


@pytest.mark.parametrize("secure", [False, True], ids=["http", "https"])
async def test_pages_api_answers_errors_and_files_carry_security_headers(
    settings: Settings, database: Database, world: World, secure: bool
) -> None:
    configured = settings.model_copy(update={"session_cookie_secure": secure})
    teacher = world.teacher.headers
    async with _client_for(configured, database, "https://testserver") as client:
        responses = [
            await client.get("/signin"),
            await client.get("/caseload"),  # redirect to sign in
            await client.get("/static/app.css"),
            await client.get("/api/v1/students", headers=teacher),
            await client.get("/api/v1/students"),  # 401
            await client.get("/api/v1/students/nope", headers=teacher),  # 404
            await client.post("/api/v1/students", json={}, headers=teacher),  # 422
            await client.post(
                "/api/v1/students",
                content=b"x" * (configured.max_request_bytes + 1),
                headers={**teacher, "content-type": "application/json"},
            ),  # 413, from the middleware
            await client.get("/api/v1/jobs/health"),
            await client.get("/metrics"),
            await client.get("/openapi.json"),
            await client.get(f"/api/v1/ieps/{world.mine.iep_id}/export?format=md", headers=teacher),
        ]
        await _sign_in(client, world.teacher)
        responses += [
            await client.get("/caseload"),
            await client.get(f"/students/{world.mine.student_id}"),
            await client.get(f"/students/{world.theirs.student_id}"),  # 404 page
        ]
    assert {r.status_code for r in responses} >= {200, 303, 401, 404, 413, 422}
    for response in responses:
        _assert_security_headers(response, hsts=secure)
