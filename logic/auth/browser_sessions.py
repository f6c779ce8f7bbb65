"""Signed-in browsers: server-side sessions bound to the browser by an HttpOnly cookie.

A Streamlit script cannot set an HttpOnly cookie, so signing in takes two steps:

1. the sign-in form checks the password and calls `start_handover(user)`: a row in stage "handover"
   whose random token is good once, for HANDOVER_TTL; the browser is sent to the server's hand-over
   route with it (server.py);
2. that route calls `redeem_handover(token)`: the row becomes "active" under a new random secret (the
   token is spent), which the route puts into the HttpOnly cookie.

Every run of a page then calls `check(cookie)`: the session is valid while it is neither revoked nor
idle longer than the clinic's idle time, nor older than MAX_LIFETIME, and its account is active; the
account's current role comes with it. Signing out, an admin's disabling of the account, revoke every
session of that user at once (`revoke_user`), so every other tab is signed out at its next run.

Secrets are 256 random bits; the table holds only their SHA-256, so a copy of the database (or its
backup) signs nobody in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.orm import Session

from ..storage.schema import BrowserSession, User
from .session_cookie import COOKIE, HANDOVER_ROUTE, SIGN_OUT_ROUTE  # noqa: F401  (used from here too)

if TYPE_CHECKING:
    from ..storage import Storage

UTC = dt.UTC
HANDOVER = "handover"
ACTIVE = "active"
HANDOVER_TTL = dt.timedelta(seconds=60)
# However active, a session ends after a working day (ASVS 3.3.2: an absolute timeout).
MAX_LIFETIME = dt.timedelta(hours=12)
# last_seen is written at most this often (not on every run, which would make every click a write).
TOUCH_AFTER = dt.timedelta(seconds=30)
# Ended sessions are deleted this long after they ended.
KEEP_ENDED = dt.timedelta(days=1)


def utcnow() -> dt.datetime:
    return dt.datetime.now(UTC)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


@dataclass(frozen=True)
class SignedIn:
    """Who a valid browser session belongs to (the account as the database has it now)."""

    session_id: int
    username: str
    role: str


def start_handover(storage: Storage, username: str, now: dt.datetime | None = None) -> str:
    """After a verified sign-in: a single-use token for the hand-over route (good for HANDOVER_TTL)."""
    now = now or utcnow()
    token = new_secret()
    with storage.write() as s:
        user_id = s.scalar(select(User.id).where(User.username == username, User.active.is_(True)))
        if user_id is None:
            raise LookupError(f"no active account {username!r}")
        # Housekeeping on the (rare) sign-in path: rows that ended a while ago.
        s.execute(delete(BrowserSession).where(BrowserSession.expires_at < now - KEEP_ENDED))
        s.add(BrowserSession(
            token_hash=_hash(token), stage=HANDOVER, user_id=user_id, created_at=now, last_seen=now,
            expires_at=now + HANDOVER_TTL,
        ))  # fmt: skip
    return token


def redeem_handover(storage: Storage, token: str, now: dt.datetime | None = None) -> str | None:
    """Swap a hand-over token for the session's cookie secret; None when the token is unknown, spent,
    expired or its account disabled. The swap is one conditional UPDATE, so a token is good once."""
    now = now or utcnow()
    secret = new_secret()
    with storage.write() as s:
        active_user = select(User.id).where(User.id == BrowserSession.user_id, User.active.is_(True)).exists()
        swapped = cast(CursorResult[Any], s.execute(
            update(BrowserSession)
            .where(
                BrowserSession.token_hash == _hash(token or ""), BrowserSession.stage == HANDOVER,
                BrowserSession.revoked_at.is_(None), BrowserSession.expires_at > now, active_user,
            )
            .values(token_hash=_hash(secret), stage=ACTIVE, last_seen=now, expires_at=now + MAX_LIFETIME)
            .execution_options(synchronize_session=False)
        ))  # fmt: skip
        return secret if swapped.rowcount == 1 else None


def check(storage: Storage, secret: str | None, idle: dt.timedelta, now: dt.datetime | None = None) -> SignedIn | None:
    """The signed-in account of a cookie's secret, or None (no such session, revoked, idle longer than
    `idle`, past its lifetime, or the account disabled). Notes the use at most every TOUCH_AFTER."""
    if not secret:
        return None
    now = now or utcnow()
    with storage.read() as s:
        found = s.execute(
            select(BrowserSession.id, BrowserSession.last_seen, User.username, User.role)
            .join(User, User.id == BrowserSession.user_id)
            .where(
                BrowserSession.token_hash == _hash(secret), BrowserSession.stage == ACTIVE,
                BrowserSession.revoked_at.is_(None), BrowserSession.expires_at > now, User.active.is_(True),
            )
        ).first()  # fmt: skip
    if found is None or now - found.last_seen > idle:
        return None
    if now - found.last_seen >= TOUCH_AFTER:
        with storage.write() as s:
            s.execute(update(BrowserSession).where(BrowserSession.id == found.id).values(last_seen=now))
    return SignedIn(found.id, found.username, found.role)


def revoke_user(storage: Storage, username: str, now: dt.datetime | None = None) -> int:
    """End every session of this account (sign-out); returns how many were open."""
    with storage.write() as s:
        user_id = s.scalar(select(User.id).where(User.username == username))
        return end_sessions(s, user_id, now) if user_id is not None else 0


def end_sessions(s: Session, user_id: int, now: dt.datetime | None = None) -> int:
    """Within a write transaction: revoke every open session of the account `user_id`."""
    now = now or utcnow()
    ended = cast(CursorResult[Any], s.execute(
        update(BrowserSession)
        .where(BrowserSession.user_id == user_id, BrowserSession.revoked_at.is_(None))
        .values(revoked_at=now, expires_at=now)
        .execution_options(synchronize_session=False)
    ))  # fmt: skip
    return ended.rowcount or 0


def revoke_by_secret(storage: Storage, secret: str | None, now: dt.datetime | None = None) -> str | None:
    """Sign-out from a browser: end every session of the cookie's account; returns the user name."""
    if not secret:
        return None
    with storage.read() as s:
        username = s.scalar(
            select(User.username).join(BrowserSession, BrowserSession.user_id == User.id)
            .where(BrowserSession.token_hash == _hash(secret))
        )  # fmt: skip
    if username is not None:
        revoke_user(storage, username, now)
    return username
