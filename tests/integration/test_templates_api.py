"""Templates (docs/api.md "Templates"): idea-standard always exists; admins add complete ones."""

from __future__ import annotations

from typing import Any

import httpx

from iepgen.db import Database
from iepgen.models import Template
from iepgen.templates.builtin import IDEA_STANDARD_SECTIONS, SECTION_TYPES
from tests.factories import count_rows, make_user


def template_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Harbor District IEP",
        "description": "Our state form's titles.",
        "sections": [
            {"section_type": s["section_type"], "title": s["title"].upper(), "instructions": ""}
            for s in IDEA_STANDARD_SECTIONS
        ],
    }
    body.update(overrides)
    return body


async def test_idea_standard_is_listed_and_holds_every_section(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher")
    listing = await client.get("/api/v1/templates", headers=teacher.headers)
    assert listing.status_code == 200
    page = listing.json()
    assert page["total"] == 1 and page["items"][0]["id"] == "idea-standard"
    template = await client.get("/api/v1/templates/idea-standard", headers=teacher.headers)
    assert template.status_code == 200
    body = template.json()
    assert body["builtin"] is True
    assert [s["section_type"] for s in body["sections"]] == list(SECTION_TYPES)
    assert all(s["title"] and s["instructions"] for s in body["sections"])


async def test_admin_creates_a_complete_template(
    client: httpx.AsyncClient, database: Database
) -> None:
    admin = await make_user(database, "admin")
    teacher = await make_user(database, "teacher")
    created = await client.post("/api/v1/templates", json=template_body(), headers=admin.headers)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["builtin"] is False and body["created_by"] == admin.id
    assert body["sections"][0] == {
        "section_type": "student_profile",
        "title": "STUDENT PROFILE",
        "instructions": "",
    }
    assert created.headers["location"] == f"/api/v1/templates/{body['id']}"
    read = await client.get(f"/api/v1/templates/{body['id']}", headers=teacher.headers)
    assert read.json() == body
    listing = (await client.get("/api/v1/templates", headers=teacher.headers)).json()
    assert [t["id"] for t in listing["items"]] == ["idea-standard", body["id"]]


async def test_teacher_cannot_create_templates(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher")
    response = await client.post("/api/v1/templates", json=template_body(), headers=teacher.headers)
    assert response.status_code == 403
    assert await count_rows(database, Template) == 1


async def test_incomplete_or_wrong_templates_are_422(
    client: httpx.AsyncClient, database: Database
) -> None:
    admin = await make_user(database, "admin")
    sections = template_body()["sections"]
    without = [s for s in sections if s["section_type"] not in ("transition", "esy")]
    missing = await client.post(
        "/api/v1/templates", json=template_body(sections=without), headers=admin.headers
    )
    assert missing.status_code == 422
    error = missing.json()["detail"][0]
    assert error["loc"] == ["body", "sections"]
    assert error["msg"] == "Missing required sections: transition, esy."

    cases: list[tuple[dict[str, Any], str]] = [
        ({"sections": [*sections, sections[0]]}, "sections"),
        ({"sections": [{**sections[0], "section_type": "biography"}, *sections[1:]]}, "sections"),
        ({"sections": []}, "sections"),
        ({"sections": [{**sections[0], "title": " "}, *sections[1:]]}, "title"),
        ({"name": ""}, "name"),
        ({"colour": "blue"}, "colour"),
    ]
    for overrides, field in cases:
        response = await client.post(
            "/api/v1/templates", json=template_body(**overrides), headers=admin.headers
        )
        assert response.status_code == 422, (overrides, response.text)
        assert any(field in e["loc"] for e in response.json()["detail"]), response.text
    assert await count_rows(database, Template) == 1


async def test_unknown_template_ids_are_404(client: httpx.AsyncClient, database: Database) -> None:
    teacher = await make_user(database, "teacher")
    for template_id in ("nope", "3b241101-e2bb-4255-8caf-4136c566a962", "a%00b", "x" * 300):
        response = await client.get(f"/api/v1/templates/{template_id}", headers=teacher.headers)
        assert response.status_code == 404, (template_id, response.text)


async def test_template_pagination_bounds(client: httpx.AsyncClient, database: Database) -> None:
    teacher = await make_user(database, "teacher")
    for query in ("limit=0", "limit=201", "offset=-1"):
        response = await client.get(f"/api/v1/templates?{query}", headers=teacher.headers)
        assert response.status_code == 422, query
    empty = (await client.get("/api/v1/templates?offset=5", headers=teacher.headers)).json()
    assert (empty["items"], empty["total"]) == ([], 1)
