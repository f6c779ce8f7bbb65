"""What a write changed, for its audit row: tables and field names, never values (health data)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from .records import SessionRecord

CHANGES = "reaktionsguide_changes"  # key in Session.info
BOOKKEEPING = frozenset({"updated_at"})


def changes(session: Session) -> dict[str, dict[str, Any]]:
    """The write's changes so far; a Core statement the flush does not see adds its own here."""
    found: dict[str, dict[str, Any]] = session.info.setdefault(CHANGES, {"created": {}, "changed": {}, "deleted": {}})
    return found


def note_changes(session: Session, _context: Any, _instances: Any) -> None:
    """Before each flush of a write: which tables get rows, and which fields of existing rows change value."""
    found = changes(session)
    for row in session.new:
        table = row.__table__.name
        found["created"][table] = found["created"].get(table, 0) + 1
    for row in session.dirty:
        state = inspect(row)
        # committed_state holds the attributes assigned since the last flush (their old values); an
        # assignment of an equal value is no change.
        attrs = state.attrs
        changed = [key for key in state.committed_state if key not in BOOKKEEPING and attrs[key].history.has_changes()]
        if changed:
            found["changed"].setdefault(row.__table__.name, set()).update(changed)
    for row in session.deleted:
        table = row.__table__.name
        found["deleted"][table] = found["deleted"].get(table, 0) + 1


def change_detail(session: Session, result: Any = None) -> dict[str, Any]:
    """The audit detail of a write: {"created": {table: rows}, "changed": {table: [fields]},
    "deleted": {table: rows}} (empty parts left out), and the session's id for a session's change."""
    session.flush()  # the last pending changes pass note_changes too
    found = changes(session)
    detail: dict[str, Any] = {}
    if found["created"]:
        detail["created"] = dict(sorted(found["created"].items()))
    if found["changed"]:
        detail["changed"] = {table: sorted(fields) for table, fields in sorted(found["changed"].items())}
    if found["deleted"]:
        detail["deleted"] = dict(sorted(found["deleted"].items()))
    if isinstance(result, SessionRecord):
        detail["session_id"] = result.id
    return detail
