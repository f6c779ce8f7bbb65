"""Migrations: empty to head, and data written at revision 0001 survives the upgrade and is summarized by 0002."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import make_url

from logic.models import Level
from logic.planner import plan
from logic.progress import no_progress
from logic.storage import Badge, migrate, open_storage
from logic.storage import engine as storage_engine
from logic.storage.records import current_year
from logic.storage.schema import Base, JsonType, UTCDateTime
from tests.logic.storage import storage_helpers as h

UTC = dt.UTC
T0 = dt.datetime(2026, 5, 1, 9, 30, tzinfo=UTC)


def test_empty_database_to_head(database_url: str, settings) -> None:
    assert migrate.script_head() == migrate.HEAD == migrate.head_revision()
    with open_storage(database_url, settings) as storage:
        assert migrate.current_revision(storage.engine) == migrate.HEAD
        with storage.engine.connect() as conn:
            # The ORM models and the migrated schema agree: columns, types, indexes, constraints.
            assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata) == []
        assert set(storage.count_rows()) == {
            "clients",
            "client_name_prefixes",
            "sessions",
            "checks",
            "plans",
            "users",
            "audit_log",
            "clinic_settings",
            "erasures",
            "session_versions",
            "sign_in_throttle",
            "browser_sessions",
            "follow_up_tokens",
            "client_languages",
        }
    with open_storage(database_url, settings) as again:  # opening again is a no-op
        assert again.count_rows()["clients"] == 0


# The tables as revision 0001 created them (no summary columns, no name tokens).
meta = sa.MetaData()
clients_0001 = sa.Table(
    "clients", meta,
    *(sa.Column(n, sa.Integer) for n in ("id", "birth_year")),
    sa.Column("name", sa.String), sa.Column("contact", sa.String), sa.Column("consent_health_data", sa.Boolean),
    sa.Column("consent_date", sa.Date), sa.Column("created_at", UTCDateTime), sa.Column("updated_at", UTCDateTime),
    sa.Column("massage_experience", sa.String), sa.Column("condition_months", sa.Float),
    sa.Column("trigger_points", sa.String), sa.Column("trigger_point_severity", sa.String),
    *(sa.Column(n, sa.Boolean) for n in ("stressors", "bad_experience_before", "known_fainting_tendency",
                                           "conditions_reviewed")),
    sa.Column("disclosed_conditions", JsonType()), sa.Column("reviewed_at", UTCDateTime),
    sa.Column("profile_updated_at", UTCDateTime), sa.Column("original_pain_regions", JsonType()),
    sa.Column("original_pain_recorded_at", UTCDateTime),
)  # fmt: skip
sessions_0001 = sa.Table(
    "sessions", meta,
    *(sa.Column(n, sa.Integer) for n in ("id", "client_id", "pain_before", "pain_after")),
    sa.Column("date", sa.Date), sa.Column("treatment", sa.String), sa.Column("neck_treatment", sa.Boolean),
    sa.Column("duration_min", sa.Float), sa.Column("pressure", sa.Float), sa.Column("regions", JsonType()),
    sa.Column("note", sa.Text), sa.Column("created_at", UTCDateTime), sa.Column("updated_at", UTCDateTime),
)  # fmt: skip
checks_0001 = sa.Table(
    "checks", meta,
    *(sa.Column(n, sa.Integer) for n in ("id", "client_id", "session_id")),
    sa.Column("checked_at", UTCDateTime), sa.Column("report", JsonType()), sa.Column("complete", sa.Boolean),
    sa.Column("level", sa.String), sa.Column("progress_sign", sa.Boolean), sa.Column("path", JsonType()),
    sa.Column("reasons", JsonType()), sa.Column("engine_version", sa.String), sa.Column("regions_now", JsonType()),
    sa.Column("created_at", UTCDateTime),
)  # fmt: skip


def client_row(id: int, name: str, age: int, **profile) -> dict:
    return {
        "id": id, "name": name, "birth_year": current_year() - age, "contact": None, "consent_health_data": True,
        "consent_date": dt.date(2026, 4, 1), "created_at": T0, "updated_at": T0,
        "massage_experience": "regular", "condition_months": 12.0, "trigger_points": "few",
        "trigger_point_severity": "mild", "stressors": False, "bad_experience_before": False,
        "known_fainting_tendency": False, "disclosed_conditions": [], "conditions_reviewed": False,
        "reviewed_at": None, "profile_updated_at": T0, "original_pain_regions": ["lower_back"],
        "original_pain_recorded_at": T0,
    } | profile  # fmt: skip


def session_row(id: int, client_id: int, day: int, before: int, after: int) -> dict:
    return {
        "id": id, "client_id": client_id, "date": dt.date(2026, 5, day), "treatment": "deep_massage",
        "neck_treatment": False, "duration_min": 60.0, "pressure": 5.0, "regions": ["lower_back"],
        "pain_before": before, "pain_after": after, "note": f"session {id}", "created_at": T0, "updated_at": T0,
    }  # fmt: skip


def check_row(id: int, client_id: int, session_id: int | None, hours: int, level: str) -> dict:
    return {
        "id": id, "client_id": client_id, "session_id": session_id, "checked_at": T0 + dt.timedelta(hours=hours),
        "report": h.report(), "complete": True, "level": level, "progress_sign": False, "path": ["n_red_flags"],
        "reasons": [{"statement_ids": ["E1"], "text": "..."}], "engine_version": "1.0.0", "regions_now": [],
        "created_at": T0,
    }  # fmt: skip


def test_data_written_at_0001_survives_the_upgrade(database_url: str, settings) -> None:
    engine = storage_engine.create(make_url(database_url))
    try:
        assert migrate.upgrade(engine, "0001") == "0001"
        with engine.begin() as conn:
            assert not {"client_name_tokens", "client_name_prefixes"} & set(sa.inspect(conn).get_table_names())
            conn.execute(
                clients_0001.insert(),
                [
                    client_row(1, "Grethe Østergaard-Holm", 78, disclosed_conditions=["osteoporose"]),
                    client_row(2, "Mads Bech", 41, known_fainting_tendency=True, disclosed_conditions=["astma"],
                               conditions_reviewed=True, reviewed_at=T0),
                ],
            )  # fmt: skip
            conn.execute(
                sessions_0001.insert(),
                [session_row(10, 1, 3, 7, 6), session_row(11, 1, 10, 7, 7), session_row(12, 1, 17, 6, 6),
                 session_row(20, 2, 3, 8, 5)],
            )  # fmt: skip
            conn.execute(
                checks_0001.insert(),
                [check_row(100, 1, 10, 20, "healing_crisis"), check_row(101, 1, 12, 400, "contact_therapist"),
                 check_row(102, 1, 11, 200, "doctor_today"), check_row(200, 2, None, 5, "expected")],
            )  # fmt: skip
            # Make the ids' sequences follow the inserted ids on PostgreSQL, as the app's own inserts would.
            if engine.dialect.name == "postgresql":
                for table in ("clients", "sessions", "checks"):
                    conn.execute(
                        sa.text(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                        )
                    )
    finally:
        engine.dispose()

    with open_storage(database_url, settings) as storage:
        assert migrate.current_revision(storage.engine) == migrate.HEAD
        grethe = storage.get_client(1)
        assert grethe.name == "Grethe Østergaard-Holm" and grethe.created_at == T0
        assert grethe.session_count == 3
        assert grethe.latest_level is Level.contact_therapist and grethe.latest_check_at == T0 + dt.timedelta(hours=400)
        assert set(grethe.badges) == {Badge.elderly, Badge.disclosures_not_reviewed, Badge.no_progress}
        mads = storage.get_client(2)
        assert mads.badges == [Badge.fainting_tendency] and mads.latest_level is Level.expected
        assert [c.name for c in storage.search_clients("holm").items] == ["Grethe Østergaard-Holm"]
        assert [c.id for c in storage.search_clients("ØSTER").items] == [1]
        assert [c.id for c in storage.search_clients(flags=["no_progress"]).items] == [1]
        assert [c.id for c in storage.search_clients(level="expected").items] == [2]
        sessions = storage.list_sessions(1)
        assert [(s.id, s.reaction_level) for s in sessions] == [
            (10, Level.healing_crisis),
            (11, Level.doctor_today),
            (12, Level.contact_therapist),
        ]
        request = storage.plan_request_for(1, "deep_massage")
        assert [p.pain_after for p in request.history] == [6, 7, 6]
        plan(request)
        # The upgraded database takes new writes as usual.
        storage.add_session(2, h.session(day=30), check=h.check())
        storage.update_client(2, h.client(name="Mads Bech Friis", birth_year=current_year() - 41))
        assert storage.get_client(2).session_count == 2
        assert [c.id for c in storage.search_clients("friis").items] == [2]


def test_downgrade_to_0001_and_back(database_url: str, settings) -> None:
    with open_storage(database_url, settings) as storage:
        client = storage.create_client(h.client(name="Tove Lund"), profile=h.profile())
        storage.add_session(client.id, h.session(), check=h.check())
        assert migrate.downgrade(storage.engine, "0004") == "0004"
        with storage.engine.connect() as conn:  # 0005's downgrade gives the words back
            tokens = conn.execute(sa.text("SELECT token, client_id FROM client_name_tokens ORDER BY token")).all()
            assert [tuple(t) for t in tokens] == [("lund", client.id), ("tove", client.id)]
            assert "client_name_prefixes" not in sa.inspect(conn).get_table_names()
        assert migrate.downgrade(storage.engine, "0001") == "0001"
        with storage.engine.connect() as conn:
            columns = {c["name"] for c in sa.inspect(conn).get_columns("clients")}
            assert "name_norm" not in columns and "latest_level" not in columns
            assert conn.execute(sa.text("SELECT name FROM clients")).scalar_one() == "Tove Lund"
        assert migrate.upgrade(storage.engine) == migrate.HEAD
        record = storage.get_client(client.id)
        assert record.session_count == 1 and record.latest_level is Level.expected
        assert storage.search_clients("tove").total == 1


def test_0010_recomputes_the_no_progress_flag_with_the_lasting_change_rule(database_url: str, settings) -> None:
    """Clients stored at 0009 carry the flag of the old rule (first pain before against the latest pain
    after); 0010 gives every client the planner's H2 flag (latest pain before against the first)."""
    sessions = {
        1: [(7, 3), (7, 3), (7, 3)],  # relief that never lasts: old rule no flag, H2 flags it
        2: [(8, 8), (6, 6), (4, 8)],  # pain before fell from 8 to 4, one bad evening: old rule flagged it
        3: [(6, 6), (6, 6)],  # two sessions: too early for H2 under either rule
        4: [(5, 5), (5, 5), (5, 5)],  # no progress under both rules: stays flagged
    }
    old_flags = {1: False, 2: True, 3: False, 4: True}
    engine = storage_engine.create(make_url(database_url))
    try:
        assert migrate.upgrade(engine, "0009", settings) == "0009"
        with engine.begin() as conn:
            tables = sa.MetaData()
            tables.reflect(conn, only=["clients", "sessions"])
            conn.execute(
                tables.tables["clients"].insert(),
                [
                    client_row(cid, f"Klient {cid}", 50) | {"session_count": len(pains), "no_progress": old_flags[cid]}
                    for cid, pains in sessions.items()
                ],
            )
            conn.execute(
                tables.tables["sessions"].insert(),
                [
                    session_row(cid * 10 + n, cid, 1 + 7 * n, before, after)
                    for cid, pains in sessions.items()
                    for n, (before, after) in enumerate(pains)
                ],
            )
    finally:
        engine.dispose()

    with open_storage(database_url, settings) as storage:
        assert migrate.current_revision(storage.engine) == migrate.HEAD
        flagged = {cid: Badge.no_progress in storage.get_client(cid).badges for cid in sessions}
        assert flagged == {1: True, 2: False, 3: False, 4: True}
        for cid in sessions:  # the list's badge and the planner agree
            assert flagged[cid] == no_progress(storage.plan_request_for(cid, "deep_massage").history)
        assert [c.id for c in storage.search_clients(flags=["no_progress"]).items] == [1, 4]
