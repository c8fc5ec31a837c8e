"""Supervising N worker processes: spawn, forward signals, restart the ones that crash.

Children are spawned (never forked: a forked child would inherit the parent's event loop
and database connections) into their own process group, so a terminal's Ctrl-C reaches
only the supervisor, which forwards it once per signal: the first stops children
gracefully, the second at once. What a child runs is the caller's (`iepgen.worker_app`):
the supervisor only needs a picklable function that returns an exit code.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from multiprocessing.connection import wait as wait_for_sentinels
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any

import structlog

from iepgen.queue.worker import Worker

log = structlog.get_logger("iepgen.queue")

# A child that dies this soon after starting is failing at start-up: do not restart it.
_MIN_HEALTHY_SECONDS = 10.0

# Runs one worker process: called in the child with the supervisor's pid; returns its code.
ChildMain = Callable[[Any, int], int]


def install_stop_signals(worker: Worker, parent_pid: int | None) -> asyncio.Task[None] | None:
    """SIGTERM/SIGINT stop `worker` (twice: at once); with a supervisor, its loss does too."""
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, worker.stop)
    if parent_pid is None:
        return None
    return asyncio.create_task(_watch_parent(worker, parent_pid), name="iepgen-parent-watch")


async def _watch_parent(worker: Worker, parent_pid: int) -> None:
    while True:
        await asyncio.sleep(1)
        if os.getppid() != parent_pid:
            break
    log.warning("queue.supervisor_gone", worker_id=worker.id)
    worker.stop()


def _child(main: ChildMain, argument: Any, parent_pid: int) -> None:
    # Out of the terminal's process group: Ctrl-C goes to the supervisor, which forwards it.
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    raise SystemExit(main(argument, parent_pid))


def supervise(count: int, main: ChildMain, argument: Any) -> int:
    """Run `main(argument, supervisor_pid)` in `count` processes until signalled."""
    context = multiprocessing.get_context("spawn")
    stopping = False

    def spawn(index: int) -> tuple[BaseProcess, float]:
        process = context.Process(
            target=_child, args=(main, argument, os.getpid()), name=f"iepgen-worker-{index}"
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
