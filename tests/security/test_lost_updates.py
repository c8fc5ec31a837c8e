"""No lost updates: ETag and If-Match on the API, a base version on the web edit form, and a
regeneration that finishes after an edit kept as a proposal beside it, never over it."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.queue.fence import Claim, complete
from tests.factories import (
    Caller,
    add_iep,
    add_iep_student,
    example_iep_content,
    make_user,
    review_all_sections,
)
from tests.integration.generation.jobs import WORKER_ID, claim_and_handle
from tests.integration.web.test_pages import PASSWORD, _csrf, sign_in
from tests.wiring import offline_handlers


async def _iep(database: Database, settings: Settings, teacher: Caller) -> str:
    student_id, assessment_id = await add_iep_student(database, teacher.id)
    return await add_iep(database, settings, student_id, example_iep_content(assessment_id))


def _esy(rationale: str) -> dict[str, object]:
    return {"content": {"needed": False, "rationale": rationale}}


async def test_a_stale_if_match_answers_412_and_changes_nothing(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher")
    iep_id = await _iep(database, settings, teacher)
    url = f"/api/v1/ieps/{iep_id}"
    read = await client.get(url, headers=teacher.headers)
    assert read.headers["etag"] == '"v1"'

    first = await client.patch(
        f"{url}/sections/esy",
        json=_esy("First teacher: no regression seen."),
        headers={**teacher.headers, "If-Match": '"v1"'},
    )
    second = await client.patch(
        f"{url}/sections/esy",
        json=_esy("Second teacher: built on version 1."),
        headers={**teacher.headers, "If-Match": '"v1"'},
    )

    assert first.status_code == 200 and first.headers["etag"] == '"v2"'
    assert second.status_code == 412
    assert "version 2" in second.json()["detail"]
    now = (await client.get(url, headers=teacher.headers)).json()
    assert now["version"] == 2
    esy = next(s for s in now["sections"] if s["section_type"] == "esy")
    assert esy["content"]["rationale"] == "First teacher: no regression seen."

    await review_all_sections(client, url.rsplit("/", 1)[-1], teacher.headers)
    for stale in ('"v1"', 'W/"v2"', "v2", "garbage"):
        refused = await client.post(
            f"{url}/finalize", headers={**teacher.headers, "If-Match": stale}
        )
        assert refused.status_code == 412, stale
    assert (await client.get(url, headers=teacher.headers)).json()["status"] == "draft"
    final = await client.post(
        f"{url}/finalize", headers={**teacher.headers, "If-Match": '"v1", "v2"'}
    )
    assert final.status_code == 200 and final.json()["status"] == "final"
    assert final.headers["etag"] == '"v3"'


async def test_without_if_match_an_edit_still_works(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher")
    iep_id = await _iep(database, settings, teacher)
    edited = await client.patch(
        f"/api/v1/ieps/{iep_id}/sections/esy", json=_esy("Plain edit."), headers=teacher.headers
    )
    assert edited.status_code == 200 and edited.json()["version"] == 2


async def test_the_web_edit_form_shows_a_conflict_and_keeps_what_was_typed(
    app: FastAPI, client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD, display_name="Jo Rivera")
    iep_id = await _iep(database, settings, teacher)
    edit_url = f"/ieps/{iep_id}/sections/esy/edit"
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
        await sign_in(other, teacher)
        await sign_in(client, teacher)
        mine = await client.get(edit_url)
        theirs = await other.get(edit_url)
        assert 'name="base_version" value="1"' in mine.text
        form = {"needed": "false", "rationale": "Saved first in the other tab."}
        saved = await other.post(
            edit_url, data={**form, "csrf_token": _csrf(theirs), "base_version": "1"}
        )
        assert saved.status_code == 303

        typed = "Typed here at the same time; must not vanish."
        clash = await client.post(
            edit_url,
            data={
                "needed": "false",
                "rationale": typed,
                "csrf_token": _csrf(mine),
                "base_version": "1",
            },
        )
        assert clash.status_code == 409
        assert "Someone changed this IEP while you were editing" in clash.text
        assert "(by Jo Rivera)" in clash.text
        assert typed in clash.text
        assert 'name="base_version" value="2"' in clash.text
        current = (await client.get(f"/api/v1/ieps/{iep_id}", headers=teacher.headers)).json()
        esy = next(s for s in current["sections"] if s["section_type"] == "esy")
        assert esy["content"]["rationale"] == "Saved first in the other tab."

        again = await client.post(
            edit_url,
            data={
                "needed": "false",
                "rationale": typed,
                "csrf_token": _csrf(clash),
                "base_version": "2",
            },
        )
        assert again.status_code == 303
        bad = await client.post(
            edit_url,
            data={
                "needed": "false",
                "rationale": typed,
                "csrf_token": _csrf(clash),
                "base_version": "²",
            },
        )
        assert bad.status_code in (303, 409)


async def test_a_regeneration_that_finishes_after_an_edit_becomes_a_proposal(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    iep_id = await _iep(database, settings, teacher)
    registry = offline_handlers()
    # The job reads version 1 and drafts...
    context, write = await claim_and_handle(
        database,
        settings,
        registry,
        "section_generation",
        {"iep_id": iep_id, "section_type": "esy", "context": "Reconsider ESY."},
        teacher.id,
    )
    # ...while the teacher saves an edit of that section (version 2).
    edit = await client.patch(
        f"/api/v1/ieps/{iep_id}/sections/esy",
        json=_esy("The teacher's decision after the meeting."),
        headers=teacher.headers,
    )
    assert edit.status_code == 200
    async with database.transaction() as session:
        outcome = await complete(session, Claim(context.job_id, WORKER_ID, context.attempt), write)
    assert outcome == "completed"

    job = (await client.get(f"/api/v1/jobs/{context.job_id}", headers=teacher.headers)).json()
    assert job["result"]["stored_as"] == "proposal" and job["result"]["version"] == 2
    iep = (await client.get(f"/api/v1/ieps/{iep_id}", headers=teacher.headers)).json()
    esy = next(s for s in iep["sections"] if s["section_type"] == "esy")
    assert iep["version"] == 2
    assert esy["content"]["rationale"] == "The teacher's decision after the meeting."
    listed = await client.get(f"/api/v1/ieps/{iep_id}/proposals", headers=teacher.headers)
    (proposal,) = listed.json()["items"]
    assert proposal["id"] == job["result"]["proposal_id"]
    assert (proposal["section_type"], proposal["base_version"], proposal["found_version"]) == (
        "esy",
        1,
        2,
    )

    await sign_in(client, teacher)
    page = await client.get(f"/ieps/{iep_id}")
    assert "Regenerated sections waiting for you" in page.text and "Use this draft" in page.text
    stale = await client.post(
        f"/api/v1/ieps/{iep_id}/proposals/{proposal['id']}/accept",
        headers={**teacher.headers, "If-Match": '"v1"'},
    )
    assert stale.status_code == 412
    accepted = await client.post(
        f"/api/v1/ieps/{iep_id}/proposals/{proposal['id']}/accept",
        headers={**teacher.headers, "If-Match": '"v2"'},
    )
    assert accepted.status_code == 200 and accepted.json()["version"] == 3
    esy = next(s for s in accepted.json()["sections"] if s["section_type"] == "esy")
    assert esy["content"] == proposal["content"]
    assert (await client.get(f"/api/v1/ieps/{iep_id}/proposals", headers=teacher.headers)).json()[
        "items"
    ] == []
    again = await client.post(
        f"/api/v1/ieps/{iep_id}/proposals/{proposal['id']}/dismiss", headers=teacher.headers
    )
    assert again.status_code == 404


async def test_a_regeneration_asked_for_from_an_old_version_is_proposed_and_can_be_dismissed(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher")
    iep_id = await _iep(database, settings, teacher)
    assert (
        await client.patch(
            f"/api/v1/ieps/{iep_id}/sections/esy", json=_esy("Edited."), headers=teacher.headers
        )
    ).status_code == 200
    too_new = await client.post(
        "/api/v1/jobs/section-generation",
        json={"iep_id": iep_id, "section_type": "esy", "base_version": 9},
        headers=teacher.headers,
    )
    assert too_new.status_code == 422 and too_new.json()["detail"][0]["loc"][-1] == "base_version"
    registry = offline_handlers()
    context, write = await claim_and_handle(
        database,
        settings,
        registry,
        "section_generation",
        {"iep_id": iep_id, "section_type": "esy", "context": None, "base_version": 1},
        teacher.id,
    )
    async with database.transaction() as session:
        await complete(session, Claim(context.job_id, WORKER_ID, context.attempt), write)
    (proposal,) = (
        await client.get(f"/api/v1/ieps/{iep_id}/proposals", headers=teacher.headers)
    ).json()["items"]
    dismissed = await client.post(
        f"/api/v1/ieps/{iep_id}/proposals/{proposal['id']}/dismiss", headers=teacher.headers
    )
    assert dismissed.status_code == 204
    iep = (await client.get(f"/api/v1/ieps/{iep_id}", headers=teacher.headers)).json()
    assert iep["version"] == 2
