"""An IEP over its year: amend a final IEP, compare and restore versions, transfer a student."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest

from iepgen.config import Settings
from iepgen.db import Database
from tests.factories import (
    Caller,
    add_iep,
    add_iep_student,
    audit_actions,
    example_iep_content,
    make_user,
    review_all_sections,
)
from tests.integration.jobs.support import iep_request, submit

pytestmark = pytest.mark.both_databases

REASON = "The team added speech-language therapy after the spring screening."


async def _final_iep(
    client: httpx.AsyncClient, database: Database, settings: Settings, teacher: Caller
) -> tuple[str, str, dict[str, str]]:
    student_id, assessment_id = await add_iep_student(database, teacher.id)
    iep_id = await add_iep(
        database, settings, student_id, example_iep_content(assessment_id), created_by=teacher.id
    )
    await review_all_sections(client, iep_id, teacher.headers)
    final = await client.post(f"/api/v1/ieps/{iep_id}/finalize", headers=teacher.headers)
    assert final.status_code == 200, final.text
    return student_id, iep_id, final.json()["dates"]


async def test_amending_a_final_iep_opens_a_draft_and_keeps_the_final_version(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher")
    student_id, iep_id, dates = await _final_iep(client, database, settings, teacher)
    amended_on = date.fromisoformat(dates["meeting_date"]) + timedelta(days=30)
    url = f"/api/v1/ieps/{iep_id}"
    response = await client.post(
        f"{url}/amendments",
        json={"reason": REASON, "amended_on": amended_on.isoformat()},
        headers=teacher.headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["version"]) == ("draft", 3)
    history = (await client.get(f"{url}/versions", headers=teacher.headers)).json()["items"]
    assert [v["change"] for v in history] == ["amended", "finalized", "generated"]
    assert history[0]["note"] == REASON and history[0]["amended_on"] == amended_on.isoformat()
    final = (await client.get(f"{url}/versions/2", headers=teacher.headers)).json()
    assert final["sections"] == body["sections"]
    # The IEP stays the one in effect for the caseload while it is amended.
    listed = (await client.get("/api/v1/caseload", headers=teacher.headers)).json()["items"]
    assert listed[0]["iep_status_label"].startswith("Amendment draft")
    assert listed[0]["next_due"] is not None
    # Finalized again, it reads as amended.
    again = await client.post(f"{url}/finalize", headers=teacher.headers)
    assert again.status_code == 200, again.text
    listed = (await client.get("/api/v1/caseload", headers=teacher.headers)).json()["items"]
    assert listed[0]["iep_status"] == "amended"
    assert "iep.amend" in await audit_actions(database, student_id)


async def test_an_amendment_needs_a_reason_and_a_date_inside_the_iep(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher")
    _, iep_id, dates = await _final_iep(client, database, settings, teacher)
    url = f"/api/v1/ieps/{iep_id}/amendments"
    before = date.fromisoformat(dates["meeting_date"]) - timedelta(days=1)
    future = settings.school_today() + timedelta(days=1)
    for body, field in (
        ({"reason": REASON, "amended_on": before.isoformat()}, "amended_on"),
        ({"reason": REASON, "amended_on": future.isoformat()}, "amended_on"),
        ({"reason": "", "amended_on": dates["meeting_date"]}, "reason"),
        ({"amended_on": dates["meeting_date"]}, "reason"),
    ):
        response = await client.post(url, json=body, headers=teacher.headers)
        assert response.status_code == 422, (body, response.text)
        assert any(e["loc"][-1] == field for e in response.json()["detail"]), response.text
    current = (await client.get(f"/api/v1/ieps/{iep_id}", headers=teacher.headers)).json()
    assert (current["status"], current["version"]) == ("final", 2)


async def test_compare_any_two_versions_and_restore_one_as_a_new_version(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher")
    student_id, assessment_id = await add_iep_student(database, teacher.id)
    content = example_iep_content(assessment_id)
    iep_id = await add_iep(database, settings, student_id, content, created_by=teacher.id)
    url = f"/api/v1/ieps/{iep_id}"
    edited = await client.patch(
        f"{url}/sections/esy",
        json={"content": {"needed": False, "rationale": "Break data show quick recoupment."}},
        headers=teacher.headers,
    )
    assert edited.status_code == 200, edited.text
    compared = await client.get(
        f"{url}/compare", params={"from": 1, "to": 2}, headers=teacher.headers
    )
    assert compared.status_code == 200, compared.text
    sections = {s["section_type"]: s for s in compared.json()["sections"]}
    assert sections["esy"]["changed"] is True
    assert any("quick recoupment" in line for line in sections["esy"]["added"])
    assert sections["present_levels"]["changed"] is False
    missing = await client.get(
        f"{url}/compare", params={"from": 1, "to": 9}, headers=teacher.headers
    )
    assert missing.status_code == 404
    bad = await client.get(f"{url}/compare", params={"from": 0, "to": 2}, headers=teacher.headers)
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "from"]

    restored = await client.post(f"{url}/versions/1/restore", headers=teacher.headers)
    assert restored.status_code == 200, restored.text
    body = restored.json()
    assert body["version"] == 3
    esy = next(s for s in body["sections"] if s["section_type"] == "esy")
    assert (
        esy["content"]
        == next(
            s
            for s in (await client.get(f"{url}/versions/1", headers=teacher.headers)).json()[
                "sections"
            ]
            if s["section_type"] == "esy"
        )["content"]
    )
    assert esy["reviewed_by"] is None
    history = (await client.get(f"{url}/versions", headers=teacher.headers)).json()["items"]
    assert history[0]["change"] == "restored" and history[0]["note"] == "Restored from version 1."
    current = await client.post(f"{url}/versions/3/restore", headers=teacher.headers)
    assert current.status_code == 409
    other = await make_user(database, "teacher")
    foreign = await client.post(f"{url}/versions/1/restore", headers=other.headers)
    assert foreign.status_code == 404


async def test_an_admin_transfers_a_student_and_the_audit_log_says_so(
    client: httpx.AsyncClient, database: Database
) -> None:
    admin = await make_user(database, "admin")
    teacher = await make_user(database, "teacher")
    successor = await make_user(database, "teacher")
    student_id, _ = await add_iep_student(database, teacher.id)
    url = f"/api/v1/students/{student_id}/transfer"
    refused = await client.post(
        url, json={"case_manager_id": successor.id}, headers=teacher.headers
    )
    assert refused.status_code == 403
    unknown = await client.post(
        url, json={"case_manager_id": "5f0c6d1e-8a54-4a8e-9a59-2b1f6f0f9b11"}, headers=admin.headers
    )
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "case_manager_id"]
    moved = await client.post(url, json={"case_manager_id": successor.id}, headers=admin.headers)
    assert moved.status_code == 200, moved.text
    assert moved.json()["case_manager_id"] == successor.id
    gone = await client.get(f"/api/v1/students/{student_id}", headers=teacher.headers)
    assert gone.status_code == 404
    mine = await client.get(f"/api/v1/students/{student_id}", headers=successor.headers)
    assert mine.status_code == 200
    assert "student.transfer" in await audit_actions(database, student_id)


async def test_generating_for_a_year_with_a_draft_names_the_draft(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher")
    student_id, assessment_id = await add_iep_student(database, teacher.id)
    iep_id = await add_iep(
        database, settings, student_id, example_iep_content(assessment_id), created_by=teacher.id
    )
    same_year = await submit(client, teacher, iep_request(student_id))
    assert same_year.status_code == 202, same_year.text
    assert same_year.headers["existing-draft"] == f"/api/v1/ieps/{iep_id}"
    next_year = await submit(client, teacher, iep_request(student_id, academic_year="2026-2027"))
    assert next_year.status_code == 202 and "existing-draft" not in next_year.headers
