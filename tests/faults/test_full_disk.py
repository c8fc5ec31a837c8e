"""The SQLite file on a full disk (a 2 MiB tmpfs): writes answer 503 with a clear message,
nothing is half-written, the database stays intact, and once space is freed the service
(API and worker) carries on, the job queued before the disk filled completing once.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from iepgen.app import create_app
from iepgen.db import Database, create_database
from iepgen.models import Student
from iepgen.templates.service import ensure_builtin_templates
from tests.conftest import make_settings
from tests.databases import SQLiteTemplate
from tests.factories import Caller, assessment_body, make_user, student_body
from tests.faults.harness import ieps_per_job
from tests.integration.jobs.support import iep_request, running_worker, submit
from tests.wiring import offline_handlers

pytestmark = [pytest.mark.slow, pytest.mark.faults]

NAME = "Philomena"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB filesystem of our own (tmpfs; the test runs as root, as CI does)."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def _fill(directory: Path) -> Path:
    """Take every free byte of the filesystem; the file to delete to give them back."""
    filler = directory / "filler"
    with open(filler, "wb", buffering=0) as out:
        for chunk in (65536, 4096, 512, 1):
            try:
                while True:
                    out.write(b"\0" * chunk)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    return filler


def _integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()


async def _students(database: Database) -> int:
    async with database.read() as session:
        return int(await session.scalar(select(func.count()).select_from(Student)) or 0)


async def _wait_final(client: httpx.AsyncClient, caller: Caller, job_id: str) -> str:
    polled = await client.get(
        f"/api/v1/jobs/{job_id}/poll", params={"timeout_seconds": 60}, headers=caller.headers
    )
    return str(polled.json()["status"])


async def test_a_full_disk_answers_503_corrupts_nothing_and_the_service_recovers(
    sqlite_template: SQLiteTemplate,
    small_disk: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.INFO)
    path = small_disk / "iepgen.db"
    settings = make_settings(sqlite_template.fresh_copy(path))
    database = create_database(settings)
    async with database.transaction() as session:
        await ensure_builtin_templates(session)
    teacher = await make_user(database)
    handlers = offline_handlers()
    app = create_app(settings, database)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                headers = teacher.headers
                created = await client.post(
                    "/api/v1/students", json=student_body(), headers=headers
                )
                student_id = created.json()["id"]
                await client.post(
                    f"/api/v1/students/{student_id}/assessments",
                    json=assessment_body(),
                    headers=headers,
                )
                first = (await submit(client, teacher, iep_request(student_id))).json()["id"]
                async with running_worker(app, settings, handlers):
                    assert await _wait_final(client, teacher, first) == "completed"
                queued = await submit(client, teacher, iep_request(student_id, context="Later."))
                assert queued.status_code == 202
                students_before = await _students(database)

                filler = _fill(small_disk)
                refused = [
                    await client.post(
                        "/api/v1/students",
                        json=student_body(first_name=NAME, notes="n" * 4000),
                        headers=headers,
                    ),
                    await client.patch(
                        f"/api/v1/students/{student_id}",
                        json={"notes": "m" * 4000},
                        headers=headers,
                    ),
                    await submit(client, teacher, iep_request(student_id, context="x" * 1000)),
                ]
                # The worker cannot claim on a full disk: it waits, it does not fail the job.
                async with running_worker(app, settings, handlers):
                    await asyncio.sleep(1.5)
                    waiting = await client.get(
                        f"/api/v1/jobs/{queued.json()['id']}", headers=headers
                    )

                filler.unlink()
                assert _integrity(path) == "ok"
                async with running_worker(app, settings, handlers):
                    assert await _wait_final(client, teacher, queued.json()["id"]) == "completed"
                    again = await client.post(
                        "/api/v1/students", json=student_body(), headers=headers
                    )
                    later = await submit(client, teacher, iep_request(student_id, context="After."))
                    assert await _wait_final(client, teacher, later.json()["id"]) == "completed"
    finally:
        await database.dispose()

    for response in refused:
        assert response.status_code == 503, response.text
        assert "disk space" in response.json()["detail"]
        assert response.headers["retry-after"].isdigit()
    assert waiting.json()["status"] == "pending" and waiting.json()["attempts"] == 0
    assert again.status_code == 201 and later.status_code == 202
    assert await _count_after(settings.database_url) == students_before + 1
    assert _integrity(path) == "ok"
    ieps = await _ieps(settings.database_url)
    assert ieps == dict.fromkeys([first, queued.json()["id"], later.json()["id"]], 1)
    logged = capsys.readouterr().out + caplog.text
    assert "request.database_error" in logged and "disk_full" in logged
    assert "queue.database_unavailable" in logged  # the worker waited for space
    assert NAME not in logged  # SQL parameters never reach an error message or a log


async def _count_after(url: str) -> int:
    database = create_database(make_settings(url))
    try:
        return await _students(database)
    finally:
        await database.dispose()


async def _ieps(url: str) -> dict[str, int]:
    database = create_database(make_settings(url))
    try:
        return await ieps_per_job(database)
    finally:
        await database.dispose()
