"""Dependencies every router shares: the unit of work, the caller, pagination."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.api.session import read_session
from iepgen.config import Settings
from iepgen.db import Database
from iepgen.db.base import utcnow
from iepgen.errors import Forbidden, Unauthorized
from iepgen.users import sessions
from iepgen.users.service import Actor, holder_of_token, last_use_is_stale, note_token_use


def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


DatabaseDep = Annotated[Database, Depends(get_database)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]


async def _write_session(database: DatabaseDep) -> AsyncIterator[AsyncSession]:
    async with database.transaction() as session:
        yield session


async def _read_session(database: DatabaseDep) -> AsyncIterator[AsyncSession]:
    async with database.read() as session:
        yield session


# scope="function": the transaction commits before the response is sent, so a client
# that reads right after a 201 always sees what it created, and a failed commit is an error.
SessionDep = Annotated[AsyncSession, Depends(_write_session, scope="function")]
ReadSessionDep = Annotated[AsyncSession, Depends(_read_session, scope="function")]

_bearer = HTTPBearer(auto_error=False, description="The API token from `iepgen users create`.")


async def actor_for_bearer(
    database: Database, session: AsyncSession, credentials: HTTPAuthorizationCredentials | None
) -> Actor:
    """The user the bearer token belongs to; Unauthorized without a valid one."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("Sign in: send 'Authorization: Bearer <token>'.")
    now = utcnow()
    holder = await holder_of_token(session, credentials.credentials, now=now)
    if holder is None:
        raise Unauthorized("The API token is not valid (unknown, revoked or expired).")
    if last_use_is_stale(holder, now):
        # Last use is recorded at most once per interval, in its own short write: the
        # caller's unit of work stays read-only.
        async with database.transaction() as write:
            await note_token_use(write, holder.token_id, now)
    return Actor.of(holder.user)


BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


async def current_actor(database: DatabaseDep, credentials: BearerCredentials) -> Actor:
    # A short read of its own: long-poll and SSE routes hold no transaction while they wait.
    async with database.read() as session:
        return await actor_for_bearer(database, session, credentials)


CurrentActor = Annotated[Actor, Depends(current_actor)]


async def live_web_session(
    request: Request, database: Database, settings: Settings, *, touch: bool
) -> sessions.LiveSession | None:
    """The server-side session the request's cookie names, if it is still live.

    `touch` slides the idle deadline: pages do, downloads and background checks do not.
    """
    cookie = read_session(request, settings)
    if cookie is None or cookie.secret is None:
        return None
    async with database.transaction() as db_session:
        return await sessions.resolve(
            db_session,
            cookie.secret,
            sessions.SessionPolicy.of(settings),
            now=utcnow(),
            touch=touch,
        )


@dataclass(frozen=True)
class AuthenticatedRead:
    """A read-only unit of work and the caller it was authenticated in."""

    session: AsyncSession
    actor: Actor


async def _authenticated_read(
    database: DatabaseDep, credentials: BearerCredentials
) -> AsyncIterator[AuthenticatedRead]:
    async with database.read() as session:
        yield AuthenticatedRead(session, await actor_for_bearer(database, session, credentials))


# Authentication and the read in one transaction: what a plain GET of a record needs.
ReadAsActor = Annotated[AuthenticatedRead, Depends(_authenticated_read, scope="function")]


async def session_actor(request: Request, database: Database, settings: Settings) -> Actor | None:
    """The user signed in to the web UI by session cookie, if any (and still active)."""
    live = await live_web_session(request, database, settings, touch=False)
    return Actor.of(live.user) if live else None


async def current_actor_from_cookie_or_bearer(
    request: Request,
    database: DatabaseDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    """A bearer token, or the web UI's session cookie (for downloads and the job SSE stream).

    Only for GET endpoints: the cookie is SameSite=Lax and these answers change nothing,
    so no CSRF token is needed; every state-changing endpoint stays bearer-only.
    """
    if credentials is not None:
        async with database.read() as session:
            return await actor_for_bearer(database, session, credentials)
    actor = await session_actor(request, database, settings)
    if actor is None:
        raise Unauthorized("Sign in: send 'Authorization: Bearer <token>' or a session cookie.")
    return actor


CookieOrBearerActor = Annotated[Actor, Depends(current_actor_from_cookie_or_bearer)]


async def admin_actor(actor: CurrentActor) -> Actor:
    if not actor.is_admin:
        raise Forbidden("This needs an administrator.")
    return actor


AdminActor = Annotated[Actor, Depends(admin_actor)]


class Page(BaseModel):
    limit: int
    offset: int


def pagination(
    limit: Annotated[int, Query(ge=1, le=200, description="Page size, 1-200.")] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> Page:
    return Page(limit=limit, offset=offset)


PageDep = Annotated[Page, Depends(pagination)]
