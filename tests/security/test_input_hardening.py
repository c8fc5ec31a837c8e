"""Odd input never becomes a 500 or an unexportable record; files holding student data are
private; resubmitting with a higher priority raises it."""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path

import httpx
import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from iepgen.cli import app as cli
from iepgen.config import Settings, get_settings
from iepgen.db import Database, create_database
from iepgen.models import IEPSection
from iepgen.templates.service import ensure_builtin_templates
from tests.conftest import make_settings
from tests.databases import migrate
from tests.factories import (
    add_iep,
    add_iep_student,
    example_iep_content,
    make_user,
    review_all_sections,
    student_body,
)
from tests.integration.jobs.support import iep_request, submit
from tests.integration.web.test_pages import PASSWORD, sign_in

CONTROL = "Reads slowly\x0bneeds breaks\x1b[31m; page\x0cbreak\x7f\x85end"


async def test_control_characters_are_cleaned_at_input(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher")
    created = await client.post(
        "/api/v1/students", json=student_body(notes=CONTROL), headers=teacher.headers
    )
    assert created.status_code == 201, created.text
    assert created.json()["notes"] == "Reads slowly\nneeds breaks[31m; page\nbreak\nend"
    nul = await client.post(
        "/api/v1/students", json=student_body(notes="a\x00b"), headers=teacher.headers
    )
    assert nul.status_code == 422 and nul.json()["detail"][0]["loc"][-1] == "notes"


async def test_every_export_of_a_final_iep_holding_control_characters_succeeds(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher")
    student_id, assessment_id = await add_iep_student(database, teacher.id)
    iep_id = await add_iep(database, settings, student_id, example_iep_content(assessment_id))
    # As stored before input was cleaned (or as a provider wrote it).
    async with database.transaction() as session:
        await session.execute(
            update(IEPSection)
            .where(IEPSection.iep_id == iep_id, IEPSection.section_type == "esy")
            .values(
                content={"needed": False, "rationale": CONTROL},
                text=f"Extended school year: {CONTROL}",
            )
        )
    await review_all_sections(client, iep_id, teacher.headers)
    final = await client.post(f"/api/v1/ieps/{iep_id}/finalize", headers=teacher.headers)
    assert final.status_code == 200
    edit = await client.patch(
        f"/api/v1/ieps/{iep_id}/sections/esy",
        json={"content": {"needed": False, "rationale": CONTROL}},
        headers=teacher.headers,
    )
    assert edit.status_code == 409
    for export_format in ("docx", "pdf", "md", "family"):
        response = await client.get(
            f"/api/v1/ieps/{iep_id}/export",
            params={"format": export_format},
            headers=teacher.headers,
        )
        assert response.status_code == 200, (export_format, response.text[:200])
        if export_format == "md":
            assert "\x1b" not in response.text and "needs breaks" in response.text


async def test_a_section_edit_is_cleaned_before_it_is_stored(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database, "teacher")
    student_id, assessment_id = await add_iep_student(database, teacher.id)
    iep_id = await add_iep(database, settings, student_id, example_iep_content(assessment_id))
    edit = await client.patch(
        f"/api/v1/ieps/{iep_id}/sections/esy",
        json={"content": {"needed": False, "rationale": CONTROL}},
        headers=teacher.headers,
    )
    assert edit.status_code == 200
    esy = next(s for s in edit.json()["sections"] if s["section_type"] == "esy")
    assert "\x1b" not in esy["content"]["rationale"] and "\n" in esy["content"]["rationale"]


@pytest.mark.parametrize("value", ["²", "٣", "5" * 5000, "-1", "1e3"])
async def test_web_forms_answer_a_clear_error_for_digits_that_are_not_ascii(
    client: httpx.AsyncClient, database: Database, settings: Settings, value: str
) -> None:
    teacher = await make_user(database, "teacher", password=PASSWORD)
    admin = await make_user(database, "admin", password=PASSWORD)
    student_id, assessment_id = await add_iep_student(database, teacher.id)
    iep_id = await add_iep(database, settings, student_id, example_iep_content(assessment_id))
    token = await sign_in(client, teacher)
    generate = await client.post(
        f"/students/{student_id}/generate",
        data={
            "csrf_token": token,
            "academic_year": "2026-2027",
            "template_id": "idea-standard",
            "priority": value,
        },
    )
    assert generate.status_code == 422 and "Priority" in generate.text
    goals = await client.post(
        f"/ieps/{iep_id}/sections/annual_goals/edit",
        data={"csrf_token": token, f"goals.{value}.area": "reading", "base_version": "1"},
    )
    assert goals.status_code in (303, 422), goals.status_code
    await client.post("/signout", data={"csrf_token": token})
    admin_token = await sign_in(client, admin)
    cleanup = await client.post(
        "/admin/cleanup",
        data={
            "csrf_token": admin_token,
            "older_than_days": value,
            "delete_archived_older_than_days": "365",
        },
    )
    assert cleanup.status_code == 422 and "Archive finished jobs older than" in cleanup.text


async def test_a_nul_in_a_display_name_is_a_422_naming_the_field(
    client: httpx.AsyncClient, database: Database
) -> None:
    admin = await make_user(database, "admin")
    response = await client.post(
        "/api/v1/users",
        json={"username": "nul.name", "role": "teacher", "display_name": "Jo\x00Rivera"},
        headers=admin.headers,
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "display_name"


async def test_resubmitting_with_a_higher_priority_raises_the_waiting_job(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database, "teacher")
    student_id, _ = await add_iep_student(database, teacher.id)
    first = await submit(client, teacher, iep_request(student_id, priority=3))
    higher = await submit(client, teacher, iep_request(student_id, priority=9))
    lower = await submit(client, teacher, iep_request(student_id, priority=1))
    assert first.status_code == 202
    assert higher.status_code == 200 and higher.json()["deduplicated"] is True
    assert higher.json()["id"] == first.json()["id"] and higher.json()["priority"] == 9
    assert lower.json()["priority"] == 9
    job = await client.get(f"/api/v1/jobs/{first.json()['id']}", headers=teacher.headers)
    assert job.json()["priority"] == 9


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _private(path: Path) -> bool:
    return path.exists() and _mode(path) == 0o600


async def _private_while_open(url: str, path: Path) -> dict[str, bool]:
    """Each file's privacy while the database is open (SQLite removes -wal at close)."""
    database = create_database(make_settings(url))
    try:
        async with database.transaction() as session:
            await ensure_builtin_templates(session)
        return {suffix: _private(Path(f"{path}{suffix}")) for suffix in ("", "-wal", "-shm")}
    finally:
        await database.dispose()


def test_the_sqlite_files_and_backups_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "records.db"
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o644))
    os.chmod(path, 0o644)  # as an older version left it
    url = f"sqlite+aiosqlite:///{path}"
    migrate(url)
    assert asyncio.run(_private_while_open(url, path)) == {"": True, "-wal": True, "-shm": True}
    fresh = tmp_path / "fresh.db"
    asyncio.run(create_database(make_settings(f"sqlite+aiosqlite:///{fresh}")).dispose())
    assert _private(fresh)

    backup = tmp_path / "backup.db"
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["db", "backup", str(backup)], env={"DATABASE_URL": url})
        again = CliRunner().invoke(cli, ["db", "backup", str(backup)], env={"DATABASE_URL": url})
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert _private(backup)
    assert again.exit_code == 2
