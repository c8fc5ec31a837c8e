"""Secrets: API tokens (random, stored as SHA-256) and passwords (argon2id)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

TOKEN_PREFIX = "iep_"
_password_hasher = PasswordHasher()


def new_api_token() -> str:
    """A token with 256 bits of randomness; the prefix makes leaked tokens easy to scan for."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    # A fast hash is right for tokens: they are random, so there is nothing to brute-force.
    return hashlib.sha256(token.encode()).hexdigest()


def hash_password(password: str) -> str:
    return _password_hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        # Spend the same time as a real check so usernames can't be probed by timing.
        hmac.compare_digest(hash_token(password), hash_token("x"))
        return False
    try:
        return _password_hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
