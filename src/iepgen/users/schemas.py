"""Request and response bodies for users."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["teacher", "admin"]


class UserCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"username": "jrivera", "role": "teacher"}]},
    )

    username: str = Field(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9_.\-@]+$")
    role: Role
    password: str | None = Field(default=None, min_length=8, max_length=256)
    display_name: str | None = Field(default=None, max_length=128)


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    username: str
    role: Role
    display_name: str | None
    is_active: bool
    created_at: datetime


class UserCreated(UserOut):
    token: str = Field(description="The API token. Shown once: store it now.")
