"""Domain errors to HTTP, in one place; anything unexpected is logged by id, never leaked."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from iepgen.api.messages import allowed_values, humanize, teacher_message
from iepgen.api.responses import ORJSONResponse
from iepgen.errors import IepgenError, InvalidInput, RateLimited, Unauthorized
from iepgen.queue.connectivity import is_connection_error

log = structlog.get_logger("iepgen.api")


def _iepgen_error(request: Request, exc: Exception) -> ORJSONResponse:
    assert isinstance(exc, IepgenError)
    headers: dict[str, str] = {}
    if isinstance(exc, InvalidInput):
        body = {
            "detail": [
                {"loc": ["body", *problem.field], "msg": problem.message, "type": "value_error"}
                for problem in exc.problems
            ]
        }
        return ORJSONResponse(body, status_code=422)
    if isinstance(exc, RateLimited):
        headers["Retry-After"] = str(max(1, math.ceil(exc.retry_after_seconds)))
    if isinstance(exc, Unauthorized):
        headers["WWW-Authenticate"] = "Bearer"
    return ORJSONResponse({"detail": exc.message}, status_code=exc.status_code, headers=headers)


def _body_model(request: Request) -> type[BaseModel] | None:
    """The request body's model, whose constraints give a number's whole range."""
    field = getattr(request.scope.get("route"), "body_field", None)
    annotation = getattr(getattr(field, "field_info", None), "annotation", None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _field_message(error: Mapping[str, Any], model: type[BaseModel] | None) -> str:
    """The teacher-worded message (api/messages.py), the field named by its last path part."""
    loc = list(error["loc"])
    names = [str(part) for part in loc[1:] if isinstance(part, str)]
    name = names[-1] if names else ""
    allowed = allowed_values(model, loc[1:]) if loc[:1] == ["body"] else None
    return teacher_message(error, humanize(name), name=name, allowed=allowed, list_choices=True)


def _validation_error(request: Request, exc: Exception) -> ORJSONResponse:
    assert isinstance(exc, RequestValidationError)
    # Never echo the submitted value back: it may be a student's personal data.
    model = _body_model(request)
    errors = [
        {
            "loc": error["loc"],
            "msg": _field_message(error, model),
            "type": error["type"],
        }
        for error in exc.errors()
    ]
    return ORJSONResponse({"detail": jsonable_encoder(errors)}, status_code=422)


def _http_error(request: Request, exc: Exception) -> ORJSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return ORJSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)


def _unexpected_error(request: Request, exc: Exception) -> ORJSONResponse:
    log.error(
        "request.unhandled_error",
        path=request.url.path,
        method=request.method,
        error_type=type(exc).__name__,
        exc_info=exc,
    )
    return ORJSONResponse(
        {"detail": "An internal error occurred; it has been logged."}, status_code=500
    )


def _is_disk_full(exc: DBAPIError) -> bool:
    # SQLite: SQLITE_FULL; PostgreSQL: SQLSTATE 53100 (disk_full).
    return (
        "database or disk is full" in str(exc.orig) or getattr(exc.orig, "sqlstate", "") == "53100"
    )


def _database_error(request: Request, exc: Exception) -> ORJSONResponse:
    """A database that is away, locked or out of space: 503, nothing saved, never a 500."""
    assert isinstance(exc, DBAPIError)
    disk_full = _is_disk_full(exc)
    if not (disk_full or is_connection_error(exc)):
        return _unexpected_error(request, exc)
    reason = "disk_full" if disk_full else "unavailable"
    # No exc_info: a driver's message may quote the statement being run.
    log.error("request.database_error", path=request.url.path, method=request.method, reason=reason)
    detail = (
        "The database is out of disk space, so nothing was saved. Ask your IT team to free "
        "space, then try again."
        if disk_full
        else "The database is not reachable right now, so nothing was saved. Try again shortly."
    )
    return ORJSONResponse({"detail": detail}, status_code=503, headers={"Retry-After": "30"})


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(IepgenError, _iepgen_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(Exception, _unexpected_error)
