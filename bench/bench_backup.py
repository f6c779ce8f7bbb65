"""Backup and restore time at 10,000 clients, against a plain copy of the same file, in one run.

    .venv/bin/python -m bench.bench_backup [--clients 10000] [--sessions 200000] [--checks 100000]
                                           [--audit-rows 50000] [--repeat 3]

Fills a temporary SQLite database as bench_records.py does (bulk insert) plus an audit trail of
`--audit-rows` rows, then times, as medians of `--repeat` runs:
- backup: `Storage.backup` (online-backup API, integrity_check, the audit chain verified on the copy,
  counts, fsync, rename) against the baseline, sqlite3's online-backup API alone into a new file;
- restore: `logic.storage.restore.restore` (checks of the backup, exclusive lock, copy, fsync, the
  replaced database set aside, migration check, erasure list re-applied, integrity and audit of the
  result) against the baseline, copying the backup file over the database (the old manual way).
Prints the times and the ratios. The figures are whatever this machine measures; nothing is adjusted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.bench_records import fill
from logic.auth import audit
from logic.settings import ClinicSettings
from logic.storage import open_storage
from logic.storage.backup import audit_verdict, integrity_problems, read_only
from logic.storage.restore import restore

UTC = dt.UTC


def median_s(action: Callable[[int], object], repeat: int) -> float:
    times = []
    for n in range(repeat):
        start = time.perf_counter()
        action(n)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--sessions", type=int, default=200_000)
    parser.add_argument("--checks", type=int, default=100_000)
    parser.add_argument("--audit-rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-backup-") as name:
        folder = Path(name)
        settings = ClinicSettings(data_dir=folder / "data", database_url=None)
        database = folder / "clinic.db"
        url = f"sqlite:///{database}"
        with open_storage(url, settings) as storage:
            fill(storage, args.clients, args.sessions, args.checks)
            with storage.write() as s:
                at = dt.datetime(2026, 1, 1, tzinfo=UTC)
                for n in range(args.audit_rows):
                    audit.append(s, audit.VIEW_CLIENT, n % args.clients + 1, actor="bench", at=at)
            counts = storage.count_rows()
            size_mb = database.stat().st_size / 1e6
            print(
                f"database: {counts['clients']} clients, {counts['sessions']} sessions, {counts['checks']} checks, "
                f"{counts['audit_log']} audit rows, {size_mb:.0f} MB (filled in {time.perf_counter() - started:.1f} s)"
            )

            def plain_backup(n: int) -> None:
                source = sqlite3.connect(database)
                target = sqlite3.connect(folder / f"plain-{n}.db")
                source.backup(target, pages=-1)
                target.close()
                source.close()

            def checked_backup(n: int) -> None:
                storage.backup(folder / f"checked-{n}.db")

            backup_plain = median_s(plain_backup, args.repeat)
            backup_checked = median_s(checked_backup, args.repeat)

        def integrity(n: int) -> None:
            connection = sqlite3.connect(folder / f"checked-{n}.db")
            assert not integrity_problems(connection)
            connection.close()

        def audit_chain(n: int) -> None:
            with read_only(folder / f"checked-{n}.db") as engine:
                assert audit_verdict(engine)[0]

        parts = {
            "integrity_check": median_s(integrity, args.repeat),
            "audit verify": median_s(audit_chain, args.repeat),
        }

        def plain_restore(n: int) -> None:
            shutil.copyfile(folder / f"plain-{n}.db", database)

        def checked_restore(n: int) -> None:
            restore(url, folder / f"checked-{n}.db", settings)

        restore_plain = median_s(plain_restore, args.repeat)
        restore_checked = median_s(checked_restore, args.repeat)

    print()
    print(f"{'':34} {'checked':>10} {'baseline':>10} {'ratio':>7}")
    print(
        f"{'backup (vs sqlite3 backup API)':34} {backup_checked:9.2f}s {backup_plain:9.2f}s {backup_checked / backup_plain:6.2f}x"
    )
    print(
        f"{'restore (vs copying the file)':34} {restore_checked:9.2f}s {restore_plain:9.2f}s {restore_checked / restore_plain:6.2f}x"
    )
    print("each check on its own, on a copy: " + ", ".join(f"{k} {v:.2f}s" for k, v in parts.items()))
    print("(a backup runs each once; a restore runs both on the copy before it touches the database, and again")
    print(" on the result after the erasure list is re-applied)")
    print(f"\ntotal run {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
