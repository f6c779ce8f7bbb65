"""Accounts, roles and sign-in with a lockout counted in the database.

Sign-in (`sign_in`) answers with an `Outcome`; the app shows one generic message for every failure
(unknown name, wrong password, locked account, disabled account) so it never hints whether a name exists.
An unknown name costs one Argon2 verification too, so timing does not tell either.

Lockout: the counters live on the user's row (failed_count, failed_since, locked_until), updated in a
write transaction that locks the row, so every replica sharing the database counts the same
failures. Five failures within 15 minutes lock the account for 15 minutes; while it is locked even
the right password is refused (and such attempts neither count nor extend the lock). A successful
sign-in clears the counters and, when the hashing parameters changed, stores a fresh hash.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from . import ADMIN, THERAPIST, audit, browser_sessions, passwords
from .tables import User

if TYPE_CHECKING:
    from ..storage import Storage

UTC = dt.timezone.utc
MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
LOCK_TIME = dt.timedelta(minutes=15)
USER_ROLES = (THERAPIST, ADMIN)
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,99}$")
DEMO_NAME = "demo"


class AccountError(ValueError):
    pass


class OwnAccountError(AccountError):
    """A change nobody may make to their own account (disabling it)."""


class LastAdminError(AccountError):
    """A change that would leave the clinic without an active admin (nobody could manage accounts)."""


def utcnow() -> dt.datetime:
    return dt.datetime.now(UTC)


def normalize(username: str) -> str:
    return (username or "").strip().lower()


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    role: str
    email: str | None
    active: bool
    locked_until: dt.datetime | None


@dataclass(frozen=True)
class Outcome:
    ok: bool
    user: UserInfo | None = None
    reason: str = ""  # "ok", "invalid", "locked" (for the audit trail and tests, not for the screen)


def _info(row: User) -> UserInfo:
    return UserInfo(row.id, row.username, row.role, row.email, row.active, row.locked_until)


def _check_password(password: str) -> None:
    if len(password or "") < passwords.MIN_LENGTH:
        raise AccountError(f"the password needs at least {passwords.MIN_LENGTH} characters")


def create_user(
    storage: Storage, username: str, password: str | None, role: str = THERAPIST, email: str | None = None,
    now: dt.datetime | None = None,
) -> UserInfo:  # fmt: skip
    name = normalize(username)
    if not NAME_PATTERN.match(name):
        raise AccountError("a user name has 2-100 characters: letters a-z, digits and . _ @ -")
    if role not in USER_ROLES:
        raise AccountError(f"role must be one of {', '.join(USER_ROLES)}")
    if password is not None:
        _check_password(password)
    elif not email:
        raise AccountError("an account needs a password or an e-mail for single sign-on")
    hashed = passwords.hash_password(password) if password is not None else None
    mail = email.strip().lower() if email else None
    with storage.write() as s:
        if s.scalar(select(User.id).where(User.username == name)) is not None:
            raise AccountError(f"user {name!r} exists already")
        if mail and s.scalar(select(User.id).where(User.email == mail)) is not None:
            raise AccountError(f"e-mail {mail!r} belongs to another account")
        row = User(
            username=name, email=mail, password_hash=hashed, role=role, active=True, created_at=now or utcnow(),
            failed_count=0,
        )  # fmt: skip
        s.add(row)
        s.flush()
        audit.append(s, audit.USER_CREATE, detail={"user": name, "role": role})
        return _info(row)


def list_users(storage: Storage) -> list[UserInfo]:
    with storage.read() as s:
        return [_info(r) for r in s.scalars(select(User).order_by(User.username))]


def count_users(storage: Storage) -> int:
    with storage.read() as s:
        return s.scalar(select(func.count()).select_from(User)) or 0


def update_user(
    storage: Storage, username: str, *, role: str | None = None, active: bool | None = None,
    password: str | None = None, unlock: bool = False,
) -> UserInfo:  # fmt: skip
    """Change an account (admin page); each change is audited without the password itself.

    Nobody disables their own account (the acting user, audit.current_actor()): an admin would lock
    themself out in the middle of a change. Nobody demotes or disables the last active admin: the
    clinic would have nobody left to manage accounts, settings and erasures."""
    if role is not None and role not in USER_ROLES:
        raise AccountError(f"role must be one of {', '.join(USER_ROLES)}")
    if password is not None:
        _check_password(password)
    hashed = passwords.hash_password(password) if password is not None else None
    with storage.write() as s:
        row = s.scalars(select(User).where(User.username == normalize(username)).with_for_update()).one_or_none()
        if row is None:
            raise AccountError(f"no user {normalize(username)!r}")
        if active is False and row.active and row.username == normalize(audit.current_actor()):
            raise OwnAccountError("you cannot disable your own account")
        if row.role == "admin" and row.active and ((role is not None and role != "admin") or active is False):
            # Lock every active admin's row, so two admins demoting each other at once cannot both pass.
            admins = s.scalars(select(User.id).where(User.role == "admin", User.active.is_(True)).with_for_update())
            if len(admins.all()) <= 1:
                raise LastAdminError("the clinic's last active admin keeps the admin role")
        changed: dict[str, object] = {}
        if role is not None and role != row.role:
            row.role, changed["role"] = role, role
        if active is not None and active != row.active:
            row.active, changed["active"] = active, active
            if not active:  # every browser signed in to it is signed out at its next run
                browser_sessions.end_sessions(s, row.id)
        if hashed is not None:
            row.password_hash, changed["password"] = hashed, "changed"
        if unlock:
            row.failed_count, row.failed_since, row.locked_until, changed["unlocked"] = 0, None, None, True
        if changed:
            audit.append(s, audit.USER_CHANGE, detail={"user": row.username, **changed})
        return _info(row)


def sign_in(
    storage: Storage, username: str, password: str, clock: Callable[[], dt.datetime] = utcnow
) -> Outcome:
    """Check a name and password; records the outcome (and any lockout) in the database and the trail."""
    name = normalize(username)[:100]
    with storage.read() as s:
        stored = s.execute(select(User.password_hash, User.locked_until).where(User.username == name)).first()
    # The slow part runs outside any transaction; the result is applied under the row lock below.
    matches = passwords.verify(stored.password_hash if stored else None, password or "")
    now = clock()
    with storage.write() as s:
        row = s.scalars(select(User).where(User.username == name).with_for_update()).one_or_none()
        if row is None or not row.active or row.password_hash is None:
            audit.append(s, audit.SIGN_IN_FAILED, actor=name, detail={"reason": "unknown or disabled"})
            return Outcome(False, None, "invalid")
        if row.locked_until is not None and now < row.locked_until:
            audit.append(s, audit.SIGN_IN_LOCKED, actor=name, detail={"locked_until": row.locked_until.isoformat()})
            return Outcome(False, None, "locked")
        if not matches:
            if row.failed_since is None or now - row.failed_since >= WINDOW or row.failed_count <= 0:
                row.failed_since, row.failed_count = now, 1
            else:
                row.failed_count += 1
            detail: dict[str, object] = {"reason": "wrong password", "failures": row.failed_count}
            if row.failed_count >= MAX_FAILURES:
                row.locked_until = now + LOCK_TIME
                row.failed_count, row.failed_since = 0, None
                detail["locked_until"] = row.locked_until.isoformat()
            audit.append(s, audit.SIGN_IN_FAILED, actor=name, detail=detail)
            return Outcome(False, None, "locked" if "locked_until" in detail else "invalid")
        row.failed_count, row.failed_since, row.locked_until, row.last_sign_in = 0, None, None, now
        if passwords.needs_rehash(row.password_hash):
            row.password_hash = passwords.hash_password(password)
        audit.append(s, audit.SIGN_IN_OK, actor=name, detail={"method": "password"})
        return Outcome(True, _info(row), "ok")


def sign_in_sso(storage: Storage, email: str | None, *, verified: bool = True) -> Outcome:
    """Map an e-mail confirmed by the clinic's OpenID Connect provider to an active account; an address
    the provider marks as unverified maps to nobody (anyone could have typed it there)."""
    mail = (email or "").strip().lower()
    with storage.write() as s:
        if not verified:
            detail = {"method": "oidc", "reason": "e-mail not verified"}
            audit.append(s, audit.SIGN_IN_FAILED, actor=mail[:100] or "?", detail=detail)
            return Outcome(False, None, "invalid")
        row = s.scalars(select(User).where(User.email == mail, User.active.is_(True))).one_or_none() if mail else None
        if row is None:
            audit.append(s, audit.SIGN_IN_FAILED, actor=mail[:100] or "?", detail={"method": "oidc", "reason": "no account"})
            return Outcome(False, None, "invalid")
        row.last_sign_in = utcnow()
        audit.append(s, audit.SIGN_IN_OK, actor=row.username, detail={"method": "oidc"})
        return Outcome(True, _info(row), "ok")


def get_user(storage: Storage, username: str) -> UserInfo | None:
    with storage.read() as s:
        row = s.scalars(select(User).where(User.username == normalize(username))).one_or_none()
        return _info(row) if row else None


def ensure_demo_therapist(storage: Storage) -> tuple[str, str] | None:
    """A demo therapist with a random password when the database has no accounts yet; else None."""
    if count_users(storage):
        return None
    password = secrets.token_urlsafe(9)
    create_user(storage, DEMO_NAME, password, THERAPIST)
    return DEMO_NAME, password
