"""The student's page shows every field the record holds, in words, each part with an edit
link; what is not recorded says so and links to where to add it."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import httpx

from iepgen.db import Database
from iepgen.sections.base import friendly_date
from iepgen.students.schemas import StudentCreate
from iepgen.web.record_form import CONTROLS, GROUPS
from tests.factories import assessment_body, complete_student_body, create_student, make_user
from tests.integration.web.test_pages import PASSWORD, sign_in

# The words the page uses for each code the complete record holds.
WORDS = {
    "deaf_blindness": "Deaf-blindness",
    "speech_language_impairment": "Speech or language impairment",
    "combined": "A mix of these (for example, signs and speech)",
    "functionally_blind": "Functionally blind (some light or shape)",
    "escape": "To escape or avoid a task or setting",
    "out_of_state": "Another state",
    "significant": "Skills slipped a lot over breaks and took a long time to come back",
}
# Shown with their unit, or as the page words them.
SHOWN_AS = {
    "grade_level": "Grade 10",
    "learning_media": "Braille, Auditory (listening)",
    "braille_codes": "Unified English Braille (UEB), Nemeth Code for math",
    "percent_in_general_education": "45%",
    "removals_this_year_days": "2 school days",
}


def _leaves(body: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Every field of the body with its value (`vision.learning_media`, [...])."""
    leaves: list[tuple[str, Any]] = []
    for name, value in body.items():
        if isinstance(value, dict):
            leaves += _leaves(value, f"{prefix}{name}.")
        else:
            leaves.append((f"{prefix}{name}", value))
    return leaves


def _as_shown(name: str, value: Any) -> str | None:
    """How the page words a stored value (None for yes/no answers, checked by label)."""
    field = name.rsplit(".", 1)[-1]
    if field in SHOWN_AS:
        return SHOWN_AS[field]
    if isinstance(value, bool):
        return None
    if isinstance(value, list):
        return ", ".join(WORDS.get(v, v) for v in value)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return friendly_date(date.fromisoformat(value))
    return WORDS.get(value, str(value))


def _visible(page: httpx.Response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text)))


async def test_every_field_saved_on_a_student_appears_on_their_page(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD, display_name="Jordan Ellis")
    body = complete_student_body()
    # The body fills in every field a student can hold (the case manager is the caller).
    assert set(StudentCreate.model_fields) - set(body) == {"case_manager_id"}
    student_id = await create_student(client, teacher, **body)
    await sign_in(client, teacher)

    page = await client.get(f"/students/{student_id}")

    assert page.status_code == 200
    text = html.unescape(page.text)
    visible = _visible(page)
    for name, value in _leaves(body):
        shown = _as_shown(name, value)
        if shown is not None:
            assert shown in visible, f"{name}: {shown!r} is not on the page"
    # Each part of the record, by the label of every one of its fields (yes/no answers
    # included: a recorded "No" is shown as "No").
    for control in CONTROLS:
        assert f"<dt>{html.unescape(control.label)}</dt>" in text, control.name
    for label in (
        "Date of birth",
        "Grade",
        "School",
        "Student number",
        "Case manager",
        "Other categories",
        "Home language",
        "Documents sent home in",
        "English learner",
        "State assessment",
        "Parents or guardians",
        "Strengths",
        "Interests",
        "Family's concerns",
        "Case manager's notes",
    ):
        assert f"<dt>{label}</dt>" in text, label
    assert "Grace Okafor, Samuel Okafor" in visible
    assert "Jordan Ellis" in visible
    assert "The student works with an educational interpreter</dt><dd>Yes" in text
    assert "Does the student understand speech by listening?</dt><dd>No" in text
    assert "State assessment</dt><dd>Alternate assessment" in text
    # Plain words only: no field or code names.
    for code in ("deaf_blindness", "functionally_blind", "out_of_state", "hears_speech", "ueb"):
        assert code not in visible, code
    # Every part has its own edit link, to the part of the form that holds it.
    for group in GROUPS:
        assert f'href="/students/{student_id}/edit?open={group.key}#part-{group.key}"' in text
    assert "Not recorded" not in visible


async def test_what_is_not_recorded_says_so_and_links_to_where_to_add_it(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id = await create_student(
        client,
        teacher,
        school=None,
        student_number=None,
        primary_language=None,
        strengths=None,
        interests=None,
        parent_concerns=None,
    )
    await sign_in(client, teacher)

    page = await client.get(f"/students/{student_id}")

    text = html.unescape(page.text)
    for label in (
        "School",
        "Student number",
        "Home language",
        "Parents or guardians",
        "Strengths",
        "Interests",
        "Family's concerns",
        "Case manager's notes",
    ):
        assert f'<dt>{label}</dt><dd class="not-recorded">Not recorded</dd>' in text, label
    assert "Not recorded yet" in text
    for group in GROUPS:
        link = f'<a href="/students/{student_id}/edit?open={group.key}#part-{group.key}">Add '
        assert link + group.in_sentence + "</a>" in text, group.key
    assert ">Add English learning</a>: for an English learner" in text
    assert ">Add the student's own words</a>" in text
    # The form opens the part the link asked for.
    form = await client.get(f"/students/{student_id}/edit?open=behavior")
    assert re.search(r'id="part-behavior" open', form.text)


async def test_each_table_is_a_named_region_whose_cells_carry_their_column(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id = await create_student(client, teacher)
    added = await client.post(
        f"/api/v1/students/{student_id}/assessments",
        json=assessment_body(),
        headers=teacher.headers,
    )
    assert added.status_code == 201
    await sign_in(client, teacher)

    for path in ("/caseload", f"/students/{student_id}"):
        page = await client.get(path)
        tables = page.text.count("<table")
        assert tables > 0
        # A focusable, named box around each table (axe: scrollable-region-focusable),
        # and a column label on every data cell for the narrow layout's cards.
        regions = re.findall(
            r'<div class="table-wrap" role="region" tabindex="0" aria-label="[^"]+">\s*<table '
            r'class="stack">',
            page.text,
        )
        assert len(regions) == tables, path
        cells = re.findall(r"<td( [^>]*)?>", page.text)
        labelled = [c for c in cells if "data-label=" in (c or "")]
        # Only the assessment's edit link cell goes without: it is a link, not a value.
        assert len(cells) - len(labelled) == (1 if "students/" in path else 0), path
