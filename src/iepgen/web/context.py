"""The page context: who is signed in, their session, and the CSRF check every POST runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from starlette.responses import Response

from iepgen.api.deps import DatabaseDep, SettingsDep, live_web_session
from iepgen.api.session import WebSession, csrf_matches, read_session, write_session
from iepgen.config import Settings
from iepgen.db.base import utcnow
from iepgen.errors import IepgenError
from iepgen.users.service import Actor
from iepgen.users.sessions import SessionPolicy

# Pages a user whose password was reset may still open (everything else asks for a new one).
PASSWORD_CHANGE_PATHS = ("/account/password", "/signout", "/session/")


class SignInRequired(IepgenError):
    """No signed-in user: the page sends the browser to the sign-in form."""

    status_code = 401


class CsrfRejected(IepgenError):
    """A form arrived without this session's CSRF token."""

    status_code = 403


class PasswordChangeRequired(IepgenError):
    """An administrator reset this password: the user chooses a new one before anything else."""

    status_code = 403


@dataclass
class PageContext:
    settings: Settings
    session: WebSession
    actor: Actor | None
    # A session to set on the response (a new anonymous one, or after sign-in/out).
    new_session: WebSession | None = field(default=None)
    # The signed-in session ended (idle, signed out elsewhere, deactivated) on this request.
    session_ended: bool = False
    # Seconds until the signed-in session ends if left alone, for the idle warning.
    seconds_left: float | None = None
    idle_seconds: int = 0
    warning_seconds: int = 0

    @property
    def csrf_token(self) -> str:
        return (self.new_session or self.session).csrf_token

    def commit_session(self, response: Response) -> None:
        if self.new_session is not None:
            write_session(response, self.settings, self.new_session)


async def page_context(
    request: Request, database: DatabaseDep, settings: SettingsDep
) -> PageContext:
    """Every page's context; an anonymous session (for the CSRF token) is made on first visit.

    A cookie whose server-side session has ended keeps its CSRF token for this one request
    (so a form posted just after the session went idle can be kept across signing in
    again), while the response already carries a fresh anonymous cookie.
    """
    session = read_session(request, settings)
    new_session = None
    if session is None:
        session = new_session = WebSession.anonymous()
    live = None
    if session.secret is not None:
        live = await live_web_session(request, database, settings, touch=True)
    policy = SessionPolicy.of(settings)
    page = PageContext(
        settings=settings,
        session=session,
        actor=Actor.of(live.user) if live else None,
        new_session=new_session,
        session_ended=session.secret is not None and live is None,
        idle_seconds=int(policy.idle.total_seconds()),
        warning_seconds=int(policy.warning.total_seconds()),
    )
    if page.session_ended:
        page.new_session = WebSession.anonymous()
    if live is not None:
        page.seconds_left = live.seconds_left(utcnow())
    request.state.page = page
    return page


PageDep = Annotated[PageContext, Depends(page_context)]


async def signed_in(request: Request, page: PageDep) -> Actor:
    if page.actor is None:
        raise SignInRequired("Sign in to continue.")
    if page.actor.must_change_password and not request.url.path.startswith(PASSWORD_CHANGE_PATHS):
        raise PasswordChangeRequired("Choose a new password before you go on.")
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
    # This browser's own form: if the session behind it has ended, it may be kept.
    request.state.csrf_checked = True


CsrfChecked = Depends(check_csrf)
