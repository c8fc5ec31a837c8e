"""Group commit for completions: jobs that finish together commit in one transaction.

Each completion is its own unit of work by contract (output + status, all or nothing),
but nothing says two jobs may not share a commit. With one writer (SQLite) or a busy
PostgreSQL, a commit per job is the bottleneck; the batcher takes whatever completions
are waiting when the previous commit ends — so an idle queue adds no delay — and
commits them together. If a batch fails, each job is retried on its own so one bad
output writer cannot sink the others.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.queue import fence
from iepgen.queue.connectivity import is_connection_error

Transaction = Callable[[Callable[[AsyncSession], Awaitable[Any]]], Awaitable[Any]]


@dataclass
class _Waiting:
    claim: fence.Claim
    write_output: fence.WriteOutputFn
    future: asyncio.Future[fence.CompletionOutcome]


class CompletionBatcher:
    """Queues completions and commits them in batches of up to `max_batch`."""

    def __init__(self, transaction: Transaction, *, max_batch: int = 64) -> None:
        self._transaction = transaction
        self._max_batch = max_batch
        self._waiting: list[_Waiting] = []
        self._runner: asyncio.Task[None] | None = None

    async def complete(
        self, claim: fence.Claim, write_output: fence.WriteOutputFn
    ) -> fence.CompletionOutcome:
        """Complete one job; returns once its batch has committed (or raises its error)."""
        future: asyncio.Future[fence.CompletionOutcome] = asyncio.get_running_loop().create_future()
        self._waiting.append(_Waiting(claim, write_output, future))
        if self._runner is None or self._runner.done():
            self._runner = asyncio.create_task(self._run(), name="iepgen-completions")
        return await future

    async def _run(self) -> None:
        while self._waiting:
            batch = self._waiting[: self._max_batch]
            del self._waiting[: self._max_batch]
            batch = [item for item in batch if not item.future.done()]
            if batch:
                await self._commit(batch)

    async def _commit(self, batch: list[_Waiting]) -> None:
        items = [(item.claim, item.write_output) for item in batch]
        try:
            outcomes = await self._transaction(lambda s: fence.complete_many(s, items))
        except Exception as exc:
            if len(batch) == 1 or is_connection_error(exc):
                for item in batch:
                    _settle(item.future, exc=exc)
                return
            # One writer failed and took the batch with it: give each job its own commit.
            for item in batch:
                await self._commit_alone(item)
            return
        for item, outcome in zip(batch, outcomes, strict=True):
            _settle(item.future, outcome)

    async def _commit_alone(self, item: _Waiting) -> None:
        try:
            outcome = await self._transaction(
                lambda s: fence.complete(s, item.claim, item.write_output)
            )
        except Exception as exc:
            _settle(item.future, exc=exc)
        else:
            _settle(item.future, outcome)


def _settle(
    future: asyncio.Future[fence.CompletionOutcome],
    outcome: fence.CompletionOutcome | None = None,
    *,
    exc: BaseException | None = None,
) -> None:
    if future.done():
        return
    if exc is not None:
        future.set_exception(exc)
    elif outcome is not None:
        future.set_result(outcome)
