"""Alembic migrations, run from code: no alembic.ini, the scripts live inside the package.

`upgrade(engine)` brings a database to the newest revision in one transaction:
- SQLite: the transaction starts with BEGIN IMMEDIATE (engine.writer), so two processes opening the
  same file at once take turns; the second finds the database at head and does nothing;
- PostgreSQL: the transaction first takes `pg_advisory_xact_lock`, so replicas starting at once take
  turns the same way; DDL is transactional, so a failed upgrade leaves the previous revision intact.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from .engine import is_sqlite, reader, writer

SCRIPT_LOCATION = Path(__file__).resolve().with_name("migrations")
# pg_advisory_xact_lock key: "RGMIGRAT" as a 64-bit integer, unlikely to clash with anything else.
ADVISORY_LOCK_KEY = int.from_bytes(b"RGMIGRAT", "big") & 0x7FFF_FFFF_FFFF_FFFF


def config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPT_LOCATION))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@lru_cache(maxsize=1)
def head_revision() -> str:
    head = ScriptDirectory.from_config(config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with reader(engine).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Upgrade to `revision` (default: head); returns the revision the database is at afterwards."""
    if revision == "head" and current_revision(engine) == head_revision():
        return head_revision()
    with writer(engine).begin() as conn:
        if not is_sqlite(engine):
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
        command.upgrade(config(conn), revision)
        return MigrationContext.configure(conn).get_current_revision()


def downgrade(engine: Engine, revision: str) -> str | None:
    with writer(engine).begin() as conn:
        if not is_sqlite(engine):
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
        command.downgrade(config(conn), revision)
        return MigrationContext.configure(conn).get_current_revision()
