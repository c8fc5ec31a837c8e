"""`/api/v1/users`: accounts (admin), passwords, and API tokens (each user their own).

`{user_id}` may be `me`. A teacher reaches only `me` (their own tokens and password); every
other account operation needs an administrator (403).
"""

from __future__ import annotations

from fastapi import APIRouter, Response, status
from sqlalchemy import func, select

from iepgen.api.deps import (
    AdminActor,
    CurrentActor,
    PageDep,
    ReadSessionDep,
    SessionDep,
    SettingsDep,
)
from iepgen.api.schemas import CONFLICT, FORBIDDEN, NOT_FOUND, UNAUTHORIZED, ErrorBody
from iepgen.audit.service import record
from iepgen.db.base import utcnow
from iepgen.errors import Forbidden, NotFound
from iepgen.models import User
from iepgen.users import accounts, service
from iepgen.users.schemas import (
    PasswordChange,
    PasswordReset,
    PasswordResetDone,
    TokenCreate,
    TokenCreated,
    TokenList,
    TokenOut,
    UserCreate,
    UserCreated,
    UserOut,
    UserPage,
)
from iepgen.users.service import Actor
from iepgen.users.sign_in_throttle import SignInThrottle

router = APIRouter(prefix="/api/v1/users", tags=["users"], responses=UNAUTHORIZED)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=UserCreated,
    responses={
        **FORBIDDEN,
        409: {"model": ErrorBody, "description": "A user with that username already exists."},
    },
)
async def create_user(
    body: UserCreate, session: SessionDep, admin: AdminActor, settings: SettingsDep
) -> UserCreated:
    """Create a teacher or admin account; the token in the answer is shown only this once."""
    user, token = await service.create_user(
        session,
        username=body.username,
        role=body.role,
        password=body.password,
        display_name=body.display_name,
        token_days=settings.api_token_days,
    )
    await record(session, admin, "user.create", entity_type="user", entity_id=user.id)
    return UserCreated.model_validate({**UserOut.model_validate(user).model_dump(), "token": token})


@router.get("", response_model=UserPage, responses=FORBIDDEN)
async def list_users(session: ReadSessionDep, admin: AdminActor, page: PageDep) -> UserPage:
    """Every account, by username (admin)."""
    total = (await session.execute(select(func.count()).select_from(User))).scalar_one()
    rows = await session.execute(
        select(User).order_by(User.username).limit(page.limit).offset(page.offset)
    )
    return UserPage(
        items=[UserOut.model_validate(u) for u in rows.scalars()],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get("/me", response_model=UserOut)
async def who_am_i(session: ReadSessionDep, actor: CurrentActor) -> UserOut:
    user = await service.get_user(session, actor.id)
    if user is None:
        raise NotFound("User not found.")
    return UserOut.model_validate(user)


async def _account(session: SessionDep, actor: Actor, user_id: str) -> User:
    """`me` or the caller's own id for anyone; any other account only for an admin (403)."""
    if user_id == "me" or user_id == actor.id:
        return await accounts.get_account(session, actor.id)
    if not actor.is_admin:
        raise Forbidden("This needs an administrator.")
    return await accounts.get_account(session, user_id)


@router.post(
    "/me/password",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
)
async def change_password(body: PasswordChange, session: SessionDep, actor: CurrentActor) -> None:
    """Change your own password (needs the current one); ends your web sessions."""
    await accounts.change_password(
        session,
        actor,
        current_password=body.current_password,
        new_password=body.new_password,
        now=utcnow(),
    )


@router.get("/{user_id}/tokens", response_model=TokenList, responses={**FORBIDDEN, **NOT_FOUND})
async def list_tokens(user_id: str, session: SessionDep, actor: CurrentActor) -> TokenList:
    """The account's API tokens (never the secrets): when made, last used, expiry, revoked."""
    user = await _account(session, actor, user_id)
    now = utcnow()
    return TokenList(
        items=[TokenOut.of(t, now) for t in await accounts.tokens_of(session, user.id)]
    )


@router.post(
    "/{user_id}/tokens",
    status_code=status.HTTP_201_CREATED,
    response_model=TokenCreated,
    responses={**FORBIDDEN, **NOT_FOUND, **CONFLICT},
)
async def create_token(
    user_id: str,
    body: TokenCreate,
    session: SessionDep,
    actor: CurrentActor,
    settings: SettingsDep,
) -> TokenCreated:
    """A new API token (shown once), expiring after `expires_in_days`."""
    user = await _account(session, actor, user_id)
    token, row = await accounts.new_token(
        session,
        actor,
        user,
        label=body.label,
        days=body.expires_in_days or settings.api_token_days,
    )
    out = TokenOut.of(row, utcnow())
    return TokenCreated.model_validate({**out.model_dump(), "token": token})


@router.delete(
    "/{user_id}/tokens/{token_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={**FORBIDDEN, **NOT_FOUND},
)
async def revoke_token(
    user_id: str, token_id: str, session: SessionDep, actor: CurrentActor
) -> None:
    """Revoke a token at once (revoking the one you are using signs you out of the API)."""
    user = await _account(session, actor, user_id)
    await accounts.revoke_token(session, actor, user, token_id, now=utcnow())


@router.post(
    "/{user_id}/deactivate",
    response_model=UserOut,
    responses={**FORBIDDEN, **NOT_FOUND, **CONFLICT},
)
async def deactivate(user_id: str, session: SessionDep, admin: AdminActor) -> UserOut:
    """Stop the account: web sessions end and tokens are revoked at once (admin)."""
    user = await accounts.get_account(session, user_id)
    return UserOut.model_validate(await accounts.deactivate(session, admin, user, now=utcnow()))


@router.post("/{user_id}/reactivate", response_model=UserOut, responses={**FORBIDDEN, **NOT_FOUND})
async def reactivate(user_id: str, session: SessionDep, admin: AdminActor) -> UserOut:
    """Let a deactivated account sign in again (issue it a new token if it uses the API)."""
    user = await accounts.get_account(session, user_id)
    return UserOut.model_validate(await accounts.reactivate(session, admin, user))


@router.post(
    "/{user_id}/reset-password",
    response_model=PasswordResetDone,
    responses={**FORBIDDEN, **NOT_FOUND},
)
async def reset_password(
    user_id: str,
    body: PasswordReset,
    session: SessionDep,
    admin: AdminActor,
    settings: SettingsDep,
) -> PasswordResetDone:
    """A temporary password the user must change at next sign-in; ends their sessions."""
    user = await accounts.get_account(session, user_id)
    temporary = await accounts.reset_password(
        session, admin, user, SignInThrottle.of(settings), now=utcnow(), password=body.password
    )
    return PasswordResetDone(temporary_password=temporary)


@router.post(
    "/{user_id}/unlock",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={**FORBIDDEN, **NOT_FOUND},
)
async def unlock(
    user_id: str, session: SessionDep, admin: AdminActor, settings: SettingsDep
) -> None:
    """Lift every sign-in lock on the account (from any source)."""
    user = await accounts.get_account(session, user_id)
    await accounts.unlock(session, admin, user, SignInThrottle.of(settings))
