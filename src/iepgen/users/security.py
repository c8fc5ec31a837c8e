"""Secrets: API tokens and session secrets (random, stored as SHA-256), passwords (argon2id)."""

from __future__ import annotations

import functools
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

TOKEN_PREFIX = "iep_"
_password_hasher = PasswordHasher()
# What a password is checked against when the username does not exist: a real argon2id
# hash with the same parameters, so an unknown user costs exactly as long as a known one.
_DUMMY_PASSWORD = "iepgen-no-such-user"


def new_api_token() -> str:
    """A token with 256 bits of randomness; the prefix makes leaked tokens easy to scan for."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def new_session_secret() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    # A fast hash is right for tokens: they are random, so there is nothing to brute-force.
    return hashlib.sha256(token.encode()).hexdigest()


def hash_password(password: str) -> str:
    return _password_hasher.hash(password)


@functools.cache
def _dummy_hash() -> str:
    return _password_hasher.hash(_DUMMY_PASSWORD)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; a missing hash costs one full argon2 check all the same."""
    try:
        if not password_hash:
            _password_hasher.verify(_dummy_hash(), password)
            return False
        return _password_hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_temporary_password() -> str:
    """A password an administrator hands over once; the user must replace it at sign-in."""
    return "-".join(secrets.token_urlsafe(6) for _ in range(3))
