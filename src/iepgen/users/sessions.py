"""Server-side web sessions: started at sign-in, ended by sign-out, deactivation, a password
change, idleness or age. The browser holds only a random secret; this table its hash."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final, Literal

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings
from iepgen.models import User, WebSessionRecord
from iepgen.users.security import hash_token, new_session_secret

# Ended or expired sessions are kept this long (who was signed in when), then deleted.
KEEP_ENDED: Final = timedelta(days=30)
# last_seen_at is written at most this often: sliding expiry to within a minute costs one
# small write per user per minute, not one per page.
TOUCH_RESOLUTION: Final = timedelta(seconds=30)

EndReason = Literal[
    "signed_out", "deactivated", "password_changed", "password_reset", "idle", "expired"
]


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta
    max_age: timedelta
    warning: timedelta

    @classmethod
    def of(cls, settings: Settings) -> SessionPolicy:
        return cls(
            idle=timedelta(minutes=settings.session_idle_minutes),
            max_age=timedelta(hours=settings.session_max_hours),
            warning=timedelta(
                seconds=min(settings.session_warning_seconds, settings.session_idle_minutes * 30)
            ),
        )


@dataclass(frozen=True)
class LiveSession:
    """A session that is still valid, and when it would end if left alone."""

    record_id: str
    user: User
    ends_at: datetime

    def seconds_left(self, now: datetime) -> float:
        return max(0.0, (self.ends_at - now).total_seconds())


def _ends_at(record: WebSessionRecord, policy: SessionPolicy) -> datetime:
    return min(record.last_seen_at + policy.idle, record.expires_at)


async def start(session: AsyncSession, user: User, policy: SessionPolicy, *, now: datetime) -> str:
    """A new session for `user`; returns the secret the browser keeps (shown nowhere else)."""
    await session.execute(
        delete(WebSessionRecord).where(
            or_(
                WebSessionRecord.ended_at < now - KEEP_ENDED,
                WebSessionRecord.expires_at < now - KEEP_ENDED,
            )
        )
    )
    secret = new_session_secret()
    session.add(
        WebSessionRecord(
            secret_hash=hash_token(secret),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + policy.max_age,
        )
    )
    await session.flush()
    return secret


async def resolve(
    session: AsyncSession, secret: str, policy: SessionPolicy, *, now: datetime, touch: bool
) -> LiveSession | None:
    """The live session for `secret`, or None; ends it if it has gone idle or expired.

    `touch` slides the idle deadline (a page the person asked for); status checks don't.
    """
    row = (
        await session.execute(
            select(WebSessionRecord, User)
            .join(User, User.id == WebSessionRecord.user_id)
            .where(WebSessionRecord.secret_hash == hash_token(secret))
        )
    ).one_or_none()
    if row is None:
        return None
    record, user = row
    if record.ended_at is not None:
        return None
    if not user.is_active:
        await _end(session, record, "deactivated", now)
        return None
    if now >= record.expires_at:
        await _end(session, record, "expired", now)
        return None
    if now >= record.last_seen_at + policy.idle:
        await _end(session, record, "idle", now)
        return None
    if touch and now - record.last_seen_at >= TOUCH_RESOLUTION:
        record.last_seen_at = now
        await session.flush()
    return LiveSession(record_id=record.id, user=user, ends_at=_ends_at(record, policy))


async def _end(
    session: AsyncSession, record: WebSessionRecord, reason: EndReason, now: datetime
) -> None:
    record.ended_at = now
    record.ended_reason = reason
    await session.flush()


async def end(session: AsyncSession, secret: str, reason: EndReason, *, now: datetime) -> None:
    """End the session with this secret (sign-out)."""
    await session.execute(
        update(WebSessionRecord)
        .where(
            WebSessionRecord.secret_hash == hash_token(secret),
            WebSessionRecord.ended_at.is_(None),
        )
        .values(ended_at=now, ended_reason=reason)
    )


async def end_all(
    session: AsyncSession,
    user_id: str,
    reason: EndReason,
    *,
    now: datetime,
    keep_record_id: str | None = None,
) -> int:
    """End every live session of a user (but `keep_record_id`); returns how many ended."""
    statement = update(WebSessionRecord).where(
        WebSessionRecord.user_id == user_id, WebSessionRecord.ended_at.is_(None)
    )
    if keep_record_id is not None:
        statement = statement.where(WebSessionRecord.id != keep_record_id)
    result = await session.execute(statement.values(ended_at=now, ended_reason=reason))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
