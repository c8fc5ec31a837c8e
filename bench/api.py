"""Jobs API benchmark: long-poll wake-up latency, and GET job beside a bare endpoint.

    python -m bench.api [--database-url URL] [--jobs 40] [--seconds 6] [--clients 64]

Starts a real uvicorn server on 127.0.0.1 in a subprocess (the app, the queue's worker in
the same process, the offline drafter, and a bare FastAPI endpoint as the baseline), then
drives it with httpx from this process:

1. wake-up: submit a job, long-poll it; latency = poll answered - the job's `completed_at`
   (same host, same clock);
2. GET /api/v1/jobs/{id} from `--clients` concurrent clients for `--seconds` while jobs
   keep being submitted and run, then the same against `GET /bench/bare`.

Prints a table; bounded to well under two minutes. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from pathlib import Path

import httpx

SERVER_FLAG = "--serve"
REPOSITORY = Path(__file__).resolve().parent.parent
STUDENT = {
    "first_name": "Avery",
    "last_name": "Quill",
    "date_of_birth": "2013-03-02",
    "grade_level": "7",
    "school": "Harbor View Middle School",
    "disability_category": "specific_learning_disability",
    "strengths": "Curious; strong oral vocabulary.",
    "parent_concerns": "Falls behind in reading assignments.",
}
ASSESSMENT = {
    "name": "DIBELS 8 Oral Reading Fluency",
    "area": "reading",
    "administered_on": "2025-09-20",
    "score": 61,
    "score_type": "words_correct_per_minute",
    "percentile": 9,
    "summary": "Read 61 words correct per minute on grade-7 passages (benchmark 120).",
}


# The server (runs in the subprocess) --------------------------------------------------
async def _serve(port: int) -> None:
    import uvicorn

    from iepgen.app import create_app
    from iepgen.config import get_settings
    from iepgen.logging import configure_logging

    settings = get_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    # As `iepgen serve` runs it: the worker embedded, built by the app's lifespan.
    app = create_app(settings, embedded_worker=True)

    @app.get("/bench/bare", include_in_schema=False)
    async def bare() -> dict[str, bool]:
        return {"ok": True}

    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            log_level="warning",
            access_log=False,
            # Longer than any pause between phases: a keep-alive connection closed by the
            # server just as the client reuses it would show up as a spurious error.
            timeout_keep_alive=120,
        )
    )
    await server.serve()  # until SIGTERM


# The client ---------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def _prepare(database_url: str) -> str:
    """Migrate the database and create a teacher; returns the teacher's token."""
    from iepgen.config import Settings
    from iepgen.db import create_database
    from iepgen.db.migrate import upgrade
    from iepgen.users.service import create_user

    await upgrade(database_url)
    database = create_database(Settings(database_url=database_url))
    try:
        async with database.transaction() as session:
            _, token = await create_user(session, username="bench.teacher", role="teacher")
    finally:
        await database.dispose()
    return token


@contextlib.asynccontextmanager
async def _server(database_url: str, port: int) -> AsyncIterator[str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "LLM_PROVIDER": "offline",
        "SUBMISSIONS_PER_MINUTE": "1000000",
        "LOG_LEVEL": "WARNING",
        "NO_PROXY": "127.0.0.1,localhost",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.api", SERVER_FLAG, str(port), env=env, cwd=REPOSITORY
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base, timeout=5) as probe:
            for _ in range(600):
                with contextlib.suppress(httpx.TransportError):
                    health = await probe.get("/api/v1/jobs/health")
                    if health.status_code == 200 and health.json()["workers"]["live"]:
                        break
                if process.returncode is not None:
                    raise RuntimeError("the benchmark server exited during start-up")
                await asyncio.sleep(0.1)
            else:
                raise RuntimeError("the benchmark server did not become healthy")
        yield base
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 20)
        except TimeoutError:
            process.kill()
            await process.wait()


def _percentiles(values: list[float]) -> tuple[float, float]:
    if len(values) < 2:
        return (values[0], values[0]) if values else (float("nan"), float("nan"))
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return statistics.median(values), cuts[98]


async def _submit(client: httpx.AsyncClient, student_id: str, index: int) -> str:
    response = await client.post(
        "/api/v1/jobs/iep-generation",
        json={
            "student_id": student_id,
            "academic_year": "2025-2026",
            "context": f"Benchmark request {index}.",
        },
    )
    response.raise_for_status()
    job_id: str = response.json()["id"]
    return job_id


async def _wake_latencies(
    client: httpx.AsyncClient, student_id: str, jobs: int, concurrency: int
) -> tuple[list[float], list[str]]:
    latencies: list[float] = []
    finished: list[str] = []
    counter = iter(range(jobs))

    async def one_after_another() -> None:
        for index in counter:
            job_id = await _submit(client, student_id, index)
            response = await client.get(
                f"/api/v1/jobs/{job_id}/poll", params={"timeout_seconds": 60}, timeout=70
            )
            answered = time.time()
            body = response.json()
            if body["status"] == "completed" and body["completed_at"]:
                completed = datetime.fromisoformat(body["completed_at"]).timestamp()
                latencies.append((answered - completed) * 1000)
                finished.append(job_id)

    await asyncio.gather(*(one_after_another() for _ in range(concurrency)))
    return latencies, finished


async def _load(
    request: Callable[[], Awaitable[httpx.Response]], clients: int, seconds: float
) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def client_loop() -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                response = await request()
            except httpx.TransportError:
                errors += 1
                continue
            latencies.append((time.perf_counter() - started) * 1000)
            errors += response.status_code != 200

    await asyncio.gather(*(client_loop() for _ in range(clients)))
    return latencies, errors


async def _background_jobs(client: httpx.AsyncClient, student_id: str, stop: asyncio.Event) -> int:
    """Keep the worker busy (a job submitted every 100 ms) while the GET load runs."""
    submitted = 0
    while not stop.is_set():
        await _submit(client, student_id, 10_000 + submitted)
        submitted += 1
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.1)
    return submitted


async def run(
    database_url: str | None, jobs: int, seconds: float, clients: int
) -> dict[str, float | int | str]:
    """Run both phases, print the table; the numbers (for `python -m bench`)."""
    with tempfile.TemporaryDirectory(prefix="iepgen-bench-") as directory:
        url = database_url or f"sqlite+aiosqlite:///{directory}/bench.db"
        token = await _prepare(url)
        port = _free_port()
        started = time.perf_counter()
        async with _server(url, port) as base:
            limits = httpx.Limits(max_connections=clients + 8, max_keepalive_connections=clients)
            headers = {"Authorization": f"Bearer {token}"}
            async with httpx.AsyncClient(
                base_url=base, headers=headers, limits=limits, timeout=30
            ) as client:
                created = await client.post("/api/v1/students", json=STUDENT)
                created.raise_for_status()
                student_id = created.json()["id"]
                await client.post(f"/api/v1/students/{student_id}/assessments", json=ASSESSMENT)

                wake, finished = await _wake_latencies(client, student_id, jobs, concurrency=4)
                target = finished[-1] if finished else await _submit(client, student_id, -1)

                stop = asyncio.Event()
                feeder = asyncio.create_task(_background_jobs(client, student_id, stop))
                job_lat, job_err = await _load(
                    lambda: client.get(f"/api/v1/jobs/{target}"), clients, seconds
                )
                bare_lat, bare_err = await _load(
                    lambda: client.get("/bench/bare"), clients, seconds
                )
                stop.set()
                fed = await feeder
        elapsed = time.perf_counter() - started

    kind = "sqlite" if url.startswith("sqlite") else "postgresql"
    wake_p50, wake_p99 = _percentiles(wake)
    job_p50, job_p99 = _percentiles(job_lat)
    bare_p50, bare_p99 = _percentiles(bare_lat)
    rows = [
        ("long-poll wake-up (ms)", len(wake), wake_p50, wake_p99, "-", "-"),
        (
            f"GET job, {clients} clients (ms)",
            len(job_lat),
            job_p50,
            job_p99,
            f"{len(job_lat) / seconds:.0f}",
            str(job_err),
        ),
        (
            f"GET bare, {clients} clients (ms)",
            len(bare_lat),
            bare_p50,
            bare_p99,
            f"{len(bare_lat) / seconds:.0f}",
            str(bare_err),
        ),
    ]
    print(f"\niepgen jobs API benchmark — {kind}, offline drafter, worker in the server process")
    print(f"{'measure':<30} {'n':>6} {'p50':>9} {'p99':>9} {'req/s':>7} {'errors':>7}")
    for name, count, p50, p99, rate, errors in rows:
        print(f"{name:<30} {count:>6} {p50:>9.2f} {p99:>9.2f} {rate:>7} {errors:>7}")
    if bare_p50 and bare_p99:
        print(
            f"GET job / bare: p50 x{job_p50 / bare_p50:.2f}, p99 x{job_p99 / bare_p99:.2f}, "
            f"throughput x{len(job_lat) / max(1, len(bare_lat)):.2f}"
        )
    print(f"jobs run in the background during the GET load: {fed}; wall time {elapsed:.1f} s")
    return {
        "database": kind,
        "clients": clients,
        "wake_n": len(wake),
        "wake_p50_ms": wake_p50,
        "wake_p99_ms": wake_p99,
        "job_p50_ms": job_p50,
        "job_p99_ms": job_p99,
        "job_rps": len(job_lat) / seconds,
        "job_errors": job_err,
        "bare_p50_ms": bare_p50,
        "bare_p99_ms": bare_p99,
        "bare_rps": len(bare_lat) / seconds,
        "bare_errors": bare_err,
    }


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == [SERVER_FLAG]:
        asyncio.run(_serve(int(args[1])))
        return
    parser = argparse.ArgumentParser(prog="python -m bench.api", description=__doc__)
    parser.add_argument("--database-url", default=None, help="Default: a fresh SQLite file.")
    parser.add_argument("--jobs", type=int, default=40, help="Jobs for the wake-up latency.")
    parser.add_argument("--seconds", type=float, default=6.0, help="Each GET load phase.")
    parser.add_argument("--clients", type=int, default=64, help="Concurrent GET clients.")
    options = parser.parse_args(args)
    asyncio.run(run(options.database_url, options.jobs, options.seconds, options.clients))


if __name__ == "__main__":
    main()
