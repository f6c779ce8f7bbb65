"""A consistent copy of the database while the app keeps writing.

SQLite: the sqlite3 online-backup API in one step (`pages=-1`), which copies every page inside one
read transaction, so the copy is one snapshot; in WAL mode writers carry on meanwhile. The copy is
written next to the target, checked with `PRAGMA integrity_check`, switched to a self-contained
rollback journal and only then renamed into place, so a failed backup never leaves a half file.
Restore: stop the app, put the copy where the database was (or point the database URL at it).

PostgreSQL: `pg_dump --format=custom` (one snapshot by design), found on PATH or in
/usr/lib/postgresql/<version>/bin; restore with `pg_restore --clean --dbname ...`.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Engine

from .engine import is_sqlite, sqlite_file
from .errors import BackupFailed


def backup(engine: Engine, target: Path) -> Path:
    target = Path(target).expanduser().resolve()
    if target.is_dir():
        raise BackupFailed(f"{target} er en mappe; angiv et filnavn", f"{target} is a folder; give a file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        if is_sqlite(engine):
            _sqlite_backup(engine, partial)
        else:
            _pg_dump(engine, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def _sqlite_backup(engine: Engine, partial: Path) -> None:
    source_file = sqlite_file(engine)
    if source_file is not None and source_file.resolve() == partial.resolve():
        raise BackupFailed("kan ikke tage backup oven i databasen", "cannot back up onto the database itself")
    raw = engine.raw_connection()
    try:
        source: sqlite3.Connection = raw.driver_connection  # type: ignore[assignment]
        copy = sqlite3.connect(partial, isolation_level=None)
        try:
            source.backup(copy, pages=-1)
            copy.execute("PRAGMA journal_mode = DELETE")
            result = [row[0] for row in copy.execute("PRAGMA integrity_check")]
            if result != ["ok"]:
                raise BackupFailed(
                    f"kopien består ikke integritetstjekket: {'; '.join(result[:5])}",
                    f"the copy fails the integrity check: {'; '.join(result[:5])}",
                )
        finally:
            copy.close()
    finally:
        raw.close()
    with open(partial, "rb") as handle:
        os.fsync(handle.fileno())


def find_pg_dump() -> str | None:
    on_path = shutil.which("pg_dump")
    if on_path:
        return on_path
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"), key=lambda p: int(Path(p).parts[-3]))
    return versions[-1] if versions else None


def _pg_dump(engine: Engine, partial: Path) -> None:
    exe = find_pg_dump()
    if exe is None:
        raise BackupFailed(
            "pg_dump blev ikke fundet; installér PostgreSQL-klientværktøjerne (fx pakken postgresql-client)",
            "pg_dump was not found; install the PostgreSQL client tools (e.g. the postgresql-client package)",
        )
    url = engine.url
    conninfo = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = str(url.password)  # not on the command line, where `ps` would show it
    done = subprocess.run(
        [exe, "--format=custom", "--no-owner", "--file", str(partial), "--dbname", conninfo],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["?"]
        raise BackupFailed(f"pg_dump fejlede: {detail[0]}", f"pg_dump failed: {detail[0]}")
