"""Concurrent writers lose no update, and app replicas starting at once migrate once, on both backends."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, Table, select

from logic.storage import Storage, migrate, open_storage
from tests import REPO
from tests.logic.storage import storage_helpers as h

THREADS = 8
PER_THREAD = 150
ROOT = REPO


def run_threads(work, count: int = THREADS) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(count)

    def runner(index: int) -> None:
        try:
            start.wait()
            work(index)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_concurrent_sessions_keep_the_count(storage: Storage) -> None:
    """8 threads x 150 add_session on one client: each reads the client's session count and writes +1."""
    client = storage.create_client(h.client(), profile=h.profile())
    stop = threading.Event()
    reads: list[int] = []

    def reader() -> None:  # the client list stays readable meanwhile
        while not stop.is_set():
            reads.append(storage.search_clients("anne").items[0].session_count)

    watcher = threading.Thread(target=reader)
    watcher.start()
    started = time.perf_counter()
    try:
        errors = run_threads(
            lambda t: [
                storage.add_session(client.id, h.session(day=(t * PER_THREAD + i) % 365, pain_before=6, pain_after=6))
                for i in range(PER_THREAD)
            ]
        )
    finally:
        stop.set()
        watcher.join()
    elapsed = time.perf_counter() - started
    assert errors == []
    record = storage.get_client(client.id)
    assert record.session_count == THREADS * PER_THREAD == storage.count_rows()["sessions"]
    assert reads == sorted(reads) and reads[-1] <= THREADS * PER_THREAD  # readers saw committed counts only
    print(f"{THREADS * PER_THREAD} session writes in {elapsed:.2f} s")


def test_concurrent_read_then_write_through_write_transactions(storage: Storage) -> None:
    """The write() transaction itself: read a counter row (locked), write value + 1, 8 x 150 times."""
    metadata = MetaData()
    counter = Table("test_counter", metadata, Column("id", Integer, primary_key=True), Column("value", Integer))
    metadata.create_all(storage.engine)
    with storage.write() as s:
        s.execute(counter.insert().values(id=1, value=0))

    def increment(_: int) -> None:
        for _ in range(PER_THREAD):
            with storage.write() as s:
                value = s.execute(select(counter.c.value).where(counter.c.id == 1).with_for_update()).scalar_one()
                s.execute(counter.update().where(counter.c.id == 1).values(value=value + 1))

    assert run_threads(increment) == []
    with storage.read() as s:
        assert s.execute(select(counter.c.value)).scalar_one() == THREADS * PER_THREAD


def test_replicas_starting_at_once_migrate_once(database_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "REAKTIONSGUIDE_DATA_DIR": str(tmp_path)}
    env.pop("REAKTIONSGUIDE_DATABASE_URL", None)
    command = [sys.executable, "-m", "logic", "migrate", "--database-url", database_url]
    replicas = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    results = [(p.wait(timeout=60), p.stdout.read(), p.stderr.read()) for p in replicas]
    for replica in replicas:
        replica.stdout.close()
        replica.stderr.close()
    assert [code for code, _, _ in results] == [0] * 4, results
    assert all(f"revision {migrate.HEAD}" in out for _, out, _ in results)
    with open_storage(database_url) as storage:
        assert migrate.current_revision(storage.engine) == migrate.head_revision()
        assert storage.count_rows()["clients"] == 0


def test_threads_opening_a_fresh_database_at_once(database_url: str, settings) -> None:
    opened: list[Storage] = []
    errors = run_threads(lambda _: opened.append(open_storage(database_url, settings)), count=6)
    try:
        assert errors == []
        first = opened[0].create_client(h.client())
        assert all(s.get_client(first.id) == first for s in opened)
    finally:
        for storage in opened:
            storage.close()


def test_a_busy_sqlite_lock_and_postgresql_conflicts_are_retried_other_errors_not() -> None:
    import sqlite3

    from sqlalchemy.exc import IntegrityError, OperationalError

    from logic.storage.retry import transient as _transient

    assert _transient(OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked")))
    assert not _transient(OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: x")))
    assert not _transient(IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed")))
