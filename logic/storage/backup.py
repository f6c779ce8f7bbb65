"""A consistent copy of the database while the app keeps writing, that can never overwrite the database.

The target is refused when it is the live database or one of its companion files (-wal, -shm,
-journal), compared by file identity (device and inode) as well as by resolved path, so a hard link,
a symlink or another spelling of the name is caught; an existing file is refused unless `force`.

SQLite: the sqlite3 online-backup API in one step (`pages=-1`), which copies every page inside one
read transaction, so the copy is one snapshot; in WAL mode writers carry on meanwhile. The copy goes
to a 0600 temporary file in the target's folder, is switched to a self-contained rollback journal,
checked (`PRAGMA integrity_check`, and the audit trail's own verification on the copy), fsynced and
only then renamed into place (the folder fsynced too), so a failed backup never leaves a half file.
Restore with `python -m logic restore BACKUP` (restore.py).

PostgreSQL: `pg_dump --format=custom` (found on PATH or in /usr/lib/postgresql/<version>/bin) into a
0600 temporary file, renamed into place the same way, checked with `pg_restore --list`; the counts are
read in the very snapshot pg_dump copies (`pg_export_snapshot`). Restore with `pg_restore`
(restore.py says how).
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, text

from .engine import is_sqlite, sqlite_file
from .errors import BackupFailed
from .files import companions, private_temp, publish, same_file

# Tables whose row counts a backup reports (what a clinic recognizes), in this order.
REPORTED = ("clients", "sessions", "checks", "plans", "users", "audit_log", "erasures")


@dataclass(frozen=True)
class Copy:
    """What a backup (or a restored database) holds."""

    path: Path
    counts: dict[str, int]
    audit: str = ""  # the audit trail's verdict on the copy
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        held = ", ".join(f"{table} {count}" for table, count in self.counts.items())
        lines = [str(self.path), f"holds: {held}"]
        if self.audit:
            lines.append(self.audit)
        return "\n".join(lines + self.notes)


def refuse_live_target(database: Path, target: Path, what: str = "backup") -> None:
    """BackupFailed if the target is the database or a companion of it, by path or by file identity."""
    for live in (database, *companions(database)):
        if same_file(target, live):
            raise BackupFailed("storage.backup.live_target", target=target, name=live.name)


def check_target(engine: Engine, target: Path, force: bool) -> Path:
    target = Path(target).expanduser()
    if target.is_dir():
        raise BackupFailed("storage.backup.folder", target=target)
    database = sqlite_file(engine)
    if database is not None:
        refuse_live_target(database, target)
    if (target.exists() or target.is_symlink()) and not force:
        raise BackupFailed("storage.backup.exists_force", target=target)
    return target.resolve() if not target.is_symlink() else target


def backup(engine: Engine, target: Path, force: bool = False) -> Copy:
    target = check_target(engine, Path(target), force)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with private_temp(target) as partial:
        copy = _sqlite_backup(engine, partial) if is_sqlite(engine) else _pg_dump(engine, partial)
        try:
            publish(partial, target, replace=force)
        except FileExistsError:
            raise BackupFailed("storage.backup.exists", target=target) from None
    return Copy(target, copy.counts, copy.audit, copy.notes)


def _sqlite_backup(engine: Engine, partial: Path) -> Copy:
    raw = engine.raw_connection()
    try:
        copy_into(raw.driver_connection, partial)  # type: ignore[arg-type]
    finally:
        raw.close()
    return check_sqlite_copy(partial)


def copy_into(source: sqlite3.Connection, target: Path) -> None:
    """One snapshot of the source in one step of the online-backup API, as a self-contained file
    (rollback journal, no -wal beside it)."""
    copy = sqlite3.connect(target, isolation_level=None)
    try:
        source.backup(copy, pages=-1)
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()


def integrity_problems(connection: sqlite3.Connection) -> list[str]:
    result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    return [] if result == ["ok"] else result


def sqlite_counts(connection: sqlite3.Connection) -> dict[str, int]:
    present = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in REPORTED if t in present}


@contextmanager
def read_only(path: Path) -> Iterator[Engine]:
    """An engine that only reads the file (no WAL switch, no migration, no lock file)."""
    engine = create_engine(f"sqlite:///file:{Path(path).resolve()}?mode=ro&uri=true")
    try:
        yield engine
    finally:
        engine.dispose()


def audit_verdict(engine: Engine) -> tuple[bool, str]:
    """The audit trail's own verification (logic/auth/audit.py), the one place backup and restore call it.
    Without the accounts module there is no trail to check."""
    try:
        from ..auth import audit
    except ModuleNotFoundError:
        return True, ""
    # The chain only: the live checkpoint file may already count rows written after this snapshot (a
    # backup), or be ahead of an older copy (a restore); `audit verify` checks the live trail against it.
    verdict = audit.verify(engine, checkpoints=False)
    return verdict.ok, verdict.text()


def check_sqlite_copy(path: Path, require_audit: bool = True) -> Copy:
    """integrity_check and the audit chain on a SQLite file; BackupFailed naming what is wrong (a broken
    trail only when `require_audit`; otherwise its verdict is reported)."""
    connection = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
    try:
        problems = integrity_problems(connection)
        if problems:
            raise BackupFailed("storage.backup.integrity", problems="; ".join(problems[:5]))
        counts = sqlite_counts(connection)
    finally:
        connection.close()
    if "audit_log" not in counts:  # a database from before the audit trail (migration 0004)
        return Copy(Path(path), counts, "no audit trail in this database (older than the accounts)")
    with read_only(path) as engine:
        ok, message = audit_verdict(engine)
    if not ok and require_audit:
        raise BackupFailed("storage.backup.audit_broken", message=message)
    return Copy(Path(path), counts, message)


def find_pg_tool(name: str = "pg_dump") -> str | None:
    on_path = shutil.which(name)
    if on_path:
        return on_path
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[-3]))
    return versions[-1] if versions else None


def find_pg_dump() -> str | None:
    return find_pg_tool("pg_dump")


def libpq(engine: Engine) -> tuple[str, dict[str, str]]:
    """The connection string for the PostgreSQL tools, and their environment: the password goes in
    PGPASSWORD, not on the command line, where `ps` would show it."""
    url = engine.url
    conninfo = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return conninfo, env


def _tool_failed(tool: str, done: subprocess.CompletedProcess[str]) -> BackupFailed:
    detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["?"]
    return BackupFailed("storage.backup.tool_failed", tool=tool, detail=detail[0])


def _pg_dump(engine: Engine, partial: Path) -> Copy:
    exe, lister = find_pg_dump(), find_pg_tool("pg_restore")
    if exe is None or lister is None:
        raise BackupFailed("storage.backup.no_pg_dump")
    conninfo, env = libpq(engine)
    # Count in one transaction and let pg_dump copy that transaction's snapshot: the counts printed
    # are exactly what the file holds.
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
        snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        present = set(
            conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars()
        )
        counts = {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in REPORTED if t in present}
        done = subprocess.run(
            [exe, "--format=custom", "--no-owner", f"--snapshot={snapshot}", "--file", str(partial), "--dbname", conninfo],
            env=env, capture_output=True, text=True,
        )  # fmt: skip
    if done.returncode != 0:
        raise _tool_failed("pg_dump", done)
    listed = subprocess.run([lister, "--list", str(partial)], capture_output=True, text=True)
    if listed.returncode != 0 or "TABLE DATA" not in listed.stdout:
        raise _tool_failed("pg_restore --list", listed)
    note = "audit trail: check it on a restored copy (`pg_restore` into a new database, then `audit verify`)"
    return Copy(partial, counts, "", [note])
