"""Soak: 1,000 IEP jobs through 4 worker processes while 32 HTTP clients poll and list.

    python -m bench.soak [--jobs 1000] [--workers 4] [--clients 32] [--database-url URL]

Real processes, as deployed: `iepgen serve --no-worker` (uvicorn) for the API and
`iepgen worker --workers N` (a supervisor and N worker processes) on one database (a fresh
SQLite file unless `--database-url` names another), the offline drafter. The jobs are
submitted over HTTP by the clients; afterwards each client loops reading a job's status
and listing the caller's jobs until every job has finished. Reported: jobs per second,
the API's p50/p99 per request kind while the workers are busy, each process's peak
resident memory (read from /proc), and whether every job completed exactly once (one
IEP per job, by its `source_job_id`). Bounded by `--timeout`; nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import signal
import socket
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select

from iepgen.config import Settings
from iepgen.db import Database, create_database
from iepgen.db.migrate import upgrade
from iepgen.models import IEP, Assessment, Job, Student, WorkerRecord
from iepgen.templates.service import ensure_builtin_templates
from iepgen.users.service import create_user

IEPGEN = str(Path(sys.executable).with_name("iepgen"))
STUDENTS = 50
Row = dict[str, Any]


@dataclass(frozen=True)
class Options:
    jobs: int = 1000
    workers: int = 4
    concurrency: int = 4
    clients: int = 32
    timeout: float = 280.0
    database_url: str | None = None


@dataclass
class Samples:
    """Request latencies by kind, errors, and each process's peak RSS (KiB)."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: int = 0
    peak_rss_kib: dict[int, int] = field(default_factory=dict)

    def add(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)


def _rss_kib(pid: int) -> int | None:
    """Resident set size from /proc (psutil is not a dependency of the project)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _environment(database_url: str) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GEMINI_", "OPENAI_"))},
        "DATABASE_URL": database_url,
        "ENVIRONMENT": "development",
        "LLM_PROVIDER": "offline",
        "SUBMISSIONS_PER_MINUTE": "1000000",
        "LOG_LEVEL": "WARNING",
        "NO_PROXY": "127.0.0.1,localhost",
    }


async def _prepare(database: Database) -> tuple[str, list[str]]:
    """A fictional teacher (token) and caseload, each student with one assessment."""
    from datetime import date, timedelta

    async with database.transaction() as session:
        await ensure_builtin_templates(session)
        teacher, token = await create_user(session, username="soak.teacher", role="teacher")
        student_ids = []
        for n in range(STUDENTS):
            student = Student(
                case_manager_id=teacher.id,
                first_name=f"Soak{n}",
                last_name="Student",
                date_of_birth=date(2012, 1, 1) + timedelta(days=23 * n),
                grade_level="7",
                school="Soak Hollow Middle School",
                disability_category="specific_learning_disability",
            )
            session.add(student)
            await session.flush()
            session.add(
                Assessment(
                    student_id=student.id,
                    name="Oral reading fluency",
                    area="reading",
                    administered_on=date(2025, 9, 15),
                    score=58 + n % 20,
                    score_type="words_correct_per_minute",
                    percentile=9,
                    summary=f"Read {58 + n % 20} words correct per minute (benchmark 120).",
                )
            )
            student_ids.append(student.id)
    return token, student_ids


@contextlib.asynccontextmanager
async def _process(command: list[str], env: dict[str, str], log: Path) -> AsyncIterator[int]:
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            *command, env=env, stdout=out, stderr=asyncio.subprocess.STDOUT
        )
        try:
            yield process.pid
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(process.wait(), 60)
                except TimeoutError:
                    process.kill()
                    await process.wait()


async def _wait_healthy(base: str, workers: int, within: float = 60) -> None:
    deadline = time.monotonic() + within
    async with httpx.AsyncClient(base_url=base, timeout=5) as probe:
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.TransportError):
                health = await probe.get("/api/v1/jobs/health")
                if health.status_code == 200 and health.json()["workers"]["live"] >= workers:
                    return
            await asyncio.sleep(0.2)
    raise RuntimeError("the soak server or its workers did not come up")


async def _submit_all(
    client: httpx.AsyncClient, students: list[str], jobs: int, clients: int, samples: Samples
) -> list[str]:
    ids: list[str] = []
    numbers = iter(range(jobs))

    async def submitter() -> None:
        for n in numbers:
            body = {
                "student_id": students[n % len(students)],
                "academic_year": "2025-2026",
                "context": f"Soak request {n}.",
            }
            started = time.perf_counter()
            response = await client.post("/api/v1/jobs/iep-generation", json=body)
            samples.add("POST job", time.perf_counter() - started)
            if response.status_code == 202:
                ids.append(response.json()["id"])
            else:
                samples.errors += 1

    await asyncio.gather(*(submitter() for _ in range(clients)))
    return ids


async def _read_until_done(
    client: httpx.AsyncClient, ids: list[str], clients: int, samples: Samples, deadline: float
) -> None:
    done = asyncio.Event()

    async def reader(seed: int) -> None:
        chooser = random.Random(seed)
        while not done.is_set() and time.monotonic() < deadline:
            job_id = chooser.choice(ids)
            started = time.perf_counter()
            response = await client.get(f"/api/v1/jobs/{job_id}")
            samples.add("GET job", time.perf_counter() - started)
            samples.errors += response.status_code != 200
            started = time.perf_counter()
            listed = await client.get(
                "/api/v1/jobs", params={"limit": 20, "offset": chooser.randrange(0, len(ids))}
            )
            samples.add("GET jobs (list)", time.perf_counter() - started)
            samples.errors += listed.status_code != 200

    async def watcher() -> None:
        while time.monotonic() < deadline:
            response = await client.get("/api/v1/jobs", params={"status": "completed", "limit": 1})
            if response.status_code == 200 and response.json()["total"] >= len(ids):
                break
            await asyncio.sleep(0.5)
        done.set()

    await asyncio.gather(watcher(), *(reader(seed) for seed in range(clients)))


async def _sample_memory(database: Database, pids: list[int], samples: Samples) -> None:
    """Every second: the API's and every worker process's RSS (workers found by registry)."""
    while True:
        async with database.read() as session:
            live = (
                await session.scalars(
                    select(WorkerRecord.pid).where(WorkerRecord.status != "stopped")
                )
            ).all()
        for pid in {*pids, *live}:
            rss = _rss_kib(pid)
            if rss is not None:
                samples.peak_rss_kib[pid] = max(rss, samples.peak_rss_kib.get(pid, 0))
        await asyncio.sleep(1.0)


async def _outcome(database: Database, ids: list[str]) -> Row:
    async with database.read() as session:
        statuses = dict(
            (await session.execute(select(Job.status, func.count()).group_by(Job.status))).all()
        )
        per_job = dict(
            (
                await session.execute(
                    select(IEP.source_job_id, func.count())
                    .where(IEP.source_job_id.is_not(None))
                    .group_by(IEP.source_job_id)
                )
            ).all()
        )
        first, last = (
            await session.execute(select(func.min(Job.created_at), func.max(Job.completed_at)))
        ).one()
        worker_pids = (await session.scalars(select(WorkerRecord.pid))).all()
    return {
        "statuses": statuses,
        "exactly_once": set(per_job) == set(ids) and set(per_job.values()) == {1},
        "ieps": sum(per_job.values()),
        "seconds": (last - first).total_seconds() if first and last else float("nan"),
        "worker_pids": list(worker_pids),
    }


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


async def run(options: Options) -> Row:
    with tempfile.TemporaryDirectory(prefix="iepgen-soak-") as scratch:
        directory = Path(scratch)
        url = options.database_url or f"sqlite+aiosqlite:///{directory / 'soak.db'}"
        await upgrade(url)
        database = create_database(Settings(environment="development", database_url=url))
        samples = Samples()
        try:
            token, students = await _prepare(database)
            env = _environment(url)
            port = _free_port()
            base = f"http://127.0.0.1:{port}"
            serve = [IEPGEN, "serve", "--no-worker", "--host", "127.0.0.1", "--port", str(port)]
            work = [
                IEPGEN,
                "worker",
                "--workers",
                str(options.workers),
                "--concurrency",
                str(options.concurrency),
                "--poll-interval",
                "0.5",
            ]
            async with (
                _process(serve, env, directory / "serve.log") as api_pid,
                _process(work, env, directory / "workers.log") as supervisor_pid,
            ):
                await _wait_healthy(base, options.workers)
                memory = asyncio.create_task(
                    _sample_memory(database, [api_pid, supervisor_pid], samples)
                )
                limits = httpx.Limits(max_connections=options.clients + 4)
                async with httpx.AsyncClient(
                    base_url=base,
                    headers={"Authorization": f"Bearer {token}"},
                    limits=limits,
                    timeout=60,
                ) as client:
                    started = time.monotonic()
                    ids = await _submit_all(
                        client, students, options.jobs, options.clients, samples
                    )
                    await _read_until_done(
                        client, ids, options.clients, samples, started + options.timeout
                    )
                    wall = time.monotonic() - started
                memory.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await memory
            outcome = await _outcome(database, ids)
        finally:
            await database.dispose()
    workers_rss = [
        kib for pid, kib in samples.peak_rss_kib.items() if pid in outcome["worker_pids"]
    ]
    kinds = {
        kind: (
            len(values),
            _percentile(values, 0.5) * 1000,
            _percentile(values, 0.99) * 1000,
        )
        for kind, values in samples.latencies.items()
    }
    reads = samples.latencies.get("GET job", []) + samples.latencies.get("GET jobs (list)", [])
    completed = outcome["statuses"].get("completed", 0)
    return {
        "jobs": options.jobs,
        "workers": options.workers,
        "concurrency": options.concurrency,
        "clients": options.clients,
        "database": "SQLite" if url.startswith("sqlite") else "PostgreSQL",
        "completed": completed,
        "statuses": outcome["statuses"],
        "exactly_once": outcome["exactly_once"] and completed == options.jobs,
        "ieps": outcome["ieps"],
        "jobs_per_second": completed / outcome["seconds"] if outcome["seconds"] else 0.0,
        "wall_seconds": wall,
        "requests": sum(len(v) for v in samples.latencies.values()),
        "errors": samples.errors,
        "latency_ms": kinds,
        "read_p50_ms": _percentile(reads, 0.5) * 1000,
        "read_p99_ms": _percentile(reads, 0.99) * 1000,
        "api_rss_mib": samples.peak_rss_kib.get(api_pid, 0) / 1024,
        "worker_rss_mib": [kib / 1024 for kib in workers_rss],
    }


def table(result: Row) -> Table:
    out = Table(
        title=(
            f"Soak: {result['jobs']} IEP jobs, {result['workers']} worker processes x "
            f"{result['concurrency']}, {result['clients']} HTTP clients, {result['database']}, "
            "offline drafter"
        )
    )
    out.add_column("measure")
    out.add_column("value", justify="right")
    rss = result["worker_rss_mib"]
    rows = [
        ("jobs completed", f"{result['completed']} / {result['jobs']} {result['statuses']}"),
        ("every job exactly once (one IEP each)", "yes" if result["exactly_once"] else "NO"),
        ("throughput", f"{result['jobs_per_second']:.1f} jobs/s"),
        ("wall time", f"{result['wall_seconds']:.1f} s"),
        ("API requests / errors", f"{result['requests']} / {result['errors']}"),
    ]
    for kind, (count, p50, p99) in sorted(result["latency_ms"].items()):
        rows.append((f"{kind}: n, p50, p99", f"{count}, {p50:.1f} ms, {p99:.1f} ms"))
    rows += [
        ("API process peak RSS", f"{result['api_rss_mib']:.0f} MiB"),
        (
            "worker processes peak RSS",
            ", ".join(f"{mib:.0f}" for mib in sorted(rss)) + " MiB" if rss else "n/a",
        ),
    ]
    for measure, value in rows:
        out.add_row(measure, value)
    return out


def parse(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--jobs", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=4, help="worker processes")
    parser.add_argument("--concurrency", type=int, default=4, help="jobs per worker process")
    parser.add_argument("--clients", type=int, default=32, help="HTTP clients")
    parser.add_argument("--timeout", type=float, default=280.0, help="give up after (s)")
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args(argv)
    return Options(
        args.jobs, args.workers, args.concurrency, args.clients, args.timeout, args.database_url
    )


def main(argv: list[str] | None = None, options: Options | None = None) -> Row:
    """Run the soak once, print its table, return its numbers."""
    result = asyncio.run(run(options or parse(argv)))
    Console(width=120).print(table(result))
    return result


if __name__ == "__main__":
    main()
