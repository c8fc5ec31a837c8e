"""One attempt at one job: run its handler, then complete, retry, snooze, fail or release it.

Every write is fenced by the claim (`fence`), retried while the database is away and the
lease lasts, and never interrupted once the handler has returned: from then on only our
own short writes run, and a half-sent commit helps nobody.
"""

from __future__ import annotations

import asyncio
import time
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal, TypeVar

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.db.base import utcnow
from iepgen.queue import fence
from iepgen.queue.backoff import Backoff
from iepgen.queue.claim import ClaimedJob
from iepgen.queue.completion import CompletionBatcher
from iepgen.queue.connectivity import is_connection_error
from iepgen.queue.handlers import HandlerRegistry, JobContext, WriteOutput
from iepgen.queue.metrics import observe_job
from iepgen.queue.options import WorkerOptions
from iepgen.queue.outcomes import Outcome, classify, final_message, timeout_outcome

log = structlog.get_logger("iepgen.queue")

StopReason = Literal["cancel_requested", "shutdown", "lease_lost"]
T = TypeVar("T")
Transaction = Callable[[Callable[[AsyncSession], Awaitable[Any]]], Awaitable[Any]]


@dataclass(eq=False)
class Running:
    """A job this worker holds, and the task running it."""

    job: ClaimedJob
    claim: fence.Claim
    lease_until: datetime
    task: asyncio.Task[None] | None = None
    # Set while the handler runs: only then is an interrupt a cancellation of the task.
    in_handler: bool = False
    # Set once the handler has returned or failed: only our own writes run from then on.
    finishing: bool = False
    stop_reason: StopReason | None = None
    started: float = field(default_factory=time.monotonic)

    @classmethod
    def of(cls, job: ClaimedJob, worker_id: str, lease_seconds: float) -> Running:
        lease_until = utcnow() + timedelta(seconds=lease_seconds)
        return cls(job, fence.Claim(job.id, worker_id, job.attempts), lease_until)

    def interrupt(self, reason: StopReason) -> None:
        """Stop the handler (once); a job already writing its outcome is left to finish.

        A task cancelled before its first step never runs a line of its coroutine, so a
        job whose handler has not begun is not cancelled: it sees `stop_reason` first.
        """
        if self.finishing or self.stop_reason is not None:
            return
        self.stop_reason = reason
        if self.in_handler and self.task is not None:
            self.task.cancel()

    def seconds(self) -> float:
        return time.monotonic() - self.started


@dataclass
class Attempt:
    """How this worker runs a job it claimed; shared by all of its jobs."""

    database: Database
    settings: Settings
    handlers: HandlerRegistry
    options: WorkerOptions
    backoff: Backoff
    worker_id: str
    transaction: Transaction
    completions: CompletionBatcher
    on_completed: Callable[[], None]

    async def run(self, running: Running) -> None:
        job = running.job
        context = JobContext(
            job_id=job.id,
            job_type=job.job_type,
            payload=job.payload,
            attempt=job.attempts,
            created_by=job.created_by,
            database=self.database,
            settings=self.settings,
            claimed_by=self.worker_id,
            run_write=self.transaction,
        )
        handler = self.handlers.get(job.job_type)
        if running.stop_reason is not None:  # interrupted before it began
            running.finishing = True
            await self._after_interrupt(running)
            return
        running.in_handler = True
        try:
            async with asyncio.timeout(self.options.job_timeout) as deadline:
                write_output = await handler(context)
        except asyncio.CancelledError:
            running.in_handler, running.finishing = False, True
            if running.stop_reason is None:
                raise
            current = asyncio.current_task()
            if current is not None:
                current.uncancel()
            await self._after_interrupt(running)
            return
        except Exception as exc:
            running.in_handler, running.finishing = False, True
            expired = isinstance(exc, TimeoutError) and deadline.expired()
            outcome = timeout_outcome(self.options.job_timeout) if expired else classify(exc)
            await self._settle(running, outcome, exc)
            return
        running.in_handler, running.finishing = False, True
        await self._complete(running, write_output)

    async def _complete(self, running: Running, write_output: WriteOutput) -> None:
        try:
            result = await self._retrying(
                running, lambda: self.completions.complete(running.claim, write_output)
            )
        except Exception as exc:  # the output writer refused (e.g. the student was deleted)
            await self._settle(running, classify(exc), exc)
            return
        if result == "completed":
            self.on_completed()
            _observe(running, "completed")
            log.debug("queue.job_completed", job_id=running.job.id, seconds=running.seconds())
        elif result == "cancelled":
            _observe(running, "cancelled")
            log.info("queue.job_cancelled", job_id=running.job.id)
        elif result == "lost":
            log.warning("queue.lease_lost", job_id=running.job.id, during="complete")

    async def _after_interrupt(self, running: Running) -> None:
        job_id = running.job.id
        if running.stop_reason == "cancel_requested":
            await self._write(running, lambda s: fence.mark_cancelled(s, running.claim))
            _observe(running, "cancelled")
            log.info("queue.job_cancelled", job_id=job_id)
        elif running.stop_reason == "shutdown":
            await self._write(running, lambda s: fence.release(s, running.claim))
            log.info("queue.job_released", job_id=job_id)
        else:
            log.warning("queue.lease_lost", job_id=job_id, during="run")

    async def _settle(self, running: Running, outcome: Outcome, exc: Exception) -> None:
        job, claim = running.job, running.claim
        fields = {"job_id": job.id, "error_type": outcome.error_type, "error": type(exc).__name__}
        if outcome.kind == "snooze":
            await self._write(
                running,
                lambda s: fence.snooze(
                    s, claim, delay_seconds=outcome.delay_seconds, reason=outcome.message
                ),
            )
            _observe(running, "snoozed")
            log.info("queue.job_snoozed", delay=round(outcome.delay_seconds, 3), **fields)
        elif outcome.kind == "retry" and job.attempts < job.max_attempts:
            delay = self.backoff.delay(job.attempts)
            last_error = f"{outcome.error_type}: {outcome.message}"
            await self._write(
                running,
                lambda s: fence.retry_later(s, claim, delay_seconds=delay, last_error=last_error),
            )
            _observe(running, "retry")
            log.info("queue.job_retry", attempt=job.attempts, delay=round(delay, 3), **fields)
        else:
            message = (
                final_message(outcome, job.attempts) if outcome.kind == "retry" else outcome.message
            )
            await self._write(
                running,
                lambda s: fence.fail(s, claim, error_type=outcome.error_type, message=message),
            )
            _observe(running, "failed")
            log.warning("queue.job_failed", attempt=job.attempts, **fields)
        if outcome.error_type == "internal_error":
            # A bug: where it happened, but not the message (it may quote a student's data).
            log.error("queue.handler_error", where=where(exc), **fields)

    async def _write(
        self, running: Running, work: Callable[[AsyncSession], Awaitable[T]]
    ) -> T | None:
        """Commit a fenced change, retrying while the database is away and our lease lasts."""
        result: T | None = await self._retrying(running, lambda: self.transaction(work))
        return result

    async def _retrying(self, running: Running, attempt: Callable[[], Awaitable[T]]) -> T | None:
        backoff = 0.1
        while True:
            try:
                return await attempt()
            except Exception as exc:
                if not is_connection_error(exc):
                    raise
                if utcnow() >= running.lease_until:
                    # Another worker will rescue and rerun the job; our write is moot.
                    log.warning("queue.write_abandoned", job_id=running.job.id)
                    return None
                log.warning("queue.database_unavailable", during="finish", retry_in=backoff)
                await asyncio.sleep(backoff)
                backoff = min(2.0, backoff * 2)


def _observe(running: Running, outcome: str) -> None:
    observe_job(running.job.job_type, outcome, running.seconds())


def where(exc: BaseException) -> str:
    """The innermost frames of a traceback as file:line, without the exception's message."""
    frames = traceback.extract_tb(exc.__traceback__)[-3:]
    return " < ".join(f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}" for frame in frames)
