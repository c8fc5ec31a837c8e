"""Domain errors to HTTP, in one place; anything unexpected is logged by id, never leaked."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, Final

import orjson
import structlog
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

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


# A page for people, given (status, message); the web package provides it (app.py wires
# it), so this layer never imports the one above.
ErrorPage = Callable[[Request, int, str], Response]
JsonHandler = Callable[[Request, Exception], ORJSONResponse]

# Paths that are for programs: they always answer JSON.
MACHINE_PATHS: Final = ("/api/", "/metrics", "/docs", "/redoc", "/openapi.json")
# A calendar feed is read by a calendar program, never by a person in a browser.
FEED_SUFFIX: Final = ".ics"
PAGE_MESSAGES: Final = {
    404: "There is no such page, or it belongs to a student not on your caseload. Check "
    "the address, or start again from your caseload.",
    405: "That address cannot be used this way. Go back and use the page's own buttons.",
    500: "Something went wrong on our side, and nothing you were doing was saved. It has "
    "been logged; try again, and if it keeps happening tell your district's IT team.",
}


def _is_machine_path(request: Request) -> bool:
    path = request.url.path
    return (
        path.startswith(MACHINE_PATHS)
        or path in {p.rstrip("/") for p in MACHINE_PATHS}
        or path.endswith(FEED_SUFFIX)
    )


def _page_message(status_code: int, response: ORJSONResponse) -> str:
    if status_code in PAGE_MESSAGES:
        return PAGE_MESSAGES[status_code]
    detail = orjson.loads(response.body).get("detail")
    if isinstance(detail, str):
        return detail
    return "That request could not be used. Go back and try again."


def _for_people(handler: JsonHandler, page: ErrorPage | None) -> JsonHandler | Any:
    """`handler`, answering with `page` (HTML in the app's layout) outside the JSON paths."""
    if page is None:
        return handler

    def either(request: Request, exc: Exception) -> Response:
        response = handler(request, exc)
        if _is_machine_path(request):
            return response
        status = response.status_code
        shown = page(request, status, _page_message(status, response))
        for name in ("Retry-After", "WWW-Authenticate", "Allow"):
            if name in response.headers:
                shown.headers[name] = response.headers[name]
        return shown

    return either


def install_error_handlers(app: FastAPI, *, page: ErrorPage | None = None) -> None:
    """Errors as JSON for `/api/`; with `page`, as pages for everything else."""
    app.add_exception_handler(IepgenError, _for_people(_iepgen_error, page))
    app.add_exception_handler(RequestValidationError, _for_people(_validation_error, page))
    app.add_exception_handler(StarletteHTTPException, _for_people(_http_error, page))
    app.add_exception_handler(DBAPIError, _for_people(_database_error, page))
    app.add_exception_handler(Exception, _for_people(_unexpected_error, page))
