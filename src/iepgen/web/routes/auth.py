"""Signing in with a username and password, and signing out."""

from __future__ import annotations

from typing import Annotated

import structlog
from fastapi import APIRouter, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from iepgen.api.deps import DatabaseDep
from iepgen.audit.service import record
from iepgen.db.base import utcnow
from iepgen.users.service import Actor, user_for_password
from iepgen.users.sign_in_throttle import SignInThrottle
from iepgen.web.context import CsrfChecked, PageDep, WebActor
from iepgen.web.errors import WebRoute, safe_next
from iepgen.web.forms import FormState
from iepgen.web.templating import render

log = structlog.get_logger("iepgen.web")

router = APIRouter(route_class=WebRoute, include_in_schema=False)

SIGN_IN_FAILED = "The username or password is not right. Check them and try again."
THROTTLE = SignInThrottle()


@router.get("/")
async def home(actor: WebActor) -> Response:
    return RedirectResponse("/admin" if actor.is_admin else "/caseload", status_code=303)


@router.get("/signin")
async def sign_in_form(
    request: Request,
    page: PageDep,
    next_: Annotated[str | None, Query(alias="next", max_length=2000)] = None,
    signed_out: Annotated[bool, Query()] = False,
) -> Response:
    if page.actor is not None:
        return RedirectResponse(safe_next(next_), status_code=303)
    return render(
        request,
        "signin.html",
        {"form": FormState(), "next": safe_next(next_), "signed_out": signed_out},
    )


@router.post("/signin", dependencies=[CsrfChecked])
async def sign_in(
    request: Request,
    page: PageDep,
    database: DatabaseDep,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next_: Annotated[str, Form(alias="next", max_length=2000)] = "/",
) -> Response:
    form = FormState(values={"username": username.strip()})
    if not username.strip():
        form.errors["username"] = "Enter your username."
    if not password:
        form.errors["password"] = "Enter your password."
    user = None
    status_code = 401
    if not form.errors:
        # One write transaction: the lock check and the failure it records can't interleave
        # with another process's attempt on the same account.
        async with database.transaction() as session:
            locked_for = await THROTTLE.seconds_locked(session, username, now=utcnow())
            if locked_for:
                minutes = max(1, round(locked_for / 60))
                form.errors["password"] = (
                    "Too many failed sign-ins for this account. Wait about "
                    f"{minutes} minute{'s' if minutes != 1 else ''}, or ask an administrator."
                )
                status_code = 429
                log.info("web.sign_in_throttled")
            else:
                user = await user_for_password(session, username.strip(), password)
                if user is None:
                    await THROTTLE.record_failure(session, username)
                    form.errors["password"] = SIGN_IN_FAILED
                    log.info("web.sign_in_failed")
    if user is None:
        return render(
            request,
            "signin.html",
            {"form": form, "next": safe_next(next_)},
            status_code=status_code,
        )
    page.new_session = page.session.signed_in(user.id)
    async with database.transaction() as session:
        await record(session, Actor.of(user), "user.sign_in", entity_type="user", entity_id=user.id)
    log.info("web.signed_in", user_id=user.id)
    response = RedirectResponse(safe_next(next_), status_code=303)
    page.commit_session(response)
    return response


@router.post("/signout", dependencies=[CsrfChecked])
async def sign_out(page: PageDep) -> Response:
    page.new_session = page.session.anonymous()
    response = RedirectResponse("/signin?signed_out=true", status_code=303)
    page.commit_session(response)
    return response
