"""Password hashing (Argon2id, OWASP parameters) and the strength policy (zxcvbn)."""

from __future__ import annotations

import functools

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from zxcvbn import zxcvbn

MIN_BYTES = 8
MAX_BYTES = 72
MIN_SCORE = 3  # zxcvbn: 3 = "safely unguessable: moderate protection from offline attacks"

# OWASP Password Storage Cheat Sheet: Argon2id, m = 19 MiB, t = 2, p = 1.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)


def hash_password(password: str) -> str:
    """An Argon2id hash (salted, parameters embedded)."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when `password` matches; any malformed hash is a plain mismatch."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@functools.cache
def _dummy_hash() -> str:
    return _hasher.hash("dread-dummy-password-for-timing")


def burn_verify_time(password: str) -> None:
    """Spend what a real verification costs, so unknown emails answer as slowly as known ones."""
    verify_password(_dummy_hash(), password)


def password_problem(password: str, *, email: str = "", display_name: str = "") -> str | None:
    """Why `password` is refused, or None when it is acceptable."""
    size = len(password.encode("utf-8"))
    if size < MIN_BYTES:
        return f"Use at least {MIN_BYTES} characters."
    if size > MAX_BYTES:
        return f"Use at most {MAX_BYTES} bytes (UTF-8)."
    if len(set(password)) == 1:
        return "A password cannot be one character repeated."
    if email and password.strip().lower() == email.strip().lower():
        return "A password cannot be your email address."
    hints = [part for part in (email, email.partition("@")[0], display_name) if part]
    result = zxcvbn(password, user_inputs=hints)
    if result["score"] < MIN_SCORE:
        warning = result["feedback"].get("warning") or "This password is too easy to guess."
        suggestions = " ".join(result["feedback"].get("suggestions") or [])
        return f"{warning} {suggestions}".strip()
    return None
