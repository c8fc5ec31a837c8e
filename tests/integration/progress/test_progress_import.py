"""CSV import of progress data: a preview with a reason for every rejected row, nothing
stored until the good rows are accepted, and then all of them in one transaction."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.models import ProgressPoint
from tests.factories import audit_actions, count_rows
from tests.integration.progress.support import FinalIEP, final_iep

pytestmark = pytest.mark.both_databases


@pytest.fixture
async def final(database: Database, settings: Settings) -> FinalIEP:
    return await final_iep(database, settings)


async def _import(
    client: httpx.AsyncClient, final: FinalIEP, text: str, **params: object
) -> httpx.Response:
    return await client.post(
        f"{final.url}/progress/import",
        params=params,
        content=text.encode("utf-8"),
        headers={**final.teacher.headers, "Content-Type": "text/csv"},
    )


def _day(final: FinalIEP, offset: int) -> str:
    return (final.start + timedelta(days=offset)).isoformat()


async def test_a_preview_reports_every_bad_row_and_stores_nothing(
    client: httpx.AsyncClient,
    database: Database,
    settings: Settings,
    final: FinalIEP,
) -> None:
    other = await final_iep(database, settings)  # another teacher's IEP
    future = (settings.school_today() + timedelta(days=2)).isoformat()
    before = (final.start - timedelta(days=1)).isoformat()
    text = "\n".join(
        [
            "Goal,Date,Value,Note,iep_id",
            f"1,{_day(final, 7)},55,first probe,",  # line 2: good
            f"Goal 1,{_day(final, 14)},58,,{final.iep_id}",  # line 3: good
            f"1,{before},50,,",  # line 4: before the IEP
            f"1,{future},70,,",  # line 5: in the future
            f"1,{_day(final, 21)},sixty,,",  # line 6: text in a numeric field
            f"3,{_day(final, 21)},60,,",  # line 7: a goal this IEP lacks
            f"1,{_day(final, 21)},60,,{other.iep_id}",  # line 8: another caseload's IEP
            "1,21/13/2025,60,,",  # line 9: not a date
            f"1,{_day(final, 7)},55,again,",  # line 10: repeats line 2
            "1,2025-10-01",  # line 11: too few cells
        ]
    )
    response = await _import(client, final, text)
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["accepted"], report["rows"], report["good_rows"], report["stored"]) == (
        False,
        10,
        2,
        0,
    )
    reasons = {row["row"]: row["reason"] for row in report["rejected"]}
    assert sorted(reasons) == [4, 5, 6, 7, 8, 9, 10, 11]
    assert "outside this IEP's period" in reasons[4]
    assert "in the future" in reasons[5]
    assert "'sixty' is not a number" in reasons[6]
    assert "goal 3 is not a goal of this IEP" in reasons[7]
    assert "another IEP" in reasons[8]
    assert "is not a date" in reasons[9]
    assert "Repeats line 2" in reasons[10]
    assert "has 2 cells" in reasons[11]
    assert await count_rows(database, ProgressPoint) == 0
    assert "progress.import_previewed" in await audit_actions(database, final.student_id)

    accepted = await _import(client, final, text, accept=True, expected_good_rows=2)
    assert accepted.status_code == 200, accepted.text
    assert (accepted.json()["stored"], accepted.json()["accepted"]) == (2, True)
    assert await count_rows(database, ProgressPoint, iep_id=final.iep_id) == 2
    assert await count_rows(database, ProgressPoint, iep_id=other.iep_id) == 0
    listed = await client.get(final.goal_url(1), headers=final.teacher.headers)
    assert [(p["value"], p["source"]) for p in listed.json()["items"]] == [
        (55, "csv"),
        (58, "csv"),
    ]
    # The same file again: the rows already stored are reported, nothing is stored twice.
    again = await _import(client, final, text)
    assert again.json()["good_rows"] == 0
    assert "already has the value 55" in again.json()["rejected"][0]["reason"]


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("goal,day,value", "missing 'date'"),
        ("goal,date,value,score", "unknown 'score'"),
        ("goal,date,value,value", "repeated 'value'"),
        ("", "empty"),
    ],
)
async def test_wrong_columns_reject_the_whole_file(
    client: httpx.AsyncClient, database: Database, final: FinalIEP, header: str, words: str
) -> None:
    text = f"{header}\n1,{_day(final, 7)},55\n"
    preview = await _import(client, final, text)
    assert preview.status_code == 200
    assert words in preview.json()["file_problem"]
    assert preview.json()["good_rows"] == 0
    accepted = await _import(client, final, text, accept=True)
    assert accepted.status_code == 422
    assert accepted.json()["detail"][0]["loc"] == ["body", "file"]
    assert await count_rows(database, ProgressPoint) == 0


async def test_a_file_that_changed_since_the_preview_stores_nothing(
    client: httpx.AsyncClient, database: Database, final: FinalIEP
) -> None:
    text = f"goal,date,value\n1,{_day(final, 7)},55\n1,{_day(final, 8)},57\n"
    response = await _import(client, final, text, accept=True, expected_good_rows=1)
    assert response.status_code == 409
    assert await count_rows(database, ProgressPoint) == 0


async def test_a_file_that_is_not_utf8_is_422(
    client: httpx.AsyncClient, database: Database, final: FinalIEP
) -> None:
    response = await client.post(
        f"{final.url}/progress/import",
        content=b"goal,date,value\n1,2025-10-01,5\xff\n",
        headers={**final.teacher.headers, "Content-Type": "text/csv"},
    )
    assert response.status_code == 422
    assert "UTF-8" in response.json()["detail"][0]["msg"]


async def test_ten_thousand_rows_import_in_one_request(
    client: httpx.AsyncClient, database: Database, final: FinalIEP
) -> None:
    days = (final.end - final.start).days
    last = min(days, (date.today() - final.start).days)
    lines = ["goal,date,value,note"]
    for row in range(10_000):
        lines.append(f"1,{_day(final, row % (last + 1))},{row / 10:.1f},probe {row}")
    response = await _import(client, final, "\n".join(lines), accept=True)
    assert response.status_code == 200, response.text
    assert response.json()["stored"] == 10_000
    assert await count_rows(database, ProgressPoint, iep_id=final.iep_id) == 10_000
