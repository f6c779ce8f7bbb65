"""What a change row says (the tables and fields changed, never their values), the earlier versions a
changed session keeps, and migration 0007's re-keying of a trail written with the plain SHA-256 chain;
on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa

from logic.auth import audit, privacy
from logic.settings import ClinicSettings
from logic.storage import Storage, migrate, open_storage
from tests.logic.storage import storage_helpers as h

MARKERS = ("Ingrid Markersen", "+45 11 22 33 44", "marker note 9f3k", "marker note changed 7q2x")


def details(storage: Storage) -> list[tuple[str, dict]]:
    return [(e.action, e.detail) for e in reversed(audit.entries(storage.engine, limit=100))]


def test_change_rows_name_the_fields_never_the_values(storage: Storage) -> None:
    with audit.acting_as("anna"):
        client = storage.create_client(h.client(name=MARKERS[0], contact=MARKERS[1]), profile=h.profile())
        session = storage.add_session(client.id, h.session(note=MARKERS[2]), check=h.check())
        storage.update_client(client.id, h.client(name=MARKERS[0], contact="+45 99 99 99 99"))
        storage.update_session(session.id, h.session(note=MARKERS[3], pain_after=2))
        storage.update_session(session.id, h.session(note=MARKERS[3], pain_after=2))  # saved unchanged
        storage.set_original_pain(client.id, ["lower_back"])
    found = details(storage)
    assert found == [
        ("create_client", {"created": {"clients": 1}}),
        ("add_session", {"changed": {"clients": ["latest_check_at", "latest_level", "session_count"]},
                         "created": {"checks": 1, "sessions": 1}, "session_id": session.id}),
        ("update_client", {"changed": {"clients": ["contact"]}}),
        ("update_session", {"changed": {"sessions": ["note", "pain_after"]}, "created": {"session_versions": 1},
                            "session_id": session.id}),
        ("update_session", {"session_id": session.id}),
        ("set_original_pain", {"changed": {"clients": ["original_pain_recorded_at", "original_pain_regions"]}}),
    ], found  # fmt: skip
    with storage.read() as s:
        text = " ".join(s.execute(sa.text("SELECT detail FROM audit_log")).scalars())
    assert not [m for m in MARKERS if m in text]
    assert audit.verify(storage.engine).ok


def test_a_changed_session_keeps_its_earlier_versions(storage: Storage) -> None:
    client = storage.create_client(h.client(), profile=h.profile())
    first = storage.add_session(client.id, h.session(note="as first saved", pain_after=5))
    other = storage.add_session(client.id, h.session(day=3))
    assert storage.session_versions(client.id) == {}
    with audit.acting_as("anna"):
        second = storage.update_session(first.id, h.session(note="corrected", pain_after=4))
    with audit.acting_as("bo"):
        storage.update_session(first.id, h.session(note="corrected again", pain_after=4, regions=["lower_back"]))
        storage.update_session(first.id, h.session(note="corrected again", pain_after=4, regions=["lower_back"]))
    versions = storage.session_versions(client.id)
    assert list(versions) == [first.id] and other.id not in versions
    v1, v2 = versions[first.id]
    assert (v1.version, v1.note, v1.pain_after, v1.saved_at, v1.replaced_by) == (
        1,
        "as first saved",
        5,
        first.updated_at,
        "anna",
    )
    assert (v2.version, v2.note, v2.regions, v2.saved_at, v2.replaced_by) == (
        2, "corrected", ["neck_back", "left_shoulder_blade"], second.updated_at, "bo"
    )  # fmt: skip
    assert v1.replaced_at == v2.saved_at
    assert [s.note for s in storage.list_sessions(client.id)] == ["corrected again", h.session()["note"]]
    # The versions are the client's data: exported with them, erased with them.
    exported = privacy.export_client(storage, client.id)["tables"]["session_versions"]
    assert [r["note"] for r in exported] == ["as first saved", "corrected"]
    privacy.erase_client(storage, client.id)
    assert storage.count_rows()["session_versions"] == 0


def test_migration_0007_rekeys_the_sha_chain_behind_a_boundary_row(database_url: str, settings: ClinicSettings) -> None:
    with open_storage(database_url, settings) as storage:
        client = storage.create_client(h.client())
        storage.update_client(client.id, h.client(name="New Name"))
        assert migrate.downgrade(storage.engine, "0005") == "0005"
        # At 0005 the chain is the plain SHA-256, which anyone can recompute.
        sha = audit.Trail(None)
        with storage.read() as s:
            rows = s.execute(sa.select(audit.AuditEntry.__table__).order_by(sa.text("id"))).all()
        prev = audit.GENESIS
        for row in rows:
            assert row.hash == sha.row_mac(prev, row.id, row.at, row.actor, row.action, row.client_id, row.detail)
            prev = row.hash
        assert migrate.upgrade(storage.engine, settings=settings) == migrate.HEAD
        verdict = audit.verify(storage.engine)
        assert verdict.ok and verdict.checked == len(rows) + 1, verdict
        boundary = audit.entries(storage.engine, limit=1)[0]
        assert (boundary.action, boundary.actor) == (audit.CHAIN_KEYED, "migration")
        assert boundary.detail == {"rows_rekeyed": len(rows), "sha_chain": "intact", "sha_head": prev}
        storage.create_client(h.client(name="After The Upgrade"))
        assert audit.verify(storage.engine).ok


def test_migration_0007_records_a_broken_sha_chain(database_url: str, settings: ClinicSettings) -> None:
    with open_storage(database_url, settings) as storage:
        for i in range(3):
            storage.create_client(h.client(name=f"Client {i}"))
        migrate.downgrade(storage.engine, "0005")
        with storage.write() as s:  # someone edits row 2 at 0005, as the owner could
            if storage.engine.dialect.name == "sqlite":
                s.execute(sa.text("DROP TRIGGER audit_log_no_update"))
            else:
                s.execute(sa.text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
            s.execute(sa.text("UPDATE audit_log SET actor = 'mallory' WHERE id = 2"))
            if storage.engine.dialect.name == "sqlite":
                s.execute(sa.text(
                    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
                ))  # fmt: skip
            else:
                s.execute(sa.text("ALTER TABLE audit_log ENABLE TRIGGER USER"))
        migrate.upgrade(storage.engine, settings=settings)
        boundary = audit.entries(storage.engine, limit=1)[0]
        assert boundary.detail["sha_chain"] == "broken at row 2" and boundary.detail["rows_rekeyed"] == 3
