"""The web session: a small HMAC-signed cookie holding the user id and the CSRF token.

The cookie is signed with `settings.secret_key` (HMAC-SHA256), so it cannot be forged or
edited; it holds no personal data (a user id, a random CSRF token, when it was issued).
It is HttpOnly, SameSite=Lax, and Secure when `session_cookie_secure` is set. A signed-in
session lasts at most `SESSION_MAX_AGE_SECONDS`; every request also re-checks that the
user still exists and is active, so deactivating an account ends its sessions at once.
Anonymous visitors get a session too (no user id): it carries the CSRF token that
protects the sign-in form itself against login CSRF.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, replace
from typing import Final

import orjson
from starlette.requests import HTTPConnection
from starlette.responses import Response

from iepgen.config import Settings

COOKIE_NAME: Final = "iepgen_session"
SESSION_MAX_AGE_SECONDS: Final = 8 * 3600  # one school day
_SIGNING_CONTEXT: Final = b"iepgen.web-session.v1\x00"
# Signed but still bounded: a cookie is never parsed past this size.
_MAX_COOKIE_CHARS: Final = 1024


@dataclass(frozen=True)
class WebSession:
    user_id: str | None
    csrf_token: str
    issued_at: int

    @classmethod
    def anonymous(cls) -> WebSession:
        return cls(user_id=None, csrf_token=secrets.token_urlsafe(32), issued_at=int(time.time()))

    def signed_in(self, user_id: str) -> WebSession:
        """A fresh session for `user_id`: new CSRF token and clock (no fixation)."""
        return replace(WebSession.anonymous(), user_id=user_id, issued_at=int(time.time()))

    def expired(self, now: float) -> bool:
        return now - self.issued_at > SESSION_MAX_AGE_SECONDS or self.issued_at > now + 60


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(secret: str, payload: str) -> str:
    mac = hmac.new(secret.encode("utf-8"), _SIGNING_CONTEXT + payload.encode("ascii"), "sha256")
    return _b64(mac.digest())


def encode_session(secret: str, session: WebSession) -> str:
    payload = _b64(
        orjson.dumps({"u": session.user_id, "c": session.csrf_token, "t": session.issued_at})
    )
    return f"{payload}.{_signature(secret, payload)}"


def decode_session(secret: str, value: str, *, now: float | None = None) -> WebSession | None:
    """The session in a cookie value, or None if it is forged, malformed or expired."""
    if len(value) > _MAX_COOKIE_CHARS or value.count(".") != 1:
        return None
    payload, signature = value.split(".")
    if not hmac.compare_digest(_signature(secret, payload), signature):
        return None
    try:
        data = orjson.loads(_unb64(payload))
    except (ValueError, orjson.JSONDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    user_id, csrf, issued = data.get("u"), data.get("c"), data.get("t")
    if not (user_id is None or isinstance(user_id, str)) or not isinstance(csrf, str):
        return None
    if not isinstance(issued, int):
        return None
    session = WebSession(user_id=user_id, csrf_token=csrf, issued_at=issued)
    return None if session.expired(time.time() if now is None else now) else session


def read_session(connection: HTTPConnection, settings: Settings) -> WebSession | None:
    value = connection.cookies.get(COOKIE_NAME)
    if not value:
        return None
    return decode_session(settings.secret_key.get_secret_value(), value)


def write_session(response: Response, settings: Settings, session: WebSession) -> None:
    response.set_cookie(
        COOKIE_NAME,
        encode_session(settings.secret_key.get_secret_value(), session),
        max_age=SESSION_MAX_AGE_SECONDS,
        httponly=True,
        samesite="lax",
        secure=settings.session_cookie_secure,
        path="/",
    )


def csrf_matches(session: WebSession | None, submitted: object) -> bool:
    """True when the form's token is this session's (constant-time comparison)."""
    if session is None or not isinstance(submitted, str) or not submitted:
        return False
    return hmac.compare_digest(
        hashlib.sha256(session.csrf_token.encode()).digest(),
        hashlib.sha256(submitted.encode()).digest(),
    )
