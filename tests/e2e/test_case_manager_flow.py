"""A case manager's whole day in a real browser, with an axe-core scan of every page.

The flow runs in a context that enforces the Content-Security-Policy (so the live job
page proves its script loads from /static and works); axe scans run in a second context
of the same session with CSP bypassed, because axe is injected as a script tag.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import docx
import pypdf
import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect

from iepgen.config import Settings
from iepgen.sections.base import friendly_date
from tests.e2e.conftest import AXE_PATH, Account, LiveServer

pytestmark = pytest.mark.e2e

# "Today" where the server's school is (its default time zone): the meeting date's default.
SCHOOL_TODAY = datetime.now(ZoneInfo(Settings.model_fields["school_timezone"].default)).date()
BLOCKING_IMPACTS = {"serious", "critical"}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "section508"]
JOB_SECONDS = 60_000  # ms: the offline drafter takes a few seconds; allow a slow CI box


class Auditor:
    """Runs axe on a URL (or the current state of its own page) and saves a screenshot."""

    def __init__(self, context: BrowserContext, screenshots: Path) -> None:
        self.page = context.new_page()
        self.screenshots = screenshots

    def scan(
        self, name: str, url: str | None = None, *, page: Page | None = None, expand: bool = False
    ) -> None:
        """Scan `url` (or `page` as it is now, else this auditor's page as it is now);
        `expand` opens every collapsed part first, so what it holds is scanned too."""
        target = page or self.page
        if url is not None:
            target.goto(url)
        if expand:
            target.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        target.add_script_tag(path=str(AXE_PATH))
        result: dict[str, Any] = target.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        blocking = [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(node["target"]) for node in v["nodes"][:3])
            for v in result["violations"]
            if v["impact"] in BLOCKING_IMPACTS
        ]
        target.screenshot(path=str(self.screenshots / f"{name}.png"), full_page=True)
        assert blocking == [], f"axe found problems on {name}: {blocking}"


def sign_in(page: Page, base: str, account: Account) -> None:
    page.goto(f"{base}/signin")
    page.get_by_label("Username").fill(account.username)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {account.display_name}")).to_be_visible()


def open_part(page: Page, title: str) -> None:
    """Open one of a form's collapsed optional parts by its summary."""
    page.locator("details > summary", has_text=title).click()


@pytest.fixture
def teacher_page(browser: Browser, live_server: LiveServer) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context(accept_downloads=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    page.on("console", watch)
    page.on("dialog", lambda dialog: dialog.accept())
    yield page, problems
    context.close()


def _auditor(browser: Browser, page: Page, screenshots: Path) -> Auditor:
    state = page.context.storage_state()
    return Auditor(browser.new_context(bypass_csp=True, storage_state=state), screenshots)


def test_case_manager_drafts_reviews_finalizes_and_downloads_an_iep(
    browser: Browser,
    live_server: LiveServer,
    teacher_page: tuple[Page, list[str]],
    screenshots: Path,
) -> None:
    page, console_errors = teacher_page
    base = live_server.url

    # Signing in: the session cookie is HttpOnly and SameSite=Lax.
    page.goto(f"{base}/caseload")
    expect(page).to_have_url(re.compile(r"/signin\?next=/caseload$"))
    anonymous = Auditor(browser.new_context(bypass_csp=True), screenshots)
    anonymous.scan("01-sign-in", f"{base}/signin")
    sign_in(page, base, live_server.teacher)
    cookie = next(c for c in page.context.cookies() if c["name"] == "iepgen_session")
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"
    expect(page).to_have_url(f"{base}/caseload")
    auditor = _auditor(browser, page, screenshots)
    auditor.scan("02-empty-caseload", f"{base}/caseload")

    # The skip link is the first stop for a keyboard user and moves focus to the content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Adding a student: a form with a mistake shows errors tied to their fields.
    page.get_by_role("link", name="Add a student").click()
    page.get_by_label("First name").fill("Avery")
    page.get_by_role("button", name="Add student").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter last name.")
    last_name = page.get_by_label("Last name")
    expect(last_name).to_have_attribute("aria-invalid", "true")
    described = last_name.get_attribute("aria-describedby") or ""
    expect(page.locator(f"#{described.split()[-1]}")).to_contain_text("Enter last name.")
    auditor.page.goto(f"{base}/students/new")
    auditor.page.get_by_role("button", name="Add student").click()
    auditor.scan("03-student-form-errors", expand=True)

    # The everyday form stays short: the optional parts of the record start closed.
    for group in ("Communication and hearing", "Vision and learning media", "Behavior"):
        expect(page.locator("details.record-part", has_text=group)).not_to_have_attribute(
            "open", ""
        )
    page.get_by_label("Last name").fill("Quill")
    page.get_by_label("Date of birth").fill("2013-03-02")
    page.get_by_label("Grade").select_option("7")
    page.get_by_label("Primary disability category").select_option("specific_learning_disability")
    page.get_by_label("School (optional)", exact=True).fill("Harbor View Middle School")
    page.get_by_label("Strengths").fill("Curious; strong oral vocabulary; enjoys robotics club.")
    page.get_by_label("Family's concerns").fill("Falls behind in reading assignments.")
    page.get_by_label("Parents or guardians").fill("Robin Quill")

    # A richer record: the parts that apply are opened and filled in.
    open_part(page, "Dates and placement")
    page.get_by_label("Percent of the school day in general education now").fill("80")
    page.get_by_label("Date of the last evaluation or reevaluation").fill("2025-10-06")
    open_part(page, "The student's own words")
    page.get_by_label("What the student says").fill("I like building robots. Reading is slow.")
    open_part(page, "Communication and hearing")
    page.get_by_label("Language the student communicates in").fill("English")
    page.get_by_label("How the student communicates").select_option(label="By speaking")
    hears = page.get_by_role("group", name="Does the student understand speech by listening?")
    hears.get_by_label("Yes").check()
    open_part(page, "After high school")
    page.get_by_label("Work (optional)", exact=True).fill("Build robots at an engineering company.")
    # An impossible combination: braille for a student recorded as sighted.
    open_part(page, "Vision and learning media")
    page.get_by_label("How the student sees").select_option(label="Sighted (no visual impairment)")
    page.get_by_label("Braille", exact=True).check()
    page.get_by_role("button", name="Add student").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem to fix")
    expect(summary).to_contain_text("Vision and learning media")
    expect(page.locator("#f-vision-error")).to_contain_text("sighted")
    # Nothing typed was lost, and the group with the problem is open.
    expect(page.locator("#part-vision")).to_have_attribute("open", "")
    expect(page.get_by_label("What the student says")).to_have_value(
        "I like building robots. Reading is slow."
    )
    expect(hears.get_by_label("Yes")).to_be_checked()
    auditor.page.set_viewport_size({"width": 390, "height": 844})
    auditor.scan("03b-student-form-390", f"{base}/students/new", expand=True)
    auditor.page.set_viewport_size({"width": 1280, "height": 720})
    auditor.page.get_by_label("How the student sees").select_option("sighted")
    auditor.page.get_by_label("Braille", exact=True).check()
    auditor.page.get_by_role("button", name="Add student").click()
    auditor.scan("03c-student-form-record-errors", expand=True)
    page.get_by_label("Braille", exact=True).uncheck()
    page.get_by_label("How the student sees").select_option(label="Not recorded")
    page.get_by_role("button", name="Add student").click()
    expect(page.get_by_role("status")).to_contain_text("added to your caseload")
    student_url = page.url.split("?")[0]
    # The student's page shows what was recorded, each group with its own edit link.
    communication = page.locator(".record-card", has_text="Communication and hearing")
    expect(communication).to_contain_text("By speaking")
    expect(communication.get_by_role("link", name="Edit communication and hearing")).to_be_visible()
    expect(page.locator(".record-card", has_text="After high school")).to_contain_text(
        "Build robots at an engineering company."
    )
    expect(page.locator(".record-card", has_text="Family and strengths")).to_contain_text(
        "Robin Quill"
    )

    # An assessment, added and then corrected.
    page.get_by_role("link", name="Add an assessment").click()
    page.get_by_label("Assessment name").fill("DIBELS 8 Oral Reading Fluency")
    page.get_by_label("Area", exact=True).select_option("reading")
    page.get_by_label("Date given").fill("2026-10-01")
    page.get_by_label("Score (optional)", exact=True).fill("58")
    page.get_by_label("Score type (optional)", exact=True).fill("words correct per minute")
    page.get_by_label("Percentile (optional)", exact=True).fill("9")
    page.get_by_label("Summary of results").fill(
        "Read 58 words correct per minute on grade-7 passages (benchmark 120), 88% of words "
        "read correctly."
    )
    finding = page.get_by_role("group", name="The team's reading of this result")
    finding.get_by_label("An area of need", exact=True).check()
    page.get_by_label("Name of subscore 1").fill("Accuracy")
    page.get_by_label("Score of subscore 1").fill("88")
    page.get_by_label("Score type of subscore 1").fill("percent correct")
    auditor.scan("04-assessment-form", f"{student_url}/assessments/new", expand=True)
    page.get_by_role("button", name="Add assessment").click()
    expect(page.get_by_role("status")).to_contain_text("assessment was added")
    page.get_by_role("link", name="Edit DIBELS 8 Oral Reading Fluency").click()
    page.get_by_label("Score (optional)", exact=True).fill("61")
    page.get_by_label("Summary of results").fill(
        "Read 61 words correct per minute on grade-7 passages (benchmark 120), 88% of words "
        "read correctly."
    )
    page.get_by_role("button", name="Save assessment").click()
    expect(page.get_by_role("status")).to_contain_text("assessment was saved")
    row = page.get_by_role("row", name=re.compile("DIBELS"))
    expect(row).to_contain_text("61")
    expect(row).to_contain_text("Area of need")
    expect(row).to_contain_text("Accuracy: 88 (percent correct)")
    auditor.scan("05-student", student_url, expand=True)
    auditor.page.get_by_label("Meeting date").fill("2001-01-01")
    auditor.page.get_by_role("button", name="Generate IEP").click()
    expect(auditor.page.locator("#f-meeting-date-error")).to_contain_text("Meeting date must")
    auditor.scan("05b-generate-errors", expand=True)

    # Generating the IEP with a meeting date (today where the school is, by default), a
    # drafting instruction, a note meant for the IEP and the goal area the team wants.
    page.get_by_label("IEP year").select_option(index=0)
    meeting = page.get_by_label("Meeting date")
    expect(meeting).to_have_value(SCHOOL_TODAY.isoformat())
    meeting.fill(SCHOOL_TODAY.isoformat())
    instructions = page.get_by_label("Drafting instructions")
    expect(instructions).to_have_accessible_description(re.compile("built-in drafter \\(no AI\\)"))
    instructions.fill("Report progress monthly.")
    page.get_by_role("group", name="Goal areas the team wants").get_by_label("Reading").check()
    open_part(page, "Notes for the IEP, by section")
    page.get_by_label("Accommodations and Participation in Assessments").fill(
        "The family asked that tests be given in the morning."
    )
    page.get_by_role("button", name="Generate IEP").click()
    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]{36}$"))
    progress = page.get_by_role("progressbar")
    expect(progress).to_have_attribute("aria-valuemax", "100")
    expect(progress).to_have_attribute("aria-valuenow", "100", timeout=JOB_SECONDS)
    expect(page.get_by_role("heading", level=1)).to_contain_text("IEP for")
    expect(page.get_by_role("heading", level=1)).to_contain_text("is drafted")
    expect(page.get_by_role("button", name="Try again")).to_be_hidden()
    # The scan holds the page still (no job.js): a just-finished job's page moves on by itself.
    auditor.page.route("**/static/job.js", lambda route: route.abort())
    auditor.scan("06-job-done", page.url)
    auditor.page.unroute("**/static/job.js")
    # Done: the page moves to the IEP by itself (the link is there for anyone quicker).

    # The IEP: every section in order, findings beside their sections.
    expect(page).to_have_url(re.compile(r"/ieps/[0-9a-f-]{36}$"))
    iep_url = page.url
    titles = page.locator(".section-card h2").all_inner_texts()
    assert titles[:4] == [
        "Student Profile",
        "Present Levels of Academic Achievement and Functional Performance",
        "Consideration of Special Factors",
        "Measurable Annual Goals",
    ]
    assert len(titles) == 11
    expect(page.locator(".notice-warning").first).to_contain_text(
        "DRAFT written with the built-in drafter (no AI)"
    )
    expect(page.locator("#section-esy .section-meta")).to_contain_text(
        "Drafted with the built-in drafter (no AI)"
    )
    expect(page.locator("#dates-title + dl dd").first).to_have_text(friendly_date(SCHOOL_TODAY))
    expect(page.locator("#section-accommodations")).to_contain_text(
        "The family asked that tests be given in the morning."
    )
    auditor.scan("07-iep-draft", iep_url)

    # Editing the goals in a real form (not JSON): the new target shows on the IEP.
    page.get_by_role("link", name="Edit Measurable Annual Goals").click()
    goal_target = page.locator("#f-goals-0-target")
    expect(goal_target).to_be_visible()
    auditor.scan("08-edit-goals", page.url)
    goal_target.fill("95 words correct per minute on grade-7 passages")
    page.get_by_label("Why it changed").fill("Raised the target after the team meeting.")
    page.get_by_role("button", name="Save section").click()
    expect(page.get_by_role("status")).to_contain_text("saved as a new version")
    expect(page.locator("#section-annual_goals")).to_contain_text("95 words correct per minute")

    # A vague verb: the checker's warning appears beside the goals, not somewhere else.
    compliance = page.locator("#compliance-title + p")
    expect(compliance).not_to_contain_text("must be fixed")
    counted = re.search(r"(\d+) to check", compliance.inner_text())
    checks = int(counted.group(1)) if counted else 0
    page.get_by_role("link", name="Edit Measurable Annual Goals").click()
    page.locator("#f-goals-0-behavior").fill("Avery will understand grade-7 texts")
    page.get_by_role("button", name="Save section").click()
    finding = page.locator("#section-annual_goals aside")
    expect(finding).to_contain_text("says 'understand'")
    expect(compliance).to_contain_text(f"{checks + 1} to check")
    auditor.scan("07b-iep-with-finding", iep_url)

    # Regenerating a section with instructions: a section job, then back to the IEP.
    esy = page.locator("#section-esy")
    esy.locator("summary").click()
    esy.get_by_label("Drafting instructions").fill("Keep it brief.")
    esy.get_by_role("button", name="Regenerate section").click()
    expect(page.get_by_role("progressbar")).to_have_attribute(
        "aria-valuenow", "100", timeout=JOB_SECONDS
    )
    expect(page).to_have_url(iep_url, timeout=JOB_SECONDS)

    # The history says what changed, in words.
    page.get_by_role("link", name="Version history").click()
    expect(page.get_by_role("heading", name="Version 4: Section regenerated")).to_be_visible()
    edit = page.get_by_role("heading", name="Version 2: Edited")
    expect(edit).to_be_visible()
    expect(page.locator(".diff ins").first).to_contain_text("Added:")
    expect(page.get_by_text("Raised the target after the team meeting.")).to_be_visible()
    auditor.scan("09-versions", page.url)

    # Every section is read and marked reviewed by a person before the IEP can be final.
    page.goto(iep_url)
    mark = page.locator("button", has_text="Mark reviewed")
    waiting = mark.count()
    assert waiting > 0
    for left in range(waiting - 1, -1, -1):
        mark.first.click()
        expect(page.get_by_role("status")).to_contain_text("marked as reviewed")
        expect(mark).to_have_count(left)
    expect(page.get_by_text("11 of 11 sections are marked reviewed.")).to_be_visible()

    # Finalizing (the page asks first; the dialog is accepted).
    page.get_by_role("button", name="Finalize IEP").click()
    expect(page.get_by_role("status")).to_contain_text("The IEP is final")
    expect(page.get_by_text("Final IEP.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Finalized by Jordan Ellis on")
    auditor.scan("10-iep-final", iep_url)

    # Downloads: DOCX and PDF carry the content and who finalized it.
    with page.expect_download() as download:
        page.get_by_role("link", name="Word document (.docx)").click()
    # Meeting or drafting date, kind, version and status, document code: no name (export/names.py).
    assert re.fullmatch(
        r"\d{4}-\d{2}-\d{2}_IEP_v\d+-final_[0-9a-f]{6}\.docx", download.value.suggested_filename
    )
    document = docx.Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Measurable Annual Goals" in headings
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Finalized by Jordan Ellis" in body
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "95 words correct per minute on grade-7 passages" in cells
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF", exact=True).click()
    reader = pypdf.PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Avery Quill" in text
    assert "Finalized by Jordan Ellis" in text

    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors
    auditor.page.context.close()
    anonymous.page.context.close()

    # Another teacher cannot open this student or IEP by URL (or download it).
    other = browser.new_context(bypass_csp=True)
    other_page = other.new_page()
    sign_in(other_page, base, live_server.other_teacher)
    for url in (student_url, iep_url, f"{iep_url}/versions"):
        response = other_page.goto(url)
        assert response is not None and response.status == 404
        expect(other_page.get_by_role("heading", name="Page not found")).to_be_visible()
    iep_id = iep_url.rsplit("/", 1)[1]
    foreign = other.request.get(f"{base}/api/v1/ieps/{iep_id}/export?format=pdf")
    assert foreign.status == 404
    Auditor(other, screenshots).scan("11-not-found", student_url)
    other.close()


def test_forms_refuse_a_post_without_the_csrf_token(
    browser: Browser, live_server: LiveServer
) -> None:
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, live_server.url, live_server.teacher)

    forged = context.request.post(
        f"{live_server.url}/students/new", form={"first_name": "Forged", "last_name": "Entry"}
    )
    wrong = context.request.post(f"{live_server.url}/signout", form={"csrf_token": "not-the-token"})

    assert forged.status == 403
    assert wrong.status == 403
    page.goto(f"{live_server.url}/caseload")
    expect(page.get_by_text("Forged")).to_have_count(0)
    context.close()


def test_admin_sees_the_queue_and_creates_an_account(
    browser: Browser, live_server: LiveServer, screenshots: Path
) -> None:
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server.url, live_server.admin)
    expect(page).to_have_url(f"{live_server.url}/admin")
    expect(page.get_by_role("heading", name="Jobs by status")).to_be_visible()
    expect(page.get_by_text("Circuit breaker")).to_be_visible()
    auditor = Auditor(context, screenshots)
    auditor.scan("12-admin-queue", f"{live_server.url}/admin")

    page.get_by_label("Archive finished jobs older than (days)").fill("30")
    page.get_by_role("button", name="Run cleanup").click()
    expect(page.get_by_role("status")).to_contain_text("Cleanup finished")

    page.get_by_role("link", name="Users").click()
    page.get_by_label("Username").fill("rnguyen")
    page.get_by_label("Full name").fill("Rosa Nguyen")
    page.get_by_label("Password for the web sign-in").fill("a-long-password-1")
    page.get_by_role("button", name="Create account").click()
    token = page.locator("#new-token").inner_text()
    assert token.startswith("iep_")
    expect(page.get_by_role("row", name=re.compile("rnguyen"))).to_contain_text("Teacher")
    auditor.scan("13-admin-users", page=page)
    page.goto(f"{live_server.url}/admin/users")
    expect(page.get_by_text(token)).to_have_count(0)  # shown once only
    context.close()
