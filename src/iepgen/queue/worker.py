"""The worker: claims jobs into free slots, runs them, supervises its side tasks, drains.

One `Worker` per process runs up to `concurrency` jobs at once on one event loop.
Concurrency is a semaphore: the claim loop takes a free slot (and any others free at that
moment), claims that many jobs in one statement, and each job gives its slot back when it
ends. Claims happen in the claim loop only, so once that loop has returned nothing new can
start: the drain sees every job this worker holds.

Two side tasks run beside it: the heartbeat (renews every lease in one UPDATE, rescues
expired ones, cleans up on a schedule) and a cancel watch (a cheap read each second, so a
cancel lands in seconds). A side task that dies stops the worker at once: it claims
nothing more, releases what it runs (no attempt used) and `run()` raises `WorkerFailed`,
because a worker without a heartbeat would keep jobs whose leases nobody renews.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import random
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.db.base import utcnow
from iepgen.queue import leases, registry
from iepgen.queue.attempt import Attempt, Running, where
from iepgen.queue.backoff import Backoff
from iepgen.queue.claim import ClaimedJob, claim_jobs
from iepgen.queue.cleanup import run_cleanup
from iepgen.queue.completion import CompletionBatcher
from iepgen.queue.connectivity import is_connection_error
from iepgen.queue.handlers import HandlerRegistry
from iepgen.queue.notifier import JobNotifier
from iepgen.queue.options import WorkerOptions

log = structlog.get_logger("iepgen.queue")

T = TypeVar("T")

__all__ = ["Worker", "WorkerFailed", "WorkerOptions"]


class WorkerFailed(RuntimeError):
    """A side task (heartbeat, cancel watch) died; the worker stopped and released its jobs."""


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
        self._notifier = notifier
        self._running: dict[str, Running] = {}
        self._slots = asyncio.Semaphore(self.options.concurrency)
        self._stopping = asyncio.Event()
        self._aborting = asyncio.Event()
        self._failure: BaseException | None = None
        self._status = "running"
        self.jobs_completed = 0
        # SQLite has one writer: queue this process's writes here rather than in the
        # busy handler, which sleeps in steps and would add latency to every commit.
        self._write_lock: asyncio.Lock | None = asyncio.Lock() if database.is_sqlite else None
        self._attempt = Attempt(
            database=database,
            settings=settings,
            handlers=handlers,
            options=self.options,
            backoff=Backoff.from_settings(settings),
            worker_id=self.id,
            transaction=self._transaction,
            completions=CompletionBatcher(self._transaction),
            on_completed=self._count_completed,
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
        """Stop claiming and release what runs without waiting for it to finish."""
        self._stopping.set()
        self._aborting.set()

    async def run(self) -> None:
        """Register, run jobs until stopped, drain, unregister; `WorkerFailed` if supervised
        work died."""
        owns_notifier = self._notifier is None
        notifier = self._notifier or JobNotifier(self.database)
        if owns_notifier:
            await notifier.start()
        work = notifier.work_event()
        side_tasks: list[asyncio.Task[None]] = []
        monitor: asyncio.Task[None] | None = None
        try:
            if not await self._register():
                return
            log.info(
                "queue.worker_started",
                worker_id=self.id,
                concurrency=self.options.concurrency,
                job_types=list(self.handlers.job_types),
            )
            side_tasks = [
                asyncio.create_task(self._heartbeat_loop(work), name="iepgen-heartbeat"),
                asyncio.create_task(self._cancel_watch_loop(), name="iepgen-cancel-watch"),
            ]
            monitor = asyncio.create_task(self._supervise(side_tasks), name="iepgen-supervisor")
            await self._claim_loop(work)
            await self._drain()
        finally:
            for task in [*side_tasks, *([monitor] if monitor else [])]:
                task.cancel()
            for task in [*side_tasks, *([monitor] if monitor else [])]:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
            await self._mark_stopped()
            notifier.drop_work_event(work)
            if owns_notifier:
                await notifier.stop()
            log.info("queue.worker_stopped", worker_id=self.id, completed=self.jobs_completed)
        if self._failure is not None:
            raise WorkerFailed(f"a side task died: {type(self._failure).__name__}") from (
                self._failure
            )

    # Supervision -------------------------------------------------------------------
    async def _supervise(self, side_tasks: list[asyncio.Task[None]]) -> None:
        """Stop the worker, releasing its jobs, as soon as any side task ends."""
        done, _ = await asyncio.wait(side_tasks, return_when=asyncio.FIRST_COMPLETED)
        task = done.pop()
        failure = task.exception() if not task.cancelled() else None
        self._failure = failure or RuntimeError(f"{task.get_name()} ended")
        log.error(
            "queue.side_task_failed",
            worker_id=self.id,
            task=task.get_name(),
            error=type(self._failure).__name__,
            where=where(self._failure),
        )
        self.stop_now()

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
    async def _take_slot(self) -> bool:
        """Wait for a free slot; False (holding none) once the worker is stopping."""
        if self._stopping.is_set():
            return False
        if not self._slots.locked():
            await self._slots.acquire()
            return True
        acquire = asyncio.ensure_future(self._slots.acquire())
        stopping = asyncio.ensure_future(self._stopping.wait())
        await asyncio.wait((acquire, stopping), return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not acquire.done():
            acquire.cancel()
            await asyncio.wait((acquire,))
        if acquire.cancelled():
            return False
        if self._stopping.is_set():
            self._slots.release()
            return False
        return True

    async def _take_free_slots(self, most: int) -> int:
        """Take up to `most` more slots that are free right now, without waiting."""
        taken = 0
        while taken < most and not self._slots.locked():
            await self._slots.acquire()  # an unlocked semaphore is taken without suspending
            taken += 1
        return taken

    def _give_back(self, slots: int) -> None:
        for _ in range(slots):
            self._slots.release()

    async def _claim_loop(self, work: asyncio.Event) -> None:
        backoff = 0.2
        while await self._take_slot():
            slots = 1 + await self._take_free_slots(self.options.concurrency - 1)
            # Cleared before the claim: a job enqueued while it runs sets it again.
            work.clear()
            try:
                jobs = await self._transaction(functools.partial(self._claim, limit=slots))
            except Exception as exc:
                self._give_back(slots)
                if is_connection_error(exc):
                    log.warning("queue.database_unavailable", during="claim", retry_in=backoff)
                else:
                    log.error("queue.claim_failed", error=type(exc).__name__, where=where(exc))
                await self._pause(backoff)
                backoff = min(5.0, backoff * 2)
                continue
            backoff = 0.2
            for job in jobs:
                self._start(job)
            self._give_back(slots - len(jobs))
            if len(jobs) < slots:
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

    def _start(self, job: ClaimedJob) -> None:
        running = Running.of(job, self.id, self.options.claim_timeout)
        self._running[job.id] = running
        running.task = asyncio.create_task(self._attempt.run(running), name=f"job-{job.id}")
        running.task.add_done_callback(lambda _task: self._finished(running))

    def _finished(self, running: Running) -> None:
        if self._running.get(running.job.id) is running:
            del self._running[running.job.id]
        self._slots.release()

    def _count_completed(self) -> None:
        self.jobs_completed += 1

    # Heartbeat, rescue, cancel watch, cleanup --------------------------------------
    async def _heartbeat_loop(self, work: asyncio.Event) -> None:
        while True:
            await asyncio.sleep(self.options.heartbeat_interval)
            await self._beat(work)

    async def _beat(self, work: asyncio.Event) -> None:
        """Renew our leases, record our row, rescue expired jobs. A database that is away
        is waited out (our writes are fenced); any other error kills the heartbeat."""
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
            if not is_connection_error(exc):
                raise
            log.warning("queue.heartbeat_failed", error=type(exc).__name__)
            return
        for job_id, claim in snapshot.items():
            running = self._running.get(job_id)
            if running is None or running.claim != claim:
                continue
            renewal = renewed.get(job_id)
            if renewal is None or renewal.attempts != claim.attempts:
                running.interrupt("lease_lost")
                continue
            running.lease_until = now + timedelta(seconds=lease)
            if renewal.cancel_requested:
                running.interrupt("cancel_requested")
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
                if not is_connection_error(exc):
                    raise
                log.debug("queue.cancel_watch_failed", error=type(exc).__name__)
                continue
            for job_id in requested:
                if (running := self._running.get(job_id)) is not None:
                    running.interrupt("cancel_requested")

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
            if not is_connection_error(exc):
                raise
            log.warning("queue.cleanup_failed", error=type(exc).__name__)
            return
        if counts["archived"] or counts["deleted"]:
            log.info("queue.cleanup", **counts)

    # Shutdown ----------------------------------------------------------------------
    async def _drain(self) -> None:
        """Let in-flight jobs finish within the grace period, then release the rest.

        The claim loop has returned, so the jobs in `_running` are all there will be.
        """
        self._status = "stopping"
        tasks = [r.task for r in self._running.values() if r.task is not None]
        grace = self.options.shutdown_grace
        if tasks and grace > 0 and not self._aborting.is_set():
            log.info("queue.worker_draining", jobs=len(tasks), grace=grace)
            finished = asyncio.ensure_future(asyncio.wait(tasks))
            aborted = asyncio.ensure_future(self._aborting.wait())
            await asyncio.wait(
                [finished, aborted], timeout=grace, return_when=asyncio.FIRST_COMPLETED
            )
            finished.cancel()
            aborted.cancel()
        for running in list(self._running.values()):
            running.interrupt("shutdown")
        tasks = [r.task for r in self._running.values() if r.task is not None]
        if not tasks:
            return
        # Releases are single short writes; an unreachable database must not hang exit.
        _, late = await asyncio.wait(tasks, timeout=2 if self._aborting.is_set() else 10)
        if late:
            # Their leases will expire and rescue them. Cancelled and awaited here, so no
            # task is left holding a connection once the worker has returned.
            log.warning("queue.release_abandoned", jobs=len(late), worker_id=self.id)
            for task in late:
                task.cancel()
            await asyncio.wait(late)
