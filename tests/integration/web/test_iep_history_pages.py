"""An IEP's history in the browser: open a version, compare two, restore, amend, and the
warning before a second draft for the same year."""

from __future__ import annotations

import httpx

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


async def test_open_compare_and_restore_an_earlier_version(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id, assessment_id = await add_iep_student(database, teacher.id)
    iep_id = await add_iep(
        database, settings, student_id, example_iep_content(assessment_id), created_by=teacher.id
    )
    edited = await client.patch(
        f"/api/v1/ieps/{iep_id}/sections/esy",
        json={"content": {"needed": False, "rationale": "Break data show quick recoupment."}},
        headers=teacher.headers,
    )
    assert edited.status_code == 200
    token = await sign_in(client, teacher)

    first = await client.get(f"/ieps/{iep_id}/versions/1")
    assert first.status_code == 200
    assert "This is an earlier version" in first.text and "Restore this version" in first.text
    assert "quick recoupment" not in first.text
    compared = await client.get(f"/ieps/{iep_id}/compare", params={"from": 1, "to": 2})
    assert compared.status_code == 200
    assert "In version 2 only:</span> " in compared.text and "quick recoupment" in compared.text
    assert (await client.get(f"/ieps/{iep_id}/compare", params={"to": 7})).status_code == 404

    restored = await client.post(f"/ieps/{iep_id}/versions/1/restore", data={"csrf_token": token})
    assert restored.status_code == 303
    assert restored.headers["location"] == f"/ieps/{iep_id}?done=version-restored"
    history = await client.get(f"/ieps/{iep_id}/versions")
    assert "Earlier version restored" in history.text and "Open version 3 in full" in history.text


async def test_amend_a_final_iep_from_its_page(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id, assessment_id = await add_iep_student(database, teacher.id)
    iep_id = await add_iep(
        database, settings, student_id, example_iep_content(assessment_id), created_by=teacher.id
    )
    await review_all_sections(client, iep_id, teacher.headers)
    final = await client.post(f"/api/v1/ieps/{iep_id}/finalize", headers=teacher.headers)
    meeting = final.json()["dates"]["meeting_date"]
    token = await sign_in(client, teacher)
    page = await client.get(f"/ieps/{iep_id}")
    assert f'href="/ieps/{iep_id}/amend"' in page.text
    form = await client.get(f"/ieps/{iep_id}/amend")
    assert form.status_code == 200
    missing = await client.post(
        f"/ieps/{iep_id}/amend", data={"csrf_token": token, "reason": "", "amended_on": meeting}
    )
    assert missing.status_code == 422 and 'href="#f-reason"' in missing.text
    early = await client.post(
        f"/ieps/{iep_id}/amend",
        data={"csrf_token": token, "reason": "Counseling added.", "amended_on": "2001-01-01"},
    )
    assert early.status_code == 422 and "amended_on must be on or after" in early.text
    done = await client.post(
        f"/ieps/{iep_id}/amend",
        data={"csrf_token": token, "reason": "Counseling added.", "amended_on": meeting},
    )
    assert done.status_code == 303
    history = await client.get(f"/ieps/{iep_id}/versions")
    assert "Opened for amendment" in history.text and "Counseling added." in history.text


async def test_generating_again_for_a_year_with_a_draft_asks_first(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id, assessment_id = await add_iep_student(database, teacher.id)
    iep_id = await add_iep(
        database, settings, student_id, example_iep_content(assessment_id), created_by=teacher.id
    )
    token = await sign_in(client, teacher)
    form = {
        "csrf_token": token,
        "academic_year": "2025-2026",
        "template_id": "idea-standard",
        "priority": "5",
        "meeting_date": "",
        "include_assessments": "true",
        "include_previous_ieps": "true",
    }
    bad_date = await client.post(
        f"/students/{student_id}/generate", data={**form, "meeting_date": "2001-01-01"}
    )
    assert bad_date.status_code == 422  # the form's own problems come before the question
    assert 'id="f-meeting-date-error"' in bad_date.text and "already exists" not in bad_date.text
    warned = await client.post(f"/students/{student_id}/generate", data=form)
    assert warned.status_code == 409
    assert "A draft IEP for 2025-2026 already exists" in warned.text
    assert f'href="/ieps/{iep_id}"' in warned.text
    confirmed = await client.post(
        f"/students/{student_id}/generate", data={**form, "confirm_new_draft": "true"}
    )
    assert confirmed.status_code == 303 and confirmed.headers["location"].startswith("/jobs/")
