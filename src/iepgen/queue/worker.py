"""The worker: claims jobs into free slots, runs them, heartbeats, rescues, shuts down gently.

One `Worker` per process runs up to `concurrency` jobs at once on one event loop. Its
loops: claiming (woken by notifications, freed slots and the poll interval), the
heartbeat (renews every lease in one UPDATE, rescues expired ones, cleans up on a
schedule) and a cancel watch (a cheap read each second, so a cancel lands in seconds).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import random
import time
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal, TypeVar

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.db.base import utcnow
from iepgen.queue import fence, leases, registry
from iepgen.queue.claim import ClaimedJob, claim_jobs
from iepgen.queue.cleanup import run_cleanup
from iepgen.queue.completion import CompletionBatcher
from iepgen.queue.connectivity import is_connection_error
from iepgen.queue.handlers import HandlerRegistry, JobContext, WriteOutput
from iepgen.queue.metrics import observe_job
from iepgen.queue.notifier import JobNotifier
from iepgen.queue.outcomes import Outcome, classify, final_message, timeout_outcome
from iepgen.queue.retry import RetryPolicy

log = structlog.get_logger("iepgen.queue")

StopReason = Literal["cancel_requested", "shutdown", "lease_lost"]
T = TypeVar("T")


@dataclass(frozen=True)
class WorkerOptions:
    """The numbers a worker runs by (all from settings unless the CLI overrides them)."""

    concurrency: int
    poll_interval: float
    claim_timeout: float
    job_timeout: float
    shutdown_grace: float
    job_retention_days: int = 30
    archive_retention_days: int = 365
    cancel_check_interval: float = 1.0
    cleanup_interval: float = 3600.0

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        concurrency: int | None = None,
        poll_interval: float | None = None,
        claim_timeout: float | None = None,
    ) -> WorkerOptions:
        return cls(
            concurrency=concurrency or settings.worker_concurrency,
            poll_interval=poll_interval or settings.poll_interval,
            claim_timeout=claim_timeout or settings.claim_timeout,
            job_timeout=settings.job_timeout_seconds,
            shutdown_grace=settings.shutdown_grace_seconds,
            job_retention_days=settings.job_retention_days,
            archive_retention_days=settings.archive_retention_days,
        )

    @property
    def heartbeat_interval(self) -> float:
        return self.claim_timeout / 4


@dataclass(eq=False)
class _Running:
    job: ClaimedJob
    claim: fence.Claim
    lease_until: datetime
    task: asyncio.Task[None] | None = None
    # Set once the handler has returned or failed: from then on only our own writes run,
    # and they are never interrupted (a half-sent commit helps nobody).
    finishing: bool = False
    stop_reason: StopReason | None = None
    started: float = field(default_factory=time.monotonic)


class Worker:
    """Runs jobs from the queue until `stop()`; a second `stop()` stops at once."""

    def __init__(
        self,
        database: Database,
        settings: Settings,
        handlers: HandlerRegistry,
        *,
        notifier: JobNotifier | None = None,
        options: WorkerOptions | None = None,
        worker_id: str | None = None,
    ) -> None:
        self.database = database
        self.settings = settings
        self.handlers = handlers
        self.options = options or WorkerOptions.from_settings(settings)
        self.id = worker_id or registry.new_worker_id()
        self.retry_policy = RetryPolicy.from_settings(settings)
        self._notifier = notifier
        self._running: dict[str, _Running] = {}
        self._stopping = asyncio.Event()
        self._aborting = asyncio.Event()
        self._slot_freed = asyncio.Event()
        self._status = "running"
        self.jobs_completed = 0
        # SQLite has one writer: queue this process's writes here rather than in the
        # busy handler, which sleeps in steps and would add latency to every commit.
        self._write_lock: asyncio.Lock | None = asyncio.Lock() if database.is_sqlite else None
        # Slots promised to claims in flight (the claim loop's or a completion's refill).
        self._reserved = 0
        self._refill_reserved = 0
        self._completions = CompletionBatcher(
            self._transaction, refill=self._refill, start=self._refilled
        )
        self._next_cleanup = time.monotonic() + random.uniform(0, self.options.cleanup_interval)

    # Control -----------------------------------------------------------------------
    @property
    def in_flight(self) -> list[str]:
        return list(self._running)

    def stop(self) -> None:
        """Stop claiming and drain; called again, stop at once (leases keep that safe)."""
        if self._stopping.is_set():
            self._aborting.set()
        self._stopping.set()

    def stop_now(self) -> None:
        self._stopping.set()
        self._aborting.set()

    async def run(self) -> None:
        owns_notifier = self._notifier is None
        notifier = self._notifier or JobNotifier(self.database)
        if owns_notifier:
            await notifier.start()
        work = notifier.work_event()
        background: list[asyncio.Task[None]] = []
        try:
            if not await self._register():
                return
            log.info(
                "queue.worker_started",
                worker_id=self.id,
                concurrency=self.options.concurrency,
                job_types=list(self.handlers.job_types),
            )
            background = [
                asyncio.create_task(self._heartbeat_loop(work), name="iepgen-heartbeat"),
                asyncio.create_task(self._cancel_watch_loop(), name="iepgen-cancel-watch"),
            ]
            await self._claim_loop(work)
            await self._drain()
        finally:
            for task in background:
                task.cancel()
            for task in background:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await self._mark_stopped()
            notifier.drop_work_event(work)
            if owns_notifier:
                await notifier.stop()
            log.info("queue.worker_stopped", worker_id=self.id, completed=self.jobs_completed)

    # Database access ---------------------------------------------------------------
    async def _transaction(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        if self._write_lock is None:
            async with self.database.transaction() as session:
                return await work(session)
        async with self._write_lock, self.database.transaction() as session:
            return await work(session)

    async def _register(self) -> bool:
        """Add our registry row, waiting out a database that is not there yet."""
        backoff = 0.2
        while not self._stopping.is_set():
            try:
                await self._transaction(
                    lambda s: registry.register(
                        s, worker_id=self.id, concurrency=self.options.concurrency, now=utcnow()
                    )
                )
                return True
            except Exception as exc:
                if not is_connection_error(exc):
                    raise
                log.warning("queue.database_unavailable", during="register", retry_in=backoff)
                await self._pause(backoff)
                backoff = min(5.0, backoff * 2)
        return False

    async def _mark_stopped(self) -> None:
        with contextlib.suppress(Exception):
            async with asyncio.timeout(5):
                await self._transaction(
                    lambda s: registry.mark_stopped(
                        s, worker_id=self.id, jobs_completed=self.jobs_completed, now=utcnow()
                    )
                )

    async def _pause(self, seconds: float, event: asyncio.Event | None = None) -> None:
        """Sleep up to `seconds`; return early on `event` or when stopping."""
        waits = [asyncio.ensure_future(self._stopping.wait())]
        if event is not None:
            waits.append(asyncio.ensure_future(event.wait()))
        try:
            await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waits:
                waiter.cancel()

    # Claiming ----------------------------------------------------------------------
    async def _claim_loop(self, work: asyncio.Event) -> None:
        backoff = 0.2
        while not self._stopping.is_set():
            free = self._free_slots()
            if free <= 0:
                self._slot_freed.clear()
                await self._pause(self.options.poll_interval, self._slot_freed)
                continue
            work.clear()
            self._reserved += free
            try:
                jobs = await self._transaction(functools.partial(self._claim, limit=free))
            except Exception as exc:
                self._reserved -= free
                if not is_connection_error(exc):
                    log.error("queue.claim_failed", error=type(exc).__name__, where=_where(exc))
                else:
                    log.warning("queue.database_unavailable", during="claim", retry_in=backoff)
                await self._pause(backoff)
                backoff = min(5.0, backoff * 2)
                continue
            backoff = 0.2
            self._start_all(jobs)
            self._reserved -= free
            if len(jobs) < free:
                await self._pause(self.options.poll_interval, work)

    async def _claim(self, session: AsyncSession, limit: int) -> list[ClaimedJob]:
        return await claim_jobs(
            session,
            worker_id=self.id,
            limit=limit,
            job_types=self.handlers.job_types,
            now=utcnow(),
            lease_seconds=self.options.claim_timeout,
        )

    def _free_slots(self) -> int:
        """Slots neither running a job nor promised to a claim in flight."""
        return self.options.concurrency - len(self._running) - self._reserved

    async def _refill(self, session: AsyncSession, finishing: int) -> list[ClaimedJob]:
        """Claim for the slots `finishing` completions free, unless we are stopping."""
        free = 0 if self._stopping.is_set() else self._free_slots() + finishing
        if free <= 0:
            return []
        self._reserved += free
        self._refill_reserved += free
        return await self._claim(session, free)

    def _refilled(self, jobs: list[ClaimedJob]) -> None:
        """A refill's transaction ended: start what it claimed (nothing if it failed)."""
        self._start_all(jobs)
        self._reserved -= self._refill_reserved
        self._refill_reserved = 0

    def _start_all(self, jobs: list[ClaimedJob]) -> None:
        for job in jobs:
            self._start(job)

    def _start(self, job: ClaimedJob) -> None:
        lease_until = utcnow() + timedelta(seconds=self.options.claim_timeout)
        running = _Running(job, fence.Claim(job.id, self.id, job.attempts), lease_until)
        self._running[job.id] = running
        running.task = asyncio.create_task(self._execute(running), name=f"job-{job.id}")
        running.task.add_done_callback(lambda _task: self._finished(running))

    def _finished(self, running: _Running) -> None:
        if self._running.get(running.job.id) is running:
            del self._running[running.job.id]
        self._slot_freed.set()

    def _interrupt(self, running: _Running, reason: StopReason) -> None:
        if running.finishing or running.stop_reason is not None or running.task is None:
            return
        running.stop_reason = reason
        running.task.cancel()

    # Running one job ---------------------------------------------------------------
    async def _execute(self, running: _Running) -> None:
        job = running.job
        context = JobContext(
            job_id=job.id,
            job_type=job.job_type,
            payload=job.payload,
            attempt=job.attempts,
            created_by=job.created_by,
            database=self.database,
            settings=self.settings,
            claimed_by=self.id,
            run_write=self._transaction,
        )
        handler = self.handlers.get(job.job_type)
        try:
            async with asyncio.timeout(self.options.job_timeout) as deadline:
                write_output = await handler(context)
        except asyncio.CancelledError:
            running.finishing = True
            if running.stop_reason is None:
                raise
            current = asyncio.current_task()
            if current is not None:
                current.uncancel()
            await self._after_interrupt(running)
            return
        except Exception as exc:
            running.finishing = True
            expired = isinstance(exc, TimeoutError) and deadline.expired()
            outcome = timeout_outcome(self.options.job_timeout) if expired else classify(exc)
            await self._settle(running, outcome, exc)
            return
        running.finishing = True
        await self._complete(running, write_output)

    async def _complete(self, running: _Running, write_output: WriteOutput) -> None:
        try:
            result = await self._retrying(
                running, lambda: self._completions.complete(running.claim, write_output)
            )
        except Exception as exc:  # the output writer refused (e.g. the student was deleted)
            await self._settle(running, classify(exc), exc)
            return
        if result == "completed":
            self.jobs_completed += 1
            self._observe(running, "completed")
            log.debug("queue.job_completed", job_id=running.job.id, seconds=_since(running))
        elif result == "cancelled":
            self._observe(running, "cancelled")
            log.info("queue.job_cancelled", job_id=running.job.id)
        elif result == "lost":
            log.warning("queue.lease_lost", job_id=running.job.id, during="complete")

    async def _after_interrupt(self, running: _Running) -> None:
        job_id = running.job.id
        if running.stop_reason == "cancel_requested":
            await self._write(running, lambda s: fence.mark_cancelled(s, running.claim))
            self._observe(running, "cancelled")
            log.info("queue.job_cancelled", job_id=job_id)
        elif running.stop_reason == "shutdown":
            await self._write(running, lambda s: fence.release(s, running.claim))
            log.info("queue.job_released", job_id=job_id)
        else:
            log.warning("queue.lease_lost", job_id=job_id, during="run")

    async def _settle(self, running: _Running, outcome: Outcome, exc: Exception) -> None:
        job, claim = running.job, running.claim
        fields = {"job_id": job.id, "error_type": outcome.error_type, "error": type(exc).__name__}
        if outcome.kind == "snooze":
            await self._write(
                running,
                lambda s: fence.snooze(
                    s, claim, delay_seconds=outcome.delay_seconds, reason=outcome.message
                ),
            )
            self._observe(running, "snoozed")
            log.info("queue.job_snoozed", delay=round(outcome.delay_seconds, 3), **fields)
        elif outcome.kind == "retry" and job.attempts < job.max_attempts:
            delay = self.retry_policy.backoff(job.attempts)
            last_error = f"{outcome.error_type}: {outcome.message}"
            await self._write(
                running,
                lambda s: fence.retry_later(s, claim, delay_seconds=delay, last_error=last_error),
            )
            self._observe(running, "retry")
            log.info("queue.job_retry", attempt=job.attempts, delay=round(delay, 3), **fields)
        else:
            message = (
                final_message(outcome, job.attempts) if outcome.kind == "retry" else outcome.message
            )
            await self._write(
                running,
                lambda s: fence.fail(s, claim, error_type=outcome.error_type, message=message),
            )
            self._observe(running, "failed")
            log.warning("queue.job_failed", attempt=job.attempts, **fields)
        if outcome.error_type == "internal_error":
            # A bug: where it happened, but not the message (it may quote a student's data).
            log.error("queue.handler_error", where=_where(exc), **fields)

    async def _write(
        self, running: _Running, work: Callable[[AsyncSession], Awaitable[T]]
    ) -> T | None:
        """Commit a fenced change, retrying while the database is away and our lease lasts."""
        return await self._retrying(running, lambda: self._transaction(work))

    async def _retrying(self, running: _Running, attempt: Callable[[], Awaitable[T]]) -> T | None:
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

    @staticmethod
    def _observe(running: _Running, outcome: str) -> None:
        observe_job(running.job.job_type, outcome, time.monotonic() - running.started)

    # Heartbeat, rescue, cancel watch, cleanup --------------------------------------
    async def _heartbeat_loop(self, work: asyncio.Event) -> None:
        while True:
            await asyncio.sleep(self.options.heartbeat_interval)
            await self._beat(work)

    async def _beat(self, work: asyncio.Event) -> None:
        lease = self.options.claim_timeout
        snapshot = {job_id: running.claim for job_id, running in self._running.items()}
        now = utcnow()

        async def renew(session: AsyncSession) -> dict[str, leases.Renewal]:
            renewed = await leases.renew_leases(
                session, worker_id=self.id, job_ids=snapshot, now=now, lease_seconds=lease
            )
            await registry.heartbeat(
                session,
                worker_id=self.id,
                in_flight=snapshot,
                jobs_completed=self.jobs_completed,
                status=self._status,
                now=now,
            )
            return renewed

        try:
            renewed = await self._transaction(renew)
            rescued = await self._transaction(lambda s: leases.rescue_expired(s, now=utcnow()))
        except Exception as exc:
            log.warning("queue.heartbeat_failed", error=type(exc).__name__)
            return
        for job_id, claim in snapshot.items():
            running = self._running.get(job_id)
            if running is None or running.claim != claim:
                continue
            renewal = renewed.get(job_id)
            if renewal is None or renewal.attempts != claim.attempts:
                self._interrupt(running, "lease_lost")
                continue
            running.lease_until = now + timedelta(seconds=lease)
            if renewal.cancel_requested:
                self._interrupt(running, "cancel_requested")
        if rescued:
            log.info("queue.rescued", jobs=len(rescued), worker_id=self.id)
            work.set()
        if time.monotonic() >= self._next_cleanup:
            self._next_cleanup = time.monotonic() + self.options.cleanup_interval
            await self._cleanup()

    async def _cancel_watch_loop(self) -> None:
        while True:
            await asyncio.sleep(self.options.cancel_check_interval)
            ids = [job_id for job_id, running in self._running.items() if not running.finishing]
            if not ids:
                continue
            try:
                async with self.database.read() as session:
                    requested = await leases.cancel_requests(session, job_ids=ids)
            except Exception as exc:
                log.debug("queue.cancel_watch_failed", error=type(exc).__name__)
                continue
            for job_id in requested:
                if (running := self._running.get(job_id)) is not None:
                    self._interrupt(running, "cancel_requested")

    async def _cleanup(self) -> None:
        try:
            counts = await run_cleanup(
                self.database,
                older_than_days=self.options.job_retention_days,
                delete_archived_older_than_days=self.options.archive_retention_days,
            )
            await self._transaction(
                lambda s: registry.prune(s, older_than=timedelta(days=7), now=utcnow())
            )
        except Exception as exc:
            log.warning("queue.cleanup_failed", error=type(exc).__name__)
            return
        if counts["archived"] or counts["deleted"]:
            log.info("queue.cleanup", **counts)

    # Shutdown ----------------------------------------------------------------------
    async def _drain(self) -> None:
        """Let in-flight jobs finish within the grace period, then release the rest."""
        self._status = "stopping"
        tasks = [r.task for r in self._running.values() if r.task is not None]
        if tasks and not self._aborting.is_set():
            log.info("queue.worker_draining", jobs=len(tasks), grace=self.options.shutdown_grace)
            finished = asyncio.ensure_future(asyncio.wait(tasks))
            aborted = asyncio.ensure_future(self._aborting.wait())
            await asyncio.wait(
                [finished, aborted],
                timeout=self.options.shutdown_grace,
                return_when=asyncio.FIRST_COMPLETED,
            )
            finished.cancel()
            aborted.cancel()
        # Releases are single short writes; an unreachable database must not hang exit.
        deadline = time.monotonic() + (2 if self._aborting.is_set() else 10)
        # Until nothing runs: a completion batch that claimed for the slots it frees just
        # before the stop starts those jobs when it commits, during this wait; each is
        # interrupted (and released) too, never left `processing` when the process exits.
        while self._running and (left := deadline - time.monotonic()) > 0:
            for running in list(self._running.values()):
                self._interrupt(running, "shutdown")
            tasks = [r.task for r in self._running.values() if r.task and not r.task.done()]
            if not tasks:
                await asyncio.sleep(0)  # let finished tasks' callbacks take them off the list
                continue
            await asyncio.wait(tasks, timeout=left, return_when=asyncio.FIRST_COMPLETED)


def _since(running: _Running) -> float:
    return round(time.monotonic() - running.started, 4)


def _where(exc: BaseException) -> str:
    """The innermost frames of a traceback as file:line, without the exception's message."""
    frames = traceback.extract_tb(exc.__traceback__)[-3:]
    return " < ".join(f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}" for frame in frames)
