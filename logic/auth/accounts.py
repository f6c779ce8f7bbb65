"""Accounts, roles, passwords and sign-in, throttled in the database.

Sign-in (`sign_in`) answers with an `Outcome`; the app shows one generic message for every failure
(unknown name, wrong password, disabled account) so it never hints whether a name exists. An unknown
name costs one Argon2 verification too, so timing does not tell either. An attempt held back by the
throttle (logic/auth/throttle.py: growing delays per account, per source and per pair, no lockout) is
answered with "throttled" and the time it may be tried again, before the password is checked.

The audit trail records a failed sign-in under the account's name only when the name is an existing
account. A name that is no account (it may be a password typed into the wrong field) is never stored,
nor anything derived from it: the row's actor is "anonymous", with the source and how many such
failures it stands for, at most one row per source per throttle.UNKNOWN_NAME_LOG_WINDOW (the failures
in between are counted in the source's throttle row and reported by its next trail row).

Passwords: a new one must meet passwords.weakness (12+ characters, not guessable); `change_password`
(the user, with the old one), `reset_password` (an admin: a random temporary password, to be changed at
the next sign-in, when sign_in answers "change_password" instead of signing in).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic_core import PydanticCustomError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import text_rules
from ..storage.schema import User
from ..texts import translate
from . import ADMIN, THERAPIST, audit, browser_sessions, passwords, throttle

if TYPE_CHECKING:
    from ..storage import Storage

UTC = dt.UTC
USER_ROLES = (THERAPIST, ADMIN)
NAME_LENGTH = (2, 100)
NAME_PATTERN = re.compile(rf"^[a-z0-9][a-z0-9._@-]{{{NAME_LENGTH[0] - 1},{NAME_LENGTH[1] - 1}}}$")
DEMO_NAME = "demo"


EMAIL_LENGTH = 254  # users.email's column; the longest address SMTP can deliver to
EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+$")


class AccountError(ValueError):
    """A refused account change; `code` and `values` say why (the catalogue's `<catalogue>.<code>`,
    logic/texts/accounts.py), str() in English."""

    catalogue = "auth.refused"

    def __init__(self, code: str, **values: object):
        super().__init__(code)
        self.code, self.values = code, values

    def __str__(self) -> str:
        return translate(f"{self.catalogue}.{self.code}", "en", **self.values)


class OwnAccountError(AccountError):
    """A change nobody may make to their own account (disabling it)."""


class LastAdminError(AccountError):
    """A change that would leave the clinic without an active admin (nobody could manage accounts)."""


class PasswordPolicyError(AccountError):
    """A new password the policy refuses; `code` and `values` say why (passwords.weakness)."""

    catalogue = "auth.password"

    def __init__(self, code: str, values: dict[str, int]):
        super().__init__(code, **values)


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
    must_change_password: bool = False
    throttled_until: dt.datetime | None = None  # held back from some source after failures (users page)
    has_password: bool = True


@dataclass(frozen=True)
class Outcome:
    ok: bool
    user: UserInfo | None = None
    # "ok", "invalid", "throttled" (retry_after says until when) or "change_password" (the password was
    # right, but an admin reset it: a new one first). For the screen's choice of text and the tests.
    reason: str = ""
    retry_after: dt.datetime | None = None


def _info(row: User, throttled_until: dt.datetime | None = None) -> UserInfo:
    return UserInfo(
        row.id, row.username, row.role, row.email, row.active, bool(row.must_change_password), throttled_until,
        row.password_hash is not None,
    )  # fmt: skip


def _check_password(password: str, *user_inputs: str | None) -> None:
    found = passwords.weakness(password or "", user_inputs)
    if found is not None:
        raise PasswordPolicyError(*found)


def normalize_email(email: str | None) -> str | None:
    """An account's e-mail as stored (trimmed, lower case; None when empty), or AccountError: the text
    rules of every typed text (logic/text_rules.py), EMAIL_LENGTH, and one @ between two parts."""
    mail = (email or "").strip().lower()
    if not mail:
        return None
    if len(mail) > EMAIL_LENGTH:
        raise AccountError("email_too_long", max=EMAIL_LENGTH)
    try:
        text_rules.check(mail)
    except PydanticCustomError as error:
        if error.type == text_rules.INVISIBLE:
            raise AccountError("email_invalid") from None
        raise AccountError("email_character", **(error.context or {})) from None
    if not EMAIL_SHAPE.match(mail):
        raise AccountError("email_invalid")
    return mail


def create_user(
    storage: Storage, username: str, password: str | None, role: str = THERAPIST, email: str | None = None,
    now: dt.datetime | None = None,
) -> UserInfo:  # fmt: skip
    name = normalize(username)
    if not NAME_PATTERN.match(name):
        raise AccountError("bad_username", min=NAME_LENGTH[0], max=NAME_LENGTH[1])
    if role not in USER_ROLES:
        raise AccountError("bad_role", roles=", ".join(USER_ROLES))
    mail = normalize_email(email)
    if password is not None:
        _check_password(password, name, mail)
    elif not mail:
        raise AccountError("no_credential")
    hashed = passwords.hash_password(password) if password is not None else None
    with storage.write() as s:
        if s.scalar(select(User.id).where(User.username == name)) is not None:
            raise AccountError("username_taken", name=name)
        if mail and s.scalar(select(User.id).where(User.email == mail)) is not None:
            raise AccountError("email_taken", email=mail)
        row = User(
            username=name, email=mail, password_hash=hashed, role=role, active=True, created_at=now or utcnow(),
            must_change_password=False,
        )  # fmt: skip
        s.add(row)
        s.flush()
        audit.append(s, audit.USER_CREATE, detail={"user": name, "role": role})
        return _info(row)


def list_users(storage: Storage, now: dt.datetime | None = None) -> list[UserInfo]:
    """Every account, with until when it is held back from some source after failed sign-ins."""
    now = now or utcnow()
    with storage.read() as s:
        rows = s.scalars(select(User).order_by(User.username)).all()
        return [_info(r, throttle.account_blocked_until(s, r.id, now)) for r in rows]


def count_users(storage: Storage) -> int:
    with storage.read() as s:
        return s.scalar(select(func.count()).select_from(User)) or 0


def update_user(
    storage: Storage, username: str, *, role: str | None = None, active: bool | None = None,
    password: str | None = None, unlock: bool = False,
) -> UserInfo:  # fmt: skip
    """Change an account (admin page, command line); each change is audited without the password itself.

    Nobody disables their own account (the acting user, audit.current_actor()): an admin would lock
    themself out in the middle of a change. Nobody demotes or disables the last active admin: the
    clinic would have nobody left to manage accounts, settings and erasures. `unlock` ends the
    throttling of the account from every source."""
    if role is not None and role not in USER_ROLES:
        raise AccountError("bad_role", roles=", ".join(USER_ROLES))
    hashed = None
    if password is not None:
        current = get_user(storage, username)
        _check_password(password, normalize(username), current.email if current else None)
        hashed = passwords.hash_password(password)
    with storage.write() as s:
        row = s.scalars(select(User).where(User.username == normalize(username)).with_for_update()).one_or_none()
        if row is None:
            raise AccountError("unknown_user", name=normalize(username))
        if active is False and row.active and row.username == normalize(audit.current_actor()):
            raise OwnAccountError("own_account")
        if row.role == "admin" and row.active and ((role is not None and role != "admin") or active is False):
            # Lock every active admin's row, so two admins demoting each other at once cannot both pass.
            admins = s.scalars(select(User.id).where(User.role == "admin", User.active.is_(True)).with_for_update())
            if len(admins.all()) <= 1:
                raise LastAdminError("last_admin")
        changed: dict[str, object] = {}
        if role is not None and role != row.role:
            row.role, changed["role"] = role, role
        if active is not None and active != row.active:
            row.active, changed["active"] = active, active
            if not active:  # every browser signed in to it is signed out at its next run
                browser_sessions.end_sessions(s, row.id)
        if hashed is not None:
            row.password_hash, row.must_change_password, changed["password"] = hashed, False, "changed"
            browser_sessions.end_sessions(s, row.id)
        if unlock:
            throttle.clear_account(s, row.id)
            changed["unlocked"] = True
        if changed:
            audit.append(s, audit.USER_CHANGE, detail={"user": row.username, **changed})
        return _info(row)


def _attempt(
    storage: Storage, username: str, password: str, source: str | None, clock: Callable[[], dt.datetime],
    on_success: Callable[[Session, User, dt.datetime], Outcome],
) -> Outcome:  # fmt: skip
    """Check a name and password under the throttle; `on_success` runs in the write transaction that
    holds the account's row. Failures are counted and audited as the module's docstring says."""
    name = normalize(username)[:100]
    where = throttle.source_of(source)
    now = clock()
    with storage.read() as s:
        stored = s.execute(select(User.id, User.password_hash).where(User.username == name)).first()
        held = throttle.blocked_until(s, throttle.keys(stored.id if stored else None, where), now)
    if held is not None:  # refused before the password is checked; neither counted nor audited
        return Outcome(False, None, "throttled", held)
    # The slow part runs outside any transaction; the result is applied under the row locks below.
    matches = passwords.verify(stored.password_hash if stored else None, password or "")
    with storage.write() as s:
        row = s.scalars(select(User).where(User.username == name).with_for_update()).one_or_none()
        wanted = throttle.keys(row.id if row else None, where)
        held = throttle.blocked_until(s, wanted, now, lock=True)  # another replica's failure meanwhile
        if held is not None:
            return Outcome(False, None, "throttled", held)
        if row is not None and row.active and row.password_hash is not None and matches:
            throttle.clear(s, wanted[1:])  # the account and the pair; the source's count stays
            return on_success(s, row, now)
        retry_after = throttle.record_failure(s, wanted, now)
        if row is None:
            count = throttle.unknown_name_to_log(s, where, now)
            if count is not None:
                detail: dict[str, object] = {"reason": "no such account", "source": where, "failures": count}
                audit.append(s, audit.SIGN_IN_FAILED, actor="anonymous", detail=detail)
        else:
            reason = "wrong password" if row.active and row.password_hash else "disabled or single sign-on only"
            detail = {"reason": reason, "source": where}
            if retry_after is not None:
                detail["held_back_until"] = retry_after.isoformat()
            audit.append(s, audit.SIGN_IN_FAILED, actor=row.username, detail=detail)
        return Outcome(False, None, "invalid", retry_after)


def sign_in(
    storage: Storage, username: str, password: str, source: str | None = None,
    clock: Callable[[], dt.datetime] = utcnow,
) -> Outcome:  # fmt: skip
    """Check a name and password from the client address `source` (None: the server itself); records
    the outcome in the throttle and the trail."""

    def succeed(s: Session, row: User, now: dt.datetime) -> Outcome:
        if row.must_change_password:
            audit.append(s, audit.SIGN_IN_FAILED, actor=row.username, detail={"reason": "password change required"})
            return Outcome(False, _info(row), "change_password")
        row.last_sign_in = now
        if row.password_hash is not None and passwords.needs_rehash(row.password_hash):
            row.password_hash = passwords.hash_password(password)
        audit.append(s, audit.SIGN_IN_OK, actor=row.username, detail={"method": "password"})
        return Outcome(True, _info(row), "ok")

    return _attempt(storage, username, password, source, clock, succeed)


def change_password(
    storage: Storage, username: str, old: str, new: str, source: str | None = None,
    clock: Callable[[], dt.datetime] = utcnow,
) -> Outcome:  # fmt: skip
    """A user's own change, with the old password (throttled like a sign-in); also the way on after an
    admin's reset. Raises PasswordPolicyError for a new password the policy refuses, or one equal to
    the old, before anything is checked or counted. On success the user counts as signed in (ok)."""
    current = get_user(storage, username)
    _check_password(new, normalize(username), current.email if current else None)
    if new == old:
        raise PasswordPolicyError("same", {})
    hashed = passwords.hash_password(new)

    def succeed(s: Session, row: User, now: dt.datetime) -> Outcome:
        after_reset = row.must_change_password
        row.password_hash, row.must_change_password, row.last_sign_in = hashed, False, now
        browser_sessions.end_sessions(s, row.id, now)  # whoever knew the old password is signed out too
        detail = {"user": row.username, "password": "changed by the user"}
        audit.append(s, audit.USER_CHANGE, actor=row.username, detail=detail)
        if after_reset:  # the sign-in that the reset held back happens now
            audit.append(s, audit.SIGN_IN_OK, actor=row.username, detail={"method": "password", "after": "reset"})
        return Outcome(True, _info(row), "ok")

    return _attempt(storage, username, old, source, clock, succeed)


def reset_password(storage: Storage, username: str) -> str:
    """An admin's reset: a random temporary password (returned, to be handed over once) that must be
    changed at the next sign-in; also ends any throttling of the account."""
    temporary = secrets.token_urlsafe(12)
    hashed = passwords.hash_password(temporary)
    with storage.write() as s:
        row = s.scalars(select(User).where(User.username == normalize(username)).with_for_update()).one_or_none()
        if row is None:
            raise AccountError("unknown_user", name=normalize(username))
        row.password_hash, row.must_change_password = hashed, True
        browser_sessions.end_sessions(s, row.id)  # signed out everywhere until the new password is chosen
        throttle.clear_account(s, row.id)
        audit.append(s, audit.USER_CHANGE, detail={"user": row.username, "password": "reset"})
    return temporary


def sign_in_sso(
    storage: Storage, email: str | None, *, verified: bool | None, issuer: str | None = None,
    subject: str | None = None,
) -> Outcome:  # fmt: skip
    """Map a sign-in at the clinic's OpenID Connect provider to an active account.

    By the provider's stable subject (`sub`, with the issuer `iss`) once it is bound to an account. The
    first time, by an e-mail the provider says is verified (`email_verified` true; absent or false maps
    to nobody, since anyone could have typed the address there); that binds the subject to the account.
    Later the e-mail may change at the provider and the subject still maps to the same account; an
    account bound to one subject is never taken over by another subject that shows its e-mail."""
    mail = (email or "").strip().lower()
    iss, sub = (issuer or "").strip()[:255], (subject or "").strip()[:255]
    with storage.write() as s:

        def refuse(reason: str) -> Outcome:
            detail = {"method": "oidc", "reason": reason}
            audit.append(s, audit.SIGN_IN_FAILED, actor=mail[:100] or "?", detail=detail)
            return Outcome(False, None, "invalid")

        if not sub:
            return refuse("no subject")
        bound = select(User).where(User.oidc_issuer == iss, User.oidc_subject == sub).with_for_update()
        row = s.scalars(bound).one_or_none()
        if row is None:
            if verified is not True:
                return refuse("e-mail not verified")
            row = s.scalars(select(User).where(User.email == mail).with_for_update()).one_or_none() if mail else None
            if row is None:
                return refuse("no account")
            if row.oidc_subject is not None:
                return refuse("the account belongs to another subject")
            row.oidc_issuer, row.oidc_subject = iss, sub
        if not row.active:
            return refuse("account disabled")
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
    password = secrets.token_urlsafe(12)
    create_user(storage, DEMO_NAME, password, THERAPIST)
    return DEMO_NAME, password
