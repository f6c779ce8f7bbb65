"""Backups taken while a writer keeps writing open, pass the integrity check and restore whole."""

from __future__ import annotations

import sqlite3
import subprocess
import threading
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from logic.storage import BackupFailed, Storage, open_storage
from logic.storage.backup import find_pg_dump
from tests.logic.storage import storage_helpers as h


def everything(storage: Storage) -> dict[int, tuple]:
    """Every client with its sessions, checks and plans, as the storage returns them."""
    result = {}
    for summary in storage.search_clients(limit=500).items:
        result[summary.id] = (
            storage.get_client(summary.id),
            storage.list_sessions(summary.id),
            storage.list_checks(summary.id),
            storage.list_plans(summary.id),
        )
    return result


def assert_consistent_snapshot(copy: Storage, source_at_end: dict[int, tuple], before: dict[str, int]) -> None:
    counts = copy.count_rows()
    # At least what existed when the backup started ...
    assert all(counts[table] >= before[table] for table in ("clients", "sessions", "checks"))
    restored = everything(copy)
    assert len(restored) == counts["clients"]
    for client_id, (client, sessions, checks, plans) in restored.items():
        # ... parent and child tables from one moment: the denormalized summaries match the rows ...
        assert client.session_count == len(sessions)
        assert len(checks) == len(sessions)  # the writer adds each session with its check
        assert sorted(c.session_id for c in checks) == sorted(s.id for s in sessions)
        if checks:
            assert client.latest_check_at == max(c.checked_at for c in checks)
        # ... and every row is the source's row (the writer only appends, so a prefix of it).
        source_client, source_sessions, source_checks, source_plans = source_at_end[client_id]
        assert client.model_dump(exclude={"session_count", "latest_level", "latest_check_at", "badges"}) == (
            source_client.model_dump(exclude={"session_count", "latest_level", "latest_check_at", "badges"})
        )
        assert all(row == {s.id: s for s in source_sessions}[row.id] for row in sessions)
        assert all(row == {c.id: c for c in source_checks}[row.id] for row in checks)
        assert plans == source_plans


def seed(storage: Storage, clients: int = 20) -> list[int]:
    ids = []
    for i in range(clients):
        client = storage.create_client(h.client(name=f"Klient {i} Backup"), profile=h.profile())
        storage.add_session(client.id, h.session(day=1), check=h.check())
        ids.append(client.id)
    return ids


def write_meanwhile(storage: Storage, ids: list[int], stop: threading.Event, errors: list) -> None:
    n = 0
    try:
        while not stop.is_set():
            n += 1
            storage.add_session(ids[n % len(ids)], h.session(day=n % 365, note="n" * (n % 500)), check=h.check())
            if n % 7 == 0:
                ids.append(storage.create_client(h.client(name=f"Ny {n}"), profile=h.profile()).id)
                storage.add_session(ids[-1], h.session(day=1), check=h.check())
    except BaseException as error:
        errors.append(error)


def backup_while_writing(storage: Storage, target: Path) -> dict[str, int]:
    ids = seed(storage)
    stop, errors = threading.Event(), []
    writer = threading.Thread(target=write_meanwhile, args=(storage, ids, stop, errors))
    writer.start()
    try:
        while storage.count_rows()["sessions"] < 60:  # the writer is under way
            pass
        before = storage.count_rows()
        storage.backup(target)
        while storage.count_rows()["sessions"] < before["sessions"] + 20:  # and carried on
            pass
    finally:
        stop.set()
        writer.join()
    assert errors == []
    return before


def test_sqlite_backup_while_writing(tmp_path: Path, settings) -> None:
    source = open_storage(f"sqlite:///{tmp_path}/live.db", settings)
    target = tmp_path / "backups" / "copy.db"
    try:
        before = backup_while_writing(source, target)
        conn = sqlite3.connect(target)
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one self-contained file
        conn.close()
        assert not list(target.parent.glob(".*partial"))
        with open_storage(f"sqlite:///{target}", settings) as copy:
            assert_consistent_snapshot(copy, everything(source), before)
            assert copy.count_rows()["sessions"] < source.count_rows()["sessions"]
    finally:
        source.close()


def test_backup_refuses_a_folder(tmp_path: Path, settings) -> None:
    with open_storage(f"sqlite:///{tmp_path}/live.db", settings) as storage, pytest.raises(BackupFailed):
        storage.backup(tmp_path)


@pytest.mark.parametrize("database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_postgres_backup_while_writing(postgres_url: str, database_url: str, tmp_path: Path, settings) -> None:
    if find_pg_dump() is None:
        pytest.skip("pg_dump is not installed")
    pg_restore = Path(find_pg_dump()).with_name("pg_restore")
    source = open_storage(database_url, settings)
    target = tmp_path / "copy.dump"
    restored_name = f"rg_restore_{uuid.uuid4().hex[:12]}"
    server = make_url(postgres_url)
    libpq = server.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        before = backup_while_writing(source, target)
        with psycopg.connect(libpq, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{restored_name}"')
        restored_url = server.set(database=restored_name)
        subprocess.run(
            [str(pg_restore), "--no-owner", "--exit-on-error", "--dbname",
             restored_url.set(drivername="postgresql", password=None).render_as_string(hide_password=False),
             str(target)],
            check=True, env={"PGPASSWORD": str(server.password or "")}, capture_output=True,
        )  # fmt: skip
        with open_storage(restored_url.render_as_string(hide_password=False), settings) as copy:
            assert_consistent_snapshot(copy, everything(source), before)
    finally:
        source.close()
        with psycopg.connect(libpq, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{restored_name}" WITH (FORCE)')
