"""The web session cookie: HMAC-signed, holding a session secret and the CSRF token.

The cookie is signed with `settings.secret_key` (HMAC-SHA256), so it cannot be edited; it
holds no personal data. A signed-in cookie carries a random session secret whose hash is
a row of `web_sessions` (`iepgen.users.sessions`): signing out, deactivation, a password
change or idleness ends that row, and the cookie with it. Nothing in the cookie names a
user, so even someone holding the signing key cannot make a session for anyone.
It is HttpOnly, SameSite=Lax, and Secure when `session_cookie_secure` is set. Anonymous
visitors get a cookie too (no secret): it carries the CSRF token that protects the
sign-in form itself against login CSRF.
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
# The cookie's own lifetime; the server-side session ends sooner (idle or max age).
SESSION_MAX_AGE_SECONDS: Final = 72 * 3600
_SIGNING_CONTEXT: Final = b"iepgen.web-session.v2\x00"
# Signed but still bounded: a cookie is never parsed past this size.
_MAX_COOKIE_CHARS: Final = 1024


@dataclass(frozen=True)
class WebSession:
    # The server-side session's secret (None: not signed in).
    secret: str | None
    csrf_token: str
    issued_at: int

    @classmethod
    def anonymous(cls) -> WebSession:
        return cls(secret=None, csrf_token=secrets.token_urlsafe(32), issued_at=int(time.time()))

    def signed_in(self, secret: str) -> WebSession:
        """A fresh cookie for a new server session: new CSRF token and clock (no fixation)."""
        return replace(WebSession.anonymous(), secret=secret, issued_at=int(time.time()))

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
        orjson.dumps({"s": session.secret, "c": session.csrf_token, "t": session.issued_at})
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
    session_secret, csrf, issued = data.get("s"), data.get("c"), data.get("t")
    if not (session_secret is None or isinstance(session_secret, str)):
        return None
    if not isinstance(csrf, str) or not isinstance(issued, int):
        return None
    session = WebSession(secret=session_secret, csrf_token=csrf, issued_at=issued)
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
