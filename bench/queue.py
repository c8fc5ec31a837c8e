"""Queue benchmark: no-op jobs through enqueue → claim → complete, and enqueue-to-start latency.

    python -m bench.queue [--jobs 3000] [--quick]

Throughput: worker processes (8 slots each) are started and idle; one producer process
enqueues the jobs, 100 per transaction (`enqueue_many`, one INSERT); the clock runs from
the first enqueue to the last completion. The same workload runs on huey (SqliteHuey,
thread workers; huey has no batch enqueue, so one INSERT per job) and procrastinate
(PostgreSQL, `batch_defer`, 100 per statement), the peers iepgen is measured against.

Latency: jobs enqueued one per transaction, 10 ms apart, to idle workers; the time from
the enqueue's commit to the handler starting. PostgreSQL: a worker in another process,
woken by NOTIFY. SQLite: the worker inside the enqueuing process (as `iepgen serve` runs
it), woken by the in-process signal.

Nothing here is asserted; `main()` returns the rows for a combined `python -m bench`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import structlog
from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings
from iepgen.db import Database, create_database
from iepgen.db import migrate as migrations
from iepgen.models import Job, WorkerRecord
from iepgen.queue import (
    HandlerRegistry,
    JobContext,
    JobSpec,
    WriteOutput,
    enqueue,
    enqueue_many,
)
from iepgen.queue.notifier import JobNotifier
from iepgen.queue.worker import Worker, WorkerOptions

REPO_ROOT = Path(__file__).resolve().parent.parent
ADMIN_DSN = os.environ.get(
    "IEPGEN_BENCH_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/postgres"
)
JOB_TYPE = "bench_noop"
SLOTS = 8
BATCH = 100
Row = dict[str, Any]


# The worker side ------------------------------------------------------------------------
async def _noop(context: JobContext) -> WriteOutput:
    started = time.time()

    async def write(session: AsyncSession) -> dict[str, Any]:
        return {"started": started}

    return write


def _bench_settings(url: str) -> Settings:
    return Settings(
        environment="test",
        database_url=url,
        llm_provider="offline",
        log_level="WARNING",
        poll_interval=1.0,
        claim_timeout=30.0,
    )


def _registry() -> HandlerRegistry:
    registry = HandlerRegistry()
    registry.register(JOB_TYPE, _noop)
    return registry


def worker_main(url: str, concurrency: int) -> None:
    """`python -m bench.queue --worker`: one worker process running the no-op handler."""
    from iepgen.logging import configure_logging
    from iepgen.worker_app import serve_worker

    settings = _bench_settings(url)
    configure_logging("WARNING")
    options = WorkerOptions.from_settings(settings, concurrency=concurrency)
    raise SystemExit(asyncio.run(serve_worker(settings, options, handlers=_registry())))


# Scratch databases ----------------------------------------------------------------------
@dataclass
class Scratch:
    directory: Path
    sqlite_url: str
    postgres_url: str
    postgres_name: str
    peer_dsn: str
    peer_name: str


async def _admin(sql: str) -> None:
    connection = await asyncpg.connect(ADMIN_DSN, timeout=10)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@contextlib.asynccontextmanager
async def scratch_databases() -> AsyncIterator[Scratch]:
    directory = Path(tempfile.mkdtemp(prefix="iepgen-bench-"))
    suffix = uuid.uuid4().hex[:10]
    name, peer = f"iepgen_bench_{suffix}", f"iepgen_bench_peer_{suffix}"
    base = ADMIN_DSN.rsplit("/", 1)[0]
    scratch = Scratch(
        directory=directory,
        sqlite_url=f"sqlite+aiosqlite:///{directory / 'bench.db'}",
        postgres_url="postgresql+asyncpg://" + f"{base}/{name}".split("://", 1)[1],
        postgres_name=name,
        peer_dsn=f"{base}/{peer}",
        peer_name=peer,
    )
    await _admin(f'CREATE DATABASE "{name}"')
    await _admin(f'CREATE DATABASE "{peer}"')
    try:
        await migrations.upgrade(scratch.sqlite_url)
        await migrations.upgrade(scratch.postgres_url)
        yield scratch
    finally:
        for database in (name, peer):
            await _admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


async def _reset(database: Database) -> None:
    async with database.transaction() as session:
        await session.execute(text("DELETE FROM iep_generation_jobs"))
        await session.execute(text("DELETE FROM workers"))


# Helpers --------------------------------------------------------------------------------
def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(PYTHONPATH=str(REPO_ROOT), NO_PROXY="127.0.0.1,localhost", **extra)
    return env


def _spawn(command: list[str], log: Path, **env: str) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            command, cwd=REPO_ROOT, env=_env(**env), stdout=out, stderr=subprocess.STDOUT
        )


def _stop(processes: list[subprocess.Popen[bytes]], signum: int = signal.SIGTERM) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signum)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def _until(check: Callable[[], Awaitable[bool]], within: float, every: float = 0.02) -> bool:
    deadline = time.monotonic() + within
    while True:
        if await check():
            return True
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(every)


async def _count(database: Database, statement: Any) -> int:
    async with database.read() as session:
        return int(await session.scalar(statement) or 0)


def _completed() -> Any:
    return select(func.count()).select_from(Job).where(Job.status == "completed")


# iepgen throughput ----------------------------------------------------------------------
async def ours_throughput(
    url: str, label: str, processes: int, jobs: int, logs: Path, slots: int = SLOTS
) -> Row:
    database = create_database(_bench_settings(url))
    await _reset(database)
    log = logs / f"iepgen-{label}-{processes}x{slots}.log"
    command = [sys.executable, "-m", "bench.queue", "--worker", url, "--concurrency", str(slots)]
    workers = [_spawn(command, log) for _ in range(processes)]
    try:
        registered = select(func.count()).select_from(WorkerRecord)

        async def ready() -> bool:
            return await _count(database, registered) == processes

        await _until(ready, within=120, every=0.1)
        started = time.perf_counter()
        for first in range(0, jobs, BATCH):
            batch = [JobSpec(JOB_TYPE, {}) for _ in range(min(BATCH, jobs - first))]
            async with database.transaction() as session:
                await enqueue_many(session, batch)
        enqueued = time.perf_counter()

        async def drained() -> bool:
            return await _count(database, _completed()) >= jobs

        await _until(drained, within=300)
        finished = time.perf_counter()
    finally:
        _stop(workers)
        await database.dispose()
    output = log.read_text(errors="replace")
    return {
        "system": "iepgen",
        "database": label,
        "processes": processes,
        "slots": slots,
        "jobs": jobs,
        "seconds": finished - started,
        "jobs_per_second": jobs / (finished - started),
        "enqueue_per_second": jobs / (enqueued - started),
        "database_is_locked": output.count("database is locked"),
    }


# Peers ------------------------------------------------------------------------------------
def huey_throughput(directory: Path, jobs: int, logs: Path, threads: int = SLOTS) -> Row:
    path = directory / "huey.db"
    os.environ["BENCH_HUEY_DB"] = str(path)
    from bench.huey_app import huey, noop

    huey.flush()  # an earlier row's results and queue

    command = [
        sys.executable,
        "-m",
        "huey.bin.huey_consumer",
        "bench.huey_app.huey",
        "-w",
        str(threads),
        "-k",
        "thread",
        "-d",
        "0.01",
        "-m",
        "0.1",
        "-q",
        "-C",
    ]
    consumer = _spawn(command, logs / f"huey-{threads}.log", BENCH_HUEY_DB=str(path))
    try:
        noop()(blocking=True, timeout=120)  # the consumer is up and has run one task
        started = time.perf_counter()
        for _ in range(jobs):
            noop()
        enqueued = time.perf_counter()
        deadline = time.monotonic() + 300
        while huey.result_count() < jobs and time.monotonic() < deadline:
            time.sleep(0.02)
        finished = time.perf_counter()
    finally:
        _stop([consumer], signal.SIGINT)
    return {
        "system": "huey (SqliteHuey)",
        "database": "SQLite",
        "processes": 1,
        "slots": threads,
        "jobs": jobs,
        "seconds": finished - started,
        "jobs_per_second": jobs / (finished - started),
        "enqueue_per_second": jobs / (enqueued - started),
        "database_is_locked": 0,
    }


def _at_least(connection: Any, query: str, count: int) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return int(await connection.fetchval(query)) >= count

    return check


async def procrastinate_throughput(dsn: str, processes: int, jobs: int, logs: Path) -> Row:
    os.environ["BENCH_PROCRASTINATE_DSN"] = dsn
    from bench.procrastinate_app import app, noop

    async with app.open_async():
        with contextlib.suppress(Exception):  # applied already by an earlier row
            await app.schema_manager.apply_schema_async()
    peer = await asyncpg.connect(dsn)
    await peer.execute("DELETE FROM procrastinate_jobs")
    command = [
        sys.executable,
        "-m",
        "procrastinate",
        "--app=bench.procrastinate_app.app",
        "worker",
        f"--concurrency={SLOTS}",
    ]
    log = logs / f"procrastinate-{processes}.log"
    workers = [_spawn(command, log, BENCH_PROCRASTINATE_DSN=dsn) for _ in range(processes)]
    succeeded = "SELECT count(*) FROM procrastinate_jobs WHERE status = 'succeeded'"
    try:
        async with app.open_async():
            await noop.defer_async()  # warm-up: the workers are connected once it is done
            await _until(_at_least(peer, succeeded, 1), within=120, every=0.05)
            await asyncio.sleep(1.0)
            started = time.perf_counter()
            for first in range(0, jobs, BATCH):
                await noop.batch_defer_async(*({} for _ in range(min(BATCH, jobs - first))))
            enqueued = time.perf_counter()
            await _until(_at_least(peer, succeeded, jobs + 1), within=300)
            finished = time.perf_counter()
    finally:
        _stop(workers)
        await peer.close()
    return {
        "system": "procrastinate",
        "database": "PostgreSQL",
        "processes": processes,
        "slots": SLOTS,
        "jobs": jobs,
        "seconds": finished - started,
        "jobs_per_second": jobs / (finished - started),
        "enqueue_per_second": jobs / (enqueued - started),
        "database_is_locked": 0,
    }


# Latency ------------------------------------------------------------------------------
async def _latency_run(database: Database, count: int, spacing: float) -> list[float]:
    committed: dict[str, float] = {}
    for _ in range(count):
        async with database.transaction() as session:
            job, _ = await enqueue(session, job_type=JOB_TYPE, payload={}, created_by=None)
        committed[job.id] = time.time()
        await asyncio.sleep(spacing)

    async def drained() -> bool:
        return await _count(database, _completed()) >= count

    await _until(drained, within=120)
    async with database.read() as session:
        rows = (await session.execute(select(Job.id, Job.result))).all()
    return [max(0.0, row.result["started"] - committed[row.id]) for row in rows if row.result]


async def latency_notify(url: str, count: int, logs: Path) -> Row:
    """PostgreSQL: a worker in another process, woken by LISTEN/NOTIFY."""
    database = create_database(_bench_settings(url))
    await _reset(database)
    log = logs / "latency-notify.log"
    command = [sys.executable, "-m", "bench.queue", "--worker", url, "--concurrency", str(SLOTS)]
    workers = [_spawn(command, log)]
    try:
        registered = select(func.count()).select_from(WorkerRecord)

        async def ready() -> bool:
            return await _count(database, registered) == 1

        await _until(ready, within=120, every=0.1)
        await asyncio.sleep(1.0)  # its LISTEN connection is up
        latencies = await _latency_run(database, count, 0.01)
    finally:
        _stop(workers)
        await database.dispose()
    return _latency_row("PostgreSQL, worker in another process, NOTIFY", latencies)


async def latency_in_process(url: str, count: int) -> Row:
    """SQLite: the worker shares the enqueuing process (as `iepgen serve` runs it)."""
    settings = _bench_settings(url)
    database = create_database(settings)
    await _reset(database)
    notifier = JobNotifier(database)
    await notifier.start()
    options = WorkerOptions.from_settings(settings, concurrency=SLOTS, poll_interval=5.0)
    worker = Worker(database, settings, _registry(), notifier=notifier, options=options)
    task = asyncio.create_task(worker.run())
    try:
        await asyncio.sleep(0.5)
        latencies = await _latency_run(database, count, 0.01)
    finally:
        worker.stop()
        await task
        await notifier.stop()
        await database.dispose()
    return _latency_row("SQLite, worker in the same process, in-process signal", latencies)


def _latency_row(path: str, latencies: list[float]) -> Row:
    ordered = sorted(latencies) or [float("nan")]
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return {
        "path": path,
        "jobs": len(latencies),
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": p99 * 1000,
        "max_ms": ordered[-1] * 1000,
    }


# Report ---------------------------------------------------------------------------------
def best_peers(rows: list[Row]) -> dict[str, Row]:
    """Per database, the peer's fastest row in this run: what iepgen is held against."""
    best: dict[str, Row] = {}
    for row in rows:
        if row["system"] == "iepgen":
            continue
        current = best.get(row["database"])
        if current is None or row["jobs_per_second"] > current["jobs_per_second"]:
            best[row["database"]] = row
    return best


def throughput_table(rows: list[Row]) -> Table:
    table = Table(
        title="No-op jobs through enqueue → claim → complete (higher is better); "
        "vs peer: against the peer's best row on the same database"
    )
    for column in ("system", "database", "processes x slots", "jobs", "seconds", "jobs/s"):
        table.add_column(column, justify="left" if column in ("system", "database") else "right")
    table.add_column("enqueue/s", justify="right")
    table.add_column("vs peer", justify="right")
    peers = best_peers(rows)
    for row in rows:
        peer = peers.get(row["database"])
        ratio = ""
        if row["system"] == "iepgen" and peer is not None:
            ratio = f"{row['jobs_per_second'] / peer['jobs_per_second']:.2f}x"
        table.add_row(
            row["system"],
            row["database"],
            f"{row['processes']} x {row['slots']}",
            str(row["jobs"]),
            f"{row['seconds']:.2f}",
            f"{row['jobs_per_second']:,.0f}",
            f"{row['enqueue_per_second']:,.0f}",
            ratio,
        )
    return table


def latency_table(rows: list[Row]) -> Table:
    table = Table(title="Enqueue-to-start latency, idle workers (lower is better)")
    table.add_column("path")
    for column in ("jobs", "p50 ms", "p99 ms", "max ms"):
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(
            row["path"],
            str(row["jobs"]),
            f"{row['p50_ms']:.1f}",
            f"{row['p99_ms']:.1f}",
            f"{row['max_ms']:.1f}",
        )
    return table


async def main(jobs: int = 3000, latency_jobs: int = 300) -> list[Row]:
    """Run every scenario once; print the tables; return the rows."""
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    console = Console(width=120)
    throughput: list[Row] = []
    latency: list[Row] = []
    async with scratch_databases() as scratch:
        logs = scratch.directory
        for processes in (1, 4):
            throughput.append(
                await ours_throughput(scratch.sqlite_url, "SQLite", processes, jobs, logs)
            )
        # huey's best configuration on this machine: one thread or eight.
        for threads in (1, SLOTS):
            throughput.append(
                await asyncio.to_thread(huey_throughput, scratch.directory, jobs, logs, threads)
            )
        for processes in (1, 4, 8):
            throughput.append(
                await ours_throughput(scratch.postgres_url, "PostgreSQL", processes, jobs, logs)
            )
        throughput.append(await procrastinate_throughput(scratch.peer_dsn, 4, jobs, logs))
        latency.append(await latency_notify(scratch.postgres_url, latency_jobs, logs))
        latency.append(await latency_in_process(scratch.sqlite_url, latency_jobs))
    console.print(throughput_table(throughput))
    console.print(latency_table(latency))
    locked = sum(row["database_is_locked"] for row in throughput)
    console.print(f"'database is locked' in worker output: {locked} times.")
    return throughput + latency


def cli(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--jobs", type=int, default=3000, help="jobs per throughput row")
    parser.add_argument("--quick", action="store_true", help="1,000 jobs, 100 latency samples")
    parser.add_argument("--worker", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    parser.add_argument("--concurrency", type=int, default=SLOTS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker_main(args.worker, args.concurrency)
        return
    jobs, latency_jobs = (1000, 100) if args.quick else (args.jobs, 300)
    asyncio.run(main(jobs, latency_jobs))


if __name__ == "__main__":
    cli()
