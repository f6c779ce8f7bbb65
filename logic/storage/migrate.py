"""Alembic migrations, run from code: no alembic.ini, the scripts live inside the package.

`upgrade(engine)` brings a database to the newest revision in one transaction:
- SQLite: the transaction starts with BEGIN IMMEDIATE (engine.writer), so two processes opening the
  same file at once take turns; the second finds the database at head and does nothing;
- PostgreSQL: the transaction first takes `pg_advisory_xact_lock`, so replicas starting at once take
  turns the same way; DDL is transactional, so a failed upgrade leaves the previous revision intact.

Opening a database that is already at head only reads `alembic_version` (Alembic itself is imported
only when there is something to do, which keeps the app's start fast).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from .engine import is_sqlite, reader, writer

if TYPE_CHECKING:
    from alembic.config import Config

SCRIPT_LOCATION = Path(__file__).resolve().with_name("migrations")
# The newest revision in migrations/versions; tests/storage/test_storage_migrations.py checks it.
HEAD = "0008"
# pg_advisory_xact_lock key: "RGMIGRAT" as a 64-bit integer, unlikely to clash with anything else.
ADVISORY_LOCK_KEY = int.from_bytes(b"RGMIGRAT", "big") & 0x7FFF_FFFF_FFFF_FFFF


def config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPT_LOCATION))
    if connection is not None:
        cfg.attributes["connection"] = connection
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


def _locked(engine: Engine, action: str, revision: str) -> str | None:
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
                getattr(command, action)(config(conn), revision)
                if sqlite is not None:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration {action} to {revision} breaks foreign keys: {broken[:5]}")
                reached = _revision(conn)
            return reached
        finally:
            if sqlite is not None:
                sqlite.execute("PRAGMA foreign_keys = ON")


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Upgrade to `revision` (default: head); returns the revision the database is at afterwards."""
    if revision in ("head", HEAD) and current_revision(engine) == HEAD:
        return HEAD
    return _locked(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str) -> str | None:
    return _locked(engine, "downgrade", revision)
