"""`start_async_worker.py --test`: is this installation able to run jobs? Exits 0 or 1.

Checks, in order: the database answers, its migrations are current, a provider is
configured, a no-op job makes the round trip through the configured database's queue,
and one IEP goes through the whole pipeline on the offline drafter, with the handlers a
worker process builds (`iepgen.components`). That last run uses a throwaway SQLite
database with the fictional demo students, so the check never writes a student into real
records.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import delete, select

from iepgen.components import build_handlers
from iepgen.config import Settings
from iepgen.db import Database, create_database
from iepgen.db import migrate as migrations
from iepgen.demo_data import seed_demo_data
from iepgen.jobs.schemas import JobType
from iepgen.llm.offline import OfflineProvider
from iepgen.models import IEP, Job, Student
from iepgen.queue import (
    FINAL_STATUSES,
    SELFCHECK_JOB_TYPE,
    HandlerRegistry,
    JobStatus,
    enqueue,
    run_selfcheck_job,
)
from iepgen.queue.worker import Worker, WorkerOptions
from iepgen.templates.service import ensure_builtin_templates


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool | None  # None: skipped
    detail: str


async def run_selfcheck(settings: Settings, *, job_timeout: float = 90.0) -> list[Check]:
    """Every check's outcome; the caller prints them and exits 0 only if none failed."""
    checks: list[Check] = []
    database = create_database(settings)
    try:
        state = await migrations.check(database)
        connected = bool(state.get("connected"))
        checks.append(
            Check(
                "database reachable",
                connected,
                f"{state.get('dialect')}" if connected else str(state.get("error")),
            )
        )
        current = connected and bool(state.get("up_to_date"))
        if connected:
            detail = f"at {state.get('revision')}, head {state.get('head')}"
            if not current:
                detail += " — run `iepgen db upgrade`"
            checks.append(Check("migrations current", current, detail))
        else:
            checks.append(Check("migrations current", None, "skipped: database not reachable"))
        checks.append(_provider_check(settings))
        if current:
            checks.append(await _queue_round_trip(database, settings, job_timeout))
        else:
            checks.append(Check("queue round trip", None, "skipped: database not ready"))
    finally:
        await database.dispose()
    checks.append(await _pipeline_check(settings, job_timeout))
    return checks


def _provider_check(settings: Settings) -> Check:
    provider = settings.resolved_provider
    if provider == "gemini":
        ok = settings.gemini_api_key is not None
        return Check(
            "provider configured",
            ok,
            f"gemini ({settings.gemini_model})" if ok else "LLM_PROVIDER=gemini but no key",
        )
    if provider == "openai":
        ok = bool(settings.openai_base_url)
        detail = f"openai-compatible at {settings.openai_base_url} ({settings.openai_model})"
        return Check("provider configured", ok, detail if ok else "LLM_PROVIDER=openai but no URL")
    return Check("provider configured", True, "offline (built-in drafter, no network)")


async def _run_job(
    database: Database,
    settings: Settings,
    handlers: HandlerRegistry,
    job_id: str,
    wait_seconds: float,
) -> Job | None:
    """Run a worker until `job_id` is final (or `wait_seconds` pass); returns the job as stored."""
    options = WorkerOptions.from_settings(settings, concurrency=1, poll_interval=0.2)
    worker = Worker(database, settings, handlers, options=options)
    task = asyncio.create_task(worker.run())
    deadline = time.monotonic() + wait_seconds
    job: Job | None = None
    try:
        while time.monotonic() < deadline:
            async with database.read() as session:
                job = await session.get(Job, job_id)
            if job is None or job.status in FINAL_STATUSES:
                break
            await asyncio.sleep(0.1)
    finally:
        worker.stop()
        await task
    return job


async def _queue_round_trip(database: Database, settings: Settings, wait_seconds: float) -> Check:
    started = time.monotonic()
    handlers = HandlerRegistry()
    handlers.register(SELFCHECK_JOB_TYPE, run_selfcheck_job)
    async with database.transaction() as session:
        job, _ = await enqueue(
            session, job_type=SELFCHECK_JOB_TYPE, payload={}, created_by=None, settings=settings
        )
    try:
        stored = await _run_job(database, settings, handlers, job.id, wait_seconds)
    finally:
        async with database.transaction() as session:
            await session.execute(delete(Job).where(Job.id == job.id))
    ok = stored is not None and stored.status == JobStatus.COMPLETED
    seconds = time.monotonic() - started
    status = stored.status if stored else "missing"
    return Check("queue round trip", ok, f"no-op job {status} in {seconds:.2f}s")


def _academic_year(today: date) -> str:
    first = today.year if today.month >= 8 else today.year - 1
    return f"{first}-{first + 1}"


async def _pipeline_check(settings: Settings, wait_seconds: float) -> Check:
    name = "IEP pipeline (offline drafter)"
    offline = settings.model_copy(update={"llm_provider": "offline"})
    handlers = build_handlers(OfflineProvider())
    with tempfile.TemporaryDirectory(prefix="iepgen-selfcheck-") as directory:
        url = f"sqlite+aiosqlite:///{Path(directory) / 'selfcheck.db'}"
        scratch = offline.model_copy(update={"database_url": url})
        await migrations.upgrade(url)
        database = create_database(scratch)
        try:
            started = time.monotonic()
            async with database.transaction() as session:
                await ensure_builtin_templates(session)
                await seed_demo_data(session)
                student = (await session.scalars(select(Student).limit(1))).one()
                job, _ = await enqueue(
                    session,
                    job_type=JobType.IEP_GENERATION,
                    payload={
                        "student_id": student.id,
                        "template_id": "idea-standard",
                        "academic_year": _academic_year(date.today()),
                        "include_previous_ieps": True,
                        "include_assessments": True,
                        "context": None,
                    },
                    created_by=student.case_manager_id,
                    settings=scratch,
                )
            stored = await _run_job(database, scratch, handlers, job.id, wait_seconds)
            async with database.read() as session:
                ieps = (await session.scalars(select(IEP).where(IEP.source_job_id == job.id))).all()
        finally:
            await database.dispose()
    seconds = time.monotonic() - started
    if stored is None or stored.status != JobStatus.COMPLETED:
        error = (stored.error or {}).get("message") if stored else "the job disappeared"
        status = stored.status if stored else "missing"
        return Check(name, False, f"job {status}: {error}")
    if len(ieps) != 1:
        return Check(name, False, f"expected one IEP from the job, found {len(ieps)}")
    return Check(name, True, f"one draft IEP generated and stored in {seconds:.2f}s")
