"""The database tables as SQLAlchemy 2 typed declarative models (the head of the migrations).

Migrations in `migrations/versions` create exactly this schema; tests/logic/storage/test_storage_migrations.py
compares the two. Timestamps are stored in UTC; JSON columns are JSONB on PostgreSQL.

Denormalized columns (kept by `Storage` in the same transaction as the rows they summarise, so the
client list never aggregates the child tables):
- clients.name_norm and the client_name_prefixes rows: normalized name for ordering, and every prefix
  of every word of the name with that name, for search in name order (logic/storage/names.py);
- clients.session_count, clients.no_progress: from the client's sessions (H2 with X6);
- clients.latest_level, clients.latest_check_at: from the client's newest reaction check;
- clients.disclosures_not_reviewed: from the risk profile (A1).

Every child table is indexed by client_id first (alone, or leading a composite index with the date or
time the record page orders by).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from . import names

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

UTC = dt.UTC


class UTCDateTime(TypeDecorator[dt.datetime]):
    """An aware datetime in UTC on every backend (SQLite stores it naive, PostgreSQL as timestamptz)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        """On SQLite, read the naive UTC text that the bind side wrote ("2026-05-01 09:30:00.000000")
        with its offset in one call: a few times cheaper per value than parsing it and then
        replace(tzinfo=UTC), which counts in lists of many rows. Any other stored form takes the
        general way (the dialect's parser, then process_result_value)."""
        general = super().result_processor(dialect, coltype)
        if dialect.name != "sqlite" or general is None:
            return general
        read_utc = dt.datetime.fromisoformat

        def process(value: Any) -> dt.datetime | None:
            if value is None:
                return None
            try:
                return read_utc(value + "+00:00")
            except (TypeError, ValueError):
                return general(value)

        return process


def JsonType() -> Any:
    return JSON().with_variant(JSONB(), "postgresql")


def SearchKey(length: int) -> Any:
    """Text compared byte by byte, so a prefix range `>= p AND < bound` is exact and uses the index."""
    return String(length).with_variant(String(length, collation="C"), "postgresql")


# SQLite's AUTOINCREMENT (migration 0006): an erased row's id is never handed out again, so an old link,
# export or audit row cannot come to mean another person. PostgreSQL's sequences never reuse a value.
NEVER_REUSE_IDS: dict[str, Any] = {"sqlite_autoincrement": True}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# Boolean badges of the client list, each with a partial index of the clients it holds for.
LIST_FLAGS = ("known_fainting_tendency", "disclosures_not_reviewed", "no_progress")
LIST_FILTERS = ("birth_year", "latest_level", *LIST_FLAGS)


class Client(Base):
    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_norm: Mapped[str] = mapped_column(SearchKey(200), default="", server_default="")
    birth_year: Mapped[int] = mapped_column(Integer)
    contact: Mapped[str | None] = mapped_column(String(200))
    consent_health_data: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_date: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    # Risk profile (A1 and interfaces.md `client` without age); all null until it is first set.
    massage_experience: Mapped[str | None] = mapped_column(String(32))
    condition_months: Mapped[float | None] = mapped_column(Float)
    trigger_points: Mapped[str | None] = mapped_column(String(32))
    trigger_point_severity: Mapped[str | None] = mapped_column(String(32))
    stressors: Mapped[bool | None] = mapped_column(Boolean)
    bad_experience_before: Mapped[bool | None] = mapped_column(Boolean)
    known_fainting_tendency: Mapped[bool] = mapped_column(Boolean, default=False)
    disclosed_conditions: Mapped[list[str]] = mapped_column(JsonType(), default=list)
    conditions_reviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    profile_updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    # Original pain on the body map (E3).
    original_pain_regions: Mapped[list[str]] = mapped_column(JsonType(), default=list)
    original_pain_recorded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    # Denormalized summaries (migration 0002).
    session_count: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    no_progress: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    disclosures_not_reviewed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    latest_level: Mapped[str | None] = mapped_column(String(32))
    latest_check_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        # The client list (migration 0003): every page is ordered by (name_norm, id), and every filter
        # column rides along in the indexes, so a page and its total count read indexes only.
        Index("ix_clients_name_norm", "name_norm", "id", *LIST_FILTERS),
        Index("ix_clients_latest_level", "latest_level", "name_norm", "id", "birth_year", *LIST_FLAGS),
        Index("ix_clients_birth_year", "birth_year"),
        *(
            Index(
                f"ix_clients_{flag}",
                "name_norm",
                "id",
                *LIST_FILTERS,
                sqlite_where=text(f"{flag} = 1"),
                postgresql_where=text(flag),
            )
            for flag in LIST_FLAGS
        ),
        NEVER_REUSE_IDS,
    )


class ClientNamePrefix(Base):
    """One prefix of a word of a client's normalized name, with that name (migration 0005).

    A search word is looked up by equality on `prefix`, and the primary key (prefix, name_norm,
    client_id) lists the clients it matches already in the client list's order: a page of a name
    search reads its 25 index entries and stops, however many clients match.
    """

    __tablename__ = "client_name_prefixes"

    prefix: Mapped[str] = mapped_column(SearchKey(100), primary_key=True)
    name_norm: Mapped[str] = mapped_column(SearchKey(200), primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True)

    __table_args__ = (Index("ix_client_name_prefixes_client_id", "client_id"),)


def name_prefixes(name: str) -> set[str]:
    """Every prefix of every word of the name (names.words), each once: "Bo Bork" gives b, bo, bor, bork."""
    return {word[:end] for word in names.words(name) for end in range(1, len(word) + 1)}


def name_prefix_rows(client_id: int, name: str) -> list[dict[str, Any]]:
    """The client_name_prefixes rows of a client with this name (the storage and the benchmark insert these)."""
    norm = names.normalize(name)
    return [{"prefix": p, "name_norm": norm, "client_id": client_id} for p in sorted(name_prefixes(name))]


class TreatmentSession(Base):
    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    treatment: Mapped[str] = mapped_column(String(32))
    neck_treatment: Mapped[bool] = mapped_column(Boolean, default=False)
    duration_min: Mapped[float] = mapped_column(Float)
    pressure: Mapped[float] = mapped_column(Float)
    regions: Mapped[list[str]] = mapped_column(JsonType(), default=list)
    pain_before: Mapped[int] = mapped_column(Integer)
    pain_after: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint("pain_before BETWEEN 0 AND 10", name="pain_before"),
        CheckConstraint("pain_after BETWEEN 0 AND 10", name="pain_after"),
        CheckConstraint("pressure BETWEEN 0 AND 10", name="pressure"),
        CheckConstraint("duration_min > 0", name="duration"),
        Index("ix_sessions_client_date", "client_id", "date", "id"),
        NEVER_REUSE_IDS,
    )


class ReactionCheck(Base):
    __tablename__ = "checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"))
    checked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    report: Mapped[dict[str, Any]] = mapped_column(JsonType())  # the answers; all fields for a full report
    complete: Mapped[bool] = mapped_column(Boolean, default=True)  # report holds every field
    level: Mapped[str] = mapped_column(String(32))
    progress_sign: Mapped[bool] = mapped_column(Boolean, default=False)
    path: Mapped[list[str]] = mapped_column(JsonType())
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JsonType())
    engine_version: Mapped[str] = mapped_column(String(32))
    regions_now: Mapped[list[str]] = mapped_column(JsonType(), default=list)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # Who answered (migration 0011): "therapist" (the record's check) or "client" (sent through a
    # follow-up link, logic/follow_up.py); a client's report is unseen until a therapist marks it.
    source: Mapped[str] = mapped_column(String(16), default="therapist", server_default="therapist")
    seen_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    seen_by: Mapped[str | None] = mapped_column(String(100))

    __table_args__ = (
        Index("ix_checks_session_id", "session_id"),
        Index("ix_checks_source_seen_at", "source", "seen_at"),
        Index("ix_checks_client_checked_at", "client_id", "checked_at", "id"),
        NEVER_REUSE_IDS,
    )


class SavedPlan(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    request: Mapped[dict[str, Any]] = mapped_column(JsonType())
    suggested: Mapped[dict[str, Any]] = mapped_column(JsonType())
    chosen_duration_min: Mapped[int] = mapped_column(Integer)
    chosen_pressure: Mapped[int] = mapped_column(Integer)
    chosen_interval_days: Mapped[int] = mapped_column(Integer)
    accepted: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (
        Index("ix_plans_client_created_at", "client_id", "created_at", "id"),
        NEVER_REUSE_IDS,
    )


class SessionVersion(Base):
    """A session as it was before a change (migration 0007): `update_session` keeps the replaced values
    here, so the record shows every earlier version. Erased with the client (client_id)."""

    __tablename__ = "session_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)  # 1: as first saved
    date: Mapped[dt.date] = mapped_column(Date)
    treatment: Mapped[str] = mapped_column(String(32))
    neck_treatment: Mapped[bool] = mapped_column(Boolean)
    duration_min: Mapped[float] = mapped_column(Float)
    pressure: Mapped[float] = mapped_column(Float)
    regions: Mapped[list[str]] = mapped_column(JsonType())
    pain_before: Mapped[int] = mapped_column(Integer)
    pain_after: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)  # when this version was saved
    replaced_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    replaced_by: Mapped[str] = mapped_column(String(100))

    __table_args__ = (
        UniqueConstraint("session_id", "version"),
        Index("ix_session_versions_client_id", "client_id", "session_id", "version"),
    )


class ClientLanguage(Base):
    """The language a client reads (the aftercare sheet; migration 0011): one row per client who has one,
    in a table of its own so that the clients table (and every backup of it) keeps its shape. Erased
    with the client (client_id); without a row the sheet is in Danish."""

    __tablename__ = "client_languages"

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True)
    language: Mapped[str] = mapped_column(String(2))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class FollowUpToken(Base):
    """A follow-up link handed to a client with the aftercare sheet (migration 0011, logic/follow_up.py).

    Only the SHA-256 of the link's random token is stored; the link is good until `expires_at`, unless
    revoked, for at most `max_reports` reports. The treatment and its time are read from the session
    whenever the link is opened (a corrected session counts). Erased with the client (client_id)."""

    __tablename__ = "follow_up_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    max_reports: Mapped[int] = mapped_column(Integer)
    reports: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_by: Mapped[str | None] = mapped_column(String(100))

    __table_args__ = (
        CheckConstraint("reports >= 0 AND reports <= max_reports", name="reports"),
        Index("ix_follow_up_tokens_client_id", "client_id", "session_id"),
        NEVER_REUSE_IDS,
    )


TABLES = (
    "clients",
    "client_name_prefixes",
    "sessions",
    "session_versions",
    "checks",
    "plans",
    "follow_up_tokens",
    "client_languages",
)


# --- Accounts, sign-in throttling, the audit trail, clinic settings, erasures, browser sessions ---
#
# Used by logic/auth (migrations 0004, 0006, 0008, 0009); declared here so that the one schema module
# holds every table and storage never imports auth.
#
# - users: built-in accounts; `must_change_password` after an admin's reset; the single sign-on
#   provider's (issuer, subject) once the first verified e-mail matched (migration 0009).
# - sign_in_throttle: failed sign-ins counted per account, per source and per (account, source), with
#   the time until which each key is held back (logic/auth/throttle.py); in the database, so every
#   replica sees the same counts.
# - audit_log: append-only (triggers of migration 0004 refuse UPDATE and DELETE; on PostgreSQL the
#   app's role may only SELECT and INSERT, see migrate.grant_app_role); `client_id` is no foreign key,
#   so an erased client's rows remain; `detail` never holds health data; `hash` is the row's HMAC-SHA256
#   under the audit key since migration 0007 (logic/auth/audit.py).
# - clinic_settings: one row per overridden ClinicSettings field, value as JSON.
# - erasures (migration 0006): each erased client's id, when, by whom and how (erase or purge), no
#   health data; logic/auth/erasures.py keeps the same list in a file outside the database.
# - browser_sessions: a signed-in browser (migration 0008, logic/auth/browser_sessions.py); only the
#   SHA-256 of its secret is stored, so a copy of the database signs nobody in.


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
