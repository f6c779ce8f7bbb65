"""The audit trail: append-only rows, each chained to the one before it by a SHA-256 hash.

Row content hashed (canonical JSON, UTF-8): [id, at (ISO 8601, UTC, microseconds), actor, action,
client_id, detail]; `hash = sha256(prev_hash + "\\n" + content)`, the first row's prev_hash is 64
zeros. Ids are consecutive (1, 2, 3, ...), assigned under a lock, so a deleted row shows as a gap and
a changed row (or one whose neighbour changed) no longer matches its hash.

Appends take the trail's lock inside the caller's write transaction: on SQLite the transaction already
holds the database's write lock (BEGIN IMMEDIATE); on PostgreSQL `pg_advisory_xact_lock` serializes
appenders until their commit. An audit row commits or rolls back together with the change it records.

Who acts comes from a context variable (`acting_as(name)`), which the app sets per script run; the
command line acts as "cli", anything else as "system". Details never hold health data: field names,
counts and formats only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Dialect, Engine, insert, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ..storage.engine import reader
from .tables import AuditEntry

if TYPE_CHECKING:
    from ..storage import Storage

GENESIS = "0" * 64
LOCK_KEY = int.from_bytes(b"RGAUDIT!", "big") & 0x7FFF_FFFF_FFFF_FFFF
UTC = dt.timezone.utc

# Actions (the audit page translates them).
SIGN_IN_OK, SIGN_IN_FAILED, SIGN_OUT = "sign_in", "sign_in_failed", "sign_out"
VIEW_CLIENT, EXPORT_CLIENT, ERASE_CLIENT, PURGE_CLIENT = "view_client", "export_client", "erase_client", "purge_client"
SETTINGS_CHANGE, USER_CREATE, USER_CHANGE = "settings_change", "user_create", "user_change"

_actor: ContextVar[str] = ContextVar("reaktionsguide_actor", default="system")


def current_actor() -> str:
    return _actor.get()


def set_actor(actor: str) -> None:
    """Who acts in this thread/context from now on (the app calls it at the top of every script run)."""
    _actor.set(actor)


@contextmanager
def acting_as(actor: str) -> Iterator[None]:
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _stamp(at: dt.datetime) -> str:
    at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def row_hash(prev_hash: str, id: int, at: dt.datetime, actor: str, action: str, client_id: int | None, detail: str) -> str:
    content = _canonical([id, _stamp(at), actor, action, client_id, detail])
    return hashlib.sha256(f"{prev_hash}\n{content}".encode()).hexdigest()


# The append's statements, compiled once per dialect and run on the DBAPI cursor of the caller's
# connection: SQLAlchemy's per-statement execution machinery cost more than the statements themselves
# (a view row is the only write of a record opening). Values pass through the columns' own bind
# processors, so rows are stored exactly as a Core insert would store them, and driver errors are
# wrapped as SQLAlchemy's DBAPIError, so callers' retries (deadlocks on PostgreSQL) still see them.
# The chain's end is found through the primary key (SQLite: the rowid; PostgreSQL: a backward scan of
# pk_audit_log), one index probe however long the trail is.
_TABLE = AuditEntry.__table__
_COLUMNS = tuple(column.name for column in _TABLE.c)
_LAST = select(_TABLE.c.id, _TABLE.c.hash).order_by(_TABLE.c.id.desc()).limit(1)
_INSERT = insert(_TABLE)
_NO_DETAIL = _canonical({})


@dataclass(frozen=True)
class _Statements:
    lock: str | None  # PostgreSQL's advisory lock; SQLite's BEGIN IMMEDIATE already holds the write lock
    last: str
    insert: str
    positional: bool  # qmark/format parameters (a tuple in column order), else named (a dict)
    processors: tuple[tuple[str, Callable[[Any], Any] | None], ...]

    def params(self, values: dict[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
        processed = [(name, process(values[name]) if process else values[name]) for name, process in self.processors]
        return tuple(value for _, value in processed) if self.positional else dict(processed)


_statements: dict[tuple[str, str, str], _Statements] = {}


def _prepared(dialect: Dialect) -> _Statements:
    key = (dialect.name, dialect.driver, dialect.paramstyle)
    found = _statements.get(key)
    if found is None:
        insert_sql = _INSERT.compile(dialect=dialect, column_keys=list(_COLUMNS))
        positional = bool(insert_sql.positional)
        order = list(insert_sql.positiontup or ()) if positional else list(_COLUMNS)
        assert sorted(order) == sorted(_COLUMNS), order
        found = _statements[key] = _Statements(
            lock=f"SELECT pg_advisory_xact_lock({LOCK_KEY:d})" if dialect.name == "postgresql" else None,
            last=str(_LAST.compile(dialect=dialect, compile_kwargs={"literal_binds": True})),
            insert=insert_sql.string,
            positional=positional,
            processors=tuple((name, _TABLE.c[name].type.bind_processor(dialect)) for name in order),
        )
    return found


def _execute(dialect: Dialect, cursor: Any, statement: str, params: Any = None) -> None:
    try:
        if params is None:
            cursor.execute(statement)
        else:
            cursor.execute(statement, params)
    except dialect.loaded_dbapi.Error as error:
        raise DBAPIError.instance(statement, params, error, dialect.loaded_dbapi.Error, dialect=dialect) from error


def _connection(target: Session | Connection) -> Connection:
    """The connection of the caller's transaction. A Session's pending changes are flushed first, as
    an ORM execute would: a writer then takes the trail's lock after its own row locks, never before."""
    if isinstance(target, Session):
        target.flush()
        return target.connection()
    return target


def _append_row(
    cursor: Any, dialect: Dialect, action: str, client_id: int | None, detail: Mapping[str, Any] | None,
    actor: str | None, at: dt.datetime | None,
) -> int:  # fmt: skip
    """The append itself, on a DBAPI cursor inside an open write transaction."""
    statements = _prepared(dialect)
    at = (at or dt.datetime.now(UTC)).astimezone(UTC)
    who = (actor if actor is not None else current_actor())[:100]
    text = _canonical(dict(detail)) if detail else _NO_DETAIL
    if statements.lock is not None:
        _execute(dialect, cursor, statements.lock)
        cursor.fetchall()
    _execute(dialect, cursor, statements.last)
    last = cursor.fetchone()
    new_id, prev = (last[0] + 1, last[1]) if last is not None else (1, GENESIS)
    values = {
        "id": new_id, "at": at, "actor": who, "action": action, "client_id": client_id, "detail": text,
        "prev_hash": prev, "hash": row_hash(prev, new_id, at, who, action, client_id, text),
    }  # fmt: skip
    _execute(dialect, cursor, statements.insert, statements.params(values))
    return new_id


def append(
    session: Session | Connection,
    action: str,
    client_id: int | None = None,
    detail: Mapping[str, Any] | None = None,
    *,
    actor: str | None = None,
    at: dt.datetime | None = None,
) -> int:
    """Add one row to the trail inside the caller's write transaction (an ORM Session or a Core
    Connection of the writer engine); returns its id. Three statements on PostgreSQL (lock, chain end,
    insert), two on SQLite, all on the caller's connection and in its transaction."""
    conn = _connection(session)
    cursor = conn.connection.cursor()
    try:
        return _append_row(cursor, conn.dialect, action, client_id, detail, actor, at)
    finally:
        cursor.close()


def install(storage: Storage) -> Storage:
    """Make every write of `storage` append its audit row in the same transaction."""

    def hook(session: Session, action: str, client_id: int | None, detail: Mapping[str, Any] | None = None) -> None:
        append(session, action, client_id, detail)

    storage.audit = hook
    return storage


def record_view(storage: Storage, client_id: int) -> None:
    """One 'view_client' row (the record page calls it, through ui/auth.record_view, once per opening of
    a record), committed on its own: the row is all this transaction writes.

    It runs on a pooled DBAPI connection rather than through a SQLAlchemy Connection, whose begin,
    commit and bookkeeping cost as much as the row itself. The transaction is begun as engine.py's
    writer begins one: BEGIN IMMEDIATE on SQLite (the write lock before the chain's end is read); on
    PostgreSQL the driver's own BEGIN, at the server's default isolation as the writer's (READ
    COMMITTED), the append taking the advisory lock."""
    if getattr(storage, "audit", None) is None:
        return
    engine = storage._engine
    dialect = engine.dialect
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        try:
            if dialect.name == "sqlite":
                _execute(dialect, cursor, "BEGIN IMMEDIATE")
            _append_row(cursor, dialect, VIEW_CLIENT, client_id, None, None, None)
        finally:
            cursor.close()
        try:
            raw.commit()
        except dialect.loaded_dbapi.Error as error:
            raise DBAPIError.instance("COMMIT", None, error, dialect.loaded_dbapi.Error, dialect=dialect) from error
    except BaseException:
        raw.rollback()
        raise
    finally:
        raw.close()


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checked: int
    broken_id: int | None = None
    reason: str = ""

    def message(self) -> str:
        if self.ok:
            return f"audit trail intact: {self.checked} rows"
        return f"audit trail broken at row {self.broken_id}: {self.reason}"


def verify(engine: Engine, batch: int = 5000) -> Verdict:
    """Walk the chain in id order; the first row whose id, link or hash is wrong is named."""
    table = AuditEntry.__table__
    expected_id, prev, checked = 1, GENESIS, 0
    with reader(engine).connect() as conn:
        rows = conn.execution_options(yield_per=batch).execute(select(table).order_by(table.c.id))
        for row in rows:
            if row.id != expected_id:
                return Verdict(False, checked, expected_id, f"row {expected_id} is missing (next row is {row.id})")
            if row.prev_hash != prev:
                return Verdict(False, checked, row.id, "does not link to the previous row's hash")
            if row.hash != row_hash(prev, row.id, row.at, row.actor, row.action, row.client_id, row.detail):
                return Verdict(False, checked, row.id, "content does not match its hash")
            prev, expected_id, checked = row.hash, expected_id + 1, checked + 1
    return Verdict(True, checked)


@dataclass(frozen=True)
class Entry:
    id: int
    at: dt.datetime
    actor: str
    action: str
    client_id: int | None
    detail: dict[str, Any]


def entries(
    engine: Engine, client_id: int | None = None, actor: str | None = None, limit: int = 200, offset: int = 0
) -> list[Entry]:
    """The newest rows first, optionally only those about one client or by one actor."""
    table = AuditEntry.__table__
    query = select(table).order_by(table.c.id.desc()).limit(limit).offset(offset)
    if client_id is not None:
        query = query.where(table.c.client_id == client_id)
    if actor:
        query = query.where(table.c.actor == actor)
    with reader(engine).connect() as conn:
        return [
            Entry(r.id, r.at, r.actor, r.action, r.client_id, json.loads(r.detail or "{}"))
            for r in conn.execute(query)
        ]
