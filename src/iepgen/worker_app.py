"""The worker process's composition root: `iepgen worker` and `start_async_worker.py`.

Each worker process builds its components once (`iepgen.components`: database, notifier,
provider with its limiter, breaker, cache and single-flight, handler registry), runs one
`Worker` until SIGTERM/SIGINT, and closes them in reverse order. `--workers N` runs N such
processes under the queue's supervisor.
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass

import structlog

from iepgen.components import open_components
from iepgen.config import Settings, get_settings
from iepgen.db import Database
from iepgen.generation.provider import Provider
from iepgen.logging import configure_logging
from iepgen.queue import HandlerRegistry
from iepgen.queue.process import install_stop_signals, supervise
from iepgen.queue.worker import Worker, WorkerFailed, WorkerOptions

log = structlog.get_logger("iepgen.queue")


@dataclass(frozen=True)
class WorkerOverrides:
    """Command-line values that win over settings (picklable: it crosses into children)."""

    concurrency: int | None = None
    poll_interval: float | None = None
    claim_timeout: float | None = None

    def options(self, settings: Settings) -> WorkerOptions:
        return WorkerOptions.from_settings(settings, **asdict(self))


def run_workers(count: int, overrides: WorkerOverrides) -> int:
    """Run `count` worker processes until signalled; returns the exit code."""
    if count <= 1:
        return run_worker_process(overrides)
    return supervise(count, run_worker_process, overrides)


def run_worker_process(overrides: WorkerOverrides, parent_pid: int | None = None) -> int:
    """One worker in this process, on its own event loop."""
    settings = get_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    return asyncio.run(serve_worker(settings, overrides.options(settings), parent_pid=parent_pid))


async def serve_worker(
    settings: Settings,
    options: WorkerOptions,
    *,
    handlers: HandlerRegistry | None = None,
    database: Database | None = None,
    provider: Provider | None = None,
    parent_pid: int | None = None,
) -> int:
    """Build the components, run one worker until it is stopped, close them; 1 if it failed.

    `handlers` replaces the registry built from the job definitions (benchmarks, tests).
    """
    async with open_components(
        settings, runs_jobs=True, database=database, provider=provider
    ) as components:
        registry = handlers or components.handlers
        assert registry is not None  # runs_jobs=True always builds one
        worker = Worker(
            components.database,
            settings,
            registry,
            notifier=components.notifier,
            options=options,
        )
        watchdog = install_stop_signals(worker, parent_pid)
        try:
            await worker.run()
        except WorkerFailed:
            log.error("queue.worker_failed", worker_id=worker.id)
            return 1
        finally:
            if watchdog is not None:
                watchdog.cancel()
    return 0
