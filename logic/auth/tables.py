"""Tables of accounts, sign-in throttling, the audit trail and the clinic's settings overrides (0004, 0009).

They are declared on the storage's `Base`, so `Base.metadata` (and `Storage.count_rows`) covers them;
logic/storage/schema.py imports this module at its end.

- users: built-in accounts; `must_change_password` after an admin's reset; the single sign-on
  provider's (issuer, subject) once the first verified e-mail matched (migration 0009).
- sign_in_throttle: failed sign-ins counted per account, per source and per (account, source), with the
  time until which each key is held back (logic/auth/throttle.py); in the database, so every replica
  sees the same counts.
- audit_log: append-only (triggers of migration 0004 refuse UPDATE and DELETE; on PostgreSQL the app's
  role may only SELECT and INSERT, see migrate.grant_app_role); `client_id` is no foreign key, so an
  erased client's rows remain; `detail` never holds health data; `hash` is the row's HMAC-SHA256 under
  the audit key since migration 0007 (audit.py).
- clinic_settings: one row per overridden ClinicSettings field, value as JSON.
- erasures (migration 0006): each erased client's id, when, by whom and how (erase or purge), no
  health data; logic/auth/erasures.py keeps the same list in a file outside the database.
- browser_sessions: a signed-in browser (migration 0008, logic/auth/browser_sessions.py); only the
  SHA-256 of its secret is stored, so a copy of the database signs nobody in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..storage.schema import NEVER_REUSE_IDS, Base, JsonType, UTCDateTime


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)  # stored lower-case
    email: Mapped[str | None] = mapped_column(String(254), unique=True)  # single sign-on maps e-mail here
    password_hash: Mapped[str | None] = mapped_column(String(255))  # None: single sign-on only
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_sign_in: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    oidc_issuer: Mapped[str | None] = mapped_column(String(255))
    oidc_subject: Mapped[str | None] = mapped_column(String(255))

    __table_args__ = (UniqueConstraint("oidc_issuer", "oidc_subject", name="uq_users_oidc_subject"), NEVER_REUSE_IDS)


class SignInThrottle(Base):
    __tablename__ = "sign_in_throttle"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)  # "account:ID", "source:S", "pair:ID:S"
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    blocked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Source rows only: failed sign-ins with a name that is no account, not yet written to the trail.
    unlogged: Mapped[int] = mapped_column(Integer, default=0)
    logged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_sign_in_throttle_last_failure", "last_failure"),)


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # chain position
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    client_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON, part of the hash
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))  # the row's MAC (the column keeps its 0004 name)

    __table_args__ = (Index("ix_audit_log_client_id", "client_id", "id"),)


class ClinicSetting(Base):
    __tablename__ = "clinic_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JsonType())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(100))


class Erasure(Base):
    __tablename__ = "erasures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(Integer, index=True)  # no foreign key: the client is gone
    erased_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))  # audit.ERASE_CLIENT or audit.PURGE_CLIENT

    __table_args__ = (NEVER_REUSE_IDS,)


class BrowserSession(Base):
    __tablename__ = "browser_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # SHA-256 (hex) of the secret the browser holds: the hand-over token while stage is "handover",
    # then the session cookie's value.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    stage: Mapped[str] = mapped_column(String(16))  # "handover" or "active"
    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)  # idle expiry, moved on by use
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_browser_sessions_user_id", "user_id"),)
