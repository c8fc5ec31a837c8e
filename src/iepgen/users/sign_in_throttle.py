"""Failed web sign-ins, counted per account *and source address*, atomically on both databases.

Why per account and source: a lock on the account alone lets anyone lock a colleague out by
typing their username five times. Counting per (username, source) means guesses from one
place lock out only that place; the colleague signing in from their own desk is unaffected,
and an administrator can lift any lock (`unlock`). A looser limit per source address across
every username stops one machine spraying passwords over many accounts.

Why reserve before checking: each attempt first takes a slot with one atomic
`INSERT … ON CONFLICT DO UPDATE … WHERE failures < limit RETURNING`, then the password is
checked outside any transaction. Parallel guesses can therefore never be evaluated more
than `max_failures` times per window, on PostgreSQL as on SQLite. A correct password gives
the slot back (the counter is cleared).

Keys are HMAC-SHA256 of the lower-cased username and the source under a key derived from
SECRET_KEY, so the table holds neither what was typed nor a hash anyone could reverse by
guessing usernames. Rows are counters (one per key and window) and expired ones are
deleted, so failures for usernames that do not exist take bounded space and never reach
the audit log.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, case, delete, literal, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings
from iepgen.db.base import UTCDateTime
from iepgen.models import SignInThrottleRow

_KEY_CONTEXT = b"iepgen.sign-in-throttle.v1"


@dataclass(frozen=True)
class Reservation:
    """The outcome of asking to try a password: allowed, or locked for `retry_after` seconds."""

    allowed: bool
    retry_after: float = 0.0
    # True when this attempt used the last slot of the window (a failure now locks).
    last_slot: bool = False


@dataclass(frozen=True)
class SignInThrottle:
    secret: bytes
    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    source_max_failures: int = 100

    @classmethod
    def of(cls, settings: Settings) -> SignInThrottle:
        key = hmac.new(
            settings.secret_key.get_secret_value().encode(), _KEY_CONTEXT, hashlib.sha256
        ).digest()
        return cls(
            secret=key,
            max_failures=settings.sign_in_max_failures,
            window=timedelta(minutes=settings.sign_in_window_minutes),
            source_max_failures=settings.sign_in_source_max_failures,
        )

    def _key(self, *parts: str) -> str:
        message = "\x00".join(parts).encode("utf-8", "surrogatepass")
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()

    def account_key(self, username: str, source: str) -> str:
        return self._key("account", username.strip().casefold(), source)

    def source_key(self, source: str) -> str:
        return self._key("source", source)

    async def reserve(
        self,
        session: AsyncSession,
        *,
        username: str,
        source: str,
        user_id: str | None,
        now: datetime,
    ) -> Reservation:
        """Take one attempt's slot for (username, source), or say how long to wait."""
        await self._forget_expired(session, now)
        source_row = await session.get(SignInThrottleRow, self.source_key(source))
        if source_row is not None and self._live(source_row, now):
            if source_row.failures >= self.source_max_failures:
                return Reservation(False, self._wait(source_row, now))
        key = self.account_key(username, source)
        failures = await self._count(session, key, "account", user_id, now, limit=self.max_failures)
        if failures is None:
            row = await session.get(SignInThrottleRow, key)
            wait = self._wait(row, now) if row is not None else self.window.total_seconds()
            return Reservation(False, wait)
        return Reservation(True, last_slot=failures >= self.max_failures)

    async def failed(self, session: AsyncSession, *, source: str, now: datetime) -> None:
        """A wrong password: the account slot stays used; the source counts one more."""
        await self._count(session, self.source_key(source), "source", None, now, limit=None)

    async def succeeded(self, session: AsyncSession, *, username: str, source: str) -> None:
        """A right password: this account's failures from this source are forgiven."""
        await session.execute(
            delete(SignInThrottleRow).where(
                SignInThrottleRow.key == self.account_key(username, source)
            )
        )

    async def unlock(self, session: AsyncSession, user_id: str) -> int:
        """An administrator lifts every lock on this account; returns how many were lifted."""
        result = await session.execute(
            delete(SignInThrottleRow).where(SignInThrottleRow.user_id == user_id)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def locked_accounts(self, session: AsyncSession, *, now: datetime) -> set[str]:
        """Ids of users locked out from at least one source right now."""
        rows = await session.execute(
            select(SignInThrottleRow.user_id).where(
                SignInThrottleRow.kind == "account",
                SignInThrottleRow.user_id.is_not(None),
                SignInThrottleRow.failures >= self.max_failures,
                SignInThrottleRow.window_started_at > now - self.window,
            )
        )
        return {user_id for user_id in rows.scalars() if user_id}

    def _live(self, row: SignInThrottleRow, now: datetime) -> bool:
        return row.window_started_at > now - self.window

    def _wait(self, row: SignInThrottleRow, now: datetime) -> float:
        wait = (row.window_started_at + self.window - now).total_seconds()
        return max(1.0, min(wait, self.window.total_seconds()))

    async def _count(
        self,
        session: AsyncSession,
        key: str,
        kind: str,
        user_id: str | None,
        now: datetime,
        *,
        limit: int | None,
    ) -> int | None:
        """Add one failure to `key` (a new window if the old one expired), unless at `limit`.

        Returns the new count, or None when the key is at its limit (nothing changed).
        """
        table = cast(Table, SignInThrottleRow.__table__)
        dialect = session.sync_session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        expired = table.c.window_started_at <= now - self.window
        values = insert(table).values(
            key=key, kind=kind, user_id=user_id, window_started_at=now, failures=1
        )
        statement = values.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "failures": case((expired, 1), else_=table.c.failures + 1),
                "window_started_at": case(
                    (expired, literal(now, UTCDateTime())), else_=table.c.window_started_at
                ),
                "user_id": values.excluded.user_id,
            },
            where=None if limit is None else or_(expired, table.c.failures < limit),
        ).returning(table.c.failures)
        count = (await session.execute(statement)).scalar_one_or_none()
        return None if count is None else int(count)

    async def _forget_expired(self, session: AsyncSession, now: datetime) -> None:
        await session.execute(
            delete(SignInThrottleRow).where(
                SignInThrottleRow.window_started_at <= now - self.window
            )
        )
