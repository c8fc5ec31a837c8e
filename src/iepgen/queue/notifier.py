"""Per-process wake-ups: workers learn of new jobs, waiters and SSE streams of job changes.

Sources, all feeding the same dispatch:
- in-process signals after commit (`signals.LOCAL_SIGNALS`), when API and worker share a process;
- PostgreSQL LISTEN on one dedicated, reconnecting connection;
- one shared check per process: a single query for every watched job each tick. On SQLite
  (other processes cannot signal us) and while the PostgreSQL listener is down it covers
  every watched job; otherwise it only confirms new watchers' starting state, closing the
  gap between a caller's read and its subscription. A thousand waiters cost one query a tick.

A check's read can begin before a change commits and end after that change's live event
arrived; applied then, it would take a watcher back in time (processing → pending). So a
check's result is offered only to subscriptions that saw no live event while it ran, and
only to those that existed when it began; the others are checked again at the next tick.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from types import TracebackType

import structlog
from sqlalchemy import select

from iepgen.db import Database
from iepgen.models import Job
from iepgen.queue.pg_listener import PostgresListener, asyncpg_dsn
from iepgen.queue.signals import (
    CHANNEL_AVAILABLE,
    CHANNEL_CHANGED,
    LOCAL_SIGNALS,
    JobEvent,
    key_for_url,
)

log = structlog.get_logger("iepgen.queue")

_CHECK_CHUNK = 500
JobState = tuple[str, int, int]


def _state(event: JobEvent) -> JobState:
    return (event.status, event.completed, event.total)


class JobSubscription:
    """A stream of one job's changes: `async with` it, and `next()` waits for the next one."""

    def __init__(self, notifier: JobNotifier, job_id: str, known: JobEvent | None) -> None:
        self.job_id = job_id
        self._notifier = notifier
        self._last: JobState | None = _state(known) if known else None
        self._verified = False
        self._queue: asyncio.Queue[JobEvent] = asyncio.Queue()
        # Live events seen so far: a check that began before the last one is older than it.
        self.live_events = 0

    def offer(self, event: JobEvent, *, baseline: bool = False) -> None:
        """A state seen somewhere; queued only if it differs from the last one."""
        if not baseline:
            self.live_events += 1
        state = _state(event)
        if baseline and self._last is None:
            self._last = state
        elif state != self._last:
            self._last = state
            self._queue.put_nowait(event)
        self._verified = True

    @property
    def verified(self) -> bool:
        return self._verified

    async def next(self, timeout: float) -> JobEvent | None:  # noqa: ASYNC109
        """The next change, or None after `timeout` seconds."""
        try:
            return await asyncio.wait_for(self._queue.get(), max(0.0, timeout))
        except TimeoutError:
            return None

    def close(self) -> None:
        self._notifier._remove(self)

    async def __aenter__(self) -> JobSubscription:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class JobNotifier:
    """One per process, started and stopped with the app or the worker process."""

    def __init__(self, database: Database, *, check_interval: float = 0.2) -> None:
        self._database = database
        self._check_interval = check_interval
        self._watchers: dict[str, set[JobSubscription]] = {}
        self._work_events: set[asyncio.Event] = set()
        self._listener: PostgresListener | None = None
        self._unsubscribe_local: Callable[[], None] | None = None
        self._checker: asyncio.Task[None] | None = None
        self._watch_added = asyncio.Event()

    @property
    def listening(self) -> bool:
        """True when PostgreSQL notifications are arriving (never on SQLite)."""
        return self._listener is not None and self._listener.connected

    async def start(self) -> None:
        self._unsubscribe_local = LOCAL_SIGNALS.subscribe(
            key_for_url(self._database.url), self._on_local
        )
        if not self._database.is_sqlite:
            self._listener = PostgresListener(
                asyncpg_dsn(self._database.url),
                (CHANNEL_AVAILABLE, CHANNEL_CHANGED),
                self._on_notify,
                self._on_listener_state,
            )
            self._listener.start()
        self._checker = asyncio.create_task(self._check_loop(), name="iepgen-job-checker")

    async def stop(self) -> None:
        if self._unsubscribe_local is not None:
            self._unsubscribe_local()
            self._unsubscribe_local = None
        if self._checker is not None:
            self._checker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._checker
            self._checker = None
        if self._listener is not None:
            await self._listener.stop()
            self._listener = None

    # Workers -----------------------------------------------------------------------
    def work_event(self) -> asyncio.Event:
        """An event set whenever new work may be runnable; the worker clears it."""
        event = asyncio.Event()
        self._work_events.add(event)
        return event

    def drop_work_event(self, event: asyncio.Event) -> None:
        self._work_events.discard(event)

    def _wake_workers(self) -> None:
        for event in self._work_events:
            event.set()

    # Waiters -----------------------------------------------------------------------
    def subscribe(self, job_id: str, *, known: JobEvent | None = None) -> JobSubscription:
        """Watch one job; `known` is the state the caller last read (closes the race)."""
        subscription = JobSubscription(self, job_id, known)
        self._watchers.setdefault(job_id, set()).add(subscription)
        self._watch_added.set()
        return subscription

    # `timeout` is part of the contract callers (poll endpoint, SSE) were built against.
    async def wait_for_change(
        self,
        job_id: str,
        timeout: float,  # noqa: ASYNC109
        *,
        known: JobEvent | None = None,
    ) -> JobEvent | None:
        """Return when that job changes (status or progress), or None after `timeout`."""
        async with self.subscribe(job_id, known=known) as subscription:
            return await subscription.next(timeout)

    def _remove(self, subscription: JobSubscription) -> None:
        watchers = self._watchers.get(subscription.job_id)
        if watchers is not None:
            watchers.discard(subscription)
            if not watchers:
                del self._watchers[subscription.job_id]

    def _dispatch(self, event: JobEvent) -> None:
        for subscription in tuple(self._watchers.get(event.job_id, ())):
            subscription.offer(event)

    # Sources -----------------------------------------------------------------------
    def _on_local(self, events: tuple[JobEvent, ...], available: bool) -> None:
        for event in events:
            self._dispatch(event)
        if available:
            self._wake_workers()

    def _on_notify(self, channel: str, payload: str) -> None:
        if channel == CHANNEL_AVAILABLE:
            self._wake_workers()
        elif (event := JobEvent.decode(payload)) is not None:
            self._dispatch(event)

    def _on_listener_state(self, connected: bool) -> None:
        log.info("queue.listener_state", connected=connected)
        # Notifications sent while we were away are lost: look for work and re-check.
        self._wake_workers()
        self._watch_added.set()

    def _ids_to_check(self) -> list[str]:
        if self._database.is_sqlite or not self.listening:
            return list(self._watchers)
        return [
            job_id
            for job_id, subs in self._watchers.items()
            if any(not subscription.verified for subscription in subs)
        ]

    async def _check_loop(self) -> None:
        failures = 0
        while True:
            ids = self._ids_to_check()
            if not ids:
                self._watch_added.clear()
                await self._watch_added.wait()
                continue
            try:
                await self._check(ids)
                failures = 0
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database may be away; waiters time out meanwhile
                failures += 1
                log.warning("queue.change_check_failed", error=type(exc).__name__)
            await asyncio.sleep(self._check_interval * min(25, 1 + failures))

    async def _check(self, ids: list[str]) -> None:
        for start in range(0, len(ids), _CHECK_CHUNK):
            chunk = ids[start : start + _CHECK_CHUNK]
            # What each watcher had seen live when this read began.
            began = {
                subscription: subscription.live_events
                for job_id in chunk
                for subscription in self._watchers.get(job_id, ())
            }
            async with self._database.read() as session:
                rows = (
                    await session.execute(
                        select(
                            Job.id, Job.status, Job.progress_completed, Job.progress_total
                        ).where(Job.id.in_(chunk))
                    )
                ).all()
            for row in rows:
                event = JobEvent(row.id, row.status, row.progress_completed, row.progress_total)
                for subscription in tuple(self._watchers.get(row.id, ())):
                    if began.get(subscription) == subscription.live_events:
                        subscription.offer(event, baseline=True)
