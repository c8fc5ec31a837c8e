"""Each benchmark module run once, its numbers turned into report rows beside their baselines.

A benchmark prints its own table as it always does; here its returned numbers become
`Measurement`s, each paired with the baseline that module measured in the same run
(huey and procrastinate for the queue, a bare FastAPI endpoint for the API, drafting one
section after another for generation, the provider's limit for providers).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.report import BenchmarkRun, Measurement


@dataclass(frozen=True)
class Sizes:
    """How big each benchmark runs: the full sizes, or a quick pass to check the runner."""

    queue_jobs: int = 3000
    queue_latency_jobs: int = 300
    api_jobs: int = 40
    api_seconds: float = 6.0
    api_clients: int = 64
    generation_delay: float = 0.2
    generation_ieps: int = 50
    drafting_rounds: int = 20
    document_rounds: int = 5
    provider_ieps: int = 100
    soak_jobs: int = 1000
    soak_clients: int = 32
    caseload_rounds: int = 30
    progress_rows: int = 10_000
    progress_rounds: int = 3
    page_students: int = 60
    page_rounds: int = 20

    @classmethod
    def quick(cls) -> Sizes:
        return cls(
            queue_jobs=500,
            queue_latency_jobs=50,
            api_jobs=10,
            api_seconds=2.0,
            api_clients=16,
            generation_ieps=10,
            drafting_rounds=5,
            document_rounds=1,
            provider_ieps=20,
            soak_jobs=100,
            soak_clients=8,
            caseload_rounds=5,
            progress_rows=2000,
            progress_rounds=1,
            page_rounds=5,
        )


def _queue(sizes: Sizes, run: BenchmarkRun) -> None:
    from bench import queue

    results = asyncio.run(queue.main(sizes.queue_jobs, sizes.queue_latency_jobs))
    throughput = [row for row in results if "jobs_per_second" in row]
    peers = queue.best_peers(throughput)
    for row in throughput:
        if row["system"] != "iepgen":
            continue
        peer = peers.get(row["database"])
        run.measurements.append(
            Measurement(
                "queue",
                f"no-op jobs, {row['database']}, {row['processes']} x {row['slots']} slots",
                row["jobs_per_second"],
                "jobs/s",
                f"{peer['system']} {peer['processes']} x {peer['slots']} (its best)"
                if peer
                else "",
                peer["jobs_per_second"] if peer else None,
            )
        )
    for row in results:
        if "p50_ms" in row:
            for cut in ("p50", "p99"):
                run.measurements.append(
                    Measurement(
                        "queue",
                        f"enqueue-to-start {cut}, {row['path']}",
                        row[f"{cut}_ms"],
                        "ms",
                        higher_is_better=False,
                    )
                )
    locked = sum(row.get("database_is_locked", 0) for row in throughput)
    run.notes.append(f"'database is locked' in worker output: {locked} times")


def _api(sizes: Sizes, run: BenchmarkRun) -> None:
    from bench import api

    result = asyncio.run(api.run(None, sizes.api_jobs, sizes.api_seconds, sizes.api_clients))
    clients = result["clients"]
    bare = f"bare FastAPI endpoint, {clients} clients"
    run.measurements += [
        Measurement(
            "api",
            "long-poll wake-up p50",
            float(result["wake_p50_ms"]),
            "ms",
            higher_is_better=False,
        ),
        Measurement(
            "api",
            "long-poll wake-up p99",
            float(result["wake_p99_ms"]),
            "ms",
            higher_is_better=False,
        ),
    ]
    for cut in ("p50", "p99"):
        run.measurements.append(
            Measurement(
                "api",
                f"GET job {cut}, {clients} clients, worker busy",
                float(result[f"job_{cut}_ms"]),
                "ms",
                bare,
                float(result[f"bare_{cut}_ms"]),
                higher_is_better=False,
            )
        )
    run.measurements.append(
        Measurement(
            "api",
            f"GET job throughput, {clients} clients",
            float(result["job_rps"]),
            "req/s",
            bare,
            float(result["bare_rps"]),
        )
    )
    run.notes.append(f"errors: GET job {result['job_errors']}, bare {result['bare_errors']}")


def _documents(sizes: Sizes, run: BenchmarkRun) -> None:
    from bench import documents
    from rich.console import Console

    timings = documents.run(sizes.document_rounds)
    Console(width=140).print(documents.table(timings, sizes.document_rounds))
    for timing in timings:
        run.measurements.append(
            Measurement(
                "documents",
                f"{timing.name}, p95",
                timing.p95,
                "ms",
                "the target",
                documents.TARGET_MS,
                higher_is_better=False,
            )
        )
    run.notes.append("wall times; the table also shows the server's CPU time per export")


def _caseload(sizes: Sizes, run: BenchmarkRun) -> None:
    from bench import caseload
    from rich.console import Console

    results = caseload.run(sizes.caseload_rounds)
    console = Console(width=140)
    console.print(caseload.table(results, sizes.caseload_rounds))
    console.print(caseload.plan_text(results), markup=False, highlight=False)
    for result in results:
        for name, _ in caseload.REQUESTS:
            run.measurements.append(
                Measurement(
                    "caseload",
                    f"{name}, {result.database}, p95",
                    result.p(name, 0.95),
                    "ms",
                    "the target",
                    caseload.TARGET_MS,
                    higher_is_better=False,
                )
            )
    run.notes.append(
        "wall times on a shared machine (the table also shows the server's CPU time); "
        "plans: " + "; ".join(caseload.index_summary(results))
    )


def _pages(sizes: Sizes, run: BenchmarkRun) -> None:
    from bench import pages
    from rich.console import Console

    timings = pages.run(sizes.page_students, sizes.page_rounds)
    Console(width=140).print(pages.table(timings, sizes.page_students, sizes.page_rounds))
    for timing in timings:
        run.measurements.append(
            Measurement(
                "pages",
                f"{timing.page}, p95",
                timing.p95,
                "ms",
                "the target",
                pages.TARGET_MS,
                higher_is_better=False,
            )
        )
    run.notes.append(
        f"each page {sizes.page_rounds} times with a {sizes.page_students}-student caseload, "
        "in-process (ASGI), wall times on a shared machine"
    )


def _generation(sizes: Sizes, run: BenchmarkRun) -> None:
    from bench import generation
    from rich.console import Console

    rows = asyncio.run(generation.run(sizes.generation_delay, sizes.generation_ieps))
    Console(width=120).print(generation.table(rows, sizes.generation_delay))
    pipeline, sequential, many = rows
    delay_ms = sizes.generation_delay * 1000
    run.measurements += [
        Measurement(
            "generation",
            f"one IEP, wall time ({delay_ms:.0f} ms per call)",
            pipeline.wall,
            "s",
            "the same IEP drafted section by section",
            sequential.wall,
            higher_is_better=False,
        ),
        Measurement(
            "generation",
            f"{many.ieps} IEPs at once, calls in flight on average",
            many.ratio,
            "calls",
            "one IEP through the pipeline",
            pipeline.ratio,
        ),
    ]


def _drafting(sizes: Sizes, run: BenchmarkRun) -> None:
    from bench import drafting
    from rich.console import Console

    timings = drafting.run(sizes.drafting_rounds)
    Console(width=120).print(drafting.table(timings, sizes.drafting_rounds))
    _decisions, draft, check = timings
    run.measurements += [
        Measurement(
            "drafting",
            "offline draft of a whole IEP, p95",
            draft.p95,
            "ms",
            "the target",
            drafting.DRAFT_TARGET_MS,
            higher_is_better=False,
        ),
        Measurement(
            "drafting",
            "checker on a whole IEP, p95",
            check.p95,
            "ms",
            "the target",
            drafting.CHECK_TARGET_MS,
            higher_is_better=False,
        ),
    ]


def _providers(sizes: Sizes, run: BenchmarkRun) -> None:
    from bench import providers
    from rich.console import Console

    options = providers.parse(["--ieps", str(sizes.provider_ieps)])
    with tempfile.TemporaryDirectory(prefix="iepgen-bench-providers-") as directory:
        result = asyncio.run(providers.run(options, Path(directory)))
    Console(width=120).print(providers.table(options, result))
    run.measurements.append(
        Measurement(
            "providers",
            f"{options.ieps} IEPs via fake Gemini: achieved call rate",
            result["achieved_rate"],
            "calls/s",
            "the provider's request limit",
            result["limit_rate"],
            matches_baseline=True,
        )
    )
    run.notes.append(
        f"429s {result['rejected_429']}, completed {result['completed']}/{result['jobs']}, "
        f"failed {result['failed']}, busiest window {result['busiest_window']}/{options.limit}"
    )


def _soak(sizes: Sizes, run: BenchmarkRun) -> None:
    from bench import soak
    from rich.console import Console

    options = soak.Options(jobs=sizes.soak_jobs, clients=sizes.soak_clients)
    result = asyncio.run(soak.run(options))
    Console(width=120).print(soak.table(result))
    label = f"{options.jobs} IEP jobs, {options.workers} workers, {options.clients} clients"
    run.measurements += [
        Measurement("soak", f"{label}: throughput", result["jobs_per_second"], "jobs/s"),
        Measurement(
            "soak", "API read p50 under load", result["read_p50_ms"], "ms", higher_is_better=False
        ),
        Measurement(
            "soak", "API read p99 under load", result["read_p99_ms"], "ms", higher_is_better=False
        ),
        Measurement(
            "soak",
            "worker process peak RSS (largest)",
            max(result["worker_rss_mib"], default=float("nan")),
            "MiB",
            higher_is_better=False,
        ),
    ]
    run.notes.append(
        f"every job completed exactly once: {'yes' if result['exactly_once'] else 'NO'} "
        f"({result['completed']}/{result['jobs']}, {result['ieps']} IEPs); "
        f"API errors {result['errors']} of {result['requests']} requests"
    )


def _progress(sizes: Sizes, run: BenchmarkRun) -> None:
    from bench import progress
    from rich.console import Console

    timings = progress.run(sizes.progress_rows, sizes.progress_rounds)
    Console(width=120).print(progress.table(timings, sizes.progress_rounds))
    for timing in timings:
        run.measurements.append(
            Measurement(
                "progress",
                f"{timing.rows:,}-row progress CSV {timing.step}, {timing.database}",
                timing.median,
                "s",
                "the target",
                progress.TARGET_S,
                higher_is_better=False,
            )
        )
        run.measurements.append(
            Measurement(
                "progress",
                f"progress CSV {timing.step} rate, {timing.database}",
                timing.rows_per_second,
                "rows/s",
            )
        )


SUITES: dict[str, Callable[[Sizes, BenchmarkRun], None]] = {
    "drafting": _drafting,
    "documents": _documents,
    "caseload": _caseload,
    "pages": _pages,
    "generation": _generation,
    "queue": _queue,
    "api": _api,
    "providers": _providers,
    "soak": _soak,
    "progress": _progress,
}


def run_suite(name: str, sizes: Sizes) -> BenchmarkRun:
    """Run one benchmark; a failure is recorded in its row instead of ending the whole run."""
    result = BenchmarkRun(name)
    started = time.perf_counter()
    try:
        SUITES[name](sizes, result)
    except Exception as exc:  # a benchmark that breaks must not hide the others' numbers
        result.error = f"{type(exc).__name__}: {exc}"
    result.seconds = time.perf_counter() - started
    return result
