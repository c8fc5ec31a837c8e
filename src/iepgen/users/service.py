"""Creating users, issuing tokens, and resolving who a token or password belongs to."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.errors import Conflict
from iepgen.models import ApiToken, User
from iepgen.users.security import hash_password, hash_token, new_api_token, verify_password


@dataclass(frozen=True)
class Actor:
    """Who is acting: the authenticated user, as the services see them."""

    id: str
    username: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @classmethod
    def of(cls, user: User) -> Actor:
        return cls(id=user.id, username=user.username, role=user.role)


async def create_user(
    session: AsyncSession,
    *,
    username: str,
    role: str,
    password: str | None = None,
    display_name: str | None = None,
) -> tuple[User, str]:
    """Create a user and their first API token; returns the user and the plain token."""
    user = User(
        username=username,
        role=role,
        display_name=display_name,
        password_hash=hash_password(password) if password else None,
    )
    session.add(user)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise Conflict(f"A user named '{username}' already exists.") from exc
    token = await issue_token(session, user, label="created with the account")
    return user, token


async def issue_token(session: AsyncSession, user: User, *, label: str | None = None) -> str:
    token = new_api_token()
    session.add(ApiToken(user_id=user.id, token_hash=hash_token(token), label=label))
    await session.flush()
    return token


async def user_for_token(session: AsyncSession, token: str) -> User | None:
    row = (
        await session.execute(
            select(User)
            .join(ApiToken, ApiToken.user_id == User.id)
            .where(
                ApiToken.token_hash == hash_token(token),
                ApiToken.revoked_at.is_(None),
                User.is_active.is_(True),
            )
        )
    ).scalar_one_or_none()
    return row


async def user_for_password(session: AsyncSession, username: str, password: str) -> User | None:
    user = (
        await session.execute(select(User).where(User.username == username))
    ).scalar_one_or_none()
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.is_active:
        return None
    return user


async def get_user(session: AsyncSession, user_id: str) -> User | None:
    return await session.get(User, user_id)
