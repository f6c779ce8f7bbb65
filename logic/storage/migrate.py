"""Alembic migrations, run from code: no alembic.ini, the scripts live inside the package.

`upgrade(engine)` brings a database to the newest revision in one transaction:
- SQLite: the transaction starts with BEGIN IMMEDIATE (engine.writer), so two processes opening the
  same file at once take turns; the second finds the database at head and does nothing;
- PostgreSQL: the transaction first takes `pg_advisory_xact_lock`, so replicas starting at once take
  turns the same way; DDL is transactional, so a failed upgrade leaves the previous revision intact.

Opening a database that is already at head only reads `alembic_version` (Alembic itself is imported
only when there is something to do, which keeps the app's start fast).

PostgreSQL with two roles: when REAKTIONSGUIDE_MIGRATION_DATABASE_URL names the role that owns the
schema, open_storage migrates through it and then `grant_app_role` gives the app's role (the user of
the app's URL) what it needs: SELECT, INSERT, UPDATE and DELETE on every table but the audit trail,
on which it may only SELECT and INSERT. As it owns nothing, it can neither truncate the trail nor
disable its triggers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from .engine import is_sqlite, reader, writer

if TYPE_CHECKING:
    from alembic.config import Config

    from ..settings import ClinicSettings

MIGRATION_DATABASE_URL_ENV = "REAKTIONSGUIDE_MIGRATION_DATABASE_URL"
APPEND_ONLY_TABLES = ("audit_log",)
SCRIPT_LOCATION = Path(__file__).resolve().with_name("migrations")
# The newest revision in migrations/versions; tests/logic/storage/test_storage_migrations.py checks it.
HEAD = "0011"
# pg_advisory_xact_lock key: "RGMIGRAT" as a 64-bit integer, unlikely to clash with anything else.
ADVISORY_LOCK_KEY = int.from_bytes(b"RGMIGRAT", "big") & 0x7FFF_FFFF_FFFF_FFFF


def config(connection: Connection | None = None, settings: ClinicSettings | None = None) -> Config:
    """Alembic's configuration; migrations read the connection and the clinic's settings (0007 needs
    the audit key) from its attributes."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPT_LOCATION))
    if connection is not None:
        cfg.attributes["connection"] = connection
    if settings is not None:
        cfg.attributes["settings"] = settings
    return cfg


def head_revision() -> str:
    return HEAD


def script_head() -> str | None:
    """The head according to the migration scripts themselves."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config()).get_current_head()


def _revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def current_revision(engine: Engine) -> str | None:
    with reader(engine).connect() as conn:
        return _revision(conn)


def _locked(engine: Engine, action: str, revision: str, settings: ClinicSettings | None = None) -> str | None:
    """Run an Alembic command in one write transaction, alone (see the module's docstring).

    On SQLite, foreign keys are switched off around the transaction, as SQLite's own procedure for
    schema changes asks: batch migrations copy a table, drop the old one and rename the copy, and
    dropping a parent table with foreign keys on would delete its children through ON DELETE CASCADE.
    `PRAGMA foreign_key_check` must find nothing before the transaction commits.
    """
    from alembic import command

    with writer(engine).connect() as conn:
        sqlite = conn.connection.driver_connection if is_sqlite(engine) else None
        if sqlite is not None:
            sqlite.execute("PRAGMA foreign_keys = OFF")  # outside any transaction, where it takes effect
        try:
            with conn.begin():
                if sqlite is None:
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
                getattr(command, action)(config(conn, settings), revision)
                if sqlite is not None:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration {action} to {revision} breaks foreign keys: {broken[:5]}")
                reached = _revision(conn)
            return reached
        finally:
            if sqlite is not None:
                sqlite.execute("PRAGMA foreign_keys = ON")


def upgrade(engine: Engine, revision: str = "head", settings: ClinicSettings | None = None) -> str | None:
    """Upgrade to `revision` (default: head); returns the revision the database is at afterwards."""
    if revision in ("head", HEAD) and current_revision(engine) == HEAD:
        return HEAD
    return _locked(engine, "upgrade", revision, settings)


def downgrade(engine: Engine, revision: str, settings: ClinicSettings | None = None) -> str | None:
    return _locked(engine, "downgrade", revision, settings)


def _quoted(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def grant_app_role(owner: Engine, role: str) -> None:
    """PostgreSQL: the app's role may read and write every table of the schema, but only read and append
    to the audit trail (see the module's docstring). Run by the owner after every upgrade, so tables a
    later migration adds are covered."""
    with writer(owner).begin() as conn:
        who = _quoted(conn, role)
        statements = [
            f"GRANT USAGE ON SCHEMA public TO {who}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {who}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {who}",
            f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {who}",
        ]
        for table in APPEND_ONLY_TABLES:
            statements.append(f"REVOKE ALL ON {_quoted(conn, table)} FROM {who}")
            statements.append(f"GRANT SELECT, INSERT ON {_quoted(conn, table)} TO {who}")
        for statement in statements:
            conn.exec_driver_sql(statement)
