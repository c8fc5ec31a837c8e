"""An account's lifecycle: deactivate, reactivate, reset or change a password, unlock sign-in,
and API tokens (list, issue, revoke). Each change is audited in the caller's transaction."""

from __future__ import annotations

from datetime import datetime

import structlog
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.api.fields import canonical_uuid
from iepgen.audit.service import record
from iepgen.errors import Conflict, InvalidInput, NotFound
from iepgen.models import ApiToken, User
from iepgen.users import sessions
from iepgen.users.security import hash_password, new_temporary_password, verify_password
from iepgen.users.service import Actor, issue_token
from iepgen.users.sign_in_throttle import SignInThrottle

log = structlog.get_logger("iepgen.users")

USER_NOT_FOUND = "User not found."
TOKEN_NOT_FOUND = "Token not found."


async def get_account(session: AsyncSession, user_id: str) -> User:
    canonical = canonical_uuid(user_id)
    user = await session.get(User, canonical) if canonical else None
    if user is None:
        raise NotFound(USER_NOT_FOUND)
    return user


async def _other_active_admins(session: AsyncSession, user: User) -> int:
    count: int = (
        await session.execute(
            select(func.count()).where(
                User.role == "admin", User.is_active.is_(True), User.id != user.id
            )
        )
    ).scalar_one()
    return count


async def deactivate(session: AsyncSession, actor: Actor, user: User, *, now: datetime) -> User:
    """Sign-in, sessions and tokens stop working at once; records stay as they are."""
    if user.id == actor.id:
        raise Conflict("You cannot deactivate your own account; ask another administrator.")
    if user.role == "admin" and user.is_active and await _other_active_admins(session, user) == 0:
        raise Conflict("This is the last active administrator; make another one first.")
    if not user.is_active:
        return user
    user.is_active = False
    user.deactivated_at = now
    ended = await sessions.end_all(session, user.id, "deactivated", now=now)
    revoked = await _revoke_all(session, user.id, now)
    await record(
        session,
        actor,
        "user.deactivate",
        entity_type="user",
        entity_id=user.id,
        detail={"sessions_ended": ended, "tokens_revoked": revoked},
    )
    log.info("user.deactivated", user_id=user.id, sessions_ended=ended, tokens_revoked=revoked)
    return user


async def reactivate(session: AsyncSession, actor: Actor, user: User) -> User:
    """The account may sign in again; revoked tokens stay revoked (issue a new one)."""
    if user.is_active:
        return user
    user.is_active = True
    user.deactivated_at = None
    await record(session, actor, "user.reactivate", entity_type="user", entity_id=user.id)
    log.info("user.reactivated", user_id=user.id)
    return user


async def reset_password(
    session: AsyncSession,
    actor: Actor,
    user: User,
    throttle: SignInThrottle,
    *,
    now: datetime,
    password: str | None = None,
) -> str:
    """Set a temporary password the user must replace at their next sign-in; returns it.

    Ends the user's web sessions and lifts sign-in locks: a reset is what an administrator
    does for someone locked out or whose password may be known to someone else.
    """
    temporary = password or new_temporary_password()
    user.password_hash = hash_password(temporary)
    user.password_changed_at = now
    user.must_change_password = True
    ended = await sessions.end_all(session, user.id, "password_reset", now=now)
    await throttle.unlock(session, user.id)
    await record(
        session,
        actor,
        "user.password_reset",
        entity_type="user",
        entity_id=user.id,
        detail={"sessions_ended": ended},
    )
    log.info("user.password_reset", user_id=user.id, sessions_ended=ended)
    return temporary


async def change_password(
    session: AsyncSession,
    actor: Actor,
    *,
    current_password: str,
    new_password: str,
    now: datetime,
    keep_session_id: str | None = None,
) -> None:
    """The user's own change: needs the current password; ends their other web sessions."""
    user = await get_account(session, actor.id)
    if not verify_password(user.password_hash, current_password):
        raise InvalidInput("The current password is not right.", field=("current_password",))
    if current_password == new_password:
        raise InvalidInput(
            "The new password must differ from the current one.", field=("new_password",)
        )
    user.password_hash = hash_password(new_password)
    user.password_changed_at = now
    user.must_change_password = False
    ended = await sessions.end_all(
        session, user.id, "password_changed", now=now, keep_record_id=keep_session_id
    )
    await record(
        session,
        actor,
        "user.password_change",
        entity_type="user",
        entity_id=user.id,
        detail={"sessions_ended": ended},
    )
    log.info("user.password_changed", user_id=user.id, sessions_ended=ended)


async def unlock(session: AsyncSession, actor: Actor, user: User, throttle: SignInThrottle) -> int:
    lifted = await throttle.unlock(session, user.id)
    await record(
        session,
        actor,
        "user.unlock",
        entity_type="user",
        entity_id=user.id,
        detail={"locks_lifted": lifted},
    )
    return lifted


async def tokens_of(session: AsyncSession, user_id: str) -> list[ApiToken]:
    rows = await session.execute(
        select(ApiToken)
        .where(ApiToken.user_id == user_id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id)
    )
    return list(rows.scalars())


async def new_token(
    session: AsyncSession, actor: Actor, user: User, *, label: str | None, days: int
) -> tuple[str, ApiToken]:
    if not user.is_active:
        raise Conflict("This account is deactivated; reactivate it before issuing a token.")
    token, row = await issue_token(session, user, label=label, days=days)
    await record(
        session,
        actor,
        "token.create",
        entity_type="api_token",
        entity_id=row.id,
        detail={
            "user_id": user.id,
            "expires_at": row.expires_at.isoformat() if row.expires_at else None,
        },
    )
    return token, row


async def revoke_token(
    session: AsyncSession, actor: Actor, user: User, token_id: str, *, now: datetime
) -> ApiToken:
    canonical = canonical_uuid(token_id)
    row = await session.get(ApiToken, canonical) if canonical else None
    if row is None or row.user_id != user.id:
        raise NotFound(TOKEN_NOT_FOUND)
    if row.revoked_at is None:
        row.revoked_at = now
        await record(
            session,
            actor,
            "token.revoke",
            entity_type="api_token",
            entity_id=row.id,
            detail={"user_id": user.id},
        )
    return row


async def _revoke_all(session: AsyncSession, user_id: str, now: datetime) -> int:
    result = await session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
