"""Credentials end when they should: forged cookies, sign-out, deactivation, expiry, idle
sessions, password changes and resets; tokens listed and revoked; no work lost at sign-in."""

from __future__ import annotations

import time
from datetime import timedelta

import httpx
import orjson
from fastapi import FastAPI
from sqlalchemy import update

from iepgen.api.session import COOKIE_NAME, _b64, _signature
from iepgen.config import DEVELOPMENT_SECRET_KEY
from iepgen.db import Database
from iepgen.db.base import utcnow
from iepgen.models import ApiToken, WebSessionRecord
from tests.factories import add_iep_student, count_rows, make_user
from tests.integration.web.test_pages import PASSWORD, _csrf, sign_in


def _forged_cookie(payload: dict[str, object]) -> str:
    """A cookie signed with the published development key, as the outside review did."""
    body = _b64(orjson.dumps(payload))
    return f"{body}.{_signature(DEVELOPMENT_SECRET_KEY, body)}"


async def test_a_cookie_forged_with_the_signing_key_names_no_session(
    client: httpx.AsyncClient, database: Database
) -> None:
    admin = await make_user(database, "admin", password=PASSWORD)
    now = int(time.time())
    for payload in (
        {"u": admin.id, "c": "x" * 43, "t": now},  # the old format: a user id
        {"s": admin.id, "c": "x" * 43, "t": now},  # the new format with a guessed secret
    ):
        client.cookies.set(COOKIE_NAME, _forged_cookie(payload))
        page = await client.get("/admin/users")
        assert page.status_code == 303 and page.headers["location"].startswith("/signin")
        client.cookies.clear()
    # The admin's own sign-in still opens the page.
    await sign_in(client, admin)
    assert (await client.get("/admin/users")).status_code == 200


async def test_signing_out_ends_the_session_even_for_a_copied_cookie(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    token = await sign_in(client, teacher)
    copied = client.cookies[COOKIE_NAME]
    assert (await client.post("/signout", data={"csrf_token": token})).status_code == 303
    client.cookies.set(COOKIE_NAME, copied)
    replayed = await client.get("/caseload")
    assert replayed.status_code == 303 and replayed.headers["location"].startswith("/signin")


async def test_deactivation_ends_sessions_and_tokens_and_reactivation_needs_a_new_token(
    client: httpx.AsyncClient, app: FastAPI, database: Database
) -> None:
    admin = await make_user(database, "admin")
    teacher = await make_user(database, "teacher", password=PASSWORD)
    await sign_in(client, teacher)
    assert (await client.get("/caseload")).status_code == 200

    stopped = await client.post(f"/api/v1/users/{teacher.id}/deactivate", headers=admin.headers)
    assert stopped.status_code == 200 and stopped.json()["is_active"] is False
    assert (await client.get("/caseload")).status_code == 303
    assert (await client.get("/api/v1/students", headers=teacher.headers)).status_code == 401
    assert (
        await client.post(f"/api/v1/users/{admin.id}/deactivate", headers=admin.headers)
    ).status_code == 409

    back = await client.post(f"/api/v1/users/{teacher.id}/reactivate", headers=admin.headers)
    assert back.status_code == 200 and back.json()["is_active"] is True
    assert (await client.get("/api/v1/students", headers=teacher.headers)).status_code == 401
    issued = await client.post(
        f"/api/v1/users/{teacher.id}/tokens", json={"label": "again"}, headers=admin.headers
    )
    assert issued.status_code == 201
    fresh = {"Authorization": f"Bearer {issued.json()['token']}"}
    assert (await client.get("/api/v1/students", headers=fresh)).status_code == 200


async def test_tokens_are_listed_revoked_and_expire(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher")
    other = await make_user(database, "teacher")
    created = await client.post(
        "/api/v1/users/me/tokens",
        json={"label": "SIS sync", "expires_in_days": 7},
        headers=teacher.headers,
    )
    assert created.status_code == 201, created.text
    body = created.json()
    second = {"Authorization": f"Bearer {body['token']}"}
    assert body["active"] is True and body["label"] == "SIS sync"
    listed = (await client.get("/api/v1/users/me/tokens", headers=second)).json()["items"]
    assert {item["id"] for item in listed} >= {body["id"]}
    assert all("token" not in item for item in listed)
    lifetime = max(i["expires_at"] for i in listed if i["id"] == body["id"])
    assert lifetime > utcnow().isoformat()
    # Nobody else's tokens: a teacher may not list or revoke another account's.
    assert (
        await client.get(f"/api/v1/users/{other.id}/tokens", headers=teacher.headers)
    ).status_code == 403
    assert (
        await client.delete(f"/api/v1/users/me/tokens/{body['id']}", headers=other.headers)
    ).status_code == 404

    assert (
        await client.delete(f"/api/v1/users/me/tokens/{body['id']}", headers=teacher.headers)
    ).status_code == 204
    assert (await client.get("/api/v1/students", headers=second)).status_code == 401
    assert (await client.get("/api/v1/students", headers=teacher.headers)).status_code == 200

    async with database.transaction() as session:
        await session.execute(
            update(ApiToken)
            .where(ApiToken.user_id == other.id)
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    expired = await client.get("/api/v1/students", headers=other.headers)
    assert expired.status_code == 401 and "expired" in expired.json()["detail"]
    bad = await client.post(
        "/api/v1/users/me/tokens", json={"expires_in_days": 0}, headers=teacher.headers
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "expires_in_days"


async def test_changing_a_password_keeps_this_session_and_ends_the_others(
    app: FastAPI, client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as laptop:
        await sign_in(laptop, teacher)
        token = await sign_in(client, teacher)
        wrong = await client.post(
            "/account/password",
            data={
                "csrf_token": token,
                "current_password": "not-it",
                "new_password": "a-brand-new-secret",
                "confirm_password": "a-brand-new-secret",
            },
        )
        assert wrong.status_code == 422 and "current password is not right" in wrong.text
        changed = await client.post(
            "/account/password",
            data={
                "csrf_token": token,
                "current_password": PASSWORD,
                "new_password": "a-brand-new-secret",
                "confirm_password": "a-brand-new-secret",
            },
        )
        assert changed.status_code == 303
        assert (await client.get("/caseload")).status_code == 200
        assert (await laptop.get("/caseload")).status_code == 303
    api = await client.post(
        "/api/v1/users/me/password",
        json={"current_password": "a-brand-new-secret", "new_password": "short"},
        headers=teacher.headers,
    )
    assert api.status_code == 422 and api.json()["detail"][0]["loc"][-1] == "new_password"


async def test_an_admin_reset_forces_a_new_password_at_sign_in(
    client: httpx.AsyncClient, database: Database
) -> None:
    admin = await make_user(database, "admin")
    teacher = await make_user(database, "teacher", password=PASSWORD)
    reset = await client.post(
        f"/api/v1/users/{teacher.id}/reset-password", json={}, headers=admin.headers
    )
    assert reset.status_code == 200
    temporary = reset.json()["temporary_password"]
    form = await client.get("/signin")
    signed = await client.post(
        "/signin",
        data={"username": teacher.username, "password": temporary, "csrf_token": _csrf(form)},
    )
    assert signed.headers["location"] == "/account/password?reset=true"
    page = await client.get("/caseload")
    assert page.status_code == 303 and page.headers["location"].startswith("/account/password")
    change = await client.get("/account/password")
    assert "An administrator reset your password" in change.text
    done = await client.post(
        "/account/password",
        data={
            "csrf_token": _csrf(change),
            "current_password": temporary,
            "new_password": "chosen-by-the-teacher",
            "confirm_password": "chosen-by-the-teacher",
        },
    )
    assert done.status_code == 303
    assert (await client.get("/caseload")).status_code == 200


async def test_an_idle_session_ends_and_the_page_warns_before_it_does(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    await sign_in(client, teacher)
    page = await client.get("/caseload")
    assert 'data-session-idle="1800"' in page.text and 'data-session-warning="120"' in page.text
    assert 'id="session-warning"' in page.text
    status = (await client.get("/session/status")).json()
    assert status["signed_in"] is True and 1700 < status["seconds_left"] <= 1800

    # 25 minutes without a request: the status check does not extend it, a keepalive does.
    async with database.transaction() as session:
        await session.execute(
            update(WebSessionRecord).values(last_seen_at=utcnow() - timedelta(minutes=25))
        )
    assert (await client.get("/session/status")).json()["seconds_left"] <= 300
    kept = await client.post("/session/keepalive", data={"csrf_token": _csrf(page)})
    assert kept.json()["seconds_left"] > 1700

    async with database.transaction() as session:
        await session.execute(
            update(WebSessionRecord).values(last_seen_at=utcnow() - timedelta(minutes=31))
        )
    gone = await client.get("/caseload")
    assert gone.status_code == 303 and gone.headers["location"].startswith("/signin")
    assert (await client.get("/session/status")).json()["signed_in"] is False


async def test_a_form_posted_after_the_session_ended_is_kept_across_signing_in(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id, _ = await add_iep_student(database, teacher.id)
    token = await sign_in(client, teacher)
    form = {
        "csrf_token": token,
        "first_name": "Maya",
        "last_name": "Lopez",
        "date_of_birth": "2011-04-17",
        "grade_level": "9",
        "disability_category": "specific_learning_disability",
        "secondary_disabilities": "speech_language_impairment",
        "school": "Lincoln High School",
        "english_learner": "true",
        "notes": "Typed for twenty minutes & not to be lost <b>.",
    }
    async with database.transaction() as session:
        await session.execute(
            update(WebSessionRecord).values(last_seen_at=utcnow() - timedelta(hours=1))
        )

    posted = await client.post(f"/students/{student_id}/edit", data=form)

    assert posted.status_code == 401
    assert "What you were saving is kept" in posted.text
    assert 'name="keep.notes" value="Typed for twenty minutes &amp; not to be lost &lt;b&gt;."' in (
        posted.text
    )
    assert "keep.csrf_token" not in posted.text
    keep = {f"keep.{k}": v for k, v in form.items() if k != "csrf_token"}
    signed = await client.post(
        "/signin",
        data={
            "username": teacher.username,
            "password": PASSWORD,
            "csrf_token": _csrf(posted),
            "next": f"/students/{student_id}/edit",
            **keep,
        },
    )
    assert signed.status_code == 200 and "Send my changes" in signed.text
    assert f'action="/students/{student_id}/edit"' in signed.text
    resent = {k: v for k, v in form.items() if k != "csrf_token"}
    saved = await client.post(
        f"/students/{student_id}/edit", data={**resent, "csrf_token": _csrf(signed)}
    )
    assert saved.status_code == 303
    student = await client.get(f"/api/v1/students/{student_id}", headers=teacher.headers)
    assert student.json()["notes"] == form["notes"]
    assert student.json()["grade_level"] == "9"


async def test_teachers_see_who_acted_by_name_never_another_user_s_id(
    client: httpx.AsyncClient, database: Database
) -> None:
    admin = await make_user(database, "admin", display_name="Dana Whitcombe")
    teacher = await make_user(database, "teacher")
    student_id, _ = await add_iep_student(database, teacher.id)
    assert (
        await client.get(f"/api/v1/students/{student_id}", headers=admin.headers)
    ).status_code == 200
    assert (
        await client.get(f"/api/v1/students/{student_id}", headers=teacher.headers)
    ).status_code == 200

    seen = await client.get(f"/api/v1/students/{student_id}/access-log", headers=teacher.headers)
    assert admin.id not in seen.text
    by_admin = [e for e in seen.json()["items"] if e["actor_role"] == "admin"]
    assert by_admin and all(e["actor_id"] is None for e in by_admin)
    assert {e["actor_name"] for e in by_admin} == {"Dana Whitcombe"}
    own = [e for e in seen.json()["items"] if e["actor_role"] == "teacher"]
    assert own and all(e["actor_id"] == teacher.id for e in own)
    as_admin = await client.get(f"/api/v1/students/{student_id}/access-log", headers=admin.headers)
    assert admin.id in as_admin.text and teacher.id in as_admin.text


async def test_sessions_ended_long_ago_are_deleted_at_the_next_sign_in(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    token = await sign_in(client, teacher)
    await client.post("/signout", data={"csrf_token": token})
    async with database.transaction() as session:
        await session.execute(
            update(WebSessionRecord).values(ended_at=utcnow() - timedelta(days=31))
        )
    await sign_in(client, teacher)
    assert await count_rows(database, WebSessionRecord) == 1
