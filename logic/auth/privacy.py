"""Privacy: one client's complete export (JSON, CSV), erasure, and the retention purge.

- Export reads every row about the client from every table that has one (the clients row, every
  table with a client_id column, the client's rows of the audit trail) in one transaction, which also
  appends the 'export_client' audit row. The therapist's history export (one row per session and
  check) appends the same row. CSV goes through logic/csv_cells.py (no cell a spreadsheet runs).
- Erasure deletes the client row and every row of every table with a client_id, except the audit
  trail and the erasure list, and appends one 'erase_client' row (counts of rows removed, no health
  data). The trail's own rows about the client hold ids, actions and field names only. The erasure is
  listed (erasures.py: a table and a file outside the database) and, on SQLite, the write-ahead log is
  checkpointed and truncated, so no byte of the client's data stays in the database's files.
- `reapply_erasures` (restore and purge run it) erases every listed client that an older database
  brought back, and moves the id sequence past every listed id.
- Retention: a client's last activity is the newest of clients.updated_at / created_at and their
  sessions, checks and plans; clients whose last activity is more than `retention_years` ago are due.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import CursorResult, Delete, Table, delete, func, select
from sqlalchemy.orm import Session

from ..csv_cells import write_csv
from ..storage import clients as storage_clients
from ..storage import sessions as storage_sessions
from ..storage.errors import NotFound
from ..storage.schema import AuditEntry, Base, Client, Erasure, ReactionCheck, SavedPlan, TreatmentSession
from . import audit, erasures

if TYPE_CHECKING:
    from ..settings import ClinicSettings
    from ..storage import Storage

UTC = dt.UTC
FORMAT_VERSION = 1


def _client_tables() -> list[Table]:
    """Every table holding rows about one client (a client_id column), the audit trail aside."""
    return [
        t for t in Base.metadata.sorted_tables
        if "client_id" in t.c and t.name not in (AuditEntry.__tablename__, Erasure.__tablename__)
    ]  # fmt: skip


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


def _rows(s: Session, query: Any) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in r._mapping.items()} for r in s.execute(query)]


def _collect(s: Session, client_id: int) -> dict[str, Any]:
    clients = Client.__table__
    data: dict[str, Any] = {"format": FORMAT_VERSION, "client_id": client_id, "tables": {}}
    client_rows = _rows(s, select(clients).where(clients.c.id == client_id))
    if not client_rows:
        raise NotFound("client", client_id)
    data["tables"]["clients"] = client_rows
    for table in _client_tables():
        pk = list(table.primary_key.columns)
        data["tables"][table.name] = _rows(s, select(table).where(table.c.client_id == client_id).order_by(*pk))
    trail = AuditEntry.__table__
    data["tables"]["audit_log"] = _rows(s, select(trail).where(trail.c.client_id == client_id).order_by(trail.c.id))
    return data


def export_client(storage: Storage, client_id: int, fmt: str = "json") -> dict[str, Any]:
    """Everything stored about the client, as plain JSON-ready data; audited as an export."""
    with storage.write() as s:
        data = _collect(s, client_id)
        audit.append(s, audit.EXPORT_CLIENT, client_id, {"format": fmt})
    data["exported_at"] = dt.datetime.now(UTC).isoformat()
    return data


def export_text(storage: Storage, client_id: int, fmt: str) -> str:
    """The complete export as the file's text ("json" or "csv"); one 'export_client' row."""
    data = export_client(storage, client_id, fmt)
    return to_json(data) if fmt == "json" else to_csv(data)


HISTORY_COLUMNS = [
    "session_id", "date", "treatment", "neck_treatment", "duration_min", "pressure", "regions",
    "pain_before", "pain_after", "note", "check_id", "checked_at", "level", "progress_sign",
    "regions_now", "complete_report", "engine_version", "report",
]  # fmt: skip


def history_csv(s: Session, client_id: int, delimiter: str = ",") -> str:
    """The record's history as CSV: every session with its reaction checks, one row per check (a session
    without checks: one row); checks not linked to a session follow at the end. Oldest first."""
    client = storage_clients.get(s, client_id)
    listed = storage_sessions.listed(s, client_id, client)
    checks = s.scalars(
        select(ReactionCheck)
        .where(ReactionCheck.client_id == client_id)
        .order_by(ReactionCheck.checked_at, ReactionCheck.id)
    ).all()
    by_session: dict[int | None, list[ReactionCheck]] = {}
    for check in checks:
        by_session.setdefault(check.session_id, []).append(check)
    rows: list[list[Any]] = [HISTORY_COLUMNS]

    def check_cells(c: ReactionCheck | None) -> list[Any]:
        if c is None:
            return [""] * 8
        return [
            c.id, c.checked_at.isoformat(), c.level, c.progress_sign, " ".join(c.regions_now),
            c.complete, c.engine_version, _compact_json(c.report),
        ]  # fmt: skip

    for sess in listed:
        cells = [
            sess.id, sess.date.isoformat(), sess.treatment.value, sess.neck_treatment, f"{sess.duration_min:g}",
            f"{sess.pressure:g}", " ".join(sess.regions), sess.pain_before, sess.pain_after, sess.note,
        ]  # fmt: skip
        of_session: list[ReactionCheck | None] = [*by_session.get(sess.id, [])]
        for c in of_session or [None]:
            rows.append(cells + check_cells(c))
    for c in by_session.get(None, []):
        rows.append([""] * 10 + check_cells(c))
    return write_csv(rows, delimiter)


def _compact_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def export_history(storage: Storage, client_id: int, delimiter: str = ",") -> str:
    """The record's history as CSV (the therapist's export, history_csv); one 'export_client'
    row, committed before the text is returned: no export leaves without its row."""
    text = storage.history_csv(client_id, delimiter)
    with storage.write() as s:
        audit.append(s, audit.EXPORT_CLIENT, client_id, {"format": "csv", "content": "history"})
    return text


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str)


def to_csv(data: dict[str, Any]) -> str:
    """One line per stored value: table, row number, column, value (JSON for lists and objects)."""

    def lines() -> Iterator[list[Any]]:
        yield ["table", "row", "column", "value"]
        for table, rows in data["tables"].items():
            for number, row in enumerate(rows, 1):
                for column, value in row.items():
                    cell = (
                        json.dumps(value, ensure_ascii=False, sort_keys=True)
                        if isinstance(value, (list, dict))
                        else value
                    )
                    yield [table, number, column, cell]

    return write_csv(lines())


def _deleted(s: Session, statement: Delete) -> int:
    """How many rows a DELETE removed."""
    return cast(CursorResult[Any], s.execute(statement)).rowcount or 0


def _erase(s: Session, client_id: int, action: str, reason: str) -> dict[str, int]:
    clients = cast(Table, Client.__table__)
    if s.scalar(select(clients.c.id).where(clients.c.id == client_id).with_for_update()) is None:
        raise NotFound("client", client_id)
    removed: dict[str, int] = {}
    for table in reversed(_client_tables()):  # children before parents
        removed[table.name] = _deleted(s, delete(table).where(table.c.client_id == client_id))
    removed["clients"] = _deleted(s, delete(clients).where(clients.c.id == client_id))
    audit.append(s, action, client_id, {"reason": reason, "rows_removed": removed})
    return removed


def erase_client(storage: Storage, client_id: int, reason: str = "request") -> dict[str, int]:
    """Delete every row about the client (the audit trail keeps ids and actions only); audited, listed."""
    with storage.write() as s:
        removed = _erase(s, client_id, audit.ERASE_CLIENT, reason)
        listed = erasures.record(s, client_id, audit.current_actor(), audit.ERASE_CLIENT)
    erasures.publish(storage, [listed])
    return removed


def reapply_erasures(storage: Storage, also: list[erasures.Erased] | None = None) -> list[int]:
    """Erase again every client on the erasure list (the database's table, the file, and `also`: the
    list of a database a restore replaced) that is still in the database; returns their ids. Entries
    the table lacks are added to it, entries the file lacks appended to it, and the clients' id
    sequence is moved past the highest listed id."""
    path = erasures.list_file(storage.engine, storage.settings.data_dir)
    in_file = erasures.read_file(path)
    with storage.read() as s:
        in_table = erasures.read_table(s)
    listed = erasures.merged(in_table, in_file, also or [])
    known_in_table = {item.client_id for item in in_table}
    erased_again: list[int] = []
    with storage.write() as s:
        for item in listed:
            if item.client_id not in known_in_table:
                when = dt.datetime.fromisoformat(item.erased_at)
                erasures.record(s, item.client_id, item.actor, item.action, when)
            try:
                _erase(s, item.client_id, item.action, "erasure list")
                erased_again.append(item.client_id)
            except NotFound:
                pass
        if listed:
            erasures.move_id_sequence_past(s, max(item.client_id for item in listed))
    known_in_file = {item.client_id for item in in_file}
    erasures.publish(storage, [item for item in listed if item.client_id not in known_in_file])
    if erased_again:
        erasures.checkpoint(storage.engine)
    return erased_again


@dataclass(frozen=True)
class Due:
    client_id: int
    last_activity: dt.datetime


def _aware(value: dt.datetime | dt.date | None) -> dt.datetime | None:
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day, tzinfo=UTC)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def due_for_purge(storage: Storage, settings: ClinicSettings, now: dt.datetime | None = None) -> list[Due]:
    """Clients whose last activity lies more than settings.retention_years back, oldest first."""
    now = now or dt.datetime.now(UTC)
    try:
        cutoff = now.replace(year=now.year - settings.retention_years)
    except ValueError:  # 29 February
        cutoff = now.replace(year=now.year - settings.retention_years, day=28)
    newest = {
        "sessions": select(TreatmentSession.client_id, func.max(TreatmentSession.date)).group_by(
            TreatmentSession.client_id
        ),
        "checks": select(ReactionCheck.client_id, func.max(ReactionCheck.checked_at)).group_by(ReactionCheck.client_id),
        "plans": select(SavedPlan.client_id, func.max(SavedPlan.created_at)).group_by(SavedPlan.client_id),
    }
    with storage.read() as s:
        last: dict[int, dt.datetime] = {}
        for cid, created, updated in s.execute(select(Client.id, Client.created_at, Client.updated_at)):
            last[cid] = max(d for d in (_aware(created), _aware(updated)) if d is not None)
        for query in newest.values():
            for cid, when in s.execute(query):
                stamp = _aware(when if not isinstance(when, str) else dt.datetime.fromisoformat(when))
                if stamp is not None and cid in last and stamp > last[cid]:
                    last[cid] = stamp
    due = [Due(cid, when) for cid, when in last.items() if when < cutoff]
    return sorted(due, key=lambda d: (d.last_activity, d.client_id))


def purge(
    storage: Storage, settings: ClinicSettings, dry_run: bool = True, now: dt.datetime | None = None
) -> list[Due]:
    """Erase every client past the retention period (each in its own transaction); returns them."""
    due = due_for_purge(storage, settings, now)
    if not dry_run:
        reapply_erasures(storage)
        for item in due:
            with storage.write() as s:
                try:
                    _erase(s, item.client_id, audit.PURGE_CLIENT, f"retention of {settings.retention_years} years")
                except NotFound:
                    continue
                listed = erasures.record(s, item.client_id, audit.current_actor(), audit.PURGE_CLIENT)
            erasures.publish(storage, [listed])
    return due
