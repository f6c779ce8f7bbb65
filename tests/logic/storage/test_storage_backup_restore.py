"""Backup and restore cannot destroy data: 4 writer processes commit while backups aim at the live
database (refused, nothing lost), and a backup taken during writes restores intact after `kill -9` left
-wal and -shm behind. Files are private (0600, folders 0700)."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from logic.storage import BackupFailed, DatabaseBusy, open_storage
from logic.storage.backup import find_pg_dump
from logic.storage.files import companions
from logic.storage.restore import restore
from tests import REPO
from tests.logic.storage import storage_helpers as h

WRITER = "tests.logic.storage.crash_writer"  # run as a module from the repository root
ROOT = REPO
WRITERS = 4

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


class Writers:
    """crash_writer.py processes, one per client, each printing a session id once it is committed."""

    def __init__(self, url: str, client_ids: list[int]):
        env = dict(os.environ)
        self.processes = [
            subprocess.Popen([sys.executable, "-m", WRITER, url, str(c)], cwd=ROOT, env=env,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            for c in client_ids
        ]  # fmt: skip
        self.acknowledged: list[set[int]] = [set() for _ in client_ids]
        for process in self.processes:
            assert process.stdout.readline() == b"ready\n"
        self.readers = [threading.Thread(target=self._read, args=(i,)) for i in range(len(client_ids))]
        for process, reader in zip(self.processes, self.readers, strict=True):
            process.stdin.write(b"go\n")
            process.stdin.flush()
            reader.start()

    def _read(self, index: int) -> None:
        for line in self.processes[index].stdout:
            if line.endswith(b"\n"):  # a last line without its newline was not acknowledged
                self.acknowledged[index].add(int(line))

    def count(self) -> int:
        return sum(len(a) for a in self.acknowledged)

    def wait_for(self, commits: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while self.count() < commits:
            assert time.monotonic() < deadline, f"only {self.count()} commits"
            assert all(p.poll() is None for p in self.processes), "a writer died"
            time.sleep(0.02)

    def kill(self) -> set[int]:
        for process in self.processes:
            process.send_signal(signal.SIGKILL)
        for process, reader in zip(self.processes, self.readers, strict=True):
            process.wait()
            reader.join()
            process.stdin.close()
            process.stdout.close()
            assert process.returncode == -signal.SIGKILL
        return set().union(*self.acknowledged)


@pytest.fixture(autouse=True)
def same_data_folder(settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """Writers and commands in other processes use the test's data folder, and so its audit key."""
    monkeypatch.setenv("REAKTIONSGUIDE_DATA_DIR", str(settings.data_dir))


def cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    return subprocess.run(
        [sys.executable, "-m", "logic", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def intact(database: Path) -> set[int]:
    """integrity_check passes and every session has its check; returns the session ids."""
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        sessions = {row[0] for row in conn.execute("SELECT id FROM sessions")}
        checked = {row[0] for row in conn.execute("SELECT session_id FROM checks WHERE session_id IS NOT NULL")}
        assert checked == sessions
        return sessions
    finally:
        conn.close()


def seeded(url: str, settings, clients: int = WRITERS) -> list[int]:
    with open_storage(url, settings) as storage:
        return [storage.create_client(h.client(name=f"Skriver {i}"), profile=h.profile()).id for i in range(clients)]


def test_backup_onto_the_live_database_is_refused_while_4_writers_commit(tmp_path: Path, settings) -> None:
    database = tmp_path / "live.db"
    url = f"sqlite:///{database}"
    writers = Writers(url, seeded(url, settings))
    try:
        writers.wait_for(40)
        assert all(path.exists() for path in companions(database)[:2])  # -wal and -shm
        os.link(database, tmp_path / "hard-link.db")
        (tmp_path / "symlink.db").symlink_to(database)
        (tmp_path / "sub").mkdir()
        aliases = [
            database, *companions(database), tmp_path / "sub" / ".." / "live.db", tmp_path / "hard-link.db",
            tmp_path / "symlink.db",
        ]  # fmt: skip
        with open_storage(url, settings, migrate=False) as storage:
            for target in aliases:
                for force in (False, True):
                    with pytest.raises(BackupFailed, match="live database"):
                        storage.backup(target, force=force)
        refused = cli("backup", str(database), "--force", "--database-url", url)
        assert refused.returncode == 1 and "is the live database" in refused.stderr and refused.stdout == ""
        writers.wait_for(writers.count() + 40)  # and they carried on
    finally:
        acknowledged = writers.kill()
    sessions = intact(database)
    assert acknowledged and acknowledged <= sessions, f"lost: {sorted(acknowledged - sessions)[:10]}"
    assert not list(tmp_path.glob(".*partial"))


def test_backup_during_writes_then_restore_after_kill_9(tmp_path: Path, settings) -> None:
    database = tmp_path / "live.db"
    url = f"sqlite:///{database}"
    target = tmp_path / "backups" / "during-writes.db"
    writers = Writers(url, seeded(url, settings))
    try:
        writers.wait_for(40)
        made = cli("backup", str(target), "--database-url", url)
        assert made.returncode == 0, made.stderr
        assert "holds: clients 4, sessions " in made.stdout and "audit trail intact" in made.stdout
        again = cli("backup", str(target), "--database-url", url)  # an existing file needs --force
        assert again.returncode == 1 and "already exists" in again.stderr
        writers.wait_for(writers.count() + 40)
        busy = cli("restore", str(target), "--database-url", url)  # the writers hold the database
        assert busy.returncode == 1 and "in use" in busy.stderr, busy.stderr
    finally:
        acknowledged = writers.kill()
    assert all(path.exists() for path in companions(database)[:2])  # kill -9 left -wal and -shm
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    in_backup = intact(target)

    done = cli("restore", str(target), "--database-url", url)
    assert done.returncode == 0, done.stderr
    assert "audit trail intact" in done.stdout and "kept as" in done.stdout
    assert intact(database) == in_backup  # the backup's rows, nothing replayed from the stale log
    verified = cli("audit", "verify", "--database-url", url)
    assert verified.returncode == 0 and "intact" in verified.stdout, verified.stderr
    # The replaced database is kept beside it, with its own log: every acknowledged commit is there.
    [kept] = tmp_path.glob("live.db.replaced-*[0-9]Z")
    assert acknowledged <= intact(kept)
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    with open_storage(url, settings) as storage:
        assert storage.count_rows()["sessions"] == len(in_backup)


def test_restore_refuses_a_connection_from_outside_the_app(tmp_path: Path, settings) -> None:
    database = tmp_path / "live.db"
    url = f"sqlite:///{database}"
    seeded(url, settings)
    with open_storage(url, settings) as storage:
        storage.backup(tmp_path / "copy.db")
        with pytest.raises(DatabaseBusy):  # this process's own Storage holds it
            restore(url, tmp_path / "copy.db", settings)
    outsider = sqlite3.connect(database)  # e.g. the sqlite3 shell, which takes no lock file
    try:
        outsider.execute("SELECT count(*) FROM clients").fetchall()
        with pytest.raises(DatabaseBusy):
            restore(url, tmp_path / "copy.db", settings)
    finally:
        outsider.close()
    with pytest.raises(BackupFailed, match="live database"):
        restore(url, database, settings)
    (tmp_path / "not-a-backup.db").write_bytes(b"hello")
    with pytest.raises(BackupFailed):
        restore(url, tmp_path / "not-a-backup.db", settings)
    assert restore(url, tmp_path / "copy.db", settings).counts["clients"] == WRITERS
    with open_storage(url, settings):  # and the app opens it again
        pass


def test_a_storage_cannot_open_during_a_restore(tmp_path: Path, settings) -> None:
    from logic.storage.files import DatabaseLock

    database = tmp_path / "live.db"
    seeded(f"sqlite:///{database}", settings)
    other_process = subprocess.Popen(
        [sys.executable, "-c", f"import fcntl, os, sys; fd = os.open({str(database) + '.lock'!r}, os.O_RDWR);"
         "fcntl.flock(fd, fcntl.LOCK_EX); print('locked', flush=True); sys.stdin.readline()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert other_process.stdout.readline() == "locked\n"
        with pytest.raises(DatabaseBusy, match="being restored"):
            open_storage(f"sqlite:///{database}", settings)
    finally:
        other_process.communicate("\n", timeout=30)
    with DatabaseLock(database).acquire():
        pass


def test_database_and_data_folder_are_private(tmp_path: Path) -> None:
    from logic.settings import ClinicSettings

    data = tmp_path / "data"
    os.umask(0o022)
    with open_storage(None, ClinicSettings(data_dir=data, database_url=None)) as storage:
        storage.create_client(h.client())
        database = data / "reaktionsguide.db"
        files = [
            database,
            *[p for p in companions(database) if p.exists()],
            database.with_name(database.name + ".lock"),
        ]
        assert len(files) >= 3
        assert {path.name: stat.S_IMODE(path.stat().st_mode) for path in files} == {path.name: 0o600 for path in files}
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
        exported = tmp_path / "export.json"
        result = cli("export", str(storage.search_clients().items[0].id), "--output", str(exported),
                     "--database-url", f"sqlite:///{database}")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600


@pytest.mark.parametrize("database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_postgres_backup_refuses_an_existing_file_and_writes_0600(database_url: str, tmp_path: Path, settings) -> None:
    if find_pg_dump() is None:
        pytest.skip("pg_dump is not installed")
    target = tmp_path / "clinic.dump"
    with open_storage(database_url, settings) as storage:
        storage.create_client(h.client())
        copy = storage.backup(target)
        assert copy.counts["clients"] == 1 and stat.S_IMODE(target.stat().st_mode) == 0o600
        first = target.read_bytes()
        with pytest.raises(BackupFailed, match="already exists"):
            storage.backup(target)
        assert target.read_bytes() == first
        storage.create_client(h.client(name="To"))
        assert storage.backup(target, force=True).counts["clients"] == 2
    assert not list(tmp_path.glob(".*partial"))
    refused = cli("restore", str(target), "--database-url", database_url)
    assert refused.returncode == 1 and "pg_restore" in refused.stderr


def test_an_older_readable_database_is_tightened_when_opened(tmp_path: Path, settings) -> None:
    database = tmp_path / "old.db"
    with open_storage(f"sqlite:///{database}", settings) as storage:
        storage.create_client(h.client())
    for path in (database, companions(database)[0]):
        path.touch()
        os.chmod(path, 0o644)  # as an earlier version left them
    with open_storage(f"sqlite:///{database}", settings) as storage:
        assert storage.count_rows()["clients"] == 1
        assert stat.S_IMODE(database.stat().st_mode) == 0o600
        assert stat.S_IMODE(companions(database)[0].stat().st_mode) == 0o600


def test_a_backup_from_before_migration_0006_is_migrated_and_the_erasure_reapplied(tmp_path: Path, settings) -> None:
    from logic.auth import privacy
    from logic.storage import NotFound, migrate

    database = tmp_path / "live.db"
    url = f"sqlite:///{database}"
    with open_storage(url, settings, migrate=False) as storage:
        assert migrate.upgrade(storage.engine, "0005") == "0005"
        kept, erased = (storage.create_client(h.client(name=n)).id for n in ("Bliver Her", "Slettes Senere"))
        copy = storage.backup(tmp_path / "at-0005.db")
        assert "erasures" not in copy.counts
    with open_storage(url, settings) as storage:  # the app is updated: 0006
        privacy.erase_client(storage, erased)
    restore(url, tmp_path / "at-0005.db", settings)
    with open_storage(url, settings) as storage:
        assert migrate.current_revision(storage.engine) == migrate.HEAD
        assert storage.get_client(kept).name == "Bliver Her"
        with pytest.raises(NotFound):
            storage.get_client(erased)
        assert storage.create_client(h.client(name="Ny")).id > erased
    conn = sqlite3.connect(database)
    try:
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'clients'").fetchone()[0]
        assert "AUTOINCREMENT" in sql
    finally:
        conn.close()
