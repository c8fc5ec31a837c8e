"""Per-user submission limit, counted in the database so it holds across every API process.

A sliding window over the user's own jobs: at most `limit` created in the last minute.
The count runs in the submitting transaction, after the user's submissions are made to
take turns (`queue.lock_submitter`), so concurrent requests cannot overshoot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.errors import RateLimited
from iepgen.queue import lock_submitter, nth_newest_since


@dataclass(frozen=True)
class SubmissionLimit:
    """At most `per_window` new jobs per user within `window`."""

    per_window: int
    window: timedelta = timedelta(minutes=1)

    async def check(self, session: AsyncSession, user_id: str, *, now: datetime) -> None:
        """Raise RateLimited (with the wait until a slot frees) when the user is at the limit."""
        await lock_submitter(session, user_id)
        # When the per_window-th newest job leaves the window, one slot frees up.
        oldest_counted = await nth_newest_since(
            session, user_id, now - self.window, self.per_window
        )
        if oldest_counted is None:
            return
        # `now` was read before waiting for the per-user lock, so a job another process
        # created meanwhile can be newer than it: never ask for more than one window.
        wait = min(
            (oldest_counted + self.window - now).total_seconds(), self.window.total_seconds()
        )
        raise RateLimited(
            f"Too many jobs submitted: at most {self.per_window} per minute. "
            "Try again in a moment.",
            retry_after_seconds=max(1.0, wait),
        )
