"""What a job handler is, what it may raise, and the registry the worker looks handlers up in.

The queue knows nothing about IEPs. A handler does its slow work (reading, generating)
outside any write transaction and returns a `WriteOutput`; the worker calls that inside
the fenced transaction that marks the job completed, so the output and the status commit
together or not at all, and a worker that lost its lease never writes anything.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.queue import fence

# Writes the job's output in the completion transaction; its dict becomes `job.result`.
WriteOutput = Callable[[AsyncSession], Awaitable[dict[str, Any]]]

# The no-op job the self-check sends through a real queue (`run_selfcheck_job`).
SELFCHECK_JOB_TYPE = "queue_selfcheck"
RunWrite = Callable[[Callable[[AsyncSession], Awaitable[None]]], Awaitable[None]]


@dataclass
class JobContext:
    """Everything a handler gets about the job it runs."""

    job_id: str
    job_type: str
    payload: dict[str, Any]
    attempt: int
    created_by: str | None
    database: Database
    settings: Settings
    # The worker holding the claim: with `attempt`, it fences every write.
    claimed_by: str = field(repr=False)
    # The worker's way to run a write transaction (on SQLite it queues behind the
    # worker's own writes instead of contending for the lock); None: a plain transaction.
    run_write: RunWrite | None = field(default=None, repr=False)

    async def set_progress(self, completed: int, total: int) -> None:
        """Record progress (fenced: a worker that lost its lease changes nothing)."""

        async def write(session: AsyncSession) -> None:
            await fence.set_progress(
                session,
                job_id=self.job_id,
                claimed_by=self.claimed_by,
                attempts=self.attempt,
                completed=completed,
                total=total,
            )

        if self.run_write is not None:
            await self.run_write(write)
            return
        async with self.database.transaction() as session:
            await write(session)


Handler = Callable[[JobContext], Awaitable[WriteOutput]]


class Snooze(Exception):
    """Not now (rate limit, open circuit): back to pending after a delay; no attempt is used."""

    def __init__(self, retry_after_seconds: float, reason: str) -> None:
        super().__init__(reason)
        self.retry_after_seconds = max(0.0, retry_after_seconds)
        self.reason = reason


class PermanentJobError(Exception):
    """Retrying cannot help (bad input, blocked content): the job fails at once."""

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message


class UnknownJobType(LookupError):
    pass


class HandlerRegistry:
    """job_type → handler; the worker claims only the types registered here."""

    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}

    def register(self, job_type: str, handler: Handler) -> None:
        if job_type in self._handlers and self._handlers[job_type] is not handler:
            raise ValueError(f"a handler for job type {job_type!r} is already registered")
        self._handlers[job_type] = handler

    def get(self, job_type: str) -> Handler:
        try:
            return self._handlers[job_type]
        except KeyError:
            raise UnknownJobType(job_type) from None

    def __contains__(self, job_type: object) -> bool:
        return job_type in self._handlers

    @property
    def job_types(self) -> tuple[str, ...]:
        return tuple(sorted(self._handlers))


async def run_selfcheck_job(context: JobContext) -> WriteOutput:
    """A no-op job that proves claim → run → fenced completion works end to end."""
    await context.set_progress(1, 1)

    async def write(session: AsyncSession) -> dict[str, Any]:
        return {"ok": True, "attempt": context.attempt}

    return write
