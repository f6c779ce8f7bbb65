"""Password hashing with Argon2id (argon2-cffi), and the policy a new password must meet.

Policy (`weakness`): 12 to 128 characters, and not common or guessable: zxcvbn (the maintained port of
Dropbox's estimator, with its lists of common passwords, names and words, keyboard patterns, dates and
repeats) must rate it at least `MIN_SCORE` (3: about 10^8 guesses), with the account's own name, e-mail
and the product's name counted as guessable. The answer is a code with values, so the app can say it in
the user's language (ui/texts/auth.py: auth.password.CODE) and the command line in English.

Parameters: OWASP's minimum for Argon2id, m = 19 MiB, t = 2, p = 1. A stored hash made with other
parameters still verifies, and `needs_rehash` tells the caller to store a fresh hash after a
successful sign-in, so a change of parameters reaches every account at its next sign-in.
"""

from __future__ import annotations

from collections.abc import Iterable

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MEMORY_KIB = 19 * 1024
TIME_COST = 2
PARALLELISM = 1
MIN_LENGTH = 12
MAX_LENGTH = 128
MIN_SCORE = 3
ESTIMATED_CHARS = 72  # zxcvbn's own limit; a longer password is rated by its first 72 characters
PRODUCT_WORDS = ("reaktionsguide", "reaction guide", "reactionguide", "klinik", "clinic", "massage")

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


def weakness(password: str, user_inputs: Iterable[str | None] = ()) -> tuple[str, dict[str, int]] | None:
    """Why a new password is refused, as (code, values), or None when it meets the policy."""
    if len(password) < MIN_LENGTH or not password.strip():
        return "too_short", {"min": MIN_LENGTH}
    if len(password) > MAX_LENGTH:
        return "too_long", {"max": MAX_LENGTH}
    from zxcvbn import zxcvbn  # its dictionaries load on first use: only when a password is set

    guessable = [*PRODUCT_WORDS]
    for value in user_inputs:
        if value:
            guessable += [value.lower(), *value.lower().replace("@", " ").replace(".", " ").split()]
    if zxcvbn(password[:ESTIMATED_CHARS], user_inputs=guessable)["score"] < MIN_SCORE:
        return "weak", {}
    return None
