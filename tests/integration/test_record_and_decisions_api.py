"""The richer record over HTTP, its impossible combinations, and a hard student drafted whole.

A corpus student is entered exactly as the API takes it, drafted by the real worker on the
offline provider, and the stored IEP is read back: its dates, decisions, questions for the
team and review marks — then finalized the way a case manager must.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from iepgen.config import Settings
from iepgen.db import Database
from tests.corpus.students import ACADEMIC_YEAR, CASES, MEETING, Case
from tests.factories import Caller, make_user, review_all_sections
from tests.integration.jobs.support import running_worker, submit
from tests.wiring import offline_handlers


async def enter(client: httpx.AsyncClient, teacher: Caller, case: Case) -> str:
    created = await client.post("/api/v1/students", json=case.student, headers=teacher.headers)
    assert created.status_code == 201, created.text
    student_id: str = created.json()["id"]
    for assessment in case.assessments:
        added = await client.post(
            f"/api/v1/students/{student_id}/assessments", json=assessment, headers=teacher.headers
        )
        assert added.status_code == 201, added.text
    return student_id


def generation(student_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "student_id": student_id,
        "academic_year": ACADEMIC_YEAR,
        "meeting_date": MEETING.isoformat(),
        **extra,
    }


async def test_the_record_parts_round_trip_and_are_documented(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database)
    case = CASES["deaf_asl_el"]
    student_id = await enter(client, teacher, case)
    body = (await client.get(f"/api/v1/students/{student_id}", headers=teacher.headers)).json()
    assert body["communication"] == {
        "language": "American Sign Language",
        "mode": "signed",
        "uses_interpreter": True,
        "hears_speech": False,
        "hearing_technology": None,
        "aac_device": None,
        "notes": None,
    }
    assert body["english_learning"]["proficiency_test"] == "WIDA ACCESS for ELLs"
    assert body["document_language"] == "Spanish"
    assessments = (
        await client.get(f"/api/v1/students/{student_id}/assessments", headers=teacher.headers)
    ).json()["items"]
    assert {a["finding"] for a in assessments} == {None}
    schema = (await client.get("/openapi.json")).json()["components"]["schemas"]
    for part in ("Communication", "Vision", "Behavior", "Transfer", "Subscore"):
        # Documented on both sides (one schema, or separate input and output ones).
        assert part in schema or (f"{part}-Input" in schema and f"{part}-Output" in schema)
    assert "meeting_date" in schema["IEPGenerationRequest"]["properties"]


async def test_braille_for_a_sighted_student_is_refused_naming_the_field(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database)
    body = {
        **CASES["blind_braille"].student,
        "vision": {"functional_vision": "sighted", "learning_media": ["braille"]},
    }
    response = await client.post("/api/v1/students", json=body, headers=teacher.headers)
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"][:2] == ["body", "vision"] and "sighted" in error["msg"]


@pytest.mark.parametrize(
    ("field", "body"),
    [
        ("vision", {"functional_vision": "low_vision", "braille_codes": ["ueb"]}),
        ("behavior", {"hypothesized_function": "boredom"}),
        ("behavior", {"behavior_plan_on": "2999-01-01"}),
        ("communication", {"mode": "signed", "typo": True}),
        ("percent_in_general_education", 120),
    ],
)
async def test_a_malformed_record_part_is_a_422_naming_it(
    client: httpx.AsyncClient, database: Database, field: str, body: Any
) -> None:
    teacher = await make_user(database)
    payload = {**CASES["speech_sounds_only"].student, field: body}
    response = await client.post("/api/v1/students", json=payload, headers=teacher.headers)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"][1] == field


async def test_a_goal_asked_for_where_the_team_found_no_need_is_refused(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database)
    student_id = await enter(client, teacher, CASES["benchmark_reader"])
    refused = await submit(client, teacher, generation(student_id, goal_areas=["math"]))
    assert refused.status_code == 422
    detail = refused.json()["detail"]
    assert detail[0]["loc"][-2:] == ["goal_areas", 0]
    assert "not an area of need" in detail[0]["msg"]
    accepted = await submit(client, teacher, generation(student_id, goal_areas=["writing"]))
    assert accepted.status_code == 202, accepted.text


async def test_a_meeting_outside_the_academic_year_is_refused(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database)
    student_id = await enter(client, teacher, CASES["speech_sounds_only"])
    response = await submit(client, teacher, generation(student_id, meeting_date="2028-01-10"))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "meeting_date"


async def test_a_hard_student_is_drafted_whole_and_finalized_after_review(
    app: FastAPI, client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database)
    student_id = await enter(client, teacher, CASES["deaf_asl_el"])
    request = generation(
        student_id,
        context="Report progress monthly. Make the goals ambitious.",
        section_notes={"accommodations": "The family asked for morning testing."},
    )
    async with running_worker(app, settings, offline_handlers()):
        submitted = await submit(client, teacher, request)
        assert submitted.status_code == 202, submitted.text
        done = await client.get(
            f"/api/v1/jobs/{submitted.json()['id']}/poll?timeout_seconds=60",
            headers=teacher.headers,
        )
    job = done.json()
    assert job["status"] == "completed", job
    assert (job["result"]["instructions_followed"], job["result"]["instructions_not_followed"]) == (
        1,
        1,
    )
    iep = (
        await client.get(f"/api/v1/ieps/{job['result']['iep_id']}", headers=teacher.headers)
    ).json()
    assert iep["compliance"]["passed"] is True
    assert iep["dates"] == {
        "meeting_date": "2026-11-30",
        "start_date": "2026-11-30",
        "end_date": "2027-11-29",
        "annual_review_due": "2027-11-29",
        "reevaluation_due": "2028-10-01",
    }
    areas = {a["area"]: a["status"] for a in iep["decisions"]["areas"]}
    assert areas == {"reading": "need", "math": "not_a_need"}
    topics = {q["topic"] for q in iep["questions_for_team"]}
    assert {"Extended school year", "English proficiency test domains"} <= topics
    sections = {s["section_type"]: s for s in iep["sections"]}
    assert "interpret" in sections["services"]["text"].lower()
    assert "read aloud" not in sections["accommodations"]["text"].lower()
    assert sections["accommodations"]["content"]["team_notes"] == (
        "The family asked for morning testing."
    )
    assert "ambitious" not in " ".join(s["text"] for s in iep["sections"])
    assert sections["progress_reporting"]["content"]["schedule"] == "Monthly"
    instructions = iep["generated_with"]["drafting_instructions"]
    assert [(n["instruction"], n["applied"]) for n in instructions] == [
        ("Report progress monthly.", True),
        ("Make the goals ambitious.", False),
    ]
    assert all(s["reviewed_by"] is None for s in iep["sections"])

    url = f"/api/v1/ieps/{iep['id']}"
    refused = await client.post(f"{url}/finalize", headers=teacher.headers)
    assert refused.status_code == 409 and "not yet reviewed" in refused.json()["detail"]
    await review_all_sections(client, iep["id"], teacher.headers)
    final = await client.post(f"{url}/finalize", headers=teacher.headers)
    assert final.status_code == 200, final.text
    assert final.json()["status"] == "final"
