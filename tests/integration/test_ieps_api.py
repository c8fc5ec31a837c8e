"""IEP records (docs/api.md "IEPs"): the body, edits, versions, finalizing, ownership."""

from __future__ import annotations

import asyncio
import copy
import json
from typing import Any

import httpx
import pytest

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.models import IEPSection, IEPVersion
from iepgen.templates.builtin import SECTION_TYPES
from tests.factories import (
    Caller,
    add_iep,
    add_iep_student,
    audit_actions,
    count_rows,
    example_iep_content,
    make_user,
    review_all_sections,
)

pytestmark = pytest.mark.both_databases

IEP_KEYS = {
    "id",
    "student_id",
    "template_id",
    "academic_year",
    "status",
    "version",
    "sections",
    "compliance",
    "created_at",
    "updated_at",
    "finalized_at",
    "finalized_by",
    "finalized_by_name",
    "generated_with",
    "draft_notice",
    "final_notice",
    "dates",
    "questions_for_team",
    "decisions",
}
SECTION_KEYS = {
    "section_type",
    "title",
    "content",
    "text",
    "generated_by",
    "generated_at",
    "edited",
    "reviewed_by",
    "reviewed_at",
}


class Records:
    """A teacher with one student and one stored IEP (plus its example content)."""

    def __init__(self, teacher: Caller, student_id: str, iep_id: str, content: Any) -> None:
        self.teacher = teacher
        self.student_id = student_id
        self.iep_id = iep_id
        self.content: dict[str, dict[str, Any]] = content

    @property
    def url(self) -> str:
        return f"/api/v1/ieps/{self.iep_id}"


@pytest.fixture
async def records(database: Database, settings: Settings) -> Records:
    teacher = await make_user(database, "teacher", display_name="Jordan Ellis")
    student_id, assessment_id = await add_iep_student(database, teacher.id)
    content = example_iep_content(assessment_id)
    iep_id = await add_iep(database, settings, student_id, content, created_by=teacher.id)
    return Records(teacher, student_id, iep_id, content)


async def test_iep_body_has_exactly_the_documented_shape(
    client: httpx.AsyncClient, records: Records
) -> None:
    response = await client.get(records.url, headers=records.teacher.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == IEP_KEYS
    assert (body["status"], body["version"], body["academic_year"]) == ("draft", 1, "2025-2026")
    assert body["template_id"] == "idea-standard" and body["student_id"] == records.student_id
    assert [s["section_type"] for s in body["sections"]] == list(SECTION_TYPES)
    for section in body["sections"]:
        assert set(section) == SECTION_KEYS
        assert section["text"] and section["generated_by"] == "offline"
        assert section["edited"] is False
    assert body["sections"][-1]["content"].items() >= records.content["esy"].items()
    assert body["compliance"]["passed"] is True and body["compliance"]["findings"] == []
    # A clean report says what it checked rather than "no problems".
    assert len(body["compliance"]["checked"]) >= 25
    assert body["dates"]["meeting_date"] == "2025-08-15"
    assert body["dates"]["end_date"] == "2026-08-14"
    assert body["draft_notice"].startswith("DRAFT written with the built-in drafter (no AI).")
    assert "IEP team must review" in body["draft_notice"]
    assert body["final_notice"] is None and body["finalized_at"] is None


async def test_list_filters_by_student_and_stays_inside_the_caseload(
    client: httpx.AsyncClient, database: Database, settings: Settings, records: Records
) -> None:
    other = await make_user(database, "teacher")
    admin = await make_user(database, "admin")
    their_student, their_assessment = await add_iep_student(database, other.id)
    their_iep = await add_iep(
        database, settings, their_student, example_iep_content(their_assessment)
    )

    mine = (await client.get("/api/v1/ieps", headers=records.teacher.headers)).json()
    assert [i["id"] for i in mine["items"]] == [records.iep_id] and mine["total"] == 1
    assert set(mine["items"][0]) == IEP_KEYS and len(mine["items"][0]["sections"]) == 11
    by_student = await client.get(
        f"/api/v1/ieps?student_id={records.student_id}", headers=records.teacher.headers
    )
    assert by_student.json()["total"] == 1
    foreign = await client.get(
        f"/api/v1/ieps?student_id={their_student}", headers=records.teacher.headers
    )
    assert foreign.status_code == 404
    everyone = (await client.get("/api/v1/ieps?limit=1", headers=admin.headers)).json()
    assert everyone["total"] == 2 and len(everyone["items"]) == 1
    finals = (await client.get("/api/v1/ieps?status=final", headers=admin.headers)).json()
    assert finals["total"] == 0
    assert (await client.get(f"/api/v1/ieps/{their_iep}", headers=admin.headers)).is_success
    for query in ("limit=0", "limit=201", "status=signed", "student_id=nope"):
        response = await client.get(f"/api/v1/ieps?{query}", headers=records.teacher.headers)
        assert response.status_code in (404, 422), query
    assert (await audit_actions(database, records.student_id)).count("iep.list") == 2


async def test_a_teachers_edit_makes_a_new_checked_version(
    client: httpx.AsyncClient, database: Database, records: Records
) -> None:
    esy = {"needed": True, "rationale": "Reading skills slipped after the winter break."}
    response = await client.patch(
        f"{records.url}/sections/esy",
        json={"content": esy, "note": "Team meeting on ESY."},
        headers=records.teacher.headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["version"] == 2 and body["compliance"]["passed"] is True
    edited = {s["section_type"]: s for s in body["sections"]}
    assert edited["esy"]["content"]["needed"] is True and edited["esy"]["edited"] is True
    assert edited["esy"]["generated_by"] == f"teacher:{records.teacher.username}"
    assert "winter break" in edited["esy"]["text"]
    assert edited["lre"]["edited"] is False and edited["lre"]["generated_by"] == "offline"

    history = (await client.get(f"{records.url}/versions", headers=records.teacher.headers)).json()
    assert history["total"] == 2
    latest, first = history["items"]
    assert (latest["version"], latest["change"], latest["changed_sections"]) == (
        2,
        "edited",
        ["esy"],
    )
    assert latest["note"] == "Team meeting on ESY." and latest["created_by"] == records.teacher.id
    assert (first["version"], first["change"], first["compliance_passed"]) == (1, "generated", True)
    assert len(first["changed_sections"]) == 11

    old = await client.get(f"{records.url}/versions/1", headers=records.teacher.headers)
    assert old.status_code == 200
    old_esy = {s["section_type"]: s for s in old.json()["sections"]}["esy"]
    assert old_esy["content"].items() >= records.content["esy"].items()
    assert old.json()["version"] == 1
    assert await count_rows(database, IEPSection) == 22
    actions = await audit_actions(database, records.student_id)
    assert actions[-3:] == ["iep.section_edit", "iep.versions", "iep.version_read"]


async def test_an_edit_that_breaks_a_rule_is_stored_with_its_findings(
    client: httpx.AsyncClient, records: Records
) -> None:
    levels = copy.deepcopy(records.content["present_levels"])
    levels["areas"][0]["current_performance"] = "She read 97 words correct per minute."
    response = await client.patch(
        f"{records.url}/sections/present_levels",
        json={"content": levels},
        headers=records.teacher.headers,
    )
    assert response.status_code == 200, response.text
    compliance = response.json()["compliance"]
    assert compliance["passed"] is False
    errors = [f for f in compliance["findings"] if f["severity"] == "error"]
    assert errors and {f["section_type"] for f in errors} == {"present_levels"}
    assert set(errors[0]) == {"section_type", "rule", "severity", "message"}

    refused = await client.post(f"{records.url}/finalize", headers=records.teacher.headers)
    assert refused.status_code == 409
    assert "compliance error" in refused.json()["detail"]
    assert "present_levels" in refused.json()["detail"]

    fixed = await client.patch(
        f"{records.url}/sections/present_levels",
        json={"content": records.content["present_levels"]},
        headers=records.teacher.headers,
    )
    assert fixed.json()["compliance"]["passed"] is True and fixed.json()["version"] == 3


async def test_invalid_section_content_is_422_and_stores_nothing(
    client: httpx.AsyncClient, database: Database, records: Records
) -> None:
    cases: list[tuple[str, Any, str]] = [
        ("esy", {"needed": "maybe", "rationale": "x"}, "content"),
        ("esy", {"needed": False}, "content"),
        ("esy", {"needed": False, "rationale": "ok", "extra": 1}, "content"),
        ("esy", "not an object", "content"),
        ("esy", {"needed": False, "rationale": "bad \x00 byte"}, "content"),
        ("biography", {"text": "x"}, "section_type"),
    ]
    for section_type, content, field in cases:
        response = await client.patch(
            f"{records.url}/sections/{section_type}",
            json={"content": content},
            headers=records.teacher.headers,
        )
        assert response.status_code == 422, (content, response.text)
        assert any(field in e["loc"] for e in response.json()["detail"]), response.text
    typo = await client.patch(
        f"{records.url}/sections/esy",
        json={"contents": {"needed": False, "rationale": "x"}},
        headers=records.teacher.headers,
    )
    assert typo.status_code == 422
    assert await count_rows(database, IEPVersion) == 1
    assert await count_rows(database, IEPSection) == 11


async def test_a_section_the_iep_lacks_is_404(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher")
    student_id, assessment_id = await add_iep_student(database, teacher.id)
    content = example_iep_content(assessment_id)
    del content["esy"]
    iep_id = await add_iep(database, settings, student_id, content)
    body = (await client.get(f"/api/v1/ieps/{iep_id}", headers=teacher.headers)).json()
    assert body["compliance"]["passed"] is False  # esy is required
    response = await client.patch(
        f"/api/v1/ieps/{iep_id}/sections/esy",
        json={"content": {"needed": False, "rationale": "x"}},
        headers=teacher.headers,
    )
    assert response.status_code == 404


async def test_finalize_makes_the_iep_final_and_read_only(
    client: httpx.AsyncClient, database: Database, records: Records
) -> None:
    await review_all_sections(client, records.iep_id, records.teacher.headers)
    response = await client.post(f"{records.url}/finalize", headers=records.teacher.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["version"]) == ("final", 2)
    assert body["finalized_by"] == records.teacher.id
    assert body["finalized_by_name"] == "Jordan Ellis"
    assert body["finalized_at"] is not None and body["draft_notice"] is None
    assert body["final_notice"].startswith("Finalized by Jordan Ellis on ")

    again = await client.post(f"{records.url}/finalize", headers=records.teacher.headers)
    assert again.status_code == 409
    edit = await client.patch(
        f"{records.url}/sections/esy",
        json={"content": {"needed": True, "rationale": "x"}},
        headers=records.teacher.headers,
    )
    assert edit.status_code == 409
    history = (await client.get(f"{records.url}/versions", headers=records.teacher.headers)).json()
    assert [v["change"] for v in history["items"]] == ["finalized", "generated"]
    draft = (await client.get(f"{records.url}/versions/1", headers=records.teacher.headers)).json()
    assert draft["status"] == "draft" and draft["draft_notice"] and draft["final_notice"] is None
    actions = await audit_actions(database, records.student_id)
    assert "iep.finalize" in actions


async def test_concurrent_edits_get_consecutive_versions(
    client: httpx.AsyncClient, records: Records
) -> None:
    async def edit(rationale: str) -> httpx.Response:
        return await client.patch(
            f"{records.url}/sections/esy",
            json={"content": {"needed": False, "rationale": rationale}},
            headers=records.teacher.headers,
        )

    responses = await asyncio.gather(*(edit(f"Reason {n}.") for n in range(4)))
    assert [r.status_code for r in responses] == [200] * 4
    assert sorted(r.json()["version"] for r in responses) == [2, 3, 4, 5]
    history = (await client.get(f"{records.url}/versions", headers=records.teacher.headers)).json()
    assert [v["version"] for v in history["items"]] == [5, 4, 3, 2, 1]


async def test_other_caseloads_and_bad_ids_are_404(
    client: httpx.AsyncClient, database: Database, records: Records
) -> None:
    stranger = await make_user(database, "teacher")
    valid_esy = {"content": {"needed": False, "rationale": "No regression."}}
    for iep_id, caller in (
        (records.iep_id, stranger),
        ("3b241101-e2bb-4255-8caf-4136c566a962", records.teacher),
        ("not-a-uuid", records.teacher),
    ):
        base = f"/api/v1/ieps/{iep_id}"
        for method, path, body in (
            ("GET", base, None),
            ("GET", f"{base}/versions", None),
            ("GET", f"{base}/versions/1", None),
            ("PATCH", f"{base}/sections/esy", valid_esy),
            ("POST", f"{base}/finalize", None),
        ):
            response = await client.request(method, path, json=body, headers=caller.headers)
            assert response.status_code == 404, (method, path, response.text)
            assert response.json() == {"detail": "IEP not found."}
    missing = await client.get(f"{records.url}/versions/9", headers=records.teacher.headers)
    assert missing.status_code == 404
    zero = await client.get(f"{records.url}/versions/0", headers=records.teacher.headers)
    assert zero.status_code == 422
    assert await count_rows(database, IEPVersion) == 1


async def test_section_edit_audit_names_fields_not_values(
    client: httpx.AsyncClient, database: Database, records: Records
) -> None:
    await client.patch(
        f"{records.url}/sections/esy",
        json={"content": {"needed": False, "rationale": "Grandmother's house in July."}},
        headers=records.teacher.headers,
    )
    log = await client.get(
        f"/api/v1/students/{records.student_id}/access-log", headers=records.teacher.headers
    )
    entry = next(e for e in log.json()["items"] if e["action"] == "iep.section_edit")
    assert entry["fields"] == ["esy.rationale"]
    assert entry["entity_id"] == records.iep_id
    assert "Grandmother" not in json.dumps(log.json())
