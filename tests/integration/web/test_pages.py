"""The web pages over HTTP: sign-in, cookie flags, CSRF, caseload isolation, form errors."""

from __future__ import annotations

import re

import httpx

from iepgen.config import Settings
from iepgen.db import Database
from tests.factories import Caller, add_iep, add_iep_student, example_iep_content, make_user

PASSWORD = "correct-horse-battery"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _csrf(page: httpx.Response) -> str:
    match = TOKEN.search(page.text)
    assert match, "the page has no CSRF token"
    return match.group(1)


async def sign_in(client: httpx.AsyncClient, caller: Caller) -> str:
    """Sign in through the form; returns the session's CSRF token."""
    form = await client.get("/signin")
    response = await client.post(
        "/signin",
        data={"username": caller.username, "password": PASSWORD, "csrf_token": _csrf(form)},
    )
    assert response.status_code == 303, response.text
    return _csrf(await client.get("/caseload"))


async def test_sign_in_sets_a_protected_session_cookie(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    form = await client.get("/signin")

    wrong = await client.post(
        "/signin",
        data={"username": teacher.username, "password": "nope-nope", "csrf_token": _csrf(form)},
    )
    right = await client.post(
        "/signin",
        data={"username": teacher.username, "password": PASSWORD, "csrf_token": _csrf(form)},
    )

    assert wrong.status_code == 401
    assert "The username or password is not right" in wrong.text
    assert 'aria-describedby="f-password-error"' in wrong.text
    assert right.status_code == 303
    cookie = right.headers["set-cookie"]
    assert cookie.startswith("iepgen_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie  # session_cookie_secure is off in tests
    caseload = await client.get("/caseload")
    assert caseload.status_code == 200
    assert f"Signed in as <strong>{teacher.username}</strong>" in caseload.text


async def test_the_cookie_is_secure_when_the_setting_says_so(
    database: Database, settings: Settings
) -> None:
    from iepgen.app import create_app

    secure = settings.model_copy(update={"session_cookie_secure": True})
    app = create_app(secure, database)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as c:
            response = await c.get("/signin")
    assert "Secure" in response.headers["set-cookie"]


async def test_every_post_needs_the_sessions_csrf_token(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    token = await sign_in(client, teacher)
    body = {"first_name": "Avery", "last_name": "Quill"}

    missing = await client.post("/students/new", data=body)
    wrong = await client.post("/students/new", data={**body, "csrf_token": token + "x"})
    sign_out_forged = await client.post("/signout")
    async with httpx.AsyncClient(transport=client._transport, base_url="http://t") as fresh:
        no_session = await fresh.post(
            "/signin", data={"username": "x", "password": "y", "csrf_token": token}
        )

    assert missing.status_code == wrong.status_code == sign_out_forged.status_code == 403
    assert no_session.status_code == 403
    assert (await client.get("/caseload")).status_code == 200  # still signed in


async def test_another_teachers_records_answer_a_404_page(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    owner = await make_user(database, "teacher", password=PASSWORD)
    other = await make_user(database, "teacher", password=PASSWORD)
    student_id, assessment_id = await add_iep_student(database, owner.id)
    iep_id = await add_iep(database, settings, student_id, example_iep_content(assessment_id))
    await sign_in(client, other)

    for url in (
        f"/students/{student_id}",
        f"/students/{student_id}/edit",
        f"/students/{student_id}/assessments/{assessment_id}/edit",
        f"/ieps/{iep_id}",
        f"/ieps/{iep_id}/versions",
        f"/ieps/{iep_id}/sections/esy/edit",
        f"/api/v1/ieps/{iep_id}/export?format=pdf",
        "/students/not-a-uuid",
    ):
        response = await client.get(url)
        assert response.status_code == 404, url
    page = await client.get(f"/students/{student_id}")
    assert "Page not found" in page.text
    assert "Maya" not in page.text


async def test_pages_need_a_signed_in_user_and_only_return_to_local_paths(
    client: httpx.AsyncClient,
) -> None:
    page = await client.get("/caseload")
    outside = await client.get("/signin?next=//elsewhere.example/steal")

    assert page.status_code == 303
    assert page.headers["location"] == "/signin?next=/caseload"
    assert 'name="next" value="/"' in outside.text
    assert (await client.get("/admin")).status_code == 303


async def test_the_export_endpoint_accepts_the_session_cookie(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id, assessment_id = await add_iep_student(database, teacher.id)
    iep_id = await add_iep(database, settings, student_id, example_iep_content(assessment_id))
    await sign_in(client, teacher)

    response = await client.get(f"/api/v1/ieps/{iep_id}/export?format=md")

    assert response.status_code == 200
    assert response.text.startswith("# Individualized Education Program")


async def test_a_section_edit_with_a_mistake_shows_the_error_beside_the_field(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id, assessment_id = await add_iep_student(database, teacher.id)
    iep_id = await add_iep(database, settings, student_id, example_iep_content(assessment_id))
    token = await sign_in(client, teacher)

    bad = await client.post(
        f"/ieps/{iep_id}/sections/esy/edit",
        data={"csrf_token": token, "needed": "true", "rationale": "", "services": ""},
    )
    good = await client.post(
        f"/ieps/{iep_id}/sections/esy/edit",
        data={
            "csrf_token": token,
            "needed": "true",
            "rationale": "Reading skills slipped over the last two breaks.",
            "services": "Reading group twice a week in July.",
            "note": "Team agreed at the meeting.",
        },
    )

    assert bad.status_code == 422
    assert "Enter why." in bad.text
    assert 'aria-describedby="f-rationale-error"' in bad.text
    assert good.status_code == 303
    assert good.headers["location"] == f"/ieps/{iep_id}?done=section-saved#section-esy"
    page = await client.get(f"/ieps/{iep_id}")
    assert "Extended school year services are needed." in page.text
    assert "Version 2" in page.text


async def test_generate_form_queues_a_job_whose_page_can_cancel_it(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id, _ = await add_iep_student(database, teacher.id)
    token = await sign_in(client, teacher)
    form = {
        "csrf_token": token,
        "academic_year": "2025-2026",
        "template_id": "idea-standard",
        "priority": "8",
        "include_assessments": "true",
        "context": "Focus on reading fluency.",
    }

    bad = await client.post(
        f"/students/{student_id}/generate", data={**form, "academic_year": "2025-2027"}
    )
    queued = await client.post(f"/students/{student_id}/generate", data=form)

    assert bad.status_code == 422
    assert 'id="error-summary"' in bad.text
    assert queued.status_code == 303
    job_url = queued.headers["location"]
    page = await client.get(job_url)
    assert page.status_code == 200
    assert 'role="progressbar"' in page.text
    assert 'aria-valuenow="0"' in page.text
    assert f'data-events="{job_url}/events"' in page.text
    cancelled = await client.post(f"{job_url}/cancel", data={"csrf_token": token})
    assert cancelled.status_code == 303
    after = await client.get(job_url)
    assert '<span id="job-status">Cancelled</span>' in after.text


async def test_editing_a_profile_saves_changes_and_names_the_field_in_error(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id, _ = await add_iep_student(database, teacher.id)
    token = await sign_in(client, teacher)
    edit = await client.get(f"/students/{student_id}/edit")
    assert 'value="Lincoln Middle School"' in edit.text
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
    }

    future = await client.post(
        f"/students/{student_id}/edit", data={**form, "date_of_birth": "2099-01-01"}
    )
    saved = await client.post(f"/students/{student_id}/edit", data=form)

    assert future.status_code == 422
    assert 'aria-describedby="f-date-of-birth-hint f-date-of-birth-error"' in future.text
    assert "Date of birth must be a date in the past." in future.text
    assert "There is a problem to fix" in future.text
    assert saved.status_code == 303
    page = await client.get(saved.headers["location"])
    assert "<dt>Grade</dt><dd>Grade 9</dd>" in page.text
    assert "<dt>School</dt><dd>Lincoln High School</dd>" in page.text
    assert "The student&#39;s profile was saved." in page.text
