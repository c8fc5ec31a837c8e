"""Worker processes: `iepgen worker --workers N` supervises N, each one Worker on one loop.

Children are spawned (never forked: a forked child would inherit the parent's event loop
and database connections) into their own process group, so a terminal's Ctrl-C reaches
only the supervisor, which forwards it once per signal: the first stops children
gracefully, the second at once. A child whose supervisor disappears stops by itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import signal
import time
from dataclasses import asdict, dataclass
from multiprocessing.connection import wait as wait_for_sentinels
from multiprocessing.process import BaseProcess
from types import FrameType

import structlog

from iepgen.config import Settings, get_settings
from iepgen.db import create_database
from iepgen.logging import configure_logging
from iepgen.queue.handlers import HandlerRegistry, build_handler_registry
from iepgen.queue.notifier import JobNotifier
from iepgen.queue.worker import Worker, WorkerOptions

log = structlog.get_logger("iepgen.queue")

# A child that dies this soon after starting is failing at start-up: do not restart it.
_MIN_HEALTHY_SECONDS = 10.0


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
    return _supervise(count, overrides)


def run_worker_process(overrides: WorkerOverrides, parent_pid: int | None = None) -> int:
    """One worker in this process, on its own event loop."""
    settings = get_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    return asyncio.run(
        serve_worker(
            settings,
            overrides.options(settings),
            build_handler_registry(settings),
            parent_pid=parent_pid,
        )
    )


async def serve_worker(
    settings: Settings,
    options: WorkerOptions,
    handlers: HandlerRegistry,
    *,
    parent_pid: int | None = None,
) -> int:
    """The body of a worker process: engine, notifier, signal handlers, then the worker."""
    database = create_database(settings)
    notifier = JobNotifier(database)
    await notifier.start()
    worker = Worker(database, settings, handlers, notifier=notifier, options=options)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, worker.stop)
    watchdog = asyncio.create_task(_watch_parent(worker, parent_pid)) if parent_pid else None
    try:
        await worker.run()
    finally:
        if watchdog is not None:
            watchdog.cancel()
        await notifier.stop()
        await database.dispose()
    return 0


async def _watch_parent(worker: Worker, parent_pid: int) -> None:
    while True:
        await asyncio.sleep(1)
        if os.getppid() != parent_pid:
            break
    log.warning("queue.supervisor_gone", worker_id=worker.id)
    worker.stop()


def _child_main(overrides: WorkerOverrides, parent_pid: int) -> None:
    # Out of the terminal's process group: Ctrl-C goes to the supervisor, which forwards it.
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    raise SystemExit(run_worker_process(overrides, parent_pid))


def _supervise(count: int, overrides: WorkerOverrides) -> int:
    context = multiprocessing.get_context("spawn")
    stopping = False

    def spawn(index: int) -> tuple[BaseProcess, float]:
        process = context.Process(
            target=_child_main, args=(overrides, os.getpid()), name=f"iepgen-worker-{index}"
        )
        process.start()
        return process, time.monotonic()

    children = {index: spawn(index) for index in range(1, count + 1)}

    def forward(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        for process, _ in children.values():
            if process.is_alive() and process.pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(process.pid, signal.SIGTERM)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGINT)}
    exit_code = 0
    try:
        while any(process.is_alive() for process, _ in children.values()):
            wait_for_sentinels([p.sentinel for p, _ in children.values() if p.is_alive()], 1.0)
            for index, (process, started) in list(children.items()):
                if process.is_alive() or process.exitcode is None:
                    continue
                if stopping or process.exitcode == 0:
                    continue
                exit_code = 1
                if time.monotonic() - started < _MIN_HEALTHY_SECONDS:
                    log.error("queue.worker_process_failed", index=index, code=process.exitcode)
                    continue
                log.warning("queue.worker_process_restarted", index=index, code=process.exitcode)
                children[index] = spawn(index)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    for process, _ in children.values():
        process.join()
        if process.exitcode not in (0, None) and not stopping:
            exit_code = 1
    return exit_code
