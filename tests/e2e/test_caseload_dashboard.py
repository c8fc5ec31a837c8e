"""The caseload dashboard in Chromium: due dates in words, server-side filters, a phone's width."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select, update

from iepgen.db import create_database
from iepgen.models import Student, User
from tests.conftest import make_settings
from tests.e2e.conftest import LiveServer
from tests.e2e.test_case_manager_flow import Auditor, sign_in
from tests.integration.caseload.support import meeting_for_review_in, student_with_iep

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


async def _lay_out_caseload(url: str, username: str) -> None:
    """Three students: an annual review overdue, one due in 12 days, one with only a draft."""
    settings = make_settings(url)
    database = create_database(settings)
    try:
        async with database.read() as session:
            teacher_id = (
                await session.execute(select(User.id).where(User.username == username))
            ).scalar_one()
        people = (
            ("Ava", "Brooks", meeting_for_review_in(settings, -4), "final"),
            ("Cole", "Diaz", meeting_for_review_in(settings, 12), "final"),
            ("Eve", "Flores", meeting_for_review_in(settings, 300), "draft"),
        )
        for first, last, meeting, status in people:
            student_id, _ = await student_with_iep(
                database, settings, teacher_id, meeting=meeting, status=status
            )
            async with database.transaction() as session:
                values: dict[str, object] = {"first_name": first, "last_name": last}
                await session.execute(
                    update(Student).where(Student.id == student_id).values(**values)
                )
    finally:
        await database.dispose()


@pytest.fixture(scope="module")
def laid_out(live_server: LiveServer) -> LiveServer:
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(
            asyncio.run, _lay_out_caseload(live_server.database_url, live_server.teacher.username)
        ).result()
    return live_server


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(bypass_csp=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _names(page: Page) -> list[str]:
    return page.locator("table.stack tbody th[scope=row] a").all_inner_texts()


def test_the_dashboard_shows_what_is_due_and_filters_on_the_server(
    page: Page, laid_out: LiveServer, screenshots: Path
) -> None:
    base = laid_out.url
    sign_in(page, base, laid_out.teacher)
    page.goto(f"{base}/caseload")
    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()
    assert _names(page) == ["Brooks, Ava", "Diaz, Cole", "Flores, Eve"]
    overdue_row = page.locator("tr", has_text="Brooks, Ava")
    expect(overdue_row).to_contain_text("Overdue:")  # in words, not colour alone
    expect(overdue_row).to_contain_text("Annual IEP review")
    expect(page.locator("tr", has_text="Diaz, Cole")).to_contain_text("Due soon:")
    Auditor(page.context, screenshots).scan("caseload-dashboard", page=page)

    page.get_by_label("Due").select_option("overdue")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"due=overdue"))
    assert _names(page) == ["Brooks, Ava"]

    page.goto(f"{base}/caseload")
    page.get_by_role("searchbox", name="Search").fill("dia")
    page.get_by_label("Sort by").select_option("next_due")
    page.get_by_role("button", name="Show").click()
    assert _names(page) == ["Diaz, Cole"]
    page.get_by_role("link", name="Clear").click()
    assert len(_names(page)) == 3


def test_the_dashboard_fits_a_phone(page: Page, laid_out: LiveServer, screenshots: Path) -> None:
    base = laid_out.url
    page.set_viewport_size(PHONE)
    sign_in(page, base, laid_out.teacher)
    page.goto(f"{base}/caseload")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the caseload scrolls sideways by {overflow}px at 390px"
    row = page.locator("tr", has_text="Brooks, Ava")
    expect(row.locator("td[data-label='Next due']")).to_be_visible()
    box = row.locator("td[data-label='Next due']").bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    Auditor(page.context, screenshots).scan("caseload-dashboard-390px", page=page)
    page.get_by_role("link", name="Brooks, Ava").click()
    expect(page.get_by_role("heading", name="This year")).to_be_visible()
    expect(page.locator(".due-list")).to_contain_text("Overdue:")
    Auditor(page.context, screenshots).scan("student-year-390px", page=page, expand=True)
