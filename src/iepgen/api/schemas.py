"""Response shapes every domain shares: a page of items and the error body."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

ItemT = TypeVar("ItemT")


class Paginated(BaseModel, Generic[ItemT]):
    """`{items, total, limit, offset}` (docs/api.md "Conventions"); subclass it to name the page."""

    items: list[ItemT]
    total: int = Field(ge=0, description="How many items match, across all pages.")
    limit: int
    offset: int


class ErrorBody(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"detail": "Student not found."}]},
    )

    detail: str = Field(description="One clear sentence saying what went wrong.")


# `responses=` for routes: the error answers every authenticated, id-bearing route can give.
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "Unknown id, or not on the caller's caseload."}
}
UNAUTHORIZED: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "Missing or invalid API token."}
}
FORBIDDEN: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorBody, "description": "Needs an administrator."}
}
BAD_BODY: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "The body could not be read as JSON text."}
}
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"model": ErrorBody, "description": "The record's state forbids this change."}
}
