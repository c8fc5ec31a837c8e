"""What one process builds once at start-up, passes down, and closes on shutdown.

Both composition roots use it: the API process (`iepgen.app`) and worker processes
(`iepgen.worker_app`). The database, the notifier, the provider (with its rate limiter,
circuit breaker, cache and single-flight) and the handler registry exist once per process;
nothing below this module builds any of them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from iepgen.config import Settings
from iepgen.db import Database, create_database
from iepgen.generation.provider import Provider
from iepgen.jobs.definitions import JOB_DEFINITIONS
from iepgen.llm.factory import build_provider, close_provider
from iepgen.queue import SELFCHECK_JOB_TYPE, HandlerRegistry, JobNotifier, run_selfcheck_job


def build_handlers(provider: Provider) -> HandlerRegistry:
    """Every job type this system runs, each handler drafting with `provider`."""
    registry = HandlerRegistry()
    registry.register(SELFCHECK_JOB_TYPE, run_selfcheck_job)
    for definition in JOB_DEFINITIONS.values():
        registry.register(definition.job_type, definition.handler(provider))
    return registry


@dataclass(frozen=True)
class Components:
    """The long-lived parts of one process."""

    settings: Settings
    database: Database
    notifier: JobNotifier
    # Only in a process that runs jobs (a worker process, `iepgen serve` with its worker).
    provider: Provider | None
    handlers: HandlerRegistry | None


@asynccontextmanager
async def open_components(
    settings: Settings,
    *,
    runs_jobs: bool,
    database: Database | None = None,
    provider: Provider | None = None,
) -> AsyncIterator[Components]:
    """Build what the process needs; close, in reverse order, what was built here.

    A `database` or `provider` passed in (tests, benchmarks) belongs to the caller and is
    left open.
    """
    owned_database = database is None
    db = database or create_database(settings)
    notifier = JobNotifier(db)
    owned_provider = False
    try:
        await notifier.start()
        if runs_jobs and provider is None:
            provider = build_provider(settings, db)
            owned_provider = True
        handlers = build_handlers(provider) if runs_jobs and provider is not None else None
        yield Components(
            settings=settings,
            database=db,
            notifier=notifier,
            provider=provider if runs_jobs else None,
            handlers=handlers,
        )
    finally:
        if owned_provider and provider is not None:
            await close_provider(provider)
        await notifier.stop()
        if owned_database:
            await db.dispose()
