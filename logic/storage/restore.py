"""`python -m logic restore BACKUP`: put a backup in place of the SQLite database, never blindly.

1. The backup must be a Reaktionsguide database, not the live database or one of its files.
2. Nothing may hold the database: the restore takes the lock file every Storage holds shared
   (files.DatabaseLock) exclusively, and then asks SQLite itself for sole access (leaving WAL mode
   needs it), which also catches a connection from outside the app. Either fails: refused.
3. The backup is copied to a 0600 temporary file beside the database, which must pass
   `integrity_check` and whose audit trail must verify (`--force` restores one whose trail does not,
   and says so), and is fsynced. Only then is the database touched: the one it
   replaces is kept beside it with its -wal/-shm/-journal, all renamed `<name>.replaced-<UTC time>`,
   so no stale log is left for SQLite to replay onto the restored file. Then the copy is renamed
   into place and the folder fsynced.
4. The result is migrated to the current schema, the erasure list (the file, the replaced database's
   table and the backup's own) is re-applied, and the result is checked again: integrity and audit.

PostgreSQL: use `pg_restore` into a new, empty database, then point the app at it, run
`python -m logic purge --dry-run` to see it opens, and `python -m logic purge` to re-apply the erasure
list; `restore` prints these steps.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from ..settings import ClinicSettings
from . import engine as _engine
from .backup import Copy, check_sqlite_copy, copy_into, refuse_live_target
from .errors import BackupFailed, DatabaseBusy
from .files import DatabaseInUse, DatabaseLock, companions, fsync_folder, private_temp, publish, stamp

if TYPE_CHECKING:
    from ..auth.erasures import Erased

POSTGRES_STEPS = (
    "restore on PostgreSQL with pg_restore, into a new empty database:\n"
    "  createdb NEW && pg_restore --no-owner --exit-on-error --dbname NEW BACKUP\n"
    "then stop the app, point REAKTIONSGUIDE_DATABASE_URL at NEW, and run\n"
    "  python -m logic audit checkpoint --after-restore   (the restored trail becomes the reference)\n"
    "  python -m logic purge          (re-applies the erasure list and the retention period)\n"
    "  python -m logic audit verify"
)


def restore(url: str | None, source: Path, settings: ClinicSettings, force: bool = False) -> Copy:
    resolved = _engine.resolve_url(url, settings)
    if resolved.get_backend_name() != "sqlite" or not resolved.database or resolved.database == ":memory:":
        raise BackupFailed("storage.restore.postgres", steps=POSTGRES_STEPS)
    database = Path(resolved.database).expanduser().resolve()
    source = Path(source).expanduser()
    if not source.is_file():
        raise BackupFailed("storage.restore.missing", source=source)
    refuse_live_target(database, source)
    _looks_like_a_backup(source)
    try:
        lock = DatabaseLock(database).acquire(exclusive=True)
    except DatabaseInUse:
        raise DatabaseBusy(restoring=False) from None
    with lock:
        _refuse_if_open(database)
        replaced_list = _erasure_list_of(database)
        with private_temp(database) as temp:
            _copy(source, temp)
            check_sqlite_copy(temp, require_audit=not force)  # before the database is touched
            kept = _set_aside(database)
            publish(temp, database, replace=True)
        reapplied = _finish(resolved.render_as_string(hide_password=False), settings, replaced_list)
        result = check_sqlite_copy(database, require_audit=not force)
    notes = [f"the database it replaced is kept as {kept}" if kept else "there was no database to replace"]
    again = f" ({', '.join(map(str, reapplied))})" if reapplied else ""
    notes.append(f"erasure list re-applied: {len(reapplied)} client(s) erased again{again}")
    return Copy(database, result.counts, result.audit, notes)


def _looks_like_a_backup(source: Path) -> None:
    connection = sqlite3.connect(f"file:{source.resolve()}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise BackupFailed("storage.restore.not_sqlite", source=source, error=error) from error
    finally:
        connection.close()
    if not {"alembic_version", "clients"} <= tables:
        raise BackupFailed("storage.restore.not_backup", source=source)


def _refuse_if_open(database: Path) -> None:
    """SQLite's own word: leaving WAL mode needs sole access, and it also folds a crashed writer's log
    into the file being set aside. A damaged database is set aside as it is."""
    if not database.exists():
        return
    try:
        connection = sqlite3.connect(database, timeout=0, isolation_level=None)
    except sqlite3.Error:
        return
    try:
        connection.execute("PRAGMA journal_mode = DELETE").fetchall()
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise DatabaseBusy(restoring=False) from None
    except sqlite3.DatabaseError:
        pass
    finally:
        connection.close()


def _erasure_list_of(database: Path) -> list[Erased]:
    try:
        from ..auth.erasures import read_sqlite_file
    except ModuleNotFoundError:
        return []
    return read_sqlite_file(database) if database.exists() else []


def _copy(source: Path, temp: Path) -> None:
    """The backup API reads the source as SQLite sees it (its own -wal included, if it has one)."""
    reading = sqlite3.connect(f"file:{source.resolve()}?mode=ro", uri=True)
    try:
        copy_into(reading, temp)
    finally:
        reading.close()


def _set_aside(database: Path) -> Path | None:
    """Rename the database and its companions to `<name>.replaced-<time>[-wal|-shm|-journal]`; stale
    companions without a database are set aside the same way, so none stays beside the restored file."""
    kept = database.with_name(f"{database.name}.replaced-{stamp()}")
    moved = False
    for path, destination in zip((database, *companions(database)), (kept, *companions(kept)), strict=True):
        if path.exists():
            path.rename(destination)
            moved = True
    fsync_folder(database.parent)
    return kept if moved else None


def _finish(url: str, settings: ClinicSettings, replaced_list: list[Erased]) -> list[int]:
    """Migrate the restored file and re-apply the erasure list (this process holds the lock)."""
    from . import open_storage

    storage = open_storage(url, settings)
    try:
        try:
            from ..auth.privacy import reapply_erasures
        except ModuleNotFoundError:
            return []
        reapplied = reapply_erasures(storage, also=replaced_list)
        from ..auth import audit

        # The restored trail is the new reference: checkpoints written before it no longer apply.
        audit.checkpoint(storage.engine, "rebase", force=True)
        return reapplied
    finally:
        storage.close()
