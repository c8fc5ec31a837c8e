"""Signing in and out, the session's idle warning, and changing one's own password.

A form posted after the session ended is not lost: the sign-in page carries its fields
(only in this browser's own page), and after signing in the person confirms sending it.
"""

from __future__ import annotations

from typing import Annotated, Any, Final

import structlog
from fastapi import APIRouter, Form, Query, Request
from pydantic import ValidationError
from starlette.responses import JSONResponse, RedirectResponse, Response

from iepgen.api.deps import DatabaseDep, SettingsDep, live_web_session
from iepgen.audit.service import record
from iepgen.db.base import utcnow
from iepgen.errors import InvalidInput
from iepgen.users import accounts, sessions
from iepgen.users.schemas import PasswordChange
from iepgen.users.service import Actor, user_for_password, user_named
from iepgen.users.sign_in_throttle import SignInThrottle
from iepgen.web.context import CsrfChecked, PageDep, WebActor
from iepgen.web.errors import WebRoute, safe_next
from iepgen.web.forms import KEEP_PREFIX, MAX_KEPT_FIELDS, FormState, errors_from_validation
from iepgen.web.templating import render

log = structlog.get_logger("iepgen.web")

router = APIRouter(route_class=WebRoute, include_in_schema=False)

SIGN_IN_FAILED = "The username or password is not right. Check them and try again."
PASSWORD_LABELS: Final = {
    "current_password": "Current password",
    "new_password": "New password",
    "confirm_password": "New password again",
}


def source_address(request: Request) -> str:
    """Where the request came from (the proxy's X-Forwarded-For when it is trusted)."""
    return request.client.host if request.client else "unknown"


@router.get("/")
async def home(actor: WebActor) -> Response:
    return RedirectResponse("/admin" if actor.is_admin else "/caseload", status_code=303)


@router.get("/signin")
async def sign_in_form(
    request: Request,
    page: PageDep,
    next_: Annotated[str | None, Query(alias="next", max_length=2000)] = None,
    signed_out: Annotated[bool, Query()] = False,
    timed_out: Annotated[bool, Query()] = False,
) -> Response:
    if page.actor is not None:
        return RedirectResponse(safe_next(next_), status_code=303)
    return render(
        request,
        "signin.html",
        {
            "form": FormState(),
            "next": safe_next(next_),
            "signed_out": signed_out,
            "timed_out": timed_out or page.session_ended,
        },
    )


def _throttled_message(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    return (
        "Too many failed sign-ins. Wait about "
        f"{minutes} minute{'s' if minutes != 1 else ''}, or ask an administrator to unlock it."
    )


@router.post("/signin", dependencies=[CsrfChecked])
async def sign_in(
    request: Request,
    page: PageDep,
    database: DatabaseDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next_: Annotated[str, Form(alias="next", max_length=2000)] = "/",
) -> Response:
    form_data = await request.form()
    keep = [
        (name[len(KEEP_PREFIX) :], value)
        for name, value in form_data.multi_items()
        if name.startswith(KEEP_PREFIX) and isinstance(value, str)
    ][:MAX_KEPT_FIELDS]
    name = username.strip()
    form = FormState(values={"username": name})
    if not name:
        form.errors["username"] = "Enter your username."
    if not password:
        form.errors["password"] = "Enter your password."
    context: dict[str, Any] = {"form": form, "next": safe_next(next_), "keep": keep}
    if form.errors:
        return render(request, "signin.html", context, status_code=422)
    throttle = SignInThrottle.of(settings)
    source = source_address(request)
    now = utcnow()
    async with database.transaction() as session:
        known = await user_named(session, name)
        reservation = await throttle.reserve(
            session, username=name, source=source, user_id=known.id if known else None, now=now
        )
    if not reservation.allowed:
        log.info("web.sign_in_throttled")
        form.errors["password"] = _throttled_message(reservation.retry_after)
        refused = render(request, "signin.html", context, status_code=429)
        refused.headers["Retry-After"] = str(int(reservation.retry_after))
        return refused
    # The password is checked outside any transaction: argon2 takes a while.
    async with database.read() as session:
        user = await user_for_password(session, name, password)
    if user is None:
        async with database.transaction() as session:
            await throttle.failed(session, source=source, now=now)
            if known is not None:
                action = "user.sign_in_locked" if reservation.last_slot else "user.sign_in_failed"
                await record(session, None, action, entity_type="user", entity_id=known.id)
        log.info("web.sign_in_failed", locked=reservation.last_slot)
        form.errors["password"] = SIGN_IN_FAILED
        return render(request, "signin.html", context, status_code=401)
    async with database.transaction() as session:
        await throttle.succeeded(session, username=name, source=source)
        secret = await sessions.start(session, user, sessions.SessionPolicy.of(settings), now=now)
        await record(session, Actor.of(user), "user.sign_in", entity_type="user", entity_id=user.id)
    page.new_session = page.session.signed_in(secret)
    log.info("web.signed_in", user_id=user.id)
    if user.must_change_password:
        response: Response = RedirectResponse("/account/password?reset=true", status_code=303)
    elif keep:
        response = render(
            request,
            "resume.html",
            {"title": "Send your changes", "keep": keep, "target": safe_next(next_)},
        )
    else:
        response = RedirectResponse(safe_next(next_), status_code=303)
    page.commit_session(response)
    return response


@router.post("/signout", dependencies=[CsrfChecked])
async def sign_out(page: PageDep, database: DatabaseDep) -> Response:
    if page.session.secret is not None:
        async with database.transaction() as session:
            await sessions.end(session, page.session.secret, "signed_out", now=utcnow())
            if page.actor is not None:
                await record(
                    session,
                    page.actor,
                    "user.sign_out",
                    entity_type="user",
                    entity_id=page.actor.id,
                )
    page.new_session = page.session.anonymous()
    response = RedirectResponse("/signin?signed_out=true", status_code=303)
    page.commit_session(response)
    return response


@router.get("/session/status")
async def session_status(
    request: Request, database: DatabaseDep, settings: SettingsDep
) -> Response:
    """Seconds left in this browser's session, without extending it (for the idle warning)."""
    live = await live_web_session(request, database, settings, touch=False)
    left = live.seconds_left(utcnow()) if live else 0
    return JSONResponse({"signed_in": live is not None, "seconds_left": int(left)})


@router.post("/session/keepalive", dependencies=[CsrfChecked])
async def keep_alive(page: PageDep) -> Response:
    """ "Stay signed in": reading the page context already slid the idle deadline."""
    return JSONResponse(
        {"signed_in": page.actor is not None, "seconds_left": int(page.seconds_left or 0)}
    )


@router.get("/account/password")
async def password_form(
    request: Request, actor: WebActor, reset: Annotated[bool, Query()] = False
) -> Response:
    return render(
        request,
        "password.html",
        {
            "title": "Change your password",
            "form": FormState(),
            "reset": reset or actor.must_change_password,
        },
    )


@router.post("/account/password", dependencies=[CsrfChecked])
async def change_password(
    request: Request, page: PageDep, database: DatabaseDep, settings: SettingsDep, actor: WebActor
) -> Response:
    data = await request.form()
    values = {name: str(data.get(name) or "") for name in PASSWORD_LABELS}
    form = FormState()
    context = {"title": "Change your password", "form": form, "reset": actor.must_change_password}
    if values["new_password"] != values["confirm_password"]:
        form.errors["confirm_password"] = "The two new passwords are not the same."
        return render(request, "password.html", context, status_code=422)
    try:
        body = PasswordChange.model_validate(
            {
                "current_password": values["current_password"],
                "new_password": values["new_password"],
            }
        )
    except ValidationError as exc:
        form.errors = errors_from_validation(exc, PASSWORD_LABELS, model=PasswordChange)
        return render(request, "password.html", context, status_code=422)
    live = await live_web_session(request, database, settings, touch=False)
    try:
        async with database.transaction() as session:
            await accounts.change_password(
                session,
                actor,
                current_password=body.current_password,
                new_password=body.new_password,
                now=utcnow(),
                keep_session_id=live.record_id if live else None,
            )
    except InvalidInput as exc:
        form.errors = {str(exc.field[0]): exc.message}
        return render(request, "password.html", context, status_code=422)
    return RedirectResponse("/", status_code=303)
