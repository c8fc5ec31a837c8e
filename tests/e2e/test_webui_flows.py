"""The flows a tired teacher follows, in Chromium at desktop and phone width.

The job page moves to the finished IEP by itself and says so to screen readers; finalize
lists what stands in its way and asks only when it can succeed; a half-edited section
warns before it is left and is autosaved, to be restored later. Screenshots of every
state are kept in test-artifacts/screenshots.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from tests.e2e.conftest import LiveServer
from tests.e2e.test_case_manager_flow import JOB_SECONDS, Auditor, sign_in

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
TYPED = "The team will decide at the spring meeting, after the winter-break data is in."


@pytest.fixture(params=list(WIDTHS))
def width(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def teacher_page(browser: Browser, live_server: LiveServer, width: str) -> Iterator[Page]:
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h})
    page = context.new_page()
    sign_in(page, live_server.url, live_server.other_teacher)
    yield page
    context.close()


def _auditor(page: Page, screenshots: Path, width: str) -> Auditor:
    """axe needs its script injected: a second context of the same session, CSP bypassed."""
    assert page.context.browser is not None
    w, h = WIDTHS[width]
    context = page.context.browser.new_context(
        bypass_csp=True,
        storage_state=page.context.storage_state(),
        viewport={"width": w, "height": h},
    )
    return Auditor(context, screenshots)


def _add_reading_assessment(page: Page) -> None:
    """A current reading result the team reads as a need: the draft can then set a goal."""
    page.get_by_role("link", name="Add an assessment").click()
    page.get_by_label("Assessment name").fill("DIBELS 8 Oral Reading Fluency")
    page.get_by_label("Area", exact=True).select_option("reading")
    page.get_by_label("Date given").fill("2026-10-01")
    page.get_by_label("Score (optional)", exact=True).fill("58")
    page.get_by_label("Score type (optional)", exact=True).fill("words correct per minute")
    page.get_by_label("Percentile (optional)", exact=True).fill("9")
    page.get_by_label("Summary of results").fill(
        "Read 58 words correct per minute on grade-6 passages (benchmark 120)."
    )
    finding = page.get_by_role("group", name="The team's reading of this result")
    finding.get_by_label("An area of need", exact=True).check()
    page.get_by_role("button", name="Add assessment").click()
    expect(page.get_by_role("status")).to_contain_text("assessment was added")


def _new_student_with_a_draft(
    page: Page, base: str, first_name: str, *, with_assessment: bool = False
) -> str:
    """Add a student and generate an IEP; returns the job page's URL once it shows."""
    page.goto(f"{base}/students/new")
    page.get_by_label("First name").fill(first_name)
    page.get_by_label("Last name").fill("Rivera")
    page.get_by_label("Date of birth").fill("2014-03-02")
    page.get_by_label("Grade").select_option("6")
    page.get_by_label("Primary disability category").select_option("specific_learning_disability")
    page.get_by_role("button", name="Add student").click()
    expect(page.get_by_role("status")).to_contain_text("added to your caseload")
    if with_assessment:
        _add_reading_assessment(page)
    expect(page.locator("#generate-title + p")).to_contain_text(
        "It is written with the built-in drafter (no AI)"
    )
    page.get_by_role("button", name="Generate IEP").click()
    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]{36}$"))
    return page.url


def test_the_job_page_names_the_iep_and_moves_to_it_when_done(
    teacher_page: Page, live_server: LiveServer, screenshots: Path, width: str
) -> None:
    page = teacher_page
    name = f"Job{width.capitalize()}"
    _new_student_with_a_draft(page, live_server.url, name)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(f"{name} Rivera's IEP for")
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text(f"{name} Rivera")
    expect(page.locator("main")).not_to_contain_text("0 of 0")
    expect(page.locator("main")).not_to_contain_text("attempt")
    line = page.locator("#job-line")
    expect(line).to_have_attribute("aria-live", "polite")
    expect(line).to_have_text("The draft is ready. Opening the IEP…", timeout=JOB_SECONDS)
    expect(heading).to_contain_text("is drafted")
    expect(page.get_by_role("link", name="Open the IEP")).to_be_visible()
    page.screenshot(path=str(screenshots / f"webui-job-done-{width}.png"), full_page=True)
    expect(page).to_have_url(re.compile(r"/ieps/[0-9a-f-]{36}$"), timeout=10_000)


def test_the_job_page_without_javascript_still_links_to_the_iep(
    browser: Browser, live_server: LiveServer, screenshots: Path, width: str
) -> None:
    w, h = WIDTHS[width]
    scripted = browser.new_context(viewport={"width": w, "height": h})
    page = scripted.new_page()
    sign_in(page, live_server.url, live_server.other_teacher)
    job_url = _new_student_with_a_draft(page, live_server.url, f"NoScript{width.capitalize()}")
    expect(page).to_have_url(re.compile(r"/ieps/"), timeout=JOB_SECONDS + 10_000)
    cookies = scripted.cookies()
    scripted.close()

    plain = browser.new_context(viewport={"width": w, "height": h}, java_script_enabled=False)
    plain.add_cookies(cookies)
    still = plain.new_page()
    still.goto(job_url)
    expect(still.get_by_role("heading", level=1)).to_contain_text("is drafted")
    still.get_by_role("link", name="Open the IEP").click()
    expect(still).to_have_url(re.compile(r"/ieps/[0-9a-f-]{36}$"))
    still.goto(job_url)
    still.screenshot(path=str(screenshots / f"webui-job-done-nojs-{width}.png"), full_page=True)
    plain.close()


def test_unsaved_changes_warn_and_an_autosaved_edit_is_restored(
    teacher_page: Page, live_server: LiveServer, screenshots: Path, width: str
) -> None:
    page = teacher_page
    _new_student_with_a_draft(page, live_server.url, f"Draft{width.capitalize()}")
    expect(page).to_have_url(re.compile(r"/ieps/[0-9a-f-]{36}$"), timeout=JOB_SECONDS + 10_000)
    iep_url = page.url
    page.get_by_role("link", name="Edit Extended School Year").click()
    field = page.locator("#f-rationale")
    field.click()
    field.press("Control+a")
    field.press_sequentially(TYPED)
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("Your changes were autosaved", timeout=15_000)
    page.screenshot(path=str(screenshots / f"webui-autosaved-{width}.png"), full_page=True)

    # Leaving asks first; staying keeps the page and what was typed.
    asked: list[str] = []

    def stay(dialog: Dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.once("dialog", stay)
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    expect(field).to_have_value(TYPED)

    # Leaving anyway (the tab closed, say): the edit is offered back, with when it was kept.
    page.once("dialog", lambda dialog: dialog.accept())
    page.goto(iep_url)
    page.get_by_role("link", name="Edit Extended School Year").click()
    offer = page.locator("#draft-offer")
    expect(offer).to_contain_text("You have changes here that were not saved")
    expect(offer).to_contain_text("autosaved on")
    expect(page.locator("#f-rationale")).not_to_have_value(TYPED)
    page.screenshot(path=str(screenshots / f"webui-draft-offer-{width}.png"), full_page=True)
    page.get_by_role("link", name="Restore my autosaved changes").click()
    expect(page.locator("#draft-restored")).to_contain_text("Restored what was autosaved on")
    expect(page.locator("#f-rationale")).to_have_value(TYPED)
    page.screenshot(path=str(screenshots / f"webui-draft-restored-{width}.png"), full_page=True)
    _auditor(page, screenshots, width).scan(f"webui-draft-restored-axe-{width}", page.url)

    page.get_by_role("button", name="Save section").click()
    expect(page.get_by_role("status")).to_contain_text("saved as a new version")
    expect(page.locator("#section-esy")).to_contain_text(TYPED)
    page.get_by_role("link", name="Edit Extended School Year").click()
    expect(page.locator("#draft-offer")).to_have_count(0)


def test_finalize_shows_its_blockers_and_confirms_only_when_it_can_succeed(
    teacher_page: Page, live_server: LiveServer, screenshots: Path, width: str
) -> None:
    page = teacher_page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    _new_student_with_a_draft(
        page, live_server.url, f"Final{width.capitalize()}", with_assessment=True
    )
    expect(page).to_have_url(re.compile(r"/ieps/[0-9a-f-]{36}$"), timeout=JOB_SECONDS + 10_000)
    iep_url = page.url

    blockers = page.locator("#finalize-why")
    expect(blockers).to_contain_text("Before you can finalize")
    expect(blockers.get_by_role("link").first).to_be_visible()
    button = page.get_by_role("button", name="Finalize IEP")
    expect(button).to_be_disabled()
    page.locator("#finalize").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / f"webui-finalize-blocked-{width}.png"), full_page=True)
    if width == "desktop":  # at 390 px the IEP's wide tables are the narrow-width work's
        _auditor(page, screenshots, width).scan("webui-finalize-blocked-axe", iep_url)

    # A link goes to its section.
    first = blockers.get_by_role("link").first
    target = first.get_attribute("href")
    first.click()
    expect(page).to_have_url(f"{iep_url}{target}")

    # A page left open from before (its button still enabled) posts anyway: refused,
    # with no "cannot be changed" question, and the address is the IEP's again.
    page.evaluate("document.querySelector('form[action$=\"/finalize\"] button').disabled = false")
    button.click()
    expect(page).to_have_url(re.compile(r"/ieps/[0-9a-f-]{36}\?problem=finalize-blocked#finalize$"))
    expect(page.get_by_role("alert")).to_contain_text("The IEP was not finalized.")
    assert dialogs == []

    # Every section reviewed: the list is gone, and finalizing asks before it happens.
    mark = page.get_by_role("button", name=re.compile("^Mark reviewed"))
    left = mark.count()
    while left:
        mark.first.click()
        # Wait for the next page, not the last one's status: one button fewer.
        left -= 1
        expect(mark).to_have_count(left)
    expect(page.locator("#finalize-why")).to_have_count(0)
    expect(button).to_be_enabled()
    button.click()
    expect(page.get_by_role("status")).to_contain_text("The IEP is final")
    assert dialogs == ["Finalize this IEP? After this it can no longer be changed."]
    page.screenshot(path=str(screenshots / f"webui-finalized-{width}.png"), full_page=True)
