"""Which database, and engines that begin every transaction the right way for it.

SQLite (the default, a file in settings.data_dir):
- journal_mode=WAL: readers never block the writer and the writer never blocks readers;
- synchronous=NORMAL: in WAL mode a commit survives a crash of the process (what the crash test
  kills); only a power loss or OS crash can lose the last commits, never corrupt the file. The setting
  `REAKTIONSGUIDE_SQLITE_SYNCHRONOUS=FULL` trades speed for durability against power loss as well;
- foreign_keys=ON, busy_timeout=10 s;
- secure_delete=ON on every connection: deleted rows are overwritten with zeros, so an erased client's
  data does not linger in free pages (logic/auth/privacy.py also checkpoints the WAL after an erase);
- the file is created 0600 before SQLite opens it (its -wal and -shm take the same mode), the data
  folder 0700 (files.py);
- the driver's own transaction handling is off (isolation_level=None) and the engine's "begin" event
  emits `BEGIN IMMEDIATE` for write transactions, so a writer takes the database's write lock before
  it reads anything: two read-then-write transactions cannot interleave, and a writer never fails
  half-way with SQLITE_BUSY on lock upgrade. Read transactions use a plain (deferred) BEGIN and
  see one snapshot.

PostgreSQL (`postgresql+psycopg://`, from settings or the environment): READ COMMITTED for writes,
where the storage locks the client row it reads-then-writes with `SELECT ... FOR NO KEY UPDATE`
(row locks serialize writers of one client, writers of different clients run in parallel);
REPEATABLE READ, read only, for reads, so a page of results and its total count agree.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

from ..settings import ClinicSettings
from .files import private_database, private_folder

DATABASE_URL_ENV = "REAKTIONSGUIDE_DATABASE_URL"
SQLITE_FILE = "reaktionsguide.db"
BUSY_TIMEOUT_S = 10.0
WRITE = "reaktionsguide_write"  # execution option: this connection's transactions write


class UnsupportedDatabase(ValueError):
    pass


def resolve_url(url: str | None, settings: ClinicSettings) -> URL:
    """The argument, else settings.database_url, else the environment, else SQLite in data_dir."""
    chosen = url or settings.database_url or os.environ.get(DATABASE_URL_ENV)
    if not chosen:
        folder = private_folder(Path(settings.data_dir))
        return URL.create("sqlite", database=str((folder / SQLITE_FILE).resolve()))
    parsed = make_url(chosen)
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        return parsed.set(drivername="sqlite")
    raise UnsupportedDatabase(f"unsupported database {backend!r}: use sqlite:///FILE or postgresql://...")


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def sqlite_file(engine: Engine) -> Path | None:
    """The database file of a SQLite engine; None for PostgreSQL and in-memory SQLite."""
    database = engine.url.database
    return Path(database) if is_sqlite(engine) and database and database != ":memory:" else None


# A failed statement's error names the SQL but never its parameters: those are health data, and the
# error ends up in the server's log.
PRIVATE = {"hide_parameters": True}


def create(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, **PRIVATE)


def _sqlite_engine(url: URL) -> Engine:
    in_memory = not url.database or url.database == ":memory:"
    options: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT_S, "check_same_thread": False}, **PRIVATE}
    if in_memory:  # one shared connection, or every connection would see its own empty database
        options["poolclass"] = StaticPool
    else:
        options.update(pool_size=10, max_overflow=20)
    if not in_memory:
        private_database(Path(url.database))  # type: ignore[arg-type]
    engine = create_engine(url, **options)
    synchronous = os.environ.get("REAKTIONSGUIDE_SQLITE_SYNCHRONOUS", "NORMAL").upper()
    if synchronous not in ("NORMAL", "FULL", "EXTRA"):
        synchronous = "NORMAL"

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None  # no implicit BEGIN from the driver; see _on_begin
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        if not in_memory:
            _use_wal(cursor)
        cursor.execute(f"PRAGMA synchronous = {synchronous}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _use_wal(cursor: Any) -> None:
    """WAL is a property of the file, switched on by the first connection to a new database. The switch
    needs an exclusive lock, and a connection racing another one for it can be told "database is locked"
    at once, without SQLite's busy handler being asked: so it tries again, for up to the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def writer(engine: Engine) -> Engine:
    """The same pool, for write transactions."""
    return engine.execution_options(**{WRITE: True})


def reader(engine: Engine) -> Engine:
    """The same pool, for read-only transactions that see one snapshot."""
    if is_sqlite(engine):
        return engine.execution_options(**{WRITE: False})
    return engine.execution_options(**{WRITE: False}, isolation_level="REPEATABLE READ", postgresql_readonly=True)
