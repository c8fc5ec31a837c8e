"""Progress monitoring in a real browser: the goal page with its chart and data table, the
CSV preview and import, and the progress report, each scanned by axe-core."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from iepgen.config import Settings
from iepgen.db import create_database
from iepgen.db.base import new_id, utcnow
from iepgen.models import ProgressPoint, User
from tests.e2e.conftest import SCREENSHOTS, LiveServer
from tests.e2e.test_case_manager_flow import Auditor, sign_in
from tests.factories import add_iep, add_iep_student, example_iep_content
from tests.integration.progress.support import make_final

pytestmark = pytest.mark.e2e


async def _seed(url: str, username: str) -> tuple[str, str]:
    """A final IEP of the teacher's with four progress points: (iep_id, first CSV day)."""
    settings = Settings.model_validate({"environment": "test", "database_url": url})
    database = create_database(settings)
    try:
        async with database.read() as session:
            teacher_id = (
                await session.execute(select(User.id).where(User.username == username))
            ).scalar_one()
        student_id, assessment_id = await add_iep_student(database, teacher_id)
        iep_id = await add_iep(
            database,
            settings,
            student_id,
            example_iep_content(assessment_id),
            created_by=teacher_id,
        )
        start, _end = await make_final(database, iep_id, teacher_id)
        async with database.transaction() as session:
            for week, value in enumerate((55, 58, 60, 64)):
                session.add(
                    ProgressPoint(
                        id=new_id(),
                        iep_id=iep_id,
                        goal_number=1,
                        measured_on=start + timedelta(weeks=week + 1),
                        value=value,
                        entered_by=teacher_id,
                        source="web",
                        created_at=utcnow(),
                    )
                )
        return iep_id, (start + timedelta(weeks=6)).isoformat()
    finally:
        await database.dispose()


def test_progress_pages_show_the_chart_and_pass_axe(
    browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        iep_id, day = pool.submit(
            asyncio.run, _seed(live_server.database_url, live_server.teacher.username)
        ).result()
    screenshots = SCREENSHOTS / "progress"
    screenshots.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(bypass_csp=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    base = live_server.url
    sign_in(page, base, live_server.teacher)
    auditor = Auditor(context, screenshots)

    goal_url = f"{base}/ieps/{iep_id}/goals/1/progress"
    page.goto(goal_url)
    chart = page.get_by_role("img", name="Goal 1 (reading): progress in words correct per minute")
    expect(chart).to_be_visible()
    expect(page.locator("#goal-1-data tbody tr")).to_have_count(4)
    auditor.scan("p1-goal-progress", goal_url)

    page.get_by_label("Date measured").fill(day)
    page.get_by_label("Value (words correct per minute)").fill("sixty")
    page.get_by_role("button", name="Add data point").click()
    expect(page.get_by_text("Value must be a number")).to_be_visible()
    auditor.scan("p2-goal-progress-error", page=page)
    page.get_by_label("Value (words correct per minute)").fill("67")
    page.get_by_role("button", name="Add data point").click()
    expect(page.get_by_role("status")).to_contain_text("Data point added")
    expect(page.locator("#goal-1-data tbody tr")).to_have_count(5)

    csv = tmp_path / "probes.csv"
    csv.write_text(f"goal,date,value\n1,{day},69\n1,{day},many\n")
    page.goto(f"{base}/ieps/{iep_id}/progress/import")
    auditor.scan("p3-import", page.url)
    page.get_by_label("CSV file").set_input_files(str(csv))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("'many' is not a number")).to_be_visible()
    auditor.scan("p4-import-preview", page=page)
    page.get_by_role("button", name="Import the 1 good row").click()
    expect(page.get_by_role("status")).to_contain_text("1 data point imported")

    page.goto(f"{base}/ieps/{iep_id}/progress/reports?period=1")
    expect(page.get_by_role("heading", name="Goal 1 (reading)")).to_contain_text("On track")
    auditor.scan("p5-report", page.url)
    page.goto(f"{base}/ieps/{iep_id}")
    expect(page.locator("#goal-progress")).to_contain_text("6 data points")
    auditor.scan("p6-iep-with-progress", page.url, expand=True)
    context.close()
