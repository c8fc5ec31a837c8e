"""The assessment form records the team's finding and named subscores."""

from __future__ import annotations

import re
from datetime import date, timedelta

import httpx

from iepgen.db import Database
from tests.factories import assessment_body, create_student, make_user
from tests.integration.web.html_forms import form_fields
from tests.integration.web.test_pages import PASSWORD, sign_in


def _form(token: str, **extra: str) -> dict[str, str]:
    return {
        "csrf_token": token,
        "name": "Woodcock-Johnson IV Tests of Achievement",
        "area": "reading",
        "administered_on": (date.today() - timedelta(days=14)).isoformat(),
        "score": "78",
        "score_type": "standard score",
        "percentile": "7",
        "summary": "Broad reading standard score 78 (7th percentile).",
        **extra,
    }


async def test_the_form_explains_the_finding_and_offers_subscore_rows(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id = await create_student(client, teacher)
    await sign_in(client, teacher)

    page = await client.get(f"/students/{student_id}/assessments/new")

    assert "The team&#39;s reading of this result" in page.text
    for choice in (
        "An area of need",
        "Not an area of need",
        "Not yet clear (the draft asks the team)",
        "No finding recorded (the draft reads the score)",
    ):
        assert choice in page.text
    assert 'id="f-finding-hint"' in page.text
    assert form_fields(page.text, f"/students/{student_id}/assessments/new")["finding"] == [""]
    assert len(re.findall(r'name="subscores\.\d+\.name"', page.text)) == 3
    assert 'name="subscores.2.percentile"' in page.text
    assert 'Score<span class="visually-hidden"> of subscore 2</span>' in page.text


async def test_a_finding_and_subscores_are_saved_and_shown_on_the_students_page(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id = await create_student(client, teacher)
    token = await sign_in(client, teacher)
    form = _form(
        token,
        finding="need",
        **{
            "subscores.0.name": "Oral Reading Fluency",
            "subscores.0.score": "74",
            "subscores.0.score_type": "standard score",
            "subscores.0.percentile": "4",
            # The middle row is left empty: the rows close up.
            "subscores.2.name": "Passage Comprehension",
            "subscores.2.percentile": "13",
        },
    )

    added = await client.post(f"/students/{student_id}/assessments/new", data=form)

    assert added.status_code == 303, added.text
    stored = (
        await client.get(f"/api/v1/students/{student_id}/assessments", headers=teacher.headers)
    ).json()["items"][0]
    assert stored["finding"] == "need"
    assert stored["subscores"] == [
        {
            "name": "Oral Reading Fluency",
            "score": 74.0,
            "score_type": "standard score",
            "percentile": 4.0,
        },
        {"name": "Passage Comprehension", "score": None, "score_type": None, "percentile": 13.0},
    ]
    page = await client.get(f"/students/{student_id}")
    assert '<th scope="col">Team\'s finding</th>' in page.text
    assert '<td data-label="Team\'s finding">Area of need</td>' in page.text
    assert "Oral Reading Fluency: 74 (standard score), 4th percentile" in page.text
    assert "Passage Comprehension, 13th percentile" in page.text
    assert "7th percentile" in page.text


async def test_mistakes_in_subscores_are_shown_beside_their_row_in_one_round(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id = await create_student(client, teacher)
    token = await sign_in(client, teacher)
    form = _form(
        token,
        percentile="150",
        finding="unclear",
        **{
            "subscores.0.score": "74",
            "subscores.0.score_type": "standard score",
            "subscores.1.name": "Passage Comprehension",
            "subscores.1.percentile": "120",
        },
    )

    refused = await client.post(f"/students/{student_id}/assessments/new", data=form)

    assert refused.status_code == 422
    assert "There are 3 problems to fix" in refused.text
    assert 'id="f-subscores-0-name-error"' in refused.text
    assert "Enter name of subscore 1." in refused.text
    assert 'id="f-subscores-1-percentile-error"' in refused.text
    assert "Percentile of subscore 2 must be 100 or less." in refused.text
    assert 'id="f-percentile-error"' in refused.text
    kept = form_fields(refused.text, f"/students/{student_id}/assessments/new")
    assert kept["finding"] == ["unclear"]
    assert kept["subscores.0.score"] == ["74"]
    assert kept["subscores.1.name"] == ["Passage Comprehension"]
    assert kept["subscores.1.percentile"] == ["120"]
    assert kept["summary"] == [form["summary"]]


async def test_editing_shows_the_finding_and_subscores_and_can_clear_them(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id = await create_student(client, teacher)
    created = await client.post(
        f"/api/v1/students/{student_id}/assessments",
        json=assessment_body(
            area="math",
            finding="not_a_need",
            subscores=[{"name": "Math Fluency", "score": 104, "percentile": 61}],
        ),
        headers=teacher.headers,
    )
    assessment_id = created.json()["id"]
    token = await sign_in(client, teacher)
    url = f"/students/{student_id}/assessments/{assessment_id}/edit"

    edit = await client.get(url)
    data = form_fields(edit.text, url)
    page = await client.get(f"/students/{student_id}")

    assert data["finding"] == ["not_a_need"]
    assert data["subscores.0.name"] == ["Math Fluency"]
    assert data["subscores.0.score"] == ["104"]
    assert data["subscores.0.percentile"] == ["61"]
    assert '<td data-label="Team\'s finding">Not an area of need</td>' in page.text
    data.update(
        {
            "csrf_token": [token],
            "finding": [""],
            "subscores.0.name": [""],
            "subscores.0.score": [""],
            "subscores.0.percentile": [""],
        }
    )
    saved = await client.post(url, data=data)
    assert saved.status_code == 303, saved.text
    stored = (
        await client.get(
            f"/api/v1/students/{student_id}/assessments/{assessment_id}", headers=teacher.headers
        )
    ).json()
    assert stored["finding"] is None
    assert stored["subscores"] == []
    after = await client.get(f"/students/{student_id}")
    assert '<td data-label="Team\'s finding">No finding recorded</td>' in after.text
