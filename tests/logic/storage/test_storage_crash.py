"""SQLite survives SIGKILL at any moment: no corruption, no lost acknowledged write, no half transaction."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from logic.storage import open_storage
from tests import REPO
from tests.logic.storage import storage_helpers as h

WRITER = "tests.logic.storage.crash_writer"  # run as a module from the repository root
ROOT = REPO
RUNS = 25

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def verify(database: Path, client_id: int, acknowledged: set[int]) -> int:
    """Integrity, every acknowledged session present, every session paired with its check; returns the count."""
    conn = sqlite3.connect(database)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        sessions = {row[0] for row in conn.execute("SELECT id FROM sessions WHERE client_id = ?", (client_id,))}
        missing = acknowledged - sessions
        assert not missing, f"acknowledged but lost: {sorted(missing)[:10]}"
        linked = conn.execute("SELECT session_id FROM checks WHERE client_id = ?", (client_id,)).fetchall()
        assert sorted(r[0] for r in linked) == sorted(sessions), "a session without its check or the reverse"
        count, latest = conn.execute(
            "SELECT session_count, latest_check_at FROM clients WHERE id = ?", (client_id,)
        ).fetchone()
        assert count == len(sessions), "the denormalized count disagrees with the sessions"
        newest = conn.execute("SELECT max(checked_at) FROM checks WHERE client_id = ?", (client_id,)).fetchone()[0]
        assert latest == newest
        return len(sessions)
    finally:
        conn.close()


def test_sigkill_mid_write(tmp_path: Path) -> None:
    database = tmp_path / "crash.db"
    url = f"sqlite:///{database}"
    with open_storage(url) as storage:
        client_id = storage.create_client(h.client(), profile=h.profile()).id
    rng = random.Random(20261126)
    acknowledged: set[int] = set()
    env = dict(os.environ)
    env.pop("REAKTIONSGUIDE_SQLITE_SYNCHRONOUS", None)
    started = time.perf_counter()

    def start() -> subprocess.Popen:
        command = [sys.executable, "-m", WRITER, url, str(client_id)]
        return subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    upcoming = [start(), start()]  # the next writers start up while one writes
    for run in range(RUNS):
        writer = upcoming.pop(0)
        try:
            assert writer.stdout.readline() == b"ready\n"
            if run + len(upcoming) < RUNS - 1:
                upcoming.append(start())
            writer.stdin.write(b"go\n")
            writer.stdin.flush()
            time.sleep(rng.uniform(0.2, 0.6))
        finally:
            writer.send_signal(signal.SIGKILL)
            writer.wait()
            writer.stdin.close()
        output = writer.stdout.read()
        writer.stdout.close()
        assert writer.returncode == -signal.SIGKILL
        lines = output.split(b"\n")[:-1]  # a last line without its newline was not acknowledged
        acknowledged.update(int(line) for line in lines)
        verify(database, client_id, acknowledged)
    assert len(acknowledged) > RUNS  # the writer got going each time
    print(f"{RUNS} kills, {len(acknowledged)} acknowledged transactions, {time.perf_counter() - started:.1f} s")
    with open_storage(url) as storage:  # and the app opens it as usual afterwards
        assert storage.get_client(client_id).session_count == verify(database, client_id, acknowledged)
