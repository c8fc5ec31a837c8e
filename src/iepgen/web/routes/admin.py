"""Admin pages: queue statistics, workers, circuit state, cleanup, and user accounts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from iepgen.api.deps import DatabaseDep, SessionDep, SettingsDep
from iepgen.audit.service import record
from iepgen.config import Settings
from iepgen.db import Database
from iepgen.db.base import utcnow
from iepgen.errors import Conflict, Forbidden, NotFound
from iepgen.jobs.schemas import CleanupRequest
from iepgen.jobs.stats import collect_queue_stats
from iepgen.models import User
from iepgen.queue import cleanup
from iepgen.users import accounts
from iepgen.users import service as users
from iepgen.users.schemas import UserCreate
from iepgen.users.service import Actor
from iepgen.users.sign_in_throttle import SignInThrottle
from iepgen.web.context import CsrfChecked, WebActor
from iepgen.web.errors import WebRoute
from iepgen.web.forms import FormState, errors_from_validation, signed_number
from iepgen.web.templating import render

router = APIRouter(route_class=WebRoute, include_in_schema=False)

CLEANUP_LABELS = {
    "older_than_days": "Archive finished jobs older than (days)",
    "delete_archived_older_than_days": "Delete archived jobs older than (days)",
}
USER_LABELS = {
    "username": "Username",
    "role": "Role",
    "password": "Password",
    "display_name": "Full name",
}
MAX_LISTED_USERS = 500


def _require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise Forbidden("This page is for administrators.")


async def _stats_page(
    request: Request,
    session: AsyncSession,
    database: Database,
    settings: Settings,
    form: FormState,
    result: dict[str, int] | None = None,
    status_code: int = 200,
) -> Response:
    stats = await collect_queue_stats(session, database, settings, now=utcnow())
    return render(
        request,
        "admin.html",
        {
            "title": "Queue and workers",
            "stats": stats,
            "form": form,
            "result": result,
            "nav": "admin",
        },
        status_code=status_code,
    )


def _cleanup_defaults(settings: Settings) -> FormState:
    return FormState(
        values={
            "older_than_days": str(settings.job_retention_days),
            "delete_archived_older_than_days": str(settings.archive_retention_days),
        }
    )


@router.get("/admin")
async def admin_page(
    request: Request,
    session: SessionDep,
    database: DatabaseDep,
    settings: SettingsDep,
    actor: WebActor,
) -> Response:
    _require_admin(actor)
    return await _stats_page(request, session, database, settings, _cleanup_defaults(settings))


def _whole_number(value: str) -> int | str:
    """A form's digits as an int (the request model is strict); anything else as sent."""
    number = signed_number(value)
    return value if number is None else number


@router.post("/admin/cleanup", dependencies=[CsrfChecked])
async def run_cleanup(
    request: Request,
    session: SessionDep,
    database: DatabaseDep,
    settings: SettingsDep,
    actor: WebActor,
) -> Response:
    _require_admin(actor)
    data = await request.form()
    values = {name: str(data.get(name) or "").strip() for name in CLEANUP_LABELS}
    form = FormState(values=values)
    try:
        body = CleanupRequest.model_validate({k: _whole_number(v) for k, v in values.items()})
    except ValidationError as exc:
        form.errors = errors_from_validation(exc, CLEANUP_LABELS, model=CleanupRequest)
        return await _stats_page(request, session, database, settings, form, status_code=422)
    counts = await cleanup(
        session,
        older_than_days=body.older_than_days,
        delete_archived_older_than_days=body.delete_archived_older_than_days,
    )
    await record(
        session, actor, "job.cleanup", entity_type="job", detail={**counts, **body.model_dump()}
    )
    return await _stats_page(request, session, database, settings, form, result=counts)


async def _users_page(
    request: Request,
    session: AsyncSession,
    form: FormState,
    created: dict[str, Any] | None = None,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    rows = await session.execute(
        select(User).order_by(User.role, User.username).limit(MAX_LISTED_USERS)
    )
    settings: Settings = request.app.state.settings
    locked = await SignInThrottle.of(settings).locked_accounts(session, now=utcnow())
    return render(
        request,
        "admin_users.html",
        {
            "title": "Users",
            "users": list(rows.scalars()),
            "locked": locked,
            "form": form,
            "created": created,
            "nav": "users",
            **extra,
        },
        status_code=status_code,
    )


def _blank_user_form() -> FormState:
    return FormState(values={"role": "teacher"})


@router.post("/admin/users/{user_id}/{action}", dependencies=[CsrfChecked])
async def account_action(
    request: Request,
    user_id: str,
    action: str,
    session: SessionDep,
    settings: SettingsDep,
    actor: WebActor,
) -> Response:
    """Deactivate, reactivate, reset the password of, or unlock an account."""
    _require_admin(actor)
    user = await accounts.get_account(session, user_id)
    now = utcnow()
    throttle = SignInThrottle.of(settings)
    label = user.display_name or user.username
    try:
        if action == "deactivate":
            await accounts.deactivate(session, actor, user, now=now)
            done = f"{label} is deactivated: their sessions ended and their tokens are revoked."
        elif action == "reactivate":
            await accounts.reactivate(session, actor, user)
            done = f"{label} can sign in again."
        elif action == "unlock":
            await accounts.unlock(session, actor, user, throttle)
            done = f"{label}'s sign-in is unlocked."
        elif action == "reset-password":
            temporary = await accounts.reset_password(session, actor, user, throttle, now=now)
            reset = {"username": user.username, "password": temporary}
            return await _users_page(request, session, _blank_user_form(), reset=reset)
        else:
            raise NotFound("There is no such page.")
    except Conflict as exc:
        return await _users_page(
            request, session, _blank_user_form(), problem=exc.message, status_code=409
        )
    return await _users_page(request, session, _blank_user_form(), done=done)


@router.get("/admin/users")
async def users_page(request: Request, session: SessionDep, actor: WebActor) -> Response:
    _require_admin(actor)
    return await _users_page(request, session, FormState(values={"role": "teacher"}))


@router.post("/admin/users", dependencies=[CsrfChecked])
async def create_user(request: Request, session: SessionDep, actor: WebActor) -> Response:
    _require_admin(actor)
    data = await request.form()
    values = {name: str(data.get(name) or "").strip() for name in USER_LABELS}
    password = str(data.get("password") or "")
    form = FormState(values={k: v for k, v in values.items() if k != "password"})
    try:
        body = UserCreate.model_validate(
            {
                "username": values["username"],
                "role": values["role"],
                "password": password or None,
                "display_name": values["display_name"] or None,
            }
        )
    except ValidationError as exc:
        form.errors = errors_from_validation(exc, USER_LABELS, model=UserCreate)
        return await _users_page(request, session, form, status_code=422)
    try:
        # A savepoint: a duplicate name rolls back only this insert, and the page still renders.
        async with session.begin_nested():
            user, token = await users.create_user(
                session,
                username=body.username,
                role=body.role,
                password=body.password,
                display_name=body.display_name,
                token_days=request.app.state.settings.api_token_days,
            )
    except Conflict as exc:
        form.errors = {"username": exc.message}
        return await _users_page(request, session, form, status_code=422)
    await record(session, actor, "user.create", entity_type="user", entity_id=user.id)
    created = {"username": user.username, "role": user.role, "token": token}
    return await _users_page(
        request, session, FormState(values={"role": "teacher"}), created=created
    )
