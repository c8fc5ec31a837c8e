"""Creating users, issuing tokens, and resolving who a token or password belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.db.base import utcnow
from iepgen.errors import Conflict
from iepgen.models import ApiToken, User
from iepgen.users.security import hash_password, hash_token, new_api_token, verify_password

# A new token's lifetime when the caller names none (settings.api_token_days overrides).
DEFAULT_TOKEN_DAYS: Final = 90
# `last_used_at` is written at most this often per token: a write per request would
# serialise every API call on SQLite for a column only people read.
LAST_USED_RESOLUTION: Final = timedelta(minutes=5)


@dataclass(frozen=True)
class Actor:
    """Who is acting: the authenticated user, as the services see them."""

    id: str
    username: str
    role: str
    # Set by an administrator's password reset: web pages ask for a new password first.
    must_change_password: bool = False
    display_name: str | None = None

    @property
    def name(self) -> str:
        """What pages call this person: their display name, else their username."""
        return self.display_name or self.username

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @classmethod
    def of(cls, user: User) -> Actor:
        return cls(
            id=user.id,
            username=user.username,
            role=user.role,
            must_change_password=user.must_change_password,
            display_name=user.display_name,
        )

    def sees_user_id(self, user_id: str | None) -> str | None:
        """`user_id` as this actor may see it: admins see every id, a teacher only their own.

        A user id is what a forged or stolen session would need; teachers are shown who
        did something by role and name instead.
        """
        if user_id is None or self.is_admin or user_id == self.id:
            return user_id
        return None


async def create_user(
    session: AsyncSession,
    *,
    username: str,
    role: str,
    password: str | None = None,
    display_name: str | None = None,
    token_days: int = DEFAULT_TOKEN_DAYS,
) -> tuple[User, str]:
    """Create a user and their first API token; returns the user and the plain token."""
    user = User(
        username=username,
        role=role,
        display_name=display_name,
        password_hash=hash_password(password) if password else None,
        password_changed_at=utcnow() if password else None,
    )
    session.add(user)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise Conflict(f"A user named '{username}' already exists.") from exc
    token, _ = await issue_token(session, user, label="created with the account", days=token_days)
    return user, token


async def issue_token(
    session: AsyncSession, user: User, *, label: str | None = None, days: int = DEFAULT_TOKEN_DAYS
) -> tuple[str, ApiToken]:
    """A new API token for `user` expiring after `days`: (the plain token, its row)."""
    token = new_api_token()
    now = utcnow()
    row = ApiToken(
        user_id=user.id,
        token_hash=hash_token(token),
        label=label,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(row)
    await session.flush()
    return token, row


@dataclass(frozen=True)
class TokenHolder:
    user: User
    token_id: str
    last_used_at: datetime | None


async def holder_of_token(
    session: AsyncSession, token: str, *, now: datetime | None = None
) -> TokenHolder | None:
    """The active user a live token belongs to (not revoked, not expired), or None."""
    now = now or utcnow()
    row = (
        await session.execute(
            select(User, ApiToken.id, ApiToken.last_used_at)
            .join(ApiToken, ApiToken.user_id == User.id)
            .where(
                ApiToken.token_hash == hash_token(token),
                ApiToken.revoked_at.is_(None),
                or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > now),
                User.is_active.is_(True),
            )
        )
    ).one_or_none()
    if row is None:
        return None
    return TokenHolder(user=row[0], token_id=row[1], last_used_at=row[2])


async def user_for_token(session: AsyncSession, token: str) -> User | None:
    holder = await holder_of_token(session, token)
    return holder.user if holder else None


def last_use_is_stale(holder: TokenHolder, now: datetime) -> bool:
    return holder.last_used_at is None or now - holder.last_used_at >= LAST_USED_RESOLUTION


async def note_token_use(session: AsyncSession, token_id: str, now: datetime) -> None:
    await session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))


async def user_for_password(session: AsyncSession, username: str, password: str) -> User | None:
    """The active user with this username and password, or None.

    Costs one argon2 verification whatever the username: an unknown name is checked against
    a dummy hash, so response times do not tell which usernames exist.
    """
    user = await user_named(session, username)
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.is_active:
        return None
    return user


async def user_named(session: AsyncSession, username: str) -> User | None:
    return (
        await session.execute(select(User).where(User.username == username.strip()))
    ).scalar_one_or_none()


async def get_user(session: AsyncSession, user_id: str) -> User | None:
    return await session.get(User, user_id)
