"""The worker `iepgen serve` runs inside the API process, sharing its database and notifier."""

from __future__ import annotations

import asyncio
import contextlib

import structlog

from iepgen.queue.worker import Worker

log = structlog.get_logger("iepgen.queue")

# Time beyond the grace period for releasing unfinished jobs and the last registry write.
_RELEASE_MARGIN_SECONDS = 15.0


class EmbeddedWorker:
    """Started in the app's lifespan, stopped gracefully when the server shuts down."""

    def __init__(self, worker: Worker, *, grace_seconds: float) -> None:
        self.worker = worker
        self._grace = grace_seconds
        self._task: asyncio.Task[None] | None = None

    def start(self) -> EmbeddedWorker:
        self._task = asyncio.create_task(self.worker.run(), name="iepgen-embedded-worker")
        self._task.add_done_callback(_report_crash)
        return self

    async def shutdown(self) -> None:
        """Stop claiming, let in-flight jobs finish within the grace period, release the rest."""
        if self._task is None:
            return
        self.worker.stop()
        try:
            await asyncio.wait_for(
                asyncio.shield(self._task), timeout=self._grace + _RELEASE_MARGIN_SECONDS
            )
        except TimeoutError:
            self.worker.stop_now()
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        except Exception:  # already logged by _report_crash; shutting down regardless
            pass


def _report_crash(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and (exc := task.exception()) is not None:
        log.error("queue.embedded_worker_crashed", error=type(exc).__name__)
