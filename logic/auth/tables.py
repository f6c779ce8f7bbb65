"""Tables of accounts, the audit trail and the clinic's settings overrides (migration 0004).

They are declared on the storage's `Base`, so `Base.metadata` (and `Storage.count_rows`) covers them;
logic/storage/schema.py imports this module at its end.

- users: built-in accounts; the lockout counters live on the row, so every replica sees them.
- audit_log: append-only (triggers of migration 0004 refuse UPDATE and DELETE); `client_id` is no
  foreign key, so an erased client's rows remain; `detail` never holds health data.
- clinic_settings: one row per overridden ClinicSettings field, value as JSON.
- browser_sessions: a signed-in browser (migration 0008, logic/auth/browser_sessions.py); only the
  SHA-256 of its secret is stored, so a copy of the database signs nobody in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..storage.schema import Base, JsonType, UTCDateTime


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)  # stored lower-case
    email: Mapped[str | None] = mapped_column(String(254), unique=True)  # single sign-on maps e-mail here
    password_hash: Mapped[str | None] = mapped_column(String(255))  # None: single sign-on only
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    failed_since: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_sign_in: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # chain position
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    client_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON, part of the hash
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_log_client_id", "client_id", "id"),)


class ClinicSetting(Base):
    __tablename__ = "clinic_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JsonType())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(100))


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
