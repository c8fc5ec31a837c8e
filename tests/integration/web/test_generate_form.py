"""The Generate form: meeting date, drafting instructions, notes for the IEP and goal areas."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import select

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.models import Job
from iepgen.web.student_forms import academic_year_options
from tests.factories import assessment_body, count_rows, create_student, make_user
from tests.integration.web.html_forms import form_fields
from tests.integration.web.test_pages import PASSWORD, sign_in


async def _student_with_findings(client: httpx.AsyncClient, teacher: Any) -> str:
    """A student whose reading is a need and whose math and writing the team found are not."""
    student_id = await create_student(client, teacher)
    for body in (
        assessment_body(finding="need"),
        assessment_body(
            name="KeyMath-3 Diagnostic Assessment",
            area="math",
            score=104,
            score_type="standard_score",
            percentile=61,
            summary="Math standard score 104 (61st percentile), average range.",
            finding="not_a_need",
        ),
        assessment_body(
            name="Test of Written Language, Fourth Edition",
            area="writing",
            score=98,
            score_type="standard_score",
            percentile=45,
            summary="Writing standard score 98 (45th percentile), average range.",
            finding="not_a_need",
        ),
    ):
        response = await client.post(
            f"/api/v1/students/{student_id}/assessments", json=body, headers=teacher.headers
        )
        assert response.status_code == 201, response.text
    return student_id


def _this_year(settings: Settings) -> str:
    return academic_year_options(settings)[0][0]


async def test_the_form_starts_from_today_and_names_the_drafter(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id = await create_student(client, teacher)
    await sign_in(client, teacher)

    page = await client.get(f"/students/{student_id}")

    fields = form_fields(page.text, f"/students/{student_id}/generate")
    assert fields["meeting_date"] == [settings.school_today().isoformat()]
    first, last = settings.iep_year_bounds(fields["academic_year"][0])
    assert first <= settings.school_today() <= last
    assert "Drafting instructions" in page.text
    assert "built-in drafter (no AI), which cannot follow free-text instructions" in page.text
    assert "never copied into the IEP" in page.text
    assert len(re.findall(r'name="goal_areas" value="', page.text)) == 11
    assert (
        len(re.findall(r'<textarea id="f-section-notes-[a-z-]+" name="section_notes\.', page.text))
        == 11
    )
    assert 'id="part-section-notes" >' in page.text  # collapsed until something is in it


async def test_a_generation_carries_the_meeting_notes_and_goal_areas(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id = await _student_with_findings(client, teacher)
    token = await sign_in(client, teacher)
    year = _this_year(settings)
    meeting = settings.iep_year_bounds(year)[0] + timedelta(days=40)

    queued = await client.post(
        f"/students/{student_id}/generate",
        data={
            "csrf_token": token,
            "academic_year": year,
            "template_id": "idea-standard",
            "priority": "5",
            "meeting_date": meeting.isoformat(),
            "include_assessments": "true",
            "context": "Report progress monthly.",
            "goal_areas": ["reading", "communication"],
            "section_notes.accommodations": "The family asked that tests be given in the morning.",
            "section_notes.esy": "",
        },
    )

    assert queued.status_code == 303, queued.text
    async with database.read() as session:
        job = (await session.execute(select(Job))).scalar_one()
    assert job.payload["meeting_date"] == meeting.isoformat()
    assert job.payload["goal_areas"] == ["communication", "reading"]
    assert job.payload["section_notes"] == {
        "accommodations": "The family asked that tests be given in the morning."
    }
    assert job.payload["context"] == "Report progress monthly."
    assert job.payload["include_previous_ieps"] is False


async def test_impossible_choices_are_field_errors_in_one_round_and_nothing_is_lost(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id = await _student_with_findings(client, teacher)
    token = await sign_in(client, teacher)
    year = _this_year(settings)
    outside = settings.iep_year_bounds(year)[0] - timedelta(days=1)
    form = {
        "csrf_token": token,
        "academic_year": year,
        "template_id": "idea-standard",
        "priority": "8",
        "meeting_date": outside.isoformat(),
        "include_assessments": "true",
        "include_previous_ieps": "true",
        "context": "Keep the language plain.",
        "goal_areas": ["math", "reading", "writing"],
        "section_notes.present_levels": "Reading data from the fall screening are attached.",
    }

    refused = await client.post(f"/students/{student_id}/generate", data=form)

    assert refused.status_code == 422
    text = refused.text
    assert "There are 2 problems to fix" in text
    assert 'id="f-meeting-date-error"' in text
    assert "Meeting date must fall inside the academic year" in text
    assert 'id="f-goal-areas-error"' in text
    assert 'href="#f-goal-areas"' in text
    assert "Your choice of goal areas asks for a math goal" in text
    assert "Your choice of goal areas asks for a writing goal" in text
    assert "asks for a reading goal" not in text
    assert "goal_areas" not in re.sub(r'(name|href|id|for|aria-describedby)="[^"]*"', "", text)
    kept = form_fields(text, f"/students/{student_id}/generate")
    assert kept["meeting_date"] == [outside.isoformat()]
    assert kept["priority"] == ["8"]
    assert kept["goal_areas"] == ["reading", "writing", "math"]  # in the form's order
    assert kept["context"] == ["Keep the language plain."]
    assert kept["section_notes.present_levels"] == [form["section_notes.present_levels"]]
    assert kept["include_previous_ieps"] == ["true"]
    assert 'id="part-section-notes" open' in text
    assert await count_rows(database, Job) == 0


async def test_a_goal_area_alone_is_refused_beside_the_goal_areas(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id = await _student_with_findings(client, teacher)
    token = await sign_in(client, teacher)

    refused = await client.post(
        f"/students/{student_id}/generate",
        data={
            "csrf_token": token,
            "academic_year": _this_year(settings),
            "template_id": "idea-standard",
            "priority": "5",
            "meeting_date": settings.school_today().isoformat(),
            "include_assessments": "true",
            "goal_areas": ["math"],
        },
    )

    assert refused.status_code == 422
    assert "There is a problem to fix" in refused.text
    assert 'id="f-goal-areas-error"' in refused.text
    assert "not an area of need" in refused.text
    assert 'id="f-meeting-date-error"' not in refused.text


async def test_request_mistakes_are_named_beside_their_fields(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id = await create_student(client, teacher)
    token = await sign_in(client, teacher)

    refused = await client.post(
        f"/students/{student_id}/generate",
        data={
            "csrf_token": token,
            "academic_year": "2025-2027",
            "template_id": "idea-standard",
            "priority": "5",
            "meeting_date": "2025-13-40",
            "section_notes.esy": "x" * 2001,
        },
    )

    assert refused.status_code == 422
    assert "There are 3 problems to fix" in refused.text
    for field_id in ("f-academic-year", "f-meeting-date", "f-section-notes-esy"):
        assert f'id="{field_id}-error"' in refused.text, field_id
    assert "Meeting date: enter a full date (year, month and day)" in refused.text
    kept = form_fields(refused.text, f"/students/{student_id}/generate")
    assert kept["section_notes.esy"] == ["x" * 2001]
