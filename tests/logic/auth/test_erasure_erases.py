"""Erasure that erases: no byte of the client left in the database's files, ids never handed out again,
and the erasure list outliving a restore of an older backup (SQLite) or of a dump (PostgreSQL)."""

from __future__ import annotations

import os
import stat
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from logic.auth import audit, erasures, privacy
from logic.models import ReactionReport
from logic.planner import plan
from logic.reaction import assess
from logic.settings import ClinicSettings
from logic.storage import NotFound, Storage, open_storage
from logic.storage.backup import find_pg_dump, find_pg_tool
from logic.storage.files import companions
from logic.storage.restore import restore
from tests.logic.storage import storage_helpers as h

MARKERS = {
    "name": "Qzname Vormark",
    "contact": "qzcontact@vormark.example",
    "conditions": "Qzcondition vormark",
    "session_note": "Qzsessionnote vormark",
    "session_note_edited": "Qzeditednote vormark",
    "check": "Qzcheckreason vormark",
    "plan": "Qzplancondition vormark",
}


def marked_client(storage: Storage) -> int:
    """A client with a marker in every field that holds their words: name, contact, disclosed conditions,
    session notes (and an edited note), a reaction check and a saved plan."""
    client = storage.create_client(
        h.client(name=MARKERS["name"], contact=MARKERS["contact"]),
        profile=h.profile(disclosed_conditions=[MARKERS["conditions"]]),
        pain_regions=["lower_back"],
    )
    session = storage.add_session(client.id, h.session(note=MARKERS["session_note"]), check=h.check())
    storage.update_session(session.id, h.session(note=MARKERS["session_note_edited"]))
    report = ReactionReport.model_validate(h.report())
    assessment = assess(report, "en")
    reasons = [reason.model_copy(update={"text": MARKERS["check"]}) for reason in assessment.reasons]
    storage.record_check(
        client.id,
        {"report": report, "assessment": assessment.model_copy(update={"reasons": reasons}), "session_id": session.id},
    )
    request = storage.plan_request_for(client.id, "trigger_point_therapy")
    request = request.model_copy(
        update={"client": request.client.model_copy(update={"disclosed_conditions": [MARKERS["plan"]]})}
    )
    storage.save_plan(client.id, {
        "request": request, "suggested": plan(request), "chosen_duration_min": 40, "chosen_pressure": 5,
        "chosen_interval_days": 7, "accepted": True,
    })  # fmt: skip
    return client.id


def found_markers(database: Path) -> dict[str, list[str]]:
    """Which markers each of the database's files holds, byte for byte."""
    found = {}
    for path in (database, *companions(database)):
        if path.exists():
            data = path.read_bytes()
            found[path.name] = sorted(key for key, marker in MARKERS.items() if marker.encode() in data)
    return found


def test_erase_leaves_no_marker_in_the_database_wal_or_shm(tmp_path: Path, settings: ClinicSettings) -> None:
    database = tmp_path / "clinic.db"
    with open_storage(f"sqlite:///{database}", settings) as storage:
        for n in range(30):  # neighbours on the same pages
            other = storage.create_client(h.client(name=f"Nabo {n} Person"), profile=h.profile())
            storage.add_session(other.id, h.session(note=f"note {n}"), check=h.check())
        client_id = marked_client(storage)
        storage.add_session(other.id, h.session(note="after"))
        before = found_markers(database)
        assert set().union(*before.values()) == set(MARKERS), before  # the scan does see them
        with audit.acting_as("admin1"):
            privacy.erase_client(storage, client_id)
        # The app still has the database open: the WAL and the shared memory file are there.
        assert (tmp_path / "clinic.db-wal").exists() and (tmp_path / "clinic.db-shm").exists()
        assert found_markers(database) == {name: [] for name in found_markers(database)}
        # The rest is intact, and the erasure is listed without health data, in a 0600 file.
        assert storage.get_client(other.id).session_count == 2
        listed = erasures.read_file(erasures.list_file(storage.engine, settings.data_dir))
        assert [(e.client_id, e.actor, e.action) for e in listed] == [(client_id, "admin1", "erase_client")]
        list_path = erasures.list_file(storage.engine, settings.data_dir)
        assert stat.S_IMODE(list_path.stat().st_mode) == 0o600
        assert not any(marker in list_path.read_text() for marker in MARKERS.values())
        assert audit.verify(storage.engine).ok
    assert found_markers(database) == {name: [] for name in found_markers(database)}


def test_the_next_client_gets_a_new_id(database_url: str, settings: ClinicSettings) -> None:
    with open_storage(database_url, settings) as storage:
        first = storage.create_client(h.client(name="Første"))
        newest = storage.create_client(h.client(name="Nyeste"))
        privacy.erase_client(storage, newest.id)  # the highest id: SQLite without AUTOINCREMENT reuses it
        after = storage.create_client(h.client(name="Efter"))
        assert after.id > newest.id
        assert [e.client_id for e in audit.entries(storage.engine, client_id=after.id)] == [after.id]
        storage.delete_client(after.id)
    with open_storage(database_url, settings) as storage:  # and after a restart
        again = storage.create_client(h.client(name="Igen"))
        assert again.id > after.id > newest.id > first.id
        session = storage.add_session(again.id, h.session())
        storage.delete_client(again.id)
        other = storage.create_client(h.client(name="Anden"))
        assert storage.add_session(other.id, h.session()).id > session.id  # child tables too


def test_restoring_an_older_backup_erases_the_client_again(tmp_path: Path, settings: ClinicSettings) -> None:
    database = tmp_path / "clinic.db"
    url = f"sqlite:///{database}"
    with open_storage(url, settings) as storage:
        kept = storage.create_client(h.client(name="Bliver Her"), profile=h.profile()).id
        erased = marked_client(storage)
        storage.backup(tmp_path / "before-erasure.db")
        privacy.erase_client(storage, erased)
        later = storage.create_client(h.client(name="Kom Senere")).id
    restored = restore(url, tmp_path / "before-erasure.db", settings)
    assert "1 client(s) erased again" in restored.summary()
    with open_storage(url, settings) as storage:
        with pytest.raises(NotFound):
            storage.get_client(erased)
        assert storage.get_client(kept).name == "Bliver Her"
        with pytest.raises(NotFound):  # the older backup did not hold it yet
            storage.get_client(later)
        assert storage.create_client(h.client(name="Ny")).id > erased
        assert audit.verify(storage.engine).ok
        with storage.read() as s:
            assert [e.client_id for e in erasures.read_table(s)] == [erased]
    assert found_markers(database) == {name: [] for name in found_markers(database)}
    # purge re-applies the list as well (a backup restored by hand, the old way)
    with open_storage(f"sqlite:///{tmp_path / 'before-erasure.db'}", settings) as by_hand:
        assert by_hand.get_client(erased).name == MARKERS["name"]
    os.replace(tmp_path / "before-erasure.db", database)
    for stale in companions(database):
        stale.unlink(missing_ok=True)
    with open_storage(url, settings) as storage:
        privacy.purge(storage, settings, dry_run=False)
        with pytest.raises(NotFound):
            storage.get_client(erased)


@pytest.mark.parametrize("database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_postgres_dump_restored_then_purge_erases_the_client_again(
    postgres_url: str, database_url: str, tmp_path: Path, settings: ClinicSettings
) -> None:
    if find_pg_dump() is None:
        pytest.skip("pg_dump is not installed")
    dump = tmp_path / "clinic.dump"
    server = make_url(postgres_url)
    libpq = server.set(drivername="postgresql").render_as_string(hide_password=False)
    restored_name = f"rg_erasure_{uuid.uuid4().hex[:12]}"
    with open_storage(database_url, settings) as storage:
        kept = storage.create_client(h.client(name="Bliver Her")).id
        erased = marked_client(storage)
        copy = storage.backup(dump)
        assert copy.counts["clients"] == 2 and stat.S_IMODE(dump.stat().st_mode) == 0o600
        privacy.erase_client(storage, erased)
    try:
        with psycopg.connect(libpq, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{restored_name}"')
        restored_url = server.set(database=restored_name)
        subprocess.run(
            [find_pg_tool("pg_restore"), "--no-owner", "--exit-on-error", "--dbname",
             restored_url.set(drivername="postgresql", password=None).render_as_string(hide_password=False), str(dump)],
            check=True, env={"PGPASSWORD": str(server.password or "")}, capture_output=True,
        )  # fmt: skip
        with open_storage(restored_url.render_as_string(hide_password=False), settings) as storage:
            audit.checkpoint(storage.engine, "rebase", force=True)  # as `audit checkpoint --after-restore`
            assert storage.get_client(erased).name == MARKERS["name"]  # the dump brought it back ...
            privacy.purge(storage, settings, dry_run=False)
            with pytest.raises(NotFound):  # ... and the list outside the database erased it again
                storage.get_client(erased)
            assert storage.get_client(kept).name == "Bliver Her"
            assert storage.create_client(h.client(name="Ny")).id > erased
            assert audit.verify(storage.engine).ok
    finally:
        with psycopg.connect(libpq, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{restored_name}" WITH (FORCE)')
