"""The erasure list: which clients were erased, when, by whom (no health data), kept twice.

A restore brings back an older database, and with it clients erased since that backup was taken. So
every erasure is written to the `erasures` table (in the erasing transaction) and, once committed,
appended to a file outside the database: `<database>.erasures.jsonl` beside a SQLite file, or
`<data_dir>/erasures.jsonl` for PostgreSQL (the clinic's one database, which a restore may bring
back under a new name) (one JSON object a line, 0600, fsynced;
only ever appended to). `restore` and `purge` re-apply the union of both lists
(privacy.reapply_erasures): a listed client still present is erased again, and the id sequence is
moved past every listed id, so a restored database never hands an erased person's id to someone new.

After every erasure SQLite's write-ahead log is checkpointed and truncated: with secure_delete on, the
deleted rows are zeros in the database file, and the log no longer holds the pages that had them.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.orm import Session

from ..storage.engine import is_sqlite, sqlite_file
from ..storage.files import append_line
from ..storage.schema import Erasure

if TYPE_CHECKING:
    from ..storage import Storage

UTC = dt.UTC
CHECKPOINT_TRIES = 50


@dataclass(frozen=True)
class Erased:
    client_id: int
    erased_at: str  # ISO 8601, UTC
    actor: str
    action: str

    def line(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))


def list_file(engine: Engine, data_dir: Path) -> Path:
    """Where the list lives outside the database (see the module's docstring)."""
    database = sqlite_file(engine)
    if database is not None:
        return database.with_name(database.name + ".erasures.jsonl")
    return Path(data_dir).expanduser() / "erasures.jsonl"


def record(s: Session, client_id: int, actor: str, action: str, at: dt.datetime | None = None) -> Erased:
    """The table's row, inside the erasing transaction; the caller appends `publish` after the commit."""
    at = (at or dt.datetime.now(UTC)).astimezone(UTC)
    s.execute(insert(Erasure).values(client_id=client_id, erased_at=at, actor=actor[:100], action=action))
    return Erased(client_id, at.isoformat(), actor[:100], action)


def publish(storage: Storage, erased: list[Erased]) -> None:
    """After the commit: append to the file, then wipe SQLite's log of the erased pages."""
    path = list_file(storage.engine, storage.settings.data_dir)
    if erased:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    for item in erased:
        append_line(path, item.line())
    if erased:
        checkpoint(storage.engine)


def checkpoint(engine: Engine) -> None:
    """SQLite: copy the log into the database file and truncate it to zero bytes. A reader in the middle
    of a transaction holds the checkpoint back; it is retried until the readers are done."""
    if not is_sqlite(engine) or sqlite_file(engine) is None:
        return
    raw = engine.raw_connection()
    try:
        connection: sqlite3.Connection = raw.driver_connection  # type: ignore[assignment]
        for _ in range(CHECKPOINT_TRIES):
            busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if not busy:
                return
            time.sleep(0.05)
    finally:
        raw.close()


def read_file(path: Path) -> list[Erased]:
    """The file's entries; a line cut short by a crash is skipped."""
    found = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    for line in lines:
        try:
            item = json.loads(line)
            found.append(
                Erased(int(item["client_id"]), str(item["erased_at"]), str(item["actor"]), str(item["action"]))
            )
        except (ValueError, KeyError, TypeError):
            continue
    return found


def _row(client_id: Any, at: Any, actor: Any, action: Any) -> Erased:
    when = at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(str(at))
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    return Erased(int(client_id), when.isoformat(), str(actor), str(action))


def read_table(s: Session) -> list[Erased]:
    rows = s.execute(select(Erasure.client_id, Erasure.erased_at, Erasure.actor, Erasure.action).order_by(Erasure.id))
    return [_row(*row) for row in rows]


def read_sqlite_file(database: Path) -> list[Erased]:
    """The list of a database file that may be old, damaged or about to be replaced: what can be read."""
    try:
        connection = sqlite3.connect(f"file:{Path(database).resolve()}?mode=ro", uri=True)
    except sqlite3.Error:
        return []
    try:
        rows = connection.execute("SELECT client_id, erased_at, actor, action FROM erasures ORDER BY id").fetchall()
        return [_row(*row) for row in rows]
    except sqlite3.Error:
        return []
    finally:
        connection.close()


def merged(*lists: list[Erased]) -> list[Erased]:
    """One entry per client (its first erasure), in the order of the ids."""
    first: dict[int, Erased] = {}
    for items in lists:
        for item in items:
            if item.client_id not in first or item.erased_at < first[item.client_id].erased_at:
                first[item.client_id] = item
    return [first[key] for key in sorted(first)]


def move_id_sequence_past(s: Session, highest: int) -> None:
    """The next new client gets an id above `highest` (restored databases carry the sequence of their day)."""
    if s.get_bind().dialect.name == "sqlite":
        seq = s.scalar(text("SELECT seq FROM sqlite_sequence WHERE name = 'clients'"))
        if seq is None:
            s.execute(text("INSERT INTO sqlite_sequence (name, seq) VALUES ('clients', :n)"), {"n": highest})
        elif seq < highest:
            s.execute(text("UPDATE sqlite_sequence SET seq = :n WHERE name = 'clients'"), {"n": highest})
        return
    sequence = s.scalar(text("SELECT pg_get_serial_sequence('clients', 'id')"))
    if sequence and (s.scalar(text(f"SELECT last_value FROM {sequence}")) or 0) < highest:
        s.execute(text("SELECT setval(:sequence, :n)"), {"sequence": sequence, "n": highest})


def count(s: Session) -> int:
    return s.scalar(select(func.count()).select_from(Erasure)) or 0
