"""The caseload's upcoming events, the dashboard API, calendar feeds and aliases."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from icalendar import Calendar
from sqlalchemy import update

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.models import IEP, AuditEntry
from tests.factories import count_rows, make_user
from tests.integration.caseload.support import meeting_for_review_in, student_with_iep

pytestmark = pytest.mark.both_databases


def _locs(response: httpx.Response) -> list[tuple[Any, ...]]:
    return [tuple(e["loc"]) for e in response.json()["detail"]]


async def test_an_annual_review_in_ten_days_is_listed_as_due_soon(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher")
    student_id, iep_id = await student_with_iep(
        database, settings, teacher.id, meeting=meeting_for_review_in(settings, 10)
    )
    response = await client.get(
        "/api/v1/caseload/events", params={"kind": "annual_review"}, headers=teacher.headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == 1
    (event,) = body["items"]
    today = settings.school_today()
    assert event["due_on"] == (today + timedelta(days=10)).isoformat()
    assert event["urgency"] == "due_soon"
    assert event["student_id"] == student_id
    assert event["iep_id"] == iep_id
    assert event["student_label"] == "M.L."
    assert body["starts_on"] == today.isoformat()
    assert await count_rows(database, AuditEntry, action="caseload.events") == 1


async def test_overdue_work_comes_first_and_the_window_pages(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher")
    await student_with_iep(
        database, settings, teacher.id, meeting=meeting_for_review_in(settings, -5)
    )
    await student_with_iep(
        database, settings, teacher.id, meeting=meeting_for_review_in(settings, 20)
    )
    params = {"kind": ["annual_review", "reevaluation"], "limit": 1}
    first = await client.get("/api/v1/caseload/events", params=params, headers=teacher.headers)
    body = first.json()
    assert body["total"] == 2
    assert body["items"][0]["urgency"] == "overdue"
    second = await client.get(
        "/api/v1/caseload/events", params={**params, "offset": 1}, headers=teacher.headers
    )
    assert second.json()["items"][0]["urgency"] == "due_soon"
    without = await client.get(
        "/api/v1/caseload/events",
        params={"kind": "annual_review", "include_overdue": "false"},
        headers=teacher.headers,
    )
    assert [e["urgency"] for e in without.json()["items"]] == ["due_soon"]


async def test_bad_kinds_and_windows_answer_422_naming_the_field(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher")
    cases = [
        ({"kind": "birthday"}, ("query", "kind", 0)),
        ({"from": "2026-13-01"}, ("query", "from")),
        ({"from": "2026-12-01", "to": "2026-11-01"}, ("query", "to")),
        ({"from": "2026-01-01", "to": "2029-01-01"}, ("query", "to")),
        ({"limit": 0}, ("query", "limit")),
    ]
    for params, loc in cases:
        response = await client.get(
            "/api/v1/caseload/events", params=params, headers=teacher.headers
        )
        assert response.status_code == 422, (params, response.text)
        assert loc in _locs(response), (params, response.text)


async def test_another_teacher_s_students_stay_out_of_events_and_aliases(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher")
    other = await make_user(database, "teacher")
    theirs, _ = await student_with_iep(
        database, settings, other.id, meeting=meeting_for_review_in(settings, 3)
    )
    listed = await client.get("/api/v1/caseload/events", headers=teacher.headers)
    assert listed.json()["total"] == 0
    alias = await client.put(
        f"/api/v1/students/{theirs}/calendar-alias", json={"alias": "Blue"}, headers=teacher.headers
    )
    assert alias.status_code == 404
    caseload = await client.get("/api/v1/caseload", headers=teacher.headers)
    assert caseload.json()["total"] == 0


async def test_the_dashboard_api_gives_status_and_next_due_and_filters(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher")
    final_id, _ = await student_with_iep(
        database, settings, teacher.id, meeting=meeting_for_review_in(settings, -2)
    )
    draft_id, _ = await student_with_iep(
        database, settings, teacher.id, meeting=meeting_for_review_in(settings, 200), status="draft"
    )
    response = await client.get(
        "/api/v1/caseload", params={"sort": "status"}, headers=teacher.headers
    )
    items = {i["student_id"]: i for i in response.json()["items"]}
    assert items[final_id]["iep_status"] == "final"
    assert items[final_id]["next_due"]["kind"] == "annual_review"
    assert items[final_id]["next_due"]["urgency"] == "overdue"
    assert items[draft_id]["iep_status"] == "draft"
    assert items[draft_id]["must_fix"] >= 0
    overdue = await client.get(
        "/api/v1/caseload", params={"due": "overdue"}, headers=teacher.headers
    )
    assert [i["student_id"] for i in overdue.json()["items"]] == [final_id]
    bad = await client.get("/api/v1/caseload", params={"sort": "age"}, headers=teacher.headers)
    assert bad.status_code == 422 and ("query", "sort") in _locs(bad)


async def test_a_calendar_feed_shows_initials_or_the_alias_and_stops_when_revoked(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher")
    student_id, _ = await student_with_iep(
        database, settings, teacher.id, meeting=meeting_for_review_in(settings, 12)
    )
    created = await client.post(
        "/api/v1/calendar-feeds", json={"label": "Phone"}, headers=teacher.headers
    )
    assert created.status_code == 201, created.text
    url = created.json()["url"]
    feed = await client.get(url)
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    assert "Maya" not in feed.text and "Lopez" not in feed.text
    assert "2011" not in feed.text  # no birth date either
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(feed.content).walk("VEVENT")]
    assert "Annual IEP review: M.L." in summaries

    named = await client.put(
        f"/api/v1/students/{student_id}/calendar-alias",
        json={"alias": "Lopez kid"},
        headers=teacher.headers,
    )
    assert named.status_code == 422 and ("body", "alias") in _locs(named)
    aliased = await client.put(
        f"/api/v1/students/{student_id}/calendar-alias",
        json={"alias": "Room 12 A"},
        headers=teacher.headers,
    )
    assert aliased.status_code == 200 and aliased.json()["calendar_label"] == "Room 12 A"
    assert "Annual IEP review: Room 12 A" in (await client.get(url)).text

    listed = await client.get("/api/v1/calendar-feeds", headers=teacher.headers)
    (entry,) = listed.json()["items"]
    assert "url" not in entry and entry["label"] == "Phone"
    other = await make_user(database, "teacher")
    foreign = await client.delete(f"/api/v1/calendar-feeds/{entry['id']}", headers=other.headers)
    assert foreign.status_code == 404
    revoked = await client.delete(f"/api/v1/calendar-feeds/{entry['id']}", headers=teacher.headers)
    assert revoked.status_code == 204
    assert (await client.get(url)).status_code == 404
    assert (await client.get("/calendar/ical_not-a-real-token.ics")).status_code == 404
    assert await count_rows(database, AuditEntry, action="calendar_feed.read") == 2


async def test_an_open_esy_question_is_an_event_until_the_section_settles_it(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher")
    meeting = meeting_for_review_in(settings, 200)
    _, iep_id = await student_with_iep(
        database, settings, teacher.id, meeting=meeting, status="draft"
    )
    decide_by = settings.school_today() + timedelta(days=20)
    edited = await client.patch(
        f"/api/v1/ieps/{iep_id}/sections/esy",
        json={
            "content": {
                "needed": None,
                "rationale": "No break data yet; the team decides from winter-break probes.",
                "decide_by": decide_by.isoformat(),
            }
        },
        headers=teacher.headers,
    )
    assert edited.status_code == 200, edited.text
    async with database.transaction() as session:
        await session.execute(update(IEP).where(IEP.id == iep_id).values(status="final"))
    listed = await client.get(
        "/api/v1/caseload/events", params={"kind": "esy_decision"}, headers=teacher.headers
    )
    assert [(e["due_on"], e["iep_id"]) for e in listed.json()["items"]] == [
        (decide_by.isoformat(), iep_id)
    ]
