"""Progress reports through the API: each goal judged from the period's data only, the
team's plan kept, and the family's PDF in plain words."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import httpx
import pypdf
import pytest

from iepgen.config import Settings
from iepgen.db import Database
from tests.factories import audit_actions
from tests.integration.progress.support import FinalIEP, final_iep

pytestmark = pytest.mark.both_databases


@pytest.fixture
async def final(database: Database, settings: Settings) -> FinalIEP:
    return await final_iep(database, settings)


async def _add(client: httpx.AsyncClient, final: FinalIEP, days: int, value: float) -> None:
    day = (final.start + timedelta(days=days)).isoformat()
    response = await client.post(
        final.goal_url(1), json={"measured_on": day, "value": value}, headers=final.teacher.headers
    )
    assert response.status_code == 201, response.text


async def test_a_period_with_three_rising_points_is_on_track_the_next_has_too_few(
    client: httpx.AsyncClient, database: Database, final: FinalIEP
) -> None:
    for days, value in ((7, 56), (14, 60), (21, 64)):
        await _add(client, final, days, value)
    first = await client.get(f"{final.url}/progress/reports/1", headers=final.teacher.headers)
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["schedule"] == "Quarterly" and body["schedule_understood"]
    assert len(body["periods"]) == 4 and body["period"]["start"] == final.start.isoformat()
    (goal,) = body["goals"]
    assert (goal["standing"], goal["points_in_period"]) == ("on_track", 3)
    assert "rising by about 4 words correct per minute a week" in goal["what_the_data_show"]

    second = await client.get(f"{final.url}/progress/reports/2", headers=final.teacher.headers)
    (later,) = second.json()["goals"]
    assert later["standing"] == "not_enough_data"
    assert "at least 3 are needed" in later["what_the_data_show"]

    missing = await client.get(f"{final.url}/progress/reports/9", headers=final.teacher.headers)
    assert missing.status_code == 404 and "1 to 4" in missing.json()["detail"]


async def test_the_team_s_plan_is_saved_per_goal_and_period(
    client: httpx.AsyncClient, final: FinalIEP
) -> None:
    url = f"{final.url}/progress/reports/1/plans"
    saved = await client.put(
        url, json={"plans": {"1": "Add a second weekly session."}}, headers=final.teacher.headers
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["goals"][0]["plan"] == "Add a second weekly session."
    other = await client.get(f"{final.url}/progress/reports/2", headers=final.teacher.headers)
    assert other.json()["goals"][0]["plan"] == ""
    wrong = await client.put(url, json={"plans": {"5": "x"}}, headers=final.teacher.headers)
    assert wrong.status_code == 422 and "no goal 5" in wrong.json()["detail"][0]["msg"]
    cleared = await client.put(url, json={"plans": {"1": ""}}, headers=final.teacher.headers)
    assert cleared.json()["goals"][0]["plan"] == ""


async def test_the_family_report_is_a_pdf_in_plain_words(
    client: httpx.AsyncClient, database: Database, final: FinalIEP
) -> None:
    for days, value in ((7, 56), (14, 60), (21, 64)):
        await _add(client, final, days, value)
    await client.put(
        f"{final.url}/progress/reports/1/plans",
        json={"plans": {"1": "Keep the small-group reading time."}},
        headers=final.teacher.headers,
    )
    response = await client.get(
        f"{final.url}/progress/reports/1/family-report", headers=final.teacher.headers
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert "Progress-report-1" in response.headers["content-disposition"]
    assert "Maya" not in response.headers["content-disposition"]
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))
    assert "How it is going: On track." in text
    assert "The checks in this period" in text
    assert "What the team plans to change: Keep the small-group reading time." in text
    assert "Not enough data to tell: fewer than 3 checks" in text
    assert "progress.family_report" in await audit_actions(database, final.student_id)
