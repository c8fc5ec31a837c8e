"""The ways in: `iepgen worker`, the seed's start_async_worker.py, and `iepgen serve`'s worker."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from iepgen.app import create_app
from iepgen.config import Settings
from iepgen.db import Database
from iepgen.models import WorkerRecord
from iepgen.queue.handlers import SELFCHECK_JOB_TYPE
from tests.integration.queue.conftest import add_job, eventually, load, wait_for
from tests.integration.queue.fleet import REPO_ROOT, spawn, subprocess_env

IEPGEN = str(Path(sys.executable).parent / "iepgen")
SEED_SCRIPT = str(REPO_ROOT / "start_async_worker.py")


async def _workers(database: Database) -> list[WorkerRecord]:
    async with database.read() as session:
        return list((await session.scalars(select(WorkerRecord))).all())


async def test_serve_runs_an_embedded_worker_and_stops_it_with_the_app(
    database: Database, settings: Settings
) -> None:
    app = create_app(settings, database, embedded_worker=True)
    async with app.router.lifespan_context(app):
        job = await add_job(database, SELFCHECK_JOB_TYPE)
        done = await wait_for(database, job.id, within=10)
        assert done.status == "completed" and done.result == {"ok": True, "attempt": 1}
        [running] = await _workers(database)
        assert running.status == "running"
    [stopped] = await _workers(database)
    assert stopped.status == "stopped" and stopped.jobs_completed == 1


async def test_the_app_without_a_worker_leaves_jobs_pending(
    database: Database, settings: Settings
) -> None:
    app = create_app(settings, database, embedded_worker=False)
    async with app.router.lifespan_context(app):
        job = await add_job(database, SELFCHECK_JOB_TYPE)
        assert app.state.worker is None
    assert (await load(database, job.id)).status == "pending"
    assert await _workers(database) == []


@pytest.mark.slow
async def test_iepgen_worker_runs_processes_and_stops_on_ctrl_c(
    database: Database, settings: Settings
) -> None:
    command = [IEPGEN, "worker", "--workers", "2", "--poll-interval", "0.2", "--concurrency", "2"]
    process = spawn(command, settings.database_url)
    try:
        jobs = [await add_job(database, SELFCHECK_JOB_TYPE) for _ in range(6)]

        async def two_registered() -> bool:
            return len({w.pid for w in await _workers(database)}) == 2

        assert await eventually(two_registered, within=30)
        for job in jobs:
            assert (await wait_for(database, job.id, within=30)).status == "completed"
        process.send_signal(signal.SIGINT)  # as a terminal's Ctrl-C
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output.decode(errors="replace")[-2000:]
    assert [w.status for w in await _workers(database)] == ["stopped", "stopped"]


@pytest.mark.slow
async def test_the_seed_command_line_still_runs_a_worker(
    database: Database, settings: Settings
) -> None:
    seed_command = [sys.executable, SEED_SCRIPT, "--workers", "1", "--poll-interval", "5"]
    process = spawn(seed_command, settings.database_url)
    try:
        job = await add_job(database, SELFCHECK_JOB_TYPE)
        assert (await wait_for(database, job.id, within=30)).status == "completed"
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output.decode(errors="replace")[-2000:]


@pytest.mark.slow
def test_the_self_check_passes_on_a_working_installation(settings: Settings) -> None:
    result = subprocess.run(
        [sys.executable, SEED_SCRIPT, "--test"],
        cwd=REPO_ROOT,
        env=subprocess_env(settings.database_url),
        capture_output=True,
        timeout=180,
    )
    output = result.stdout.decode(errors="replace")
    assert result.returncode == 0, output + result.stderr.decode(errors="replace")
    for check in ("database reachable", "migrations current", "queue round trip", "IEP pipeline"):
        assert check in output
    assert "Self-check passed." in output and "FAILED" not in output


@pytest.mark.slow
def test_the_self_check_fails_when_the_database_is_unreachable(tmp_path: Path) -> None:
    missing = f"sqlite+aiosqlite:///{tmp_path / 'no-such-dir' / 'iepgen.db'}"
    result = subprocess.run(
        [sys.executable, SEED_SCRIPT, "--test"],
        cwd=REPO_ROOT,
        env=subprocess_env(missing),
        capture_output=True,
        timeout=180,
    )
    output = result.stdout.decode(errors="replace")
    assert result.returncode == 1, output
    assert "FAILED" in output and "Self-check failed: database reachable" in output
