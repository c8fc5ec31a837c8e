"""Every page state at a phone's width (390 px) and a desktop's (1280 px).

Each state is opened at both widths with every collapsed part opened, then:
the page never scrolls sideways (`scrollWidth <= innerWidth`, at 320 px too), anything
that scrolls inside it is a labelled, keyboard-focusable region with a visible cue, and
axe-core (every rule it runs by default, best practices included) finds nothing. A
full-page screenshot of each is kept in `test-artifacts/screenshots/widths/` for a person
to look at.

The records are put in place directly (a complete record, a sparse one, an IEP ready to
finalize); the draft IEP and its job come from the real Generate form and worker.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from iepgen.config import Settings
from iepgen.db import create_database
from iepgen.students.assessments.schemas import AssessmentCreate
from iepgen.students.assessments.service import create_assessment
from iepgen.students.schemas import StudentCreate
from iepgen.students.service import create_student
from iepgen.users.service import Actor, user_named
from tests.e2e.conftest import AXE_PATH, Account, LiveServer
from tests.factories import (
    add_iep,
    add_iep_student,
    assessment_body,
    complete_student_body,
    example_iep_content,
)

pytestmark = pytest.mark.e2e

WIDTHS = (390, 1280)
HEIGHT = 844
# The narrowest phone in use: checked for sideways scrolling only (axe and the screenshot
# are the 390 px ones).
NARROWEST = 320
JOB_SECONDS = 90
MISSING_ID = "00000000-0000-4000-8000-000000000000"

# Sideways overflow, and the elements that stick out past the viewport's right edge.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = [];
  if (document.documentElement.scrollWidth > width) {
    for (const el of document.querySelectorAll('body *')) {
      const box = el.getBoundingClientRect();
      if (box.right > width + 1 && box.width > 0) {
        const classes = typeof el.className === 'string' ? el.className.trim() : '';
        wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}` +
          `${classes ? '.' + classes.split(/\\s+/).join('.') : ''}` +
          ` (right edge ${Math.round(box.right)})`);
      }
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
}"""
# Every element that scrolls sideways must be a region a keyboard user can reach and
# a screen-reader user can name.
SCROLLERS = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.scrollWidth > el.clientWidth + 1 &&
    ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
  .filter(el => !(el.tabIndex >= 0 && el.getAttribute('role') === 'region' &&
    (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'))))
  .map(el => el.outerHTML.slice(0, 120))"""


# A table wider than its box says so above it, in words (static/tables.js).
CUELESS = """() => [...document.querySelectorAll('.table-wrap')]
  .filter(el => el.scrollWidth > el.clientWidth + 1)
  .filter(el => {
    const cue = el.previousElementSibling;
    return !(cue && cue.classList.contains('scroll-cue') && !cue.hidden);
  })
  .map(el => el.getAttribute('aria-label'))"""
# Two animation frames: the resize observers have run and the layout has settled.
SETTLED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


@dataclass(frozen=True)
class Records:
    complete_id: str
    sparse_id: str
    assessment_id: str
    final_iep_id: str


@dataclass(frozen=True)
class World:
    server: LiveServer
    records: Records
    draft_iep_id: str
    job_id: str


class WidthAudit:
    """One page per width in a signed-in (or anonymous) context; problems are collected so
    one run reports every page that needs work, not only the first."""

    def __init__(self, context: BrowserContext, directory: Path) -> None:
        self.context = context
        self.directory = directory
        self.pages: dict[int, Page] = {}
        for width in (NARROWEST, *WIDTHS):
            page = context.new_page()
            page.set_viewport_size({"width": width, "height": HEIGHT})
            page.on("dialog", lambda dialog: dialog.accept())
            self.pages[width] = page
        self.problems: list[str] = []

    def check(self, name: str, url: str, act: Callable[[Page], Any] | None = None) -> None:
        for width, page in self.pages.items():
            page.goto(url)
            if act is not None:
                act(page)
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            self._fits(f"{name} at {width} px", page)
            if width in WIDTHS:
                self._inspect(f"{name} at {width} px", page, self.directory / f"{name}-{width}.png")

    def _inspect(self, label: str, page: Page, screenshot: Path) -> None:
        page.add_script_tag(path=str(AXE_PATH))
        # Every rule; only violations are collected (the passes are not needed, and skipping
        # them keeps the run short).
        result: dict[str, Any] = page.evaluate(
            "() => axe.run(document, {resultTypes: ['violations']})"
        )
        for violation in result["violations"]:
            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            self.problems.append(
                f"{label}: axe {violation['id']} ({violation['impact']}): "
                f"{violation['help']} at {targets}"
            )
        page.screenshot(path=str(screenshot), full_page=True)

    def _fits(self, label: str, page: Page) -> None:
        page.evaluate(SETTLED)
        overflow = page.evaluate(OVERFLOW)
        if overflow["scroll"] > overflow["width"]:
            self.problems.append(
                f"{label}: the page is {overflow['scroll']} px wide in a "
                f"{overflow['width']} px window; sticking out: {overflow['wide']}"
            )
        for scroller in page.evaluate(SCROLLERS):
            self.problems.append(f"{label}: scrolls sideways without a named region: {scroller}")
        for table in page.evaluate(CUELESS):
            self.problems.append(f"{label}: the table {table!r} is cut off with no cue to scroll")

    def close(self) -> None:
        self.context.close()


async def _put_records(database_url: str, teacher: Account) -> Records:
    settings = Settings.model_validate({"environment": "test", "database_url": database_url})
    database = create_database(settings)
    try:
        async with database.transaction() as session:
            user = await user_named(session, teacher.username)
            assert user is not None
            actor = Actor.of(user)
            complete = await create_student(
                session, actor, StudentCreate.model_validate(complete_student_body())
            )
            sparse = await create_student(
                session,
                actor,
                StudentCreate.model_validate(
                    {
                        "first_name": "Theo",
                        "last_name": "Marchetti-Lindqvist",
                        "date_of_birth": "2017-05-11",
                        "grade_level": "3",
                        "disability_category": "other_health_impairment",
                    }
                ),
            )
            assessment = await create_assessment(
                session,
                actor,
                complete.id,
                AssessmentCreate.model_validate(
                    assessment_body(
                        name="Braille Reading Fluency Probe",
                        score=38,
                        score_type="words_correct_per_minute",
                        summary="Read 38 words correct per minute in contracted braille on "
                        "grade-10 passages (peers read print at 150).",
                        subscores=[
                            {"name": "Accuracy", "score": 91, "score_type": "percent_correct"}
                        ],
                    )
                ),
            )
            complete_id, sparse_id, assessment_id = complete.id, sparse.id, assessment.id
        maya_id, maya_assessment = await add_iep_student(database, actor.id)
        final_iep_id = await add_iep(
            database, settings, maya_id, example_iep_content(maya_assessment), created_by=actor.id
        )
    finally:
        await database.dispose()
    return Records(complete_id, sparse_id, assessment_id, final_iep_id)


def _sign_in(page: Page, base: str, account: Account) -> None:
    page.goto(f"{base}/signin")
    page.get_by_label("Username").fill(account.username)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def _csrf(page: Page) -> str:
    return page.locator('input[name="csrf_token"]').first.input_value()


def _generate_draft(page: Page, base: str, student_id: str) -> tuple[str, str]:
    """Generate an IEP through the student's page and wait for it: (job id, IEP id)."""
    page.goto(f"{base}/students/{student_id}")
    page.get_by_role("button", name="Generate IEP").click()
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]{36}"))
    job_id = re.findall(r"/jobs/([0-9a-f-]{36})", page.url)[0]
    # The student's page lists the IEP once the job has stored it.
    deadline = time.monotonic() + JOB_SECONDS
    while time.monotonic() < deadline:
        html = page.context.request.get(f"{base}/students/{student_id}").text()
        found = re.findall(r'href="/ieps/([0-9a-f-]{36})"', html)
        if found:
            return job_id, found[0]
        time.sleep(0.5)
    raise AssertionError(f"the draft was not finished in {JOB_SECONDS} s")


def _edit_goals(page: Page, base: str, iep_id: str) -> None:
    """A teacher's edit, so the version history has a change to show."""
    page.goto(f"{base}/ieps/{iep_id}/sections/annual_goals/edit")
    page.locator("#f-goals-0-target").fill("60 words correct per minute in contracted braille")
    page.get_by_label("Why it changed").fill("The team set the target at the meeting.")
    page.get_by_role("button", name="Save section").click()
    page.wait_for_url(re.compile(rf"/ieps/{iep_id}(\?|#|$)"))


def _finalize(page: Page, base: str, iep_id: str) -> None:
    """Mark every section reviewed and finalize, as the IEP page's buttons do."""
    page.goto(f"{base}/ieps/{iep_id}")
    token = _csrf(page)
    kinds = [
        (card.get_attribute("id") or "").removeprefix("section-")
        for card in page.locator("section.section-card").all()
    ]
    for kind in kinds:
        reviewed = page.context.request.post(
            f"{base}/ieps/{iep_id}/sections/{kind}/review", form={"csrf_token": token}
        )
        assert reviewed.ok, kind
    page.goto(f"{base}/ieps/{iep_id}")
    version = page.locator('input[name="base_version"]').first.input_value()
    finalized = page.context.request.post(
        f"{base}/ieps/{iep_id}/finalize", form={"csrf_token": token, "base_version": version}
    )
    assert finalized.ok
    page.goto(f"{base}/ieps/{iep_id}/teachers")
    added = page.context.request.post(
        f"{base}/ieps/{iep_id}/teachers",
        form={"csrf_token": token, "teacher_name": "Ruth Abernathy", "class_name": "Biology 10"},
    )
    assert added.ok


@pytest.fixture(scope="module")
def world(browser: Browser, live_server: LiveServer) -> Iterator[World]:
    with ThreadPoolExecutor(max_workers=1) as pool:
        records = pool.submit(
            asyncio.run, _put_records(live_server.database_url, live_server.teacher)
        ).result()
    context = browser.new_context()
    context.set_default_timeout(15_000)
    page = context.new_page()
    _sign_in(page, live_server.url, live_server.teacher)
    job_id, draft_iep_id = _generate_draft(page, live_server.url, records.complete_id)
    _edit_goals(page, live_server.url, draft_iep_id)
    _finalize(page, live_server.url, records.final_iep_id)
    context.close()
    yield World(live_server, records, draft_iep_id, job_id)


@pytest.fixture(scope="module")
def width_screenshots(screenshots: Path) -> Path:
    directory = screenshots / "widths"
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.png"):  # only this run's pages
        old.unlink()
    return directory


def _audit(browser: Browser, world: World, directory: Path, account: Account | None) -> WidthAudit:
    context = browser.new_context(bypass_csp=True)
    context.set_default_timeout(15_000)
    if account is not None:
        page = context.new_page()
        _sign_in(page, world.server.url, account)
        page.close()
    return WidthAudit(context, directory)


def _submit(button: str) -> Callable[[Page], None]:
    def act(page: Page) -> None:
        page.get_by_role("button", name=button).click()
        expect(page.locator(".error-summary")).to_be_visible()

    return act


def _generate_with_a_bad_date(page: Page) -> None:
    page.get_by_label("Meeting date").fill("2001-01-01")
    page.get_by_role("button", name="Generate IEP").click()
    expect(page.locator("#f-meeting-date-error")).to_be_visible()


def _wrong_password(page: Page) -> None:
    page.get_by_label("Username").fill("nobody-here")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".error-summary, .field-error").first).to_be_visible()


@pytest.mark.timeout(300)
def test_signing_in_fits_both_widths(
    browser: Browser, world: World, width_screenshots: Path
) -> None:
    audit = _audit(browser, world, width_screenshots, None)
    base = world.server.url
    audit.check("01-sign-in", f"{base}/signin")
    audit.check("02-sign-in-wrong-password", f"{base}/signin", _wrong_password)
    audit.close()
    assert audit.problems == [], "\n".join(audit.problems)


@pytest.mark.timeout(400)
def test_a_case_managers_pages_fit_both_widths(
    browser: Browser, world: World, width_screenshots: Path
) -> None:
    audit = _audit(browser, world, width_screenshots, world.server.teacher)
    base, records = world.server.url, world.records
    complete = f"{base}/students/{records.complete_id}"
    audit.check("03-caseload", f"{base}/caseload")
    audit.check("04-student-new", f"{base}/students/new")
    audit.check("05-student-new-errors", f"{base}/students/new", _submit("Add student"))
    audit.check("06-student-complete-record", complete)
    audit.check("07-student-sparse-record", f"{base}/students/{records.sparse_id}")
    audit.check("08-student-edit-every-record-part", f"{complete}/edit")
    audit.check("09-assessment-new", f"{complete}/assessments/new")
    audit.check(
        "10-assessment-new-errors", f"{complete}/assessments/new", _submit("Add assessment")
    )
    audit.check("11-assessment-edit", f"{complete}/assessments/{records.assessment_id}/edit")
    audit.check("12-generate-errors", complete, _generate_with_a_bad_date)
    audit.check("13-password", f"{base}/account/password")
    audit.check("14-not-found", f"{base}/students/{MISSING_ID}")
    audit.check("14a-caseload-filtered", f"{base}/caseload?due=due_soon&sort=next_due")
    audit.check("14b-jobs", f"{base}/jobs")
    audit.check("14c-calendar-feed", f"{base}/calendar")
    audit.close()
    assert audit.problems == [], "\n".join(audit.problems)


@pytest.mark.timeout(400)
def test_iep_pages_fit_both_widths(browser: Browser, world: World, width_screenshots: Path) -> None:
    audit = _audit(browser, world, width_screenshots, world.server.teacher)
    base = world.server.url
    draft = f"{base}/ieps/{world.draft_iep_id}"
    final = f"{base}/ieps/{world.records.final_iep_id}"
    audit.check("15-job-done", f"{base}/jobs/{world.job_id}")
    audit.check("16-iep-draft", draft)
    audit.check("17-section-edit-goals", f"{draft}/sections/annual_goals/edit")
    audit.check("18-section-edit-services", f"{draft}/sections/services/edit")
    audit.check("19-versions-draft", f"{draft}/versions")
    audit.check("20-iep-final", final)
    audit.check("21-teachers", f"{final}/teachers")
    audit.check("21a-version-in-full", f"{draft}/versions/1")
    audit.check("21b-compare-versions", f"{draft}/compare?from=1&to=1")
    audit.check("21c-amend", f"{final}/amend")
    audit.close()
    assert audit.problems == [], "\n".join(audit.problems)


@pytest.mark.timeout(300)
def test_admin_pages_fit_both_widths(
    browser: Browser, world: World, width_screenshots: Path
) -> None:
    audit = _audit(browser, world, width_screenshots, world.server.admin)
    base = world.server.url
    audit.check("22-admin-queue", f"{base}/admin")
    audit.check("23-admin-users", f"{base}/admin/users")
    audit.close()
    assert audit.problems == [], "\n".join(audit.problems)
