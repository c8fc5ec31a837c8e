"""One IEP through a real local model beside the same IEP through the offline drafter.

    python -m bench.local_model [--threads 2] [--max-output-tokens 512]

Starts llama-cpp-python's OpenAI-compatible server with SmolLM2-135M-Instruct on
127.0.0.1 (`make test-llm-local` installs both; see tests/local_model/), then runs one
`iep_generation` job for one fictional student through a real worker twice: with the
offline drafter, and with the server (negotiating its structured-output mode first, as
`iepgen llm check` does). Printed: wall time, provider calls, output repairs (an answer
asked again), checker repairs, tokens, sections drafted and failed. Nothing is asserted;
the model is tiny, so what it writes is not the point: what one IEP costs on a CPU is.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.providers import add_students
from rich.console import Console
from rich.table import Table
from tests.local_model.server import local_model_server

from iepgen.components import build_handlers
from iepgen.config import Settings
from iepgen.db import Database, create_database
from iepgen.db.migrate import upgrade
from iepgen.llm.check import check_provider
from iepgen.llm.factory import build_provider, close_provider
from iepgen.logging import configure_logging
from iepgen.models import IEP, Job
from iepgen.queue import enqueue
from iepgen.queue.worker import Worker, WorkerOptions
from iepgen.templates.service import ensure_builtin_templates

FINAL = ("completed", "failed", "cancelled")


@dataclass(frozen=True)
class Measured:
    label: str
    status: str
    seconds: float
    result: dict[str, Any]
    repaired: list[str]
    mode: str


async def one_iep(database: Database, settings: Settings, teacher: str, student: str) -> Job:
    async with database.transaction() as session:
        job, _ = await enqueue(
            session,
            job_type="iep_generation",
            payload={
                "student_id": student,
                "template_id": "idea-standard",
                "academic_year": "2025-2026",
                "include_previous_ieps": True,
                "include_assessments": True,
            },
            created_by=teacher,
            settings=settings,
        )
        job_id = job.id
    provider = build_provider(settings, database)
    worker = Worker(
        database,
        settings,
        build_handlers(provider),
        options=WorkerOptions.from_settings(settings, concurrency=1),
    )
    task = asyncio.create_task(worker.run())
    try:
        while True:
            async with database.read() as session:
                found = await session.get(Job, job_id)
                assert found is not None
                if found.status in FINAL:
                    return found
            await asyncio.sleep(0.5)
    finally:
        worker.stop()
        await asyncio.wait_for(task, timeout=60)
        await close_provider(provider)


async def measure(label: str, settings: Settings, teacher: str, student: str) -> Measured:
    database = create_database(settings)
    try:
        mode = "-"
        if settings.resolved_provider == "openai":
            check = await check_provider(settings)
            modes = check.structured_output or {}
            mode = str(modes.get("mode", "-"))
        started = time.perf_counter()
        job = await one_iep(database, settings, teacher, student)
        seconds = time.perf_counter() - started
        result = job.result or {}
        repaired: list[str] = []
        if result.get("iep_id"):
            async with database.read() as session:
                iep = await session.get(IEP, result["iep_id"])
                repaired = list((iep.generated_with if iep else {}).get("repaired_sections", []))
        return Measured(label, job.status, seconds, result, repaired, mode)
    finally:
        await database.dispose()


async def run(threads: int, max_output_tokens: int, directory: Path) -> list[Measured]:
    database_url = f"sqlite+aiosqlite:///{directory / 'bench.db'}"
    await upgrade(database_url)
    base: dict[str, Any] = {
        "environment": "development",
        "database_url": database_url,
        "poll_interval": 0.2,
        "job_timeout_seconds": 7200.0,
    }
    offline = Settings.model_validate({**base, "llm_provider": "offline"})
    database = create_database(offline)
    try:
        async with database.transaction() as session:
            await ensure_builtin_templates(session)
        teacher, students = await add_students(database, 1)
    finally:
        await database.dispose()
    rows = [await measure("offline drafter", offline, teacher, students[0])]
    with local_model_server(threads) as server:
        local = Settings.model_validate(
            {
                **base,
                "llm_provider": "openai",
                "openai_base_url": server.base_url,
                "openai_model": server.model,
                "llm_timeout_seconds": 900.0,
                "llm_max_concurrency": 1,
                "llm_max_output_tokens": max_output_tokens,
                "llm_cache_enabled": False,
            }
        )
        rows.append(
            await measure(f"{server.model} (llama-cpp-python)", local, teacher, students[0])
        )
    return rows


def table(rows: list[Measured], threads: int, max_output_tokens: int) -> Table:
    out = Table(
        title=(
            "One IEP (11 sections), one fictional student: offline drafter vs a real local "
            f"model on the CPU ({threads} threads, at most {max_output_tokens} output tokens "
            "per answer)"
        )
    )
    for column in (
        "provider",
        "job",
        "mode",
        "wall s",
        "calls",
        "output repairs",
        "checker repairs",
        "prompt tokens",
        "output tokens",
        "drafted",
        "failed",
        "checker passed",
    ):
        out.add_column(column, justify="left" if column in ("provider", "job", "mode") else "right")
    for row in rows:
        result = row.result
        out.add_row(
            row.label,
            row.status,
            row.mode,
            f"{row.seconds:.1f}",
            str(result.get("llm_calls", 0)),
            str(result.get("output_repairs", 0)),
            str(len(row.repaired)),
            str(result.get("prompt_tokens", 0)),
            str(result.get("output_tokens", 0)),
            str(result.get("sections_generated", 0)),
            str(len(result.get("sections_failed", {}))),
            str(result.get("compliance_passed", "-")),
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=2, help="llama.cpp threads")
    parser.add_argument("--max-output-tokens", type=int, default=512)
    args = parser.parse_args(argv)
    configure_logging("WARNING")
    with tempfile.TemporaryDirectory(prefix="iepgen-bench-local-") as directory:
        rows = asyncio.run(run(args.threads, args.max_output_tokens, Path(directory)))
    Console(width=160).print(table(rows, args.threads, args.max_output_tokens))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
