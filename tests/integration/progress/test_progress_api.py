"""Progress data points through the API: the goal's own unit, the IEP's period, the caseload."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.models import ProgressPoint
from tests.factories import (
    add_iep,
    add_iep_student,
    audit_actions,
    count_rows,
    example_iep_content,
    make_user,
)
from tests.integration.progress.support import FinalIEP, final_iep

pytestmark = pytest.mark.both_databases


@pytest.fixture
async def final(database: Database, settings: Settings) -> FinalIEP:
    return await final_iep(database, settings)


def _messages(response: httpx.Response) -> str:
    detail = response.json()["detail"]
    return detail if isinstance(detail, str) else " ".join(d["msg"] for d in detail)


async def test_a_point_is_stored_listed_with_who_entered_it_and_deleted(
    client: httpx.AsyncClient, database: Database, final: FinalIEP
) -> None:
    day = final.start + timedelta(days=20)
    added = await client.post(
        final.goal_url(1),
        json={"measured_on": day.isoformat(), "value": 61.5, "note": "Cold read"},
        headers=final.teacher.headers,
    )
    assert added.status_code == 201, added.text
    point = added.json()
    assert (point["goal"], point["value"], point["note"]) == (1, 61.5, "Cold read")
    assert point["entered_by"] == final.teacher.id
    assert point["entered_by_name"] == "Jordan Ellis"

    listed = await client.get(final.goal_url(1), headers=final.teacher.headers)
    assert listed.status_code == 200
    body = listed.json()
    assert body["goal"]["unit"] == "words correct per minute"
    assert (body["goal"]["baseline_value"], body["goal"]["target_value"]) == (52, 90)
    assert body["goal"]["aim_starts_on"] == final.start.isoformat()
    assert body["total"] == 1 and [p["id"] for p in body["items"]] == [point["id"]]

    gone = await client.delete(f"{final.goal_url(1)}/{point['id']}", headers=final.teacher.headers)
    assert gone.status_code == 204
    assert await count_rows(database, ProgressPoint, iep_id=final.iep_id) == 0
    again = await client.delete(f"{final.goal_url(1)}/{point['id']}", headers=final.teacher.headers)
    assert again.status_code == 404
    actions = await audit_actions(database, final.student_id)
    assert {"progress.added", "progress.read", "progress.deleted"} <= set(actions)


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"measured_on": "FUTURE", "value": 60}, "measured_on", "in the future"),
        ({"measured_on": "BEFORE", "value": 60}, "measured_on", "outside this IEP's period"),
        ({"measured_on": "AFTER", "value": 60}, "measured_on", "outside this IEP's period"),
        ({"measured_on": "INSIDE", "value": "sixty"}, "value", "number"),
        ({"measured_on": "INSIDE"}, "value", "Enter value"),
        ({"measured_on": "not a date", "value": 60}, "measured_on", "date"),
        ({"measured_on": "INSIDE", "value": 60, "colour": "red"}, "colour", "not one the form has"),
    ],
)
async def test_bad_points_are_422_naming_the_field_and_store_nothing(
    client: httpx.AsyncClient,
    database: Database,
    settings: Settings,
    final: FinalIEP,
    body: dict[str, object],
    field: str,
    words: str,
) -> None:
    days = {
        "FUTURE": settings.school_today() + timedelta(days=1),
        "BEFORE": final.start - timedelta(days=1),
        "AFTER": final.end + timedelta(days=1),
        "INSIDE": final.start + timedelta(days=3),
    }
    sent = {
        key: days[value].isoformat() if isinstance(value, str) and value in days else value
        for key, value in body.items()
    }
    response = await client.post(final.goal_url(1), json=sent, headers=final.teacher.headers)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert any(field in d["loc"] for d in detail), detail
    assert words in _messages(response)
    assert await count_rows(database, ProgressPoint, iep_id=final.iep_id) == 0


async def test_a_goal_the_iep_lacks_is_404_and_a_draft_iep_is_409(
    client: httpx.AsyncClient, database: Database, settings: Settings, final: FinalIEP
) -> None:
    inside = (final.start + timedelta(days=3)).isoformat()
    missing = await client.post(
        final.goal_url(2), json={"measured_on": inside, "value": 60}, headers=final.teacher.headers
    )
    assert missing.status_code == 404
    assert "no goal 2" in missing.json()["detail"]

    student_id, assessment_id = await add_iep_student(database, final.teacher.id)
    draft_id = await add_iep(database, settings, student_id, example_iep_content(assessment_id))
    draft = await client.post(
        f"/api/v1/ieps/{draft_id}/goals/1/progress",
        json={"measured_on": inside, "value": 60},
        headers=final.teacher.headers,
    )
    assert draft.status_code == 409
    assert "final" in draft.json()["detail"]
    # Reading a draft's progress is allowed: it simply has none yet.
    listed = await client.get(
        f"/api/v1/ieps/{draft_id}/goals/1/progress", headers=final.teacher.headers
    )
    assert listed.status_code == 200 and listed.json()["items"] == []


async def test_another_caseload_is_404_for_every_progress_route(
    client: httpx.AsyncClient, database: Database, final: FinalIEP
) -> None:
    intruder = await make_user(database, "teacher")
    inside = (final.start + timedelta(days=3)).isoformat()
    added = await client.post(
        final.goal_url(1), json={"measured_on": inside, "value": 60}, headers=final.teacher.headers
    )
    point_id = added.json()["id"]
    calls = [
        ("GET", final.goal_url(1), None, None),
        ("POST", final.goal_url(1), {"measured_on": inside, "value": 70}, None),
        ("DELETE", f"{final.goal_url(1)}/{point_id}", None, None),
    ]
    for method, url, body, content in calls:
        response = await client.request(
            method, url, json=body, content=content, headers=intruder.headers
        )
        assert response.status_code == 404, (method, url, response.text)
    imported = await client.post(
        f"{final.url}/progress/import",
        params={"accept": True},
        content=f"goal,date,value\n1,{inside},80\n",
        headers={**intruder.headers, "Content-Type": "text/csv"},
    )
    assert imported.status_code == 404
    assert await count_rows(database, ProgressPoint, iep_id=final.iep_id) == 1
