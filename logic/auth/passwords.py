"""Password hashing with Argon2id (argon2-cffi).

Parameters: OWASP's minimum for Argon2id, m = 19 MiB, t = 2, p = 1. A stored hash made with other
parameters still verifies, and `needs_rehash` tells the caller to store a fresh hash after a
successful sign-in, so a change of parameters reaches every account at its next sign-in.
"""

from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MEMORY_KIB = 19 * 1024
TIME_COST = 2
PARALLELISM = 1
MIN_LENGTH = 8

HASHER = PasswordHasher(
    time_cost=TIME_COST, memory_cost=MEMORY_KIB, parallelism=PARALLELISM, hash_len=32, salt_len=16, type=Type.ID
)
# Verified against when the account does not exist, so both cases take the same time.
_DUMMY = HASHER.hash("not a password of anyone")


def hash_password(password: str, hasher: PasswordHasher = HASHER) -> str:
    return hasher.hash(password)


def verify(stored: str | None, password: str, hasher: PasswordHasher = HASHER) -> bool:
    """True if `password` matches `stored`; never raises for a wrong or malformed hash."""
    try:
        return hasher.verify(stored or _DUMMY, password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str, hasher: PasswordHasher = HASHER) -> bool:
    try:
        return hasher.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def burn(password: str) -> None:
    """Spend one verification's time (for an unknown user name)."""
    verify(None, password)
