"""One dedicated asyncpg connection per process that LISTENs, and comes back when it drops."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import structlog
from sqlalchemy.engine import make_url

log = structlog.get_logger("iepgen.queue")

OnNotify = Callable[[str, str], None]
OnState = Callable[[bool], None]


def asyncpg_dsn(sqlalchemy_url: str) -> str:
    """`postgresql+asyncpg://…` as the plain libpq DSN asyncpg.connect() takes."""
    url = make_url(sqlalchemy_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class PostgresListener:
    """LISTEN on `channels`; reconnects with backoff; reports up/down through `on_state`."""

    def __init__(
        self,
        dsn: str,
        channels: Sequence[str],
        on_notify: OnNotify,
        on_state: OnState,
        *,
        ping_interval: float = 10.0,
        max_backoff: float = 5.0,
    ) -> None:
        self._dsn = dsn
        self._channels = tuple(channels)
        self._on_notify = on_notify
        self._on_state = on_state
        self._ping_interval = ping_interval
        self._max_backoff = max_backoff
        self._task: asyncio.Task[None] | None = None
        self.connected = False

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="iepgen-pg-listener")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def _notified(self, _conn: Any, _pid: int, channel: str, payload: str) -> None:
        self._on_notify(channel, payload)

    async def _run(self) -> None:
        backoff = 0.1
        while True:
            connection: asyncpg.Connection[Any] | None = None
            try:
                connection = await asyncpg.connect(self._dsn, timeout=5)
                lost = asyncio.Event()
                connection.add_termination_listener(lambda _conn, lost=lost: lost.set())
                for channel in self._channels:
                    await connection.add_listener(channel, self._notified)
                self._set_state(True)
                backoff = 0.1
                while not lost.is_set():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(lost.wait(), self._ping_interval)
                    if not lost.is_set():
                        # A silent network partition never terminates the socket: ask.
                        await connection.fetchval("SELECT 1", timeout=5)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # any connection failure: log, back off, reconnect
                log.warning("queue.listener_down", error=type(exc).__name__, retry_in=backoff)
            finally:
                self._set_state(False)
                if connection is not None and not connection.is_closed():
                    connection.terminate()
            await asyncio.sleep(backoff)
            backoff = min(self._max_backoff, backoff * 2)

    def _set_state(self, connected: bool) -> None:
        if connected != self.connected:
            self.connected = connected
            self._on_state(connected)
