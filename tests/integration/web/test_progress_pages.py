"""The progress pages over HTTP: the chart's accessibility, the data table, the forms, the
CSV preview and its "import the good rows" step, the report with the team's plans."""

from __future__ import annotations

import re
from datetime import timedelta
from xml.etree import ElementTree

import httpx

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.models import ProgressPlan, ProgressPoint
from tests.factories import count_rows, make_user
from tests.integration.progress.support import final_iep
from tests.integration.web.test_pages import PASSWORD, sign_in

SVG = re.compile(r"<svg class=\"progress-chart\".*?</svg>", re.DOTALL)


async def test_the_goal_page_shows_an_accessible_chart_beside_its_data_table(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD, display_name="Jo Park")
    final = await final_iep(database, settings, teacher)
    token = await sign_in(client, teacher)
    page_url = f"/ieps/{final.iep_id}/goals/1/progress"
    for week, value in enumerate((55, 58, 61)):
        day = final.start + timedelta(weeks=week + 1)
        added = await client.post(
            page_url,
            data={"csrf_token": token, "measured_on": day.isoformat(), "value": str(value)},
        )
        assert added.status_code == 303, added.text

    page = await client.get(page_url)
    assert page.status_code == 200
    match = SVG.search(page.text)
    assert match, "no chart on the page"
    svg = ElementTree.fromstring(match.group(0))
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby", "").split()
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.find(f"{ns}title").get("id") == title_id  # type: ignore[union-attr]
    description = svg.find(f"{ns}desc")
    assert description is not None and description.get("id") == desc_id
    assert "3 checks" in (description.text or "") and "aim line" in (description.text or "")
    assert len(svg.findall(f"{ns}line[@class='aim']")) == 1
    assert len(svg.findall(f"{ns}line[@class='trend']")) == 1
    # The data table beside it: every value, who entered it.
    assert 'id="goal-1-data"' in page.text and "<caption>Data for goal 1" in page.text
    for value in ("55", "58", "61"):
        assert f"<td>{value}</td>" in page.text
    assert "Jo Park" in page.text

    # A bad value keeps what was typed and names the field.
    bad = await client.post(
        page_url,
        data={"csrf_token": token, "measured_on": final.start.isoformat(), "value": "lots"},
    )
    assert bad.status_code == 422
    assert "Value must be a number" in bad.text and 'aria-invalid="true"' in bad.text
    late = await client.post(
        page_url,
        data={
            "csrf_token": token,
            "measured_on": (final.end + timedelta(days=5)).isoformat(),
            "value": "60",
        },
    )
    assert late.status_code == 422 and "outside this IEP&#39;s period" in late.text
    assert await count_rows(database, ProgressPoint) == 3

    # The IEP page shows each goal's progress, linked to its page.
    iep_page = await client.get(f"/ieps/{final.iep_id}")
    assert f'href="{page_url}"' in iep_page.text and "3 data points" in iep_page.text


async def test_a_csv_is_previewed_then_only_its_good_rows_imported(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    final = await final_iep(database, settings, teacher)
    token = await sign_in(client, teacher)
    good = (final.start + timedelta(days=10)).isoformat()
    text = f"goal,date,value,note\n1,{good},60,\n1,{good},sixty,\n4,{good},60,\n"
    url = f"/ieps/{final.iep_id}/progress/import"
    preview = await client.post(
        url,
        data={"csrf_token": token},
        files={"file": ("probes.csv", text.encode(), "text/csv")},
    )
    assert preview.status_code == 200, preview.text
    assert "Preview: nothing is stored yet" in preview.text
    assert "Import the 1 good row" in preview.text
    assert "&#39;sixty&#39; is not a number" in preview.text
    assert "goal 4 is not a goal of this IEP" in preview.text
    assert await count_rows(database, ProgressPoint) == 0

    carried = re.search(r'name="csv_text" value="([^"]*)"', preview.text, re.DOTALL)
    assert carried
    csv_text = carried.group(1).replace("&#39;", "'")
    done = await client.post(
        url,
        data={
            "csrf_token": token,
            "accept": "good-rows",
            "expected_good_rows": "1",
            "csv_text": csv_text,
        },
    )
    assert done.status_code == 200 and "1 data point imported" in done.text
    assert await count_rows(database, ProgressPoint, iep_id=final.iep_id) == 1


async def test_the_report_page_judges_each_goal_and_keeps_the_team_s_plan(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    final = await final_iep(database, settings, teacher)
    token = await sign_in(client, teacher)
    report = await client.get(f"/ieps/{final.iep_id}/progress/reports?period=1")
    assert report.status_code == 200
    assert "Not enough data to tell" in report.text
    assert "The IEP reports progress: Quarterly" in report.text
    saved = await client.post(
        f"/ieps/{final.iep_id}/progress/reports/1/plans",
        data={"csrf_token": token, "plan_1": "Add a second weekly fluency session."},
    )
    assert saved.status_code == 303
    again = await client.get(f"/ieps/{final.iep_id}/progress/reports?period=1")
    assert "Add a second weekly fluency session." in again.text
    assert await count_rows(database, ProgressPlan, iep_id=final.iep_id) == 1
