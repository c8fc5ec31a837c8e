"""Request and response bodies for users, their passwords and their API tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from iepgen.api.fields import storable_text
from iepgen.api.schemas import Paginated

Role = Literal["teacher", "admin"]
Password = Annotated[str, Field(min_length=8, max_length=256), AfterValidator(storable_text)]
DisplayName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=128),
    AfterValidator(storable_text),
]
TokenLabel = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=128),
    AfterValidator(storable_text),
]


class UserCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"username": "jrivera", "role": "teacher"}]},
    )

    username: str = Field(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9_.\-@]+$")
    role: Role
    password: Password | None = None
    display_name: DisplayName | None = None


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    username: str
    role: Role
    display_name: str | None
    is_active: bool
    must_change_password: bool = False
    created_at: datetime
    deactivated_at: datetime | None = None


class UserCreated(UserOut):
    token: str = Field(description="The API token. Shown once: store it now.")


class UserPage(Paginated[UserOut]):
    pass


class PasswordChange(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"current_password": "old secret", "new_password": "a new long secret"}]
        },
    )

    current_password: str = Field(min_length=1, max_length=256)
    new_password: Password


class PasswordReset(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{}]})

    password: Password | None = Field(
        default=None, description="The temporary password; leave out to have one generated."
    )


class PasswordResetDone(BaseModel):
    temporary_password: str = Field(
        description="Give this to the user once; they must choose a new one at sign-in."
    )


class TokenCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"label": "SIS nightly sync", "expires_in_days": 30}]},
    )

    label: TokenLabel | None = None
    expires_in_days: int | None = Field(
        default=None, ge=1, le=3650, description="Default: API_TOKEN_DAYS (90)."
    )


class TokenOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    label: str | None
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None
    active: bool = Field(default=False, description="Neither revoked nor expired.")

    @classmethod
    def of(cls, row: object, now: datetime) -> TokenOut:
        out = cls.model_validate(row, from_attributes=True, context=None)
        expired = out.expires_at is not None and out.expires_at <= now
        return out.model_copy(update={"active": out.revoked_at is None and not expired})


class TokenList(BaseModel):
    items: list[TokenOut]


class TokenCreated(TokenOut):
    token: str = Field(description="The API token. Shown once: store it now.")
