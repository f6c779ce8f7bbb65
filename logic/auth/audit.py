"""The audit trail: append-only rows, each chained to the one before it by an HMAC-SHA256 under a key
that is not in the database, and anchored outside the database by signed checkpoints.

Row content (canonical JSON, UTF-8): [id, at (ISO 8601, UTC, microseconds), actor, action, client_id,
detail]; `hash = HMAC-SHA256(key, prev_hash + "\\n" + content)` (hex), the first row's prev_hash is 64
zeros. Ids are consecutive (1, 2, 3, ...), assigned under a lock, so a deleted row shows as a gap and
a changed, forged, moved or renumbered row no longer matches its MAC: without the key, nobody can
compute the MAC of a row they changed or added. (Before migration 0007 the chain was a plain SHA-256
of the same text, which anyone could recompute; 0007 re-keyed those rows and recorded the old chain's
verdict and head in a 'chain_keyed' row, see migrations/versions/0007_keyed_audit_and_session_versions.py.)

The key (`Trail`): REAKTIONSGUIDE_AUDIT_KEY (at least 32 characters, e.g. `openssl rand -hex 32`; the
same on every replica), else the file REAKTIONSGUIDE_AUDIT_KEY_FILE, else `<data_dir>/audit.key`,
created (0600, 64 hex characters) when missing.

Checkpoints: deleting the newest rows, or all of them, leaves a chain that is intact as far as it
goes. So the chain's head is also written outside the database: `checkpoint()` appends a line (row
count, the last row's MAC, time; signed with the key) to REAKTIONSGUIDE_AUDIT_CHECKPOINT_FILE, else
`<data_dir>/audit-checkpoints.log` (0600). The app writes one every CHECKPOINT_INTERVAL_S while the
trail grows and one at shutdown; every command line command that writes ends with one. `verify()`
checks the chain, then every checkpoint: the row it counted must exist and carry the MAC it recorded.
A 'rebase' line (written after a restore from a backup) voids the checkpoints before it.

What this does not protect against: someone who holds both the database and the key can rewrite the
chain and, with the checkpoint file, its anchors too; rows appended since the newest checkpoint can
be deleted unnoticed. Keep the key away from the database's backups and its administrators.

Appends take the trail's lock inside the caller's write transaction: on SQLite the transaction already
holds the database's write lock (BEGIN IMMEDIATE); on PostgreSQL `pg_advisory_xact_lock` serializes
appenders until their commit. An audit row commits or rolls back together with the change it records.

Who acts comes from a context variable (`acting_as(name)`), which the app sets per script run; the
command line acts as "cli", anything else as "system". Details never hold health data: field names,
counts and formats only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import hmac
import json
import logging
import os
import secrets
import threading
import weakref
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, Dialect, Engine, Table, insert, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ..models import Language
from ..storage.engine import reader
from ..storage.errors import StorageError
from ..storage.schema import AuditEntry
from ..texts import translate

if TYPE_CHECKING:
    from ..settings import ClinicSettings
    from ..storage import Storage

GENESIS = "0" * 64
KEY_ENV = "REAKTIONSGUIDE_AUDIT_KEY"
KEY_FILE_ENV = "REAKTIONSGUIDE_AUDIT_KEY_FILE"
CHECKPOINT_FILE_ENV = "REAKTIONSGUIDE_AUDIT_CHECKPOINT_FILE"
KEY_FILE = "audit.key"
CHECKPOINT_FILE = "audit-checkpoints.log"
MIN_KEY_CHARS = 32
CHECKPOINT_INTERVAL_S = 60.0
LOCK_KEY = int.from_bytes(b"RGAUDIT!", "big") & 0x7FFF_FFFF_FFFF_FFFF
UTC = dt.UTC

# Actions (the audit page translates them).
SIGN_IN_OK, SIGN_IN_FAILED, SIGN_OUT = "sign_in", "sign_in_failed", "sign_out"
VIEW_CLIENT, EXPORT_CLIENT, ERASE_CLIENT, PURGE_CLIENT = "view_client", "export_client", "erase_client", "purge_client"
SETTINGS_CHANGE, USER_CREATE, USER_CHANGE = "settings_change", "user_create", "user_change"
CHAIN_KEYED = "chain_keyed"  # migration 0007's boundary row: the rows before it were re-keyed

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


def _content(
    prev_hash: str, id: int, at: dt.datetime, actor: str, action: str, client_id: int | None, detail: str
) -> bytes:
    return f"{prev_hash}\n{_canonical([id, _stamp(at), actor, action, client_id, detail])}".encode()


def row_hash(
    prev_hash: str, id: int, at: dt.datetime, actor: str, action: str, client_id: int | None, detail: str
) -> str:
    """The chain before migration 0007: a plain SHA-256, which anyone can recompute."""
    return hashlib.sha256(_content(prev_hash, id, at, actor, action, client_id, detail)).hexdigest()


class AuditKeyError(StorageError):
    """The audit key is unreadable or too short (a code and values, like the storage's errors)."""


class Trail:
    """The key that MACs the chain and signs the checkpoints, and the checkpoint file.

    `key=None` is the plain SHA-256 chain of before migration 0007 (the bench's baseline, the
    migration's check of the old rows)."""

    def __init__(self, key: bytes | None, checkpoints: Path | None = None):
        self.key = key
        self.checkpoints = checkpoints
        self._mac = hmac.new(key, digestmod=hashlib.sha256) if key is not None else None
        self._sign = hmac.new(key, b"checkpoint\n", digestmod=hashlib.sha256) if key is not None else None
        self._lock = threading.Lock()
        self.last_checkpoint: tuple[int, str] | None = None  # (rows, mac) this process wrote last

    def row_mac(
        self, prev: str, id: int, at: dt.datetime, actor: str, action: str, client_id: int | None, detail: str
    ) -> str:
        content = _content(prev, id, at, actor, action, client_id, detail)
        if self._mac is None:
            return hashlib.sha256(content).hexdigest()
        mac = self._mac.copy()
        mac.update(content)
        return mac.hexdigest()

    def signature(self, text: str) -> str:
        if self._sign is None:
            raise AuditKeyError("audit.key.needed")
        sign = self._sign.copy()
        sign.update(text.encode())
        return sign.hexdigest()


def _private_file(path: Path, text: str, exclusive: bool) -> None:
    """Create (0600; its folder 0700 when new) or append to a file, and fsync it."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_APPEND)
    fd = os.open(path, flags, 0o600)
    try:
        os.write(fd, text.encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def _key_from_file(path: Path) -> bytes:
    if not path.exists():
        # a new key: 32 random bytes as hex; O_EXCL, so two processes starting at once agree on one
        with contextlib.suppress(FileExistsError):
            _private_file(path, secrets.token_hex(32) + "\n", exclusive=True)
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError as error:
        raise AuditKeyError("audit.key.unreadable", path=path, reason=error.strerror) from None
    if len(text) < MIN_KEY_CHARS:
        raise AuditKeyError("audit.key.file_too_short", path=path, min=MIN_KEY_CHARS)
    return text.encode()


@functools.lru_cache(maxsize=32)
def _trail(data_dir: str, key: str | None, key_file: str | None, checkpoints: str | None) -> Trail:
    folder = Path(data_dir).expanduser()
    if key:
        if len(key) < MIN_KEY_CHARS:
            raise AuditKeyError("audit.key.variable_too_short", variable=KEY_ENV, min=MIN_KEY_CHARS)
        secret = key.encode()
    else:
        secret = _key_from_file(Path(key_file).expanduser() if key_file else folder / KEY_FILE)
    return Trail(secret, Path(checkpoints).expanduser() if checkpoints else folder / CHECKPOINT_FILE)


def resolve(settings: ClinicSettings) -> Trail:
    """The deployment's trail: key and checkpoint file from the environment, else in settings.data_dir."""
    env = os.environ
    return _trail(
        str(Path(settings.data_dir).expanduser().resolve()), env.get(KEY_ENV) or None, env.get(KEY_FILE_ENV) or None,
        env.get(CHECKPOINT_FILE_ENV) or None,
    )  # fmt: skip


# Each open database's trail, by its engine's dialect (shared by the engine's writer and reader), so
# that append() on any connection of it finds its key. A database nobody installed a trail for (a
# backup's copy being checked) gets the trail installed last in this process, else the settings'.
_trails: weakref.WeakKeyDictionary[Dialect, Trail] = weakref.WeakKeyDictionary()
_installed_last: Trail | None = None


def trail_for(dialect: Dialect) -> Trail:
    found = _trails.get(dialect)
    if found is not None:
        return found
    if _installed_last is not None:
        return _installed_last
    from ..settings import get_settings

    return resolve(get_settings())


def use_trail(engine: Engine, trail: Trail) -> Trail:
    """Chain and check this engine's rows with `trail`."""
    global _installed_last
    _trails[engine.dialect] = _installed_last = trail
    return trail


# The append's statements, compiled once per dialect and run on the DBAPI cursor of the caller's
# connection: SQLAlchemy's per-statement execution machinery cost more than the statements themselves
# (a view row is the only write of a record opening). Values pass through the columns' own bind
# processors, so rows are stored exactly as a Core insert would store them, and driver errors are
# wrapped as SQLAlchemy's DBAPIError, so callers' retries (deadlocks on PostgreSQL) still see them.
# The chain's end is found through the primary key (SQLite: the rowid; PostgreSQL: a backward scan of
# pk_audit_log), one index probe however long the trail is.
_TABLE = cast(Table, AuditEntry.__table__)  # a declarative class maps one Table
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
    actor: str | None, at: dt.datetime | None, trail: Trail | None = None,
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
        "prev_hash": prev, "hash": (trail or trail_for(dialect)).row_mac(prev, new_id, at, who, action, client_id, text),
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


def install(storage: Storage, trail: Trail | None = None) -> Storage:
    """Make every write of `storage` append its audit row in the same transaction, chained with the
    deployment's key (`resolve(storage.settings)` unless a trail is given)."""
    use_trail(storage.engine, trail or resolve(storage._settings))

    def hook(session: Session, action: str, client_id: int | None, detail: Mapping[str, Any] | None = None) -> None:
        append(session, action, client_id, detail)

    storage.audit = hook
    storage.actor = current_actor
    storage.on_close.append(functools.partial(_checkpoint_quietly, storage.engine))
    return storage


def _checkpoint_quietly(engine: Engine) -> None:
    """The checkpoint a closing Storage writes (a command line command's last act); a failure is
    logged, since closing must go on."""
    try:
        checkpoint(engine)
    except Exception as error:
        logging.getLogger(__name__).warning("audit checkpoint not written: %s", type(error).__name__)


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
    engine = storage.engine
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
class Checkpoint:
    kind: str  # "checkpoint", or "rebase" (after a restore: the checkpoints before it no longer apply)
    rows: int
    mac: str
    at: str
    line: int = field(default=0, compare=False)

    def text(self) -> str:
        return _canonical([self.kind, self.rows, self.mac, self.at])


class CheckpointError(ValueError):
    """A line of the checkpoint file that is not signed with the key: `line` of `file`."""

    def __init__(self, line: int, file: Path):
        super().__init__(f"line {line} of {file}")
        self.line, self.file = line, file


def read_checkpoints(trail: Trail) -> list[Checkpoint]:
    """The checkpoints in force (those after the last rebase), in file order. A line that is not
    signed with the key raises CheckpointError; a last line cut short (a crash while writing) is
    ignored."""
    if trail.checkpoints is None or not trail.checkpoints.exists():
        return []
    text = trail.checkpoints.read_text(encoding="utf-8", errors="replace")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    elif lines:
        lines.pop()  # no newline at its end: the write did not finish
    found: list[Checkpoint] = []
    for number, line in enumerate(lines, 1):
        try:
            data = json.loads(line)
            point = Checkpoint(str(data["kind"]), int(data["rows"]), str(data["mac"]), str(data["at"]), number)
            good = hmac.compare_digest(str(data["sig"]), trail.signature(point.text()))
        except (ValueError, KeyError, TypeError):
            good = False
        if not good:
            raise CheckpointError(number, trail.checkpoints)
        if point.kind == "rebase":
            found = []
        found.append(point)
    return found


def _head(engine: Engine) -> tuple[int, str]:
    with reader(engine).connect() as conn:
        last = conn.execute(_LAST).first()
    return (last[0], last[1]) if last is not None else (0, GENESIS)


def _last_written(trail: Trail) -> tuple[int, str] | None:
    """(rows, mac) of the checkpoint file's last line, read from its end (the file only grows)."""
    try:
        with open(trail.checkpoints, "rb") as file:  # type: ignore[arg-type]
            file.seek(max(0, file.seek(0, os.SEEK_END) - 4096))
            tail = file.read().decode("utf-8", errors="replace").split("\n")
        data = json.loads(tail[-2] if len(tail) > 1 else "")
        return int(data["rows"]), str(data["mac"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def checkpoint(engine: Engine, kind: str = "checkpoint", *, force: bool = False) -> Checkpoint | None:
    """Append a signed checkpoint of the committed trail (rows, last MAC, time) to the checkpoint file.

    Skipped (None) when the trail is empty or its head is the one the file's last line records,
    unless `force`. `kind="rebase"`: after a restore, the restored trail is the new reference and
    the checkpoints before it no longer apply (backup/restore code calls it)."""
    trail = trail_for(engine.dialect)
    if trail.checkpoints is None or trail.key is None:
        return None
    with trail._lock:
        rows, mac = _head(engine)
        if (
            kind == "checkpoint"
            and not force
            and (rows == 0 or (rows, mac) in (trail.last_checkpoint, _last_written(trail)))
        ):
            return None
        point = Checkpoint(kind, rows, mac, _stamp(dt.datetime.now(UTC)))
        line = json.dumps(
            {"kind": kind, "rows": rows, "mac": mac, "at": point.at, "sig": trail.signature(point.text())}
        )
        _private_file(trail.checkpoints, line + "\n", exclusive=False)
        trail.last_checkpoint = (rows, mac)
        return point


class Checkpointer:
    """Checkpoints every `interval` seconds while the trail grows, and once more on stop() (the app's
    Storage starts one; stop() runs when the Storage is closed and at the process's exit)."""

    def __init__(self, engine: Engine, interval: float = CHECKPOINT_INTERVAL_S):
        self._engine = engine
        self._interval = interval
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="audit-checkpoints", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stopped.wait(self._interval):
            try:
                checkpoint(self._engine)
            except Exception:
                continue

    def stop(self) -> None:
        if self._stopped.is_set():
            return
        self._stopped.set()
        self._thread.join(timeout=5)
        checkpoint(self._engine)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checked: int
    broken_id: int | None = None
    reason: str = ""  # why not: the catalogue's "audit.reason.<reason>", filled from `values`
    missing: int = 0  # rows a checkpoint counted that are gone
    anchored: int = field(default=0, compare=False)  # rows the newest checkpoint covers
    values: dict[str, object] = field(default_factory=dict, compare=False)

    def text(self, lang: Language = "en") -> str:
        """The verdict in words: English on the command line, the admin's language on the audit page."""
        if self.ok:
            key = "audit.verdict.intact_anchored" if self.anchored else "audit.verdict.intact"
            return translate(key, lang, rows=self.checked, anchored=self.anchored)
        reason = translate(f"audit.reason.{self.reason}", lang, **self.values)
        if self.broken_id is None:
            return translate("audit.verdict.not_verified", lang, reason=reason)
        return translate("audit.verdict.broken", lang, row=self.broken_id, reason=reason)


def verify(engine: Engine, batch: int = 5000, *, checkpoints: bool = True) -> Verdict:
    """Walk the chain in id order with the key: the first row whose id, link or MAC is wrong is named.
    Then the checkpoints (unless `checkpoints=False`, e.g. for an older backup): every row a checkpoint
    counted must be there with the MAC it recorded; rows missing since a checkpoint are counted."""
    trail = trail_for(engine.dialect)
    try:
        points = read_checkpoints(trail) if checkpoints else []
    except CheckpointError as error:
        return Verdict(False, 0, None, "checkpoint_unsigned", values={"line": error.line, "file": error.file})
    anchors: dict[int, list[Checkpoint]] = {}
    for point in points:
        anchors.setdefault(point.rows, []).append(point)
    table = AuditEntry.__table__
    expected_id, prev, checked = 1, GENESIS, 0
    with reader(engine).connect() as conn:
        rows = conn.execution_options(yield_per=batch).execute(select(table).order_by(table.c.id))
        for row in rows:
            if row.id != expected_id:
                return Verdict(False, checked, expected_id, "row_missing", values={"row": expected_id, "next": row.id})
            if row.prev_hash != prev:
                return Verdict(False, checked, row.id, "unlinked")
            if row.hash != trail.row_mac(prev, row.id, row.at, row.actor, row.action, row.client_id, row.detail):
                # The first row's MAC also fails when the key is not the one the trail was written with.
                return Verdict(False, checked, row.id, "mac_mismatch_first" if row.id == 1 else "mac_mismatch")
            for point in anchors.get(row.id, ()):
                if not hmac.compare_digest(point.mac, row.hash):
                    return Verdict(False, checked, row.id, "checkpoint_differs", values={"at": point.at})
            prev, expected_id, checked = row.hash, expected_id + 1, checked + 1
    if points:
        newest = max(points, key=lambda p: p.rows)
        if newest.rows > checked:
            first = min((p for p in points if p.rows > checked), key=lambda p: p.line)
            missing = newest.rows - checked
            return Verdict(
                False, checked, checked + 1, "rows_missing", missing=missing,
                values={"missing": missing, "first": checked + 1, "last": newest.rows, "at": first.at,
                        "counted": first.rows, "checked": checked},
            )  # fmt: skip
        return Verdict(True, checked, anchored=newest.rows)
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
            Entry(r.id, r.at, r.actor, r.action, r.client_id, json.loads(r.detail or "{}")) for r in conn.execute(query)
        ]
