"""Domain errors to HTTP, in one place; anything unexpected is logged by id, never leaked."""

from __future__ import annotations

import math

import structlog
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from iepgen.api.responses import ORJSONResponse
from iepgen.errors import IepgenError, InvalidInput, RateLimited, Unauthorized

log = structlog.get_logger("iepgen.api")


def _iepgen_error(request: Request, exc: Exception) -> ORJSONResponse:
    assert isinstance(exc, IepgenError)
    headers: dict[str, str] = {}
    if isinstance(exc, InvalidInput):
        body = {
            "detail": [{"loc": ["body", *exc.field], "msg": exc.message, "type": "value_error"}]
        }
        return ORJSONResponse(body, status_code=422)
    if isinstance(exc, RateLimited):
        headers["Retry-After"] = str(max(1, math.ceil(exc.retry_after_seconds)))
    if isinstance(exc, Unauthorized):
        headers["WWW-Authenticate"] = "Bearer"
    return ORJSONResponse({"detail": exc.message}, status_code=exc.status_code, headers=headers)


def _validation_error(request: Request, exc: Exception) -> ORJSONResponse:
    assert isinstance(exc, RequestValidationError)
    # Never echo the submitted value back: it may be a student's personal data.
    errors = [
        {key: value for key, value in error.items() if key in {"loc", "msg", "type"}}
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


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(IepgenError, _iepgen_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
