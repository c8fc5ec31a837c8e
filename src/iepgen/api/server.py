"""Running the app under uvicorn with limits a slow or hostile client cannot outwait.

uvicorn's HTTP/1.1 protocol has a keep-alive timeout but no deadline for a request's
headers and no cap on open connections, so a client that sends a header byte every few
seconds ("slowloris") holds a connection for as long as it likes. `GuardedH11Protocol`
closes a connection whose request headers have not all arrived within the header
timeout, and refuses connections beyond the cap.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

import h11
import structlog
import uvicorn
from fastapi import FastAPI
from uvicorn.protocols.http.h11_impl import H11Protocol

from iepgen.config import Settings

log = structlog.get_logger("iepgen.server")


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a header deadline and a connection cap."""

    header_timeout: ClassVar[float] = 10.0
    max_connections: ClassVar[int] = 200

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            log.warning("server.connection_refused", reason="connection_limit")
            self.transport.close()
            return
        self._arm()

    def data_received(self, data: bytes) -> None:
        waiting_for_headers = self.conn.their_state is h11.IDLE
        if waiting_for_headers and self._header_deadline is None:
            self._arm()  # a new request on a kept-alive connection starts its own clock
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._header_deadline = self.loop.call_later(self.header_timeout, self._headers_too_slow)

    def _disarm(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _headers_too_slow(self) -> None:
        self._header_deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            log.info("server.connection_closed", reason="header_timeout")
            self.transport.close()


def guarded_protocol(settings: Settings) -> type[GuardedH11Protocol]:
    """The protocol class with this deployment's limits."""
    return type(
        "ConfiguredH11Protocol",
        (GuardedH11Protocol,),
        {
            "header_timeout": settings.http_header_timeout_seconds,
            "max_connections": settings.http_max_connections,
        },
    )


def server_config(app: FastAPI, settings: Settings, *, host: str, port: int) -> uvicorn.Config:
    """uvicorn's configuration: guarded protocol, keep-alive timeout, trusted proxies."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=guarded_protocol(settings),
        timeout_keep_alive=int(max(1, settings.http_keepalive_seconds)),
        limit_concurrency=settings.http_max_connections,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        server_header=False,
        log_level=settings.log_level.lower(),
        access_log=False,
    )
