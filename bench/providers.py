"""Provider benchmark: a bulk submission of IEPs through the fake Gemini server at its limit.

    python -m bench.providers [--ieps 100] [--limit 120] [--window 10] [--latency 1.0]

The fake Gemini server (tests/fakes) answers every call after `--latency` seconds and
refuses with 429 + RetryInfo whatever goes over `--limit` requests in any sliding
`--window`. Real `iepgen worker` processes draft the IEPs through the real google-genai
SDK, our limiter and breaker sharing a SQLite file. A provider's limit is per minute;
to keep the run short both the fake and the limiter count over a shorter window (the
same number of requests per window, so a proportionally higher rate), which the output
says. Printed: achieved call rate as a fraction of the limit, 429s seen, jobs failed,
and the IEPs' latency. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select
from tests.fakes import gemini_server as fake
from tests.fakes.model_answers import AnswerBook, offline_answers

from iepgen.config import Settings
from iepgen.db import Database, create_database
from iepgen.db.migrate import upgrade
from iepgen.logging import configure_logging
from iepgen.models import Assessment, Job, Student
from iepgen.queue import enqueue
from iepgen.templates.service import ensure_builtin_templates
from iepgen.users.service import create_user

FIRST_NAMES = ["Avery", "Briar", "Cove", "Dara", "Ember", "Fennel", "Gale", "Harlow", "Indigo"]
LAST_NAMES = ["Quill", "Rook", "Sable", "Thistle", "Umber", "Vale", "Wren", "Yarrow", "Zephyr"]
AREAS = [("reading", "Oral reading fluency", 58), ("math", "Math computation probe", 12)]
FINAL = ("completed", "failed", "cancelled")


@dataclass(frozen=True)
class Options:
    ieps: int
    limit: int
    window: float
    latency: float
    workers: int
    concurrency: int
    max_calls: int
    timeout: float


def parse(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ieps", type=int, default=100)
    parser.add_argument("--limit", type=int, default=120, help="requests per window")
    parser.add_argument("--window", type=float, default=10.0, help="seconds (a minute is 60)")
    parser.add_argument("--latency", type=float, default=1.0, help="seconds per answer")
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    parser.add_argument("--concurrency", type=int, default=8, help="jobs per worker process")
    parser.add_argument("--max-calls", type=int, default=24, help="LLM_MAX_CONCURRENCY")
    parser.add_argument("--timeout", type=float, default=170.0, help="give up after (s)")
    args = parser.parse_args(argv)
    return Options(
        args.ieps,
        args.limit,
        args.window,
        args.latency,
        args.workers,
        args.concurrency,
        args.max_calls,
        args.timeout,
    )


def worker_environment(options: Options, database_url: str, server_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "NO_PROXY": "127.0.0.1,localhost",
        "ENVIRONMENT": "development",
        "DATABASE_URL": database_url,
        "LLM_PROVIDER": "gemini",
        "GEMINI_API_KEY": fake.API_KEY,
        "GEMINI_BASE_URL": server_url,
        "LLM_REQUESTS_PER_MINUTE": str(options.limit),
        "LLM_RATE_WINDOW_SECONDS": str(options.window),
        "LLM_TOKENS_PER_MINUTE": "100000000",
        "LLM_MAX_CONCURRENCY": str(options.max_calls),
        "LLM_TIMEOUT_SECONDS": str(max(30.0, options.latency * 10)),
        "LOG_LEVEL": "WARNING",
    }


async def add_students(database: Database, count: int) -> tuple[str, list[str]]:
    """A fictional teacher and `count` fictional students, each with two assessments."""
    async with database.transaction() as session:
        teacher, _ = await create_user(session, username="bench-teacher", role="teacher")
        student_ids = []
        for number in range(count):
            first = FIRST_NAMES[number % len(FIRST_NAMES)]
            last = LAST_NAMES[(number // len(FIRST_NAMES)) % len(LAST_NAMES)]
            student = Student(
                case_manager_id=teacher.id,
                first_name=first,
                last_name=f"{last}{number}",
                date_of_birth=date(2012, 1, 1) + timedelta(days=17 * number),
                grade_level="7",
                school="Bench Hollow Middle School",
                student_number=f"B-{number:04d}",
                disability_category="specific_learning_disability",
                parent_guardian_names=[f"Parent {last}{number}"],
                strengths=f"{first} is persistent and enjoys hands-on projects.",
                parent_concerns="Homework takes a long time.",
            )
            session.add(student)
            await session.flush()
            for area, name, score in AREAS:
                session.add(
                    Assessment(
                        student_id=student.id,
                        name=name,
                        area=area,
                        administered_on=date(2025, 9, 10),
                        score=score + number % 7,
                        score_type="raw_score",
                        summary=f"{first} scored {score + number % 7} on the {name.lower()}.",
                    )
                )
            student_ids.append(student.id)
    return teacher.id, student_ids


async def submit(database: Database, settings: Settings, teacher: str, students: list[str]) -> None:
    async with database.transaction() as session:
        for student_id in students:
            await enqueue(
                session,
                job_type="iep_generation",
                payload={
                    "student_id": student_id,
                    "template_id": "idea-standard",
                    "academic_year": "2025-2026",
                    "include_previous_ieps": True,
                    "include_assessments": True,
                    "context": None,
                },
                created_by=teacher,
                settings=settings,
            )


async def wait_until_done(database: Database, total: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        async with database.read() as session:
            finished = (
                await session.execute(select(func.count()).where(Job.status.in_(FINAL)))
            ).scalar_one()
        if finished >= total:
            return True
        await asyncio.sleep(0.5)
    return False


def busiest_window(times: list[float], window: float) -> int:
    ordered = sorted(times)
    most, start = 0, 0
    for end, moment in enumerate(ordered):
        while ordered[start] <= moment - window:
            start += 1
        most = max(most, end - start + 1)
    return most


async def run(options: Options, directory: Path) -> dict[str, Any]:
    database_url = f"sqlite+aiosqlite:///{directory / 'bench.db'}"
    await upgrade(database_url)
    settings = Settings.model_validate(
        {"environment": "development", "database_url": database_url, "llm_provider": "offline"}
    )
    database = create_database(settings)
    try:
        async with database.transaction() as session:
            await ensure_builtin_templates(session)
        teacher, students = await add_students(database, options.ieps)
        book = AnswerBook()
        for student_id in students:
            book.add(*await offline_answers(database, settings, student_id))

        server = fake.FakeGeminiServer()
        server.rate_limit = (options.limit, options.window)
        server.responder = book.responder(
            fake.prompt_text, fake.success, delay_seconds=options.latency
        )
        server.start()
        log_file = (directory / "workers.log").open("w")
        workers = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            "from iepgen.cli import app; app()",
            "worker",
            "--workers",
            str(options.workers),
            "--concurrency",
            str(options.concurrency),
            "--poll-interval",
            "0.2",
            env=worker_environment(options, database_url, server.url),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            await asyncio.sleep(3)  # let the worker processes import and register
            submitted = time.time()
            await submit(database, settings, teacher, students)
            done = await wait_until_done(database, options.ieps, options.timeout)
        finally:
            workers.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(workers.wait(), timeout=60)
            except TimeoutError:
                workers.kill()
                await workers.wait()
            server.stop()
            log_file.close()

        async with database.read() as session:
            jobs = list((await session.execute(select(Job))).scalars())
    finally:
        await database.dispose()

    accepted = [r.received_at for r in server.requests if r.status == 200]
    span = (max(accepted) - min(accepted)) if len(accepted) > 1 else 0.0
    rate = (len(accepted) - 1) / span if span else 0.0
    completed = [j for j in jobs if j.status == "completed"]
    latencies = [
        (j.completed_at - j.created_at).total_seconds() for j in completed if j.completed_at
    ]
    run_times = [
        (j.completed_at - j.started_at).total_seconds()
        for j in completed
        if j.completed_at and j.started_at
    ]
    return {
        "finished_in_time": done,
        "submitted": submitted,
        "calls": len(accepted),
        "rejected_429": server.rejected_by_limit,
        "other_errors": sum(1 for r in server.requests if r.status not in (200, 429)),
        "achieved_rate": rate,
        "limit_rate": options.limit / options.window,
        "busiest_window": busiest_window(accepted, options.window),
        "jobs": len(jobs),
        "completed": len(completed),
        "failed": sum(1 for j in jobs if j.status == "failed"),
        "snoozes": sum(j.snoozes for j in jobs),
        "mean_latency": statistics.fmean(latencies) if latencies else float("nan"),
        "mean_run": statistics.fmean(run_times) if run_times else float("nan"),
        "p95_latency": statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 1 else 0.0,
        "wall": (max(j.completed_at for j in completed if j.completed_at).timestamp() - submitted)
        if completed
        else float("nan"),
    }


def table(options: Options, result: dict[str, Any]) -> Table:
    per_minute = options.limit * 60 / options.window
    out = Table(
        title=(
            f"{options.ieps} IEPs through the fake Gemini server: {options.limit} requests per "
            f"{options.window:g} s window (a minute's limit of {options.limit} on a window "
            f"{60 / options.window:g}x shorter, i.e. {per_minute:g}/min), {options.latency:g} s "
            f"per answer, {options.workers} worker processes x {options.concurrency} jobs"
        )
    )
    out.add_column("measure")
    out.add_column("value", justify="right")
    fraction = result["achieved_rate"] / result["limit_rate"] if result["limit_rate"] else 0.0
    rows = [
        ("provider calls answered", f"{result['calls']}"),
        (
            "achieved call rate / limit",
            f"{result['achieved_rate']:.2f}/s of {result['limit_rate']:.2f}/s = {fraction:.3f}",
        ),
        ("most calls in any window", f"{result['busiest_window']} (limit {options.limit})"),
        ("429s seen by the server", f"{result['rejected_429']}"),
        ("other provider errors", f"{result['other_errors']}"),
        ("jobs completed / failed", f"{result['completed']} / {result['failed']}"),
        ("job snoozes", f"{result['snoozes']}"),
        ("mean IEP latency, submit to done", f"{result['mean_latency']:.1f} s"),
        ("p95 IEP latency, submit to done", f"{result['p95_latency']:.1f} s"),
        ("mean IEP run time, claim to done", f"{result['mean_run']:.1f} s"),
        ("wall time for the batch", f"{result['wall']:.1f} s"),
        ("finished before the timeout", "yes" if result["finished_in_time"] else "no"),
    ]
    for measure, value in rows:
        out.add_row(measure, value)
    return out


def main(argv: list[str] | None = None) -> None:
    options = parse(argv)
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
    configure_logging("WARNING")
    with tempfile.TemporaryDirectory(prefix="iepgen-bench-providers-") as directory:
        result = asyncio.run(run(options, Path(directory)))
    Console().print(table(options, result))


if __name__ == "__main__":
    main()
