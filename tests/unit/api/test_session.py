"""The signed session cookie: round trip, tampering, expiry, CSRF comparison."""

from __future__ import annotations

import time

from iepgen.api.session import (
    SESSION_MAX_AGE_SECONDS,
    WebSession,
    csrf_matches,
    decode_session,
    encode_session,
)

SECRET = "a-test-secret-that-is-long-enough-for-hmac"


def test_a_signed_session_reads_back_and_sign_in_rotates_the_csrf_token() -> None:
    anonymous = WebSession.anonymous()
    signed_in = anonymous.signed_in("7d1f6c1e-0000-4000-8000-000000000001")

    decoded = decode_session(SECRET, encode_session(SECRET, signed_in))

    assert decoded == signed_in
    assert signed_in.csrf_token != anonymous.csrf_token


def test_an_edited_forged_or_foreign_cookie_is_refused() -> None:
    value = encode_session(SECRET, WebSession.anonymous().signed_in("user-a"))
    payload, signature = value.split(".")
    other = encode_session(SECRET, WebSession.anonymous().signed_in("user-b"))

    assert decode_session(SECRET, f"{other.split('.')[0]}.{signature}") is None
    assert decode_session("another-secret-entirely-another-secret", value) is None
    assert decode_session(SECRET, payload) is None
    assert decode_session(SECRET, "x" * 5000) is None
    assert decode_session(SECRET, "not.base64!") is None


def test_a_session_expires_after_its_lifetime() -> None:
    session = WebSession.anonymous().signed_in("user-a")
    value = encode_session(SECRET, session)

    later = time.time() + SESSION_MAX_AGE_SECONDS + 1

    assert decode_session(SECRET, value, now=later) is None
    assert decode_session(SECRET, value) == session


def test_csrf_tokens_must_match_exactly() -> None:
    session = WebSession.anonymous()

    assert csrf_matches(session, session.csrf_token)
    assert not csrf_matches(session, session.csrf_token[:-1])
    assert not csrf_matches(session, "")
    assert not csrf_matches(session, None)
    assert not csrf_matches(None, session.csrf_token)
