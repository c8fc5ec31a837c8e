"""The caseload dashboard, the jobs list and the calendar page, over HTTP."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import update

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.models import Student
from tests.factories import make_user
from tests.integration.caseload.support import meeting_for_review_in, student_with_iep
from tests.integration.jobs.support import iep_request, submit
from tests.integration.web.test_pages import PASSWORD, sign_in


async def _rename(database: Database, student_id: str, first: str, last: str) -> None:
    async with database.transaction() as session:
        await session.execute(
            update(Student).where(Student.id == student_id).values(first_name=first, last_name=last)
        )


def _rows(page: httpx.Response) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/students/[^"]+">([^<]+)</a>', page.text)


async def test_the_caseload_shows_status_and_next_due_and_filters_on_the_server(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    late, _ = await student_with_iep(
        database, settings, teacher.id, meeting=meeting_for_review_in(settings, -3)
    )
    soon, _ = await student_with_iep(
        database, settings, teacher.id, meeting=meeting_for_review_in(settings, 12)
    )
    draft, _ = await student_with_iep(
        database, settings, teacher.id, meeting=meeting_for_review_in(settings, 100), status="draft"
    )
    await _rename(database, late, "Ava", "Brooks")
    await _rename(database, soon, "Cole", "Diaz")
    await _rename(database, draft, "Eve", "Flores")
    other = await make_user(database, "teacher")
    await student_with_iep(database, settings, other.id, meeting=None)
    await sign_in(client, teacher)

    page = await client.get("/caseload")
    assert page.status_code == 200
    assert _rows(page) == ["Brooks, Ava", "Diaz, Cole", "Flores, Eve"]  # not the other caseload
    # Urgency in words, not colour alone.
    assert "Overdue:</strong>" in page.text and "Due soon:</strong>" in page.text
    assert "1 student with something overdue" in page.text
    assert "Draft:" in page.text and "Final" in page.text

    overdue = await client.get("/caseload", params={"due": "overdue"})
    assert _rows(overdue) == ["Brooks, Ava"]
    found = await client.get("/caseload", params={"q": "dia"})
    assert _rows(found) == ["Diaz, Cole"]
    drafts = await client.get("/caseload", params={"status": "draft"})
    assert _rows(drafts) == ["Flores, Eve"]
    by_due = await client.get("/caseload", params={"sort": "next_due"})
    assert _rows(by_due) == ["Brooks, Ava", "Diaz, Cole", "Flores, Eve"]
    reversed_names = await client.get("/caseload", params={"sort": "name", "order": "desc"})
    assert _rows(reversed_names) == ["Flores, Eve", "Diaz, Cole", "Brooks, Ava"]
    # An unknown choice is ignored as a form would, never a 500.
    odd = await client.get("/caseload", params={"sort": "shoe size", "status": "x"})
    assert odd.status_code == 200 and len(_rows(odd)) == 3


async def test_archived_students_leave_the_caseload_but_a_filter_shows_them(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id, _ = await student_with_iep(database, settings, teacher.id, meeting=None)
    token = await sign_in(client, teacher)
    archived = await client.post(f"/students/{student_id}/archive", data={"csrf_token": token})
    assert archived.status_code == 303
    assert _rows(await client.get("/caseload")) == []
    shown = await client.get("/caseload", params={"archived": "1"})
    assert _rows(shown) == ["Lopez, Maya"] and "Archived</span>" in shown.text


async def test_a_queued_job_shows_on_the_student_page_and_in_the_jobs_list(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    student_id, _ = await student_with_iep(database, settings, teacher.id, meeting=None)
    submitted = await submit(client, teacher, iep_request(student_id, academic_year="2026-2027"))
    job_id = submitted.json()["id"]
    await sign_in(client, teacher)
    student_page = await client.get(f"/students/{student_id}")
    assert (
        "Being drafted now" in student_page.text and f'href="/jobs/{job_id}"' in student_page.text
    )
    listed = await client.get("/jobs")
    assert listed.status_code == 200
    assert f'href="/jobs/{job_id}"' in listed.text
    assert f'href="/students/{student_id}">Maya Lopez</a>' in listed.text
    caseload = await client.get("/caseload")
    assert "Drafting" in caseload.text


async def test_the_calendar_page_shows_a_new_feed_once_and_revokes_it(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    await student_with_iep(
        database, settings, teacher.id, meeting=meeting_for_review_in(settings, 5)
    )
    token = await sign_in(client, teacher)
    created = await client.post("/calendar/feeds", data={"csrf_token": token, "label": "Phone"})
    assert created.status_code == 200
    url = re.search(r'<a href="(http[^"]+\.ics)">', created.text)
    assert url
    feed = await client.get(url.group(1))
    assert feed.status_code == 200 and "Annual IEP review: M.L." in feed.text
    page = await client.get("/calendar")
    assert ".ics" not in page.text  # shown once only
    feed_id = re.search(r'action="/calendar/feeds/([^/]+)/revoke"', page.text)
    assert feed_id
    revoked = await client.post(
        f"/calendar/feeds/{feed_id.group(1)}/revoke", data={"csrf_token": token}
    )
    assert revoked.status_code == 303
    assert (await client.get(url.group(1))).status_code == 404


async def test_an_admin_transfers_a_student_from_the_student_page(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    admin = await make_user(database, "admin", password=PASSWORD)
    teacher = await make_user(database, "teacher", password=PASSWORD)
    successor = await make_user(database, "teacher", display_name="Riley Stone")
    student_id, _ = await student_with_iep(database, settings, teacher.id, meeting=None)

    token = await sign_in(client, teacher)
    own = await client.get(f"/students/{student_id}")
    assert "Transfer to another case manager" not in own.text  # admins only
    refused = await client.post(
        f"/students/{student_id}/transfer",
        data={"csrf_token": token, "case_manager_id": successor.id},
    )
    assert refused.status_code == 403
    await client.post("/signout", data={"csrf_token": token})

    token = await sign_in(client, admin)
    page = await client.get(f"/students/{student_id}")
    assert "Transfer to another case manager" in page.text and "Riley Stone" in page.text
    moved = await client.post(
        f"/students/{student_id}/transfer",
        data={"csrf_token": token, "case_manager_id": successor.id},
    )
    assert moved.status_code == 303
    assert "transferred" in (await client.get(moved.headers["location"])).text
    listed = await client.get("/api/v1/caseload", headers=successor.headers)
    assert [i["student_id"] for i in listed.json()["items"]] == [student_id]
