"""Accounts, the audit trail, privacy and clinic settings, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher, Type
from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError

from logic.auth import accounts, audit, clinic_settings, passwords, privacy
from logic.settings import ClinicSettings
from logic.storage import NotFound, Storage
from logic.storage.schema import Base
from tests.logic.storage import storage_helpers as h

UTC = dt.UTC


def trail(storage: Storage, client_id: int | None = None) -> list[audit.Entry]:
    return list(reversed(audit.entries(storage.engine, client_id=client_id, limit=10_000)))


# --- passwords ---


def test_argon2id_parameters_and_rehash() -> None:
    stored = passwords.hash_password("correct horse")
    assert stored.startswith("$argon2id$") and "m=19456,t=2,p=1" in stored
    assert passwords.verify(stored, "correct horse") and not passwords.verify(stored, "wrong horse")
    assert not passwords.verify(None, "anything") and not passwords.verify("garbage", "x")
    assert not passwords.needs_rehash(stored)
    weaker = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1, type=Type.ID).hash("correct horse")
    assert passwords.verify(weaker, "correct horse") and passwords.needs_rehash(weaker)


# --- accounts and sign-in ---


def test_sign_in_generic_failure_and_rehash(storage: Storage) -> None:
    accounts.create_user(storage, "Mette", "long enough 1", "admin")
    ok = accounts.sign_in(storage, " mette ", "long enough 1")
    assert ok.ok and ok.user is not None and ok.user.role == "admin" and ok.user.username == "mette"
    unknown = accounts.sign_in(storage, "nobody", "long enough 1")
    wrong = accounts.sign_in(storage, "mette", "not it at all")
    assert (
        (unknown.ok, unknown.user, unknown.reason) == (wrong.ok, wrong.user, wrong.reason) == (False, None, "invalid")
    )
    with pytest.raises(accounts.AccountError):
        accounts.create_user(storage, "mette", "another one 2")
    with pytest.raises(accounts.AccountError):
        accounts.create_user(storage, "short", "1234")
    # A hash made with older parameters is replaced at the next successful sign-in.
    old = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1, type=Type.ID).hash("long enough 1")
    with storage.write() as s:
        s.execute(sa.text("UPDATE users SET password_hash = :h WHERE username = 'mette'"), {"h": old})
    assert accounts.sign_in(storage, "mette", "long enough 1").ok
    with storage.read() as s:
        assert "m=19456,t=2" in s.scalar(sa.text("SELECT password_hash FROM users WHERE username = 'mette'"))
    actions = [(e.actor, e.action) for e in trail(storage)]
    assert ("mette", "sign_in") in actions and ("anonymous", "sign_in_failed") in actions
    assert ("mette", "sign_in_failed") in actions and "nobody" not in {actor for actor, _ in actions}


def test_demo_therapist_only_into_an_empty_account_table(storage: Storage) -> None:
    name, password = accounts.ensure_demo_therapist(storage)
    assert accounts.sign_in(storage, name, password).user.role == "therapist"
    assert accounts.ensure_demo_therapist(storage) is None


# --- the audit trail ---


def test_writes_and_views_are_audited_in_their_transaction(storage: Storage) -> None:
    with audit.acting_as("anna"):
        client = storage.create_client(h.client(), profile=h.profile())
        storage.add_session(client.id, h.session(), check=h.check())
        audit.record_view(storage, client.id)
        with pytest.raises(ValidationError):
            storage.add_session(client.id, h.session(pain_before=11))
        with pytest.raises(NotFound):
            storage.add_session(client.id + 99, h.session())
    rows = trail(storage)
    assert [(e.actor, e.action, e.client_id) for e in rows] == [
        ("anna", "create_client", client.id), ("anna", "add_session", client.id), ("anna", "view_client", client.id),
    ]  # fmt: skip
    assert audit.verify(storage.engine).ok


def test_database_refuses_update_and_delete_of_the_trail(storage: Storage) -> None:
    storage.create_client(h.client())
    for statement in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), storage.write() as s:
            s.execute(sa.text(statement))
    if storage.engine.dialect.name == "postgresql":
        with pytest.raises(DBAPIError, match="append-only"), storage.write() as s:
            s.execute(sa.text("TRUNCATE audit_log"))
    assert len(trail(storage)) == 1


def _behind_the_apps_back(storage: Storage, statement: str) -> None:
    """Change the trail the way someone with the database's owner rights could: triggers off first."""
    with storage.write() as s:
        if storage.engine.dialect.name == "sqlite":
            s.execute(sa.text("DROP TRIGGER audit_log_no_update"))
            s.execute(sa.text("DROP TRIGGER audit_log_no_delete"))
        else:
            s.execute(sa.text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        s.execute(sa.text(statement))


@pytest.mark.parametrize(
    "statement, broken",
    [
        ("UPDATE audit_log SET actor = 'mallory' WHERE id = 3", 3),
        ('UPDATE audit_log SET detail = \'{"role":"admin"}\' WHERE id = 4', 4),
        ("DELETE FROM audit_log WHERE id = 2", 2),
        ("UPDATE audit_log SET client_id = 99 WHERE id = 5", 5),
    ],
)
def test_verify_names_the_first_changed_row(storage: Storage, statement: str, broken: int) -> None:
    from logic.auth.cli import run_audit_verify  # noqa: F401  (the CLI reports the same verdict)

    for i in range(3):
        storage.create_client(h.client(name=f"Client {i}"))
    accounts.create_user(storage, "anna", "right password")
    accounts.sign_in(storage, "anna", "wrong")
    assert audit.verify(storage.engine) == audit.Verdict(True, 5)
    _behind_the_apps_back(storage, statement)
    verdict = audit.verify(storage.engine)
    assert not verdict.ok and verdict.broken_id == broken, verdict


def test_filter_by_client(storage: Storage) -> None:
    a = storage.create_client(h.client(name="A Person"))
    b = storage.create_client(h.client(name="B Person"))
    storage.update_client(a.id, h.client(name="A Renamed"))
    assert [e.action for e in audit.entries(storage.engine, client_id=a.id)] == ["update_client", "create_client"]
    assert [e.client_id for e in audit.entries(storage.engine, client_id=b.id)] == [b.id]


# --- privacy ---


def _populated(storage: Storage):
    client = storage.create_client(h.client(name="Eva Secret"), profile=h.profile(), pain_regions=["lower_back"])
    session = storage.add_session(client.id, h.session(note="private note xyz"), check=h.check())
    storage.update_session(session.id, h.session(note="private note changed"))  # keeps a session version
    storage.record_check(client.id, h.check(session_id=session.id))
    request = storage.plan_request_for(client.id, "trigger_point_therapy")
    from logic.planner import plan

    suggestion = plan(request)
    storage.save_plan(client.id, {
        "request": request, "suggested": suggestion, "chosen_duration_min": 40, "chosen_pressure": 5,
        "chosen_interval_days": 7, "accepted": True,
    })  # fmt: skip
    from logic.storage import follow_ups  # a follow-up link and the client's language (the aftercare sheet)

    follow_ups.create_link(storage, client.id)
    follow_ups.set_preferred_language(storage, client.id, "en")
    other = storage.create_client(h.client(name="Other Person"), profile=h.profile())
    storage.add_session(other.id, h.session())
    return client, other


def test_export_holds_every_stored_value(storage: Storage) -> None:
    client, _other = _populated(storage)
    data = privacy.export_client(storage, client.id)
    tables = data["tables"]
    with storage.read() as s:
        for table in Base.metadata.sorted_tables:
            if table.name == "clients":
                where = table.c.id == client.id
            elif table.name == "erasures":  # who was erased: never part of a living client's data
                continue
            elif "client_id" in table.c:
                where = table.c.client_id == client.id
            else:
                continue
            stored = [
                {k: privacy._plain(v) for k, v in r._mapping.items()} for r in s.execute(sa.select(table).where(where))
            ]
            if table.name == "audit_log":  # the export's own row is appended after it was read
                stored = [r for r in stored if r["action"] != "export_client"]
            assert tables[table.name] == stored, table.name
            assert stored, table.name
    text = privacy.to_json(data)
    assert "private note xyz" in text and "Eva Secret" in text and "Other Person" not in text
    csv_text = privacy.to_csv(data)
    assert "private note xyz" in csv_text and csv_text.startswith("table,row,column,value")
    assert trail(storage, client.id)[-1].action == "export_client"


def test_erasure_leaves_no_health_data(storage: Storage) -> None:
    client, other = _populated(storage)
    with audit.acting_as("admin1"):
        removed = privacy.erase_client(storage, client.id)
    assert removed["clients"] == 1 and removed["sessions"] == 1 and removed["checks"] == 2
    with storage.read() as s:
        for table in Base.metadata.sorted_tables:
            rows = s.execute(sa.select(table)).all()
            text = json.dumps([list(map(str, r)) for r in rows], ensure_ascii=False)
            assert "Eva Secret" not in text and "private note xyz" not in text, table.name
            if "client_id" in table.c and table.name not in ("audit_log", "erasures"):
                assert not [r for r in rows if r._mapping["client_id"] == client.id], table.name
            if table.name == "erasures":  # the erasure list: id, time, who, how; no health data
                assert [(r.client_id, r.actor, r.action) for r in rows] == [(client.id, "admin1", "erase_client")]
    last = trail(storage, client.id)[-1]
    assert (last.actor, last.action) == ("admin1", "erase_client")
    assert storage.get_client(other.id).session_count == 1
    with pytest.raises(NotFound):
        privacy.erase_client(storage, client.id)
    assert audit.verify(storage.engine).ok


def test_purge_after_the_retention_period(storage: Storage, settings: ClinicSettings) -> None:
    old = storage.create_client(h.client(name="Old Client"))
    recent = storage.create_client(h.client(name="Recent Client"))
    storage.add_session(recent.id, h.session())  # 2026-09-02
    with storage.write() as s:
        s.execute(sa.text("UPDATE clients SET created_at = :t, updated_at = :t"), {"t": dt.datetime(2015, 1, 1)})
    now = dt.datetime(2026, 12, 1, tzinfo=UTC)
    rules = settings.model_copy(update={"retention_years": 10})
    due = privacy.purge(storage, rules, dry_run=True, now=now)
    assert [d.client_id for d in due] == [old.id]
    assert storage.count_rows()["clients"] == 2
    privacy.purge(storage, rules, dry_run=False, now=now)
    assert storage.count_rows()["clients"] == 1 and storage.get_client(recent.id)
    assert trail(storage, old.id)[-1].action == "purge_client"


# --- clinic settings ---


def test_clinic_settings_overrides_validated_and_audited(storage: Storage, settings: ClinicSettings) -> None:
    with audit.acting_as("boss"):
        new = clinic_settings.save(storage, settings, {"clinic_name": "Klinik Nord", "idle_minutes": 10})
    assert (new.clinic_name, new.idle_minutes, new.retention_years) == ("Klinik Nord", 10, settings.retention_years)
    assert clinic_settings.effective(storage, settings) == new
    for bad in ({"idle_minutes": 0}, {"emergency_phone": "call me"}, {"retention_years": 500}):
        with pytest.raises(ValidationError):
            clinic_settings.save(storage, settings, bad)
    with pytest.raises(clinic_settings.SettingsError):
        clinic_settings.save(storage, settings, {"database_url": "sqlite:///elsewhere.db"})
    assert clinic_settings.overrides(storage) == {"clinic_name": "Klinik Nord", "idle_minutes": 10}
    changes = [e.detail for e in trail(storage) if e.action == "settings_change"]
    assert changes == [
        {"key": "clinic_name", "old": "Reaktionsguide", "new": "Klinik Nord"},
        {"key": "idle_minutes", "old": 30, "new": 10},
    ]
    starts = new.model_dump(mode="json")["plan_starts"]
    starts["deep_massage"]["pressure"] = 5
    assert clinic_settings.save(storage, settings, {"plan_starts": starts}).plan_starts["deep_massage"].pressure == 5
