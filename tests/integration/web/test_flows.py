"""Flows a person can follow: error pages in the app's layout, finalizing, the job page."""

from __future__ import annotations

import copy
import html
import re
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI, HTTPException

from iepgen.app import create_app
from iepgen.config import Settings
from iepgen.db import Database
from tests.factories import (
    add_iep,
    add_iep_student,
    example_iep_content,
    make_user,
    review_all_sections,
)
from tests.integration.web.test_pages import PASSWORD, sign_in


def _boom() -> None:
    raise RuntimeError("a bug with a secret in it: Traceback (most recent call last)")


def _database_away() -> None:
    raise HTTPException(503, "The database is not reachable right now, so nothing was saved.")


@pytest.fixture
async def failing_client(
    settings: Settings, database: Database
) -> AsyncIterator[httpx.AsyncClient]:
    """The real app with routes that fail, on a web path and on an API path."""
    app: FastAPI = create_app(settings, database)
    for path in ("/broken-page", "/api/v1/broken"):
        app.add_api_route(path, _boom)
    app.add_api_route("/unavailable-page", _database_away)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
    ):
        yield client


async def test_errors_on_web_paths_are_pages_and_api_errors_stay_json(
    client: httpx.AsyncClient, failing_client: httpx.AsyncClient, database: Database
) -> None:
    unknown = await client.get("/no-such-page")
    assert unknown.status_code == 404
    assert unknown.headers["content-type"].startswith("text/html")
    assert "<h1>Page not found</h1>" in unknown.text
    assert 'class="site-header"' in unknown.text  # the app's own layout
    assert '{"detail"' not in unknown.text

    api_unknown = await client.get("/api/v1/no-such-thing")
    assert api_unknown.status_code == 404
    assert api_unknown.json() == {"detail": "Not Found"}

    teacher = await make_user(database, "teacher", password=PASSWORD)
    await sign_in(client, teacher)
    forbidden = await client.get("/admin")
    assert forbidden.status_code == 403
    assert "<h1>Not allowed</h1>" in forbidden.text

    broken = await failing_client.get("/broken-page")
    assert broken.status_code == 500
    assert broken.headers["content-type"].startswith("text/html")
    assert "<h1>Something went wrong</h1>" in broken.text
    assert "Traceback" not in broken.text and "secret" not in broken.text
    api_broken = await failing_client.get("/api/v1/broken")
    assert api_broken.status_code == 500
    assert api_broken.json() == {"detail": "An internal error occurred; it has been logged."}

    away = await failing_client.get("/unavailable-page")
    assert away.status_code == 503
    assert "<h1>Not available right now</h1>" in away.text
    assert "nothing was saved" in away.text


async def test_finalize_lists_its_blockers_as_links_and_asks_only_when_it_can_succeed(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id, assessment_id = await add_iep_student(database, teacher.id)
    content = example_iep_content(assessment_id)
    broken = copy.deepcopy(content)
    broken["present_levels"]["areas"][0]["current_performance"] = (
        "She read 97 words correct per minute."
    )
    iep_id = await add_iep(database, settings, student_id, broken)
    token = await sign_in(client, teacher)

    page = html.unescape((await client.get(f"/ieps/{iep_id}")).text)
    assert "Before you can finalize" in page
    assert re.search(r'<li><a href="#section-present_levels">Present Levels[^<]*</a>: ', page)
    assert '<a href="#section-esy">' in page  # not yet reviewed
    assert re.search(r'<button type="submit" class="button" disabled[^>]*>Finalize IEP', page)
    assert "data-confirm" not in page
    assert "present_levels:" not in page  # no raw finding codes

    refused = await client.post(
        f"/ieps/{iep_id}/finalize", data={"csrf_token": token, "base_version": "1"}
    )
    assert refused.status_code == 303
    assert refused.headers["location"] == f"/ieps/{iep_id}?problem=finalize-blocked#finalize"
    after = html.unescape((await client.get(refused.headers["location"])).text)
    assert "The IEP was not finalized." in after
    assert "Before you can finalize" in after

    fixed = await client.patch(
        f"/api/v1/ieps/{iep_id}/sections/present_levels",
        json={"content": content["present_levels"]},
        headers=teacher.headers,
    )
    assert fixed.status_code == 200, fixed.text
    await review_all_sections(client, iep_id, teacher.headers)
    ready = html.unescape((await client.get(f"/ieps/{iep_id}")).text)
    assert "Before you can finalize" not in ready
    assert 'data-confirm="Finalize this IEP? After this it can no longer be changed."' in ready
    assert re.search(r'<button type="submit" class="button" >Finalize IEP', ready)

    version = re.search(r'name="base_version" value="(\d+)"', ready)
    assert version
    done = await client.post(
        f"/ieps/{iep_id}/finalize", data={"csrf_token": token, "base_version": version.group(1)}
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/ieps/{iep_id}?done=finalized"


async def test_the_job_page_names_the_student_and_says_what_is_happening(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id, _ = await add_iep_student(database, teacher.id)
    token = await sign_in(client, teacher)

    queued = await client.post(
        f"/students/{student_id}/generate",
        data={
            "csrf_token": token,
            "academic_year": "2025-2026",
            "template_id": "idea-standard",
            "priority": "5",
        },
    )
    page = html.unescape((await client.get(queued.headers["location"])).text)

    assert (
        '<h1 id="job-heading" tabindex="-1">Drafting Maya Lopez\'s IEP for 2025-2026</h1>' in page
    )
    assert f'<a href="/students/{student_id}">Maya Lopez</a>' in page
    assert "Waiting to start: your request is in the queue" in page
    assert "0 of 0" not in page and "attempt" not in page and "Priority" not in page
    assert 'aria-live="polite"' in page
    assert '<meta http-equiv="refresh" content="10">' in page  # without JavaScript it refreshes
    assert 'data-heading-completed="Maya Lopez\'s IEP for 2025-2026 is drafted"' in page


async def test_pages_say_who_drafted_and_name_people_and_records_in_words(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(
        database, "teacher", password=PASSWORD, username="demo.teacher", display_name="Jordan Ellis"
    )
    student_id, assessment_id = await add_iep_student(database, teacher.id)
    iep_id = await add_iep(database, settings, student_id, example_iep_content(assessment_id))
    token = await sign_in(client, teacher)

    page = html.unescape((await client.get(f"/ieps/{iep_id}")).text)
    assert "Signed in as <strong>Jordan Ellis</strong>" in page
    assert "demo.teacher" not in page
    assert "Drafted with the built-in drafter (no AI)" in page
    assert "Drafted by offline" not in page and "model offline" not in page

    goals = html.unescape((await client.get(f"/ieps/{iep_id}/sections/annual_goals/edit")).text)
    assert "Add an objective" in goals and "Add a objective" not in goals
    assert "Sources (the assessments and earlier IEPs this rests on)" in goals
    assert "Woodcock-Johnson IV Tests of Achievement (2025-09-15)" in goals
    assert " ids" not in goals and "null" not in goals

    saved = await client.post(
        f"/ieps/{iep_id}/sections/esy/edit",
        data={
            "csrf_token": token,
            "base_version": "1",
            "needed": "true",
            "rationale": "Reading skills slipped over the last two breaks.",
            "services": "Reading group twice a week in July.",
        },
    )
    assert saved.status_code == 303
    edited = html.unescape((await client.get(f"/ieps/{iep_id}")).text)
    assert "Edited by Jordan Ellis" in edited
