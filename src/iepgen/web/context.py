"""The page context: who is signed in, their session, and the CSRF check every POST runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from starlette.responses import Response

from iepgen.api.deps import DatabaseDep, SettingsDep, session_actor
from iepgen.api.session import WebSession, csrf_matches, read_session, write_session
from iepgen.config import Settings
from iepgen.errors import IepgenError
from iepgen.users.service import Actor


class SignInRequired(IepgenError):
    """No signed-in user: the page sends the browser to the sign-in form."""

    status_code = 401


class CsrfRejected(IepgenError):
    """A form arrived without this session's CSRF token."""

    status_code = 403


@dataclass
class PageContext:
    settings: Settings
    session: WebSession
    actor: Actor | None
    # A session to set on the response (a new anonymous one, or after sign-in/out).
    new_session: WebSession | None = field(default=None)

    @property
    def csrf_token(self) -> str:
        return (self.new_session or self.session).csrf_token

    def commit_session(self, response: Response) -> None:
        if self.new_session is not None:
            write_session(response, self.settings, self.new_session)


async def page_context(
    request: Request, database: DatabaseDep, settings: SettingsDep
) -> PageContext:
    """Every page's context; an anonymous session (for the CSRF token) is made on first visit."""
    session = read_session(request, settings)
    new_session = None
    if session is None:
        session = new_session = WebSession.anonymous()
    actor = await session_actor(request, database, settings) if session.user_id else None
    if session.user_id and actor is None:  # account gone or deactivated: start over
        session = new_session = WebSession.anonymous()
    page = PageContext(settings=settings, session=session, actor=actor, new_session=new_session)
    request.state.page = page
    return page


PageDep = Annotated[PageContext, Depends(page_context)]


async def signed_in(page: PageDep) -> Actor:
    if page.actor is None:
        raise SignInRequired("Sign in to continue.")
    return page.actor


WebActor = Annotated[Actor, Depends(signed_in)]


async def check_csrf(request: Request, page: PageDep) -> None:
    """Refuse any POST whose form lacks this session's CSRF token (403)."""
    form = await request.form()
    if not csrf_matches(page.session, form.get("csrf_token")):
        raise CsrfRejected(
            "This form has expired or did not come from this site. Go back, reload the page "
            "and try again."
        )


CsrfChecked = Depends(check_csrf)
