"""Every CSV export escapes formula cells, in every text field that reaches it: the complete export
(privacy.to_csv, `python -m logic export --format csv`) and the record's history (history_csv); each
export is one 'export_client' audit row. On SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from logic.auth import audit, privacy
from logic.csv_cells import FORMULA_STARTS
from logic.planner import plan
from logic.storage import NotFound, Storage
from logic.storage.schema import Base
from tests import REPO
from tests.logic.storage import storage_helpers as h
from tests.strategies import FORMULA_PAYLOADS

PAYLOADS = FORMULA_PAYLOADS
# What a user can type through the app (the storage's models refuse control characters, or will).
TYPED = PAYLOADS[:4]


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def assert_no_formula(text: str) -> None:
    """No cell of the CSV starts as a formula, but a number; the payloads are there, as text."""
    for row in cells(text):
        for cell in row:
            if cell.startswith(FORMULA_STARTS):
                float(cell)  # a number such as -2 is allowed; anything else fails here


def client_with(storage: Storage, payload: str) -> int:
    """A client whose every free-text field starts with the payload, typed as the app would store it."""
    client = storage.create_client(
        h.client(name=f"{payload} Anne", contact=payload),
        profile=h.profile(disclosed_conditions=[payload]),
        pain_regions=["lower_back"],
    )
    session = storage.add_session(client.id, h.session(note=payload), check=h.check())
    request = storage.plan_request_for(client.id, "trigger_point_therapy")
    storage.save_plan(client.id, {
        "request": request, "suggested": plan(request), "chosen_duration_min": 40, "chosen_pressure": 5,
        "chosen_interval_days": 7, "accepted": True,
    })  # fmt: skip
    storage.record_check(client.id, h.check(session_id=session.id))
    return client.id


# The free-text columns people type into (the lists of conditions are JSON: their cells start with "[").
TEXT_COLUMNS = {"clients": ("name", "contact"), "sessions": ("note",)}


def overwrite_text(storage: Storage, client_id: int, payload: str) -> None:
    """Text columns of the client's rows start with the payload, written behind the models' back (data
    stored before a rule refused tab or carriage return must export safely too)."""
    tables = Base.metadata.tables
    with storage.write() as s:
        for name, columns in TEXT_COLUMNS.items():
            table = tables[name]
            where = table.c.id == client_id if name == "clients" else table.c.client_id == client_id
            s.execute(sa.update(table).where(where).values({c: sa.literal(payload) + table.c[c] for c in columns}))


def exports(storage: Storage, client_id: int | None = None) -> list[audit.Entry]:
    """The trail's export rows (of one client), oldest first."""
    newest_first = audit.entries(storage.engine, client_id=client_id, limit=1000)
    return [e for e in reversed(newest_first) if e.action == audit.EXPORT_CLIENT]


@pytest.mark.parametrize("payload", TYPED)
def test_typed_formulas_are_escaped_in_both_csv_exports(storage: Storage, payload: str) -> None:
    client_id = client_with(storage, payload)
    complete = privacy.export_text(storage, client_id, "csv")
    history = privacy.export_history(storage, client_id)
    for text in (complete, history):
        assert_no_formula(text)
    client = {row[2]: row[3] for row in cells(complete)[1:] if row[0] == "clients"}
    assert (client["name"], client["contact"]) == (f"'{payload} Anne", f"'{payload}")
    assert json.loads(client["disclosed_conditions"]) == [payload]  # a JSON list: starts with "["
    [note] = {row[9] for row in cells(history)[1:]}
    assert note == f"'{payload}"
    assert len(exports(storage, client_id)) == 2


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_text_field_is_escaped_whatever_was_stored(storage: Storage, payload: str) -> None:
    client_id = client_with(storage, "x")
    overwrite_text(storage, client_id, payload)
    complete = privacy.export_text(storage, client_id, "csv")
    history = privacy.export_history(storage, client_id)
    for text in (complete, history):
        assert_no_formula(text)
    overwritten = [row for row in cells(complete)[1:] if row[0] != "audit_log" and row[3].startswith(f"'{payload}")]
    assert {row[2] for row in overwritten} == {"name", "contact", "note"}
    assert {row[9] for row in cells(history)[1:] if row[9]} == {f"'{payload}x"}


def test_each_export_is_one_audit_row_and_a_missing_client_none(storage: Storage) -> None:
    client_id = client_with(storage, "=1+1")
    with audit.acting_as("thera"):
        privacy.export_history(storage, client_id)
        privacy.export_text(storage, client_id, "json")
    rows = exports(storage, client_id)
    assert [(e.actor, e.detail) for e in rows] == [
        ("thera", {"format": "csv", "content": "history"}),
        ("thera", {"format": "json"}),
    ]
    for export in (lambda: privacy.export_history(storage, 4711), lambda: privacy.export_text(storage, 4711, "csv")):
        with pytest.raises(NotFound):
            export()
    assert exports(storage) == rows


def test_command_line_csv_export_escapes_formulas(tmp_path: Path) -> None:
    from logic.settings import ClinicSettings
    from logic.storage import open_storage

    db = tmp_path / "clinic.db"
    with open_storage(f"sqlite:///{db}", ClinicSettings(data_dir=tmp_path)) as storage:
        client_id = client_with(storage, PAYLOADS[0])
        overwrite_text(storage, client_id, PAYLOADS[5])
    out = tmp_path / "export.csv"
    done = subprocess.run(
        [sys.executable, "-m", "logic", "export", str(client_id), "--format", "csv", "--output", str(out),
         "--database-url", f"sqlite:///{db}"],
        capture_output=True, text=True, cwd=REPO, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = out.read_bytes().decode("utf-8")  # as written: a carriage return in a cell stays one
    assert text.startswith("table,row,column,value\n")
    assert_no_formula(text)
    assert f"'{PAYLOADS[5]}{PAYLOADS[0]} Anne" in {row[3] for row in cells(text)}
    stdout = subprocess.run(
        [sys.executable, "-m", "logic", "export", str(client_id), "--format", "csv", "--database-url", f"sqlite:///{db}"],
        capture_output=True, cwd=REPO, timeout=120,
    )  # fmt: skip
    assert stdout.returncode == 0, stdout.stderr
    assert_no_formula(stdout.stdout.decode("utf-8"))  # (with one more row: the first export's)
