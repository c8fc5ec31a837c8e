"""A scriptable HTTP server on 127.0.0.1 for provider tests, run by uvicorn in a thread.

Each test queues the replies it wants (`server.script(...)`); when the queue is empty a
`responder` (if set) answers from the request. Every request is recorded with its exact
body bytes, headers and arrival time, so tests assert on what really reached the wire.
An optional sliding-window limit answers 429 above it, like a provider's quota.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: Any = None
    raw: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay_seconds: float = 0.0


@dataclass(frozen=True)
class RecordedRequest:
    path: str
    headers: dict[str, str]
    body: bytes
    received_at: float  # time.time() on arrival
    status: int = 0  # what the server answered

    def json(self) -> Any:
        return orjson.loads(self.body)


Responder = Callable[[Any], Reply]


class ScriptedServer:
    """Base of the fake provider servers: subclasses add routes that call `answer`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._script: deque[Reply] = deque()
        self.requests: list[RecordedRequest] = []
        self.responder: Responder | None = None
        self.rate_limit: tuple[int, float] | None = None  # (requests, window seconds)
        # Requests the limit ignores (a test's warm-up calls), by their decoded payload.
        self.rate_exempt: Callable[[Any], bool] = lambda _payload: False
        self.rejected_by_limit = 0
        self._accepted_at: deque[float] = deque()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # -- scripting ---------------------------------------------------------------------
    def script(self, *replies: Reply) -> None:
        with self._lock:
            self._script.extend(replies)

    @property
    def pending_replies(self) -> int:
        with self._lock:
            return len(self._script)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def limit_reply(self, retry_after: float) -> Reply:
        """The 429 the sliding-window limit answers with (subclasses shape it)."""
        return Reply(status=429, body={"error": {"code": 429, "message": "rate limited"}})

    def _over_limit(self, now: float) -> float | None:
        if self.rate_limit is None:
            return None
        limit, window = self.rate_limit
        while self._accepted_at and self._accepted_at[0] <= now - window:
            self._accepted_at.popleft()
        if len(self._accepted_at) >= limit:
            return self._accepted_at[0] + window - now
        self._accepted_at.append(now)
        return None

    def refuses(self, payload: Any) -> Reply | None:
        """A reply to a request this server cannot take, whatever is scripted (subclasses)."""
        return None

    def _next_reply(self, payload: Any, now: float) -> Reply:
        refused = self.refuses(payload)
        if refused is not None:
            return refused
        with self._lock:
            wait = None if self.rate_exempt(payload) else self._over_limit(now)
            if wait is not None:
                self.rejected_by_limit += 1
                return self.limit_reply(wait)
            if self._script:
                return self._script.popleft()
        if self.responder is not None:
            return self.responder(payload)
        return Reply(status=500, body={"error": {"code": 500, "message": "script exhausted"}})

    async def answer(self, request: Request) -> Response:
        body = await request.body()
        now = time.time()
        try:
            payload = orjson.loads(body) if body else None
        except orjson.JSONDecodeError:
            payload = None
        reply = self._next_reply(payload, now)
        with self._lock:
            self.requests.append(
                RecordedRequest(
                    path=request.url.path,
                    headers={k.lower(): v for k, v in request.headers.items()},
                    body=body,
                    received_at=now,
                    status=reply.status,
                )
            )
        if reply.delay_seconds:
            await asyncio.sleep(reply.delay_seconds)
        content = reply.raw if reply.raw is not None else orjson.dumps(reply.body)
        return Response(
            content, status_code=reply.status, headers=reply.headers, media_type="application/json"
        )

    def check_request(self, request: Request) -> Response | None:
        """Refuse requests a real server would refuse (subclasses: auth)."""
        return None

    def app(self) -> Starlette:
        raise NotImplementedError

    # -- lifecycle ---------------------------------------------------------------------
    def start(self, port: int = 0) -> ScriptedServer:
        """Serve on `port` (0: a free one), e.g. a replacement server at the same address."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self.app(),
            log_level="warning",
            access_log=False,
            lifespan="off",
            loop="asyncio",
            timeout_graceful_shutdown=1,
        )
        self._server = uvicorn.Server(config)
        server = self._server

        def run() -> None:
            server.run(sockets=[sock])

        self._thread = threading.Thread(target=run, name=type(self).__name__, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("fake server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)

    def __enter__(self) -> ScriptedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
