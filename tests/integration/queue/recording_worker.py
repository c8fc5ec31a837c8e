"""A worker process for the multi-process tests: its handler records every execution.

    python -m tests.integration.queue.recording_worker --database-url URL --record FILE

Each handler run appends "<job id> <pid>" to FILE (O_APPEND: lines never interleave),
and each completion inserts a row into `queue_test_outputs` inside the completion's
transaction, so a test can count runs and outputs per job.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings
from iepgen.logging import configure_logging
from iepgen.queue import HandlerRegistry, JobContext, WriteOutput
from iepgen.queue.worker import WorkerOptions
from iepgen.worker_app import serve_worker

OUTPUTS_DDL = "CREATE TABLE IF NOT EXISTS queue_test_outputs (job_id VARCHAR(36), pid INTEGER)"


def recording_handlers(record_path: str, sleep_seconds: float) -> HandlerRegistry:
    fd = os.open(record_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    pid = os.getpid()

    async def record(context: JobContext) -> WriteOutput:
        os.write(fd, f"{context.job_id} {pid}\n".encode())
        seconds = float(context.payload.get("sleep", sleep_seconds))
        if context.attempt == 1:
            seconds += float(context.payload.get("first_attempt_sleep", 0))
        if seconds:
            await asyncio.sleep(seconds)

        async def write(session: AsyncSession) -> dict[str, Any]:
            await session.execute(
                text("INSERT INTO queue_test_outputs (job_id, pid) VALUES (:job_id, :pid)"),
                {"job_id": context.job_id, "pid": pid},
            )
            return {"pid": pid}

        return write

    registry = HandlerRegistry()
    registry.register("record", record)
    return registry


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--record", required=True)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--claim-timeout", type=float, default=2.0)
    parser.add_argument("--poll-interval", type=float, default=0.5)
    parser.add_argument("--sleep", type=float, default=0.0)
    parser.add_argument("--grace", type=float, default=10.0)
    args = parser.parse_args()
    settings = Settings(
        environment="test",
        database_url=args.database_url,
        llm_provider="offline",
        claim_timeout=args.claim_timeout,
        poll_interval=args.poll_interval,
        shutdown_grace_seconds=args.grace,
        retry_base_seconds=0.05,
        retry_max_seconds=0.2,
        log_level="INFO",
    )
    configure_logging(settings.log_level)
    options = WorkerOptions.from_settings(settings, concurrency=args.concurrency)
    handlers = recording_handlers(args.record, args.sleep)
    raise SystemExit(asyncio.run(serve_worker(settings, options, handlers=handlers)))


if __name__ == "__main__":
    main()
