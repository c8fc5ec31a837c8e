"""Wake-ups that leave a transaction only when it commits.

On PostgreSQL `pg_notify` is transactional: notifications queued in a transaction are
delivered at commit and dropped on rollback, and identical ones are merged. Inside one
process (API and embedded worker, SQLite or not) listeners are also told directly, after
commit, through `LOCAL_SIGNALS` — no round trip, no polling.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

CHANNEL_AVAILABLE = "iepgen_job_available"
CHANNEL_CHANGED = "iepgen_job_changed"


@dataclass(frozen=True)
class JobEvent:
    """A job's status and progress right after a change."""

    job_id: str
    status: str
    completed: int = 0
    total: int = 0

    def encode(self) -> str:
        return f"{self.job_id}|{self.status}|{self.completed}|{self.total}"

    @classmethod
    def decode(cls, payload: str) -> JobEvent | None:
        parts = payload.split("|")
        if len(parts) != 4:
            return None
        try:
            return cls(parts[0], parts[1], int(parts[2]), int(parts[3]))
        except ValueError:
            return None


# Called with the events of one commit and whether new work became runnable.
Listener = Callable[[tuple[JobEvent, ...], bool], None]


class LocalSignals:
    """Process-wide hub keyed by database URL; each listener runs on its own event loop."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: dict[str, list[tuple[asyncio.AbstractEventLoop, Listener]]] = {}

    def subscribe(self, database_key: str, listener: Listener) -> Callable[[], None]:
        """Register `listener` for commits on `database_key`; returns the unsubscribe call."""
        entry = (asyncio.get_running_loop(), listener)
        with self._lock:
            self._listeners.setdefault(database_key, []).append(entry)

        def unsubscribe() -> None:
            with self._lock:
                entries = self._listeners.get(database_key, [])
                if entry in entries:
                    entries.remove(entry)

        return unsubscribe

    def publish(self, database_key: str, events: tuple[JobEvent, ...], available: bool) -> None:
        with self._lock:
            entries = list(self._listeners.get(database_key, ()))
        if not entries:
            return
        try:
            current: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            current = None
        for loop, listener in entries:
            if loop is current:
                listener(events, available)
            elif not loop.is_closed():
                loop.call_soon_threadsafe(listener, events, available)


# One hub per process: in-process signals cannot reach another process anyway.
LOCAL_SIGNALS = LocalSignals()

_PENDING_KEY = "iepgen.queue.pending_signals"


@dataclass
class _Pending:
    database_key: str
    events: dict[str, JobEvent] = field(default_factory=dict)
    available: bool = False
    # PostgreSQL merges identical notifications of a transaction anyway: send one per commit.
    available_sent: bool = False


def database_key(session: AsyncSession | Session) -> str:
    """The key listeners of one database share: its URL without the password."""
    sync = session.sync_session if isinstance(session, AsyncSession) else session
    bind = sync.get_bind()
    engine = bind.engine if isinstance(bind, Connection) else bind
    return engine.url.render_as_string(hide_password=True)


def key_for_url(url: Any) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _pending(session: AsyncSession) -> _Pending:
    sync = session.sync_session
    pending: _Pending | None = sync.info.get(_PENDING_KEY)
    if pending is None:
        pending = _Pending(database_key(session))
        sync.info[_PENDING_KEY] = pending
        event.listen(sync, "after_commit", _after_commit)
        event.listen(sync, "after_rollback", _after_rollback)
    return pending


def _after_commit(sync: Session) -> None:
    pending: _Pending | None = sync.info.get(_PENDING_KEY)
    if pending is None or not (pending.events or pending.available):
        return
    events, available = tuple(pending.events.values()), pending.available
    pending.events, pending.available, pending.available_sent = {}, False, False
    LOCAL_SIGNALS.publish(pending.database_key, events, available)


def _after_rollback(sync: Session) -> None:
    pending: _Pending | None = sync.info.get(_PENDING_KEY)
    if pending is not None:
        pending.events, pending.available, pending.available_sent = {}, False, False


def _is_postgres(session: AsyncSession) -> bool:
    return session.sync_session.get_bind().dialect.name == "postgresql"


def notify_changed_column(status: str) -> Any:
    """A RETURNING column that queues the "job changed" NOTIFY of each row it returns.

    Putting the notification in the statement that changes the row saves a round trip
    on every claim and completion; PostgreSQL still delivers it only at commit.
    """
    from sqlalchemy import func, literal

    from iepgen.models import Job

    payload = func.concat_ws(
        "|", Job.id, literal(status), Job.progress_completed, Job.progress_total
    )
    return func.pg_notify(CHANNEL_CHANGED, payload).label("notified")


async def announce(
    session: AsyncSession,
    events: tuple[JobEvent, ...] = (),
    *,
    available: bool = False,
    notified: bool = False,
) -> None:
    """Tell listeners about `events` (and runnable work) once this transaction commits.

    `notified`: the statement already queued the PostgreSQL notifications of `events`
    (see `notify_changed_column`); only in-process listeners remain to be told.
    """
    if not events and not available:
        return
    pending = _pending(session)
    for item in events:
        pending.events[item.job_id] = item
    pending.available = pending.available or available
    if not _is_postgres(session):
        return
    if notified:
        events = ()
        if not available:
            return
    if available and pending.available_sent:
        available = False
        if not events:
            return
    payloads = [item.encode() for item in events]
    if available and not payloads:
        pending.available_sent = True
        await session.execute(
            text("SELECT pg_notify(:available, '')"), {"available": CHANNEL_AVAILABLE}
        )
    elif available:
        pending.available_sent = True
        # One statement for every notification of this change; delivered at commit.
        await session.execute(
            text(
                "SELECT pg_notify(:available, ''), "
                "(SELECT count(pg_notify(:changed, p)) FROM unnest(CAST(:payloads AS text[])) p)"
            ),
            {"available": CHANNEL_AVAILABLE, "changed": CHANNEL_CHANGED, "payloads": payloads},
        )
    else:
        await session.execute(
            text("SELECT count(pg_notify(:changed, p)) FROM unnest(CAST(:payloads AS text[])) p"),
            {"changed": CHANNEL_CHANGED, "payloads": payloads},
        )
