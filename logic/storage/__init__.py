"""Client records behind one small interface: `open_storage()` returns a `Storage`.

    from logic.storage import open_storage
    storage = open_storage()                      # settings / REAKTIONSGUIDE_DATABASE_URL / SQLite in data_dir
    client = storage.create_client({"name": "Anna Hansen", "birth_year": 1958, "consent_health_data": True})
    storage.search_clients("han", flags=["elderly"])

SQLite by default (a file in settings.data_dir), PostgreSQL when a `postgresql://` URL is set; the rest
of the product never needs to know which. Migrations run on open. See repository.py for the methods
(clients.py, sessions.py, checks.py, plans.py and search.py for the work of each), records.py for the
models they accept and return, engine.py for transactions and locking.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import URL, Engine

from ..badges import Badge
from ..settings import ClinicSettings, get_settings
from . import engine as _engine
from . import migrate as _migrate
from .errors import BackupFailed, ConsentRequired, DatabaseBusy, NotFound, ProfileMissing, StorageError
from .files import DatabaseInUse, DatabaseLock, private_umask
from .records import (
    CheckIn,
    CheckRecord,
    ClientIn,
    ClientPage,
    ClientRecord,
    ClientSummary,
    PlanIn,
    PlanRecord,
    RiskProfile,
    RiskProfileIn,
    SessionIn,
    SessionRecord,
)
from .repository import Storage

__all__ = [
    "BackupFailed",
    "Badge",
    "CheckIn",
    "CheckRecord",
    "ClientIn",
    "ClientPage",
    "ClientRecord",
    "ClientSummary",
    "ConsentRequired",
    "DatabaseBusy",
    "NotFound",
    "PlanIn",
    "PlanRecord",
    "ProfileMissing",
    "RiskProfile",
    "RiskProfileIn",
    "SessionIn",
    "SessionRecord",
    "Storage",
    "StorageError",
    "open_storage",
]


def open_storage(url: str | None = None, settings: ClinicSettings | None = None, *, migrate: bool = True) -> Storage:
    """Open the clinic's database and bring its schema up to date.

    The URL comes from the argument, else settings.database_url, else the environment variable
    REAKTIONSGUIDE_DATABASE_URL, else the SQLite file `<settings.data_dir>/reaktionsguide.db` (the
    folder is created). Safe to call from several processes at once (see migrate.py).
    """
    settings = settings or get_settings()
    private_umask()  # health data: whatever this process creates from now on is 0600 (folders 0700)
    resolved = _engine.resolve_url(url, settings)
    release = _hold(resolved)
    try:
        engine = _engine.create(resolved)
    except BaseException:
        release()
        raise
    try:
        if migrate:
            _upgrade(engine, settings)
    except BaseException:
        engine.dispose()
        release()
        raise
    storage = Storage(engine, settings)
    # Every storage is audited: each write's audit row is in the write's own transaction. Imported here
    # rather than at the top because logic.auth.audit imports this package's modules (engine, schema).
    from ..auth.audit import install

    install(storage)

    def dispose_and_release() -> None:  # the lock file last, once no connection is left open
        engine.dispose()
        release()

    storage.on_close.append(dispose_and_release)
    return storage


def _hold(url: URL) -> Callable[[], None]:
    """Take a SQLite file's shared lock (files.DatabaseLock), held until the Storage is closed: a restore
    refuses while any process has the database open, and a Storage cannot open during a restore.
    Returns what releases it."""
    database = url.database if url.get_backend_name() == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        return lambda: None
    try:
        return DatabaseLock(Path(database).expanduser()).acquire().release
    except DatabaseInUse:
        raise DatabaseBusy() from None


def _upgrade(engine: Engine, settings: ClinicSettings) -> None:
    owner_url = os.environ.get(_migrate.MIGRATION_DATABASE_URL_ENV)
    if not owner_url or _engine.is_sqlite(engine):
        _migrate.upgrade(engine, settings=settings)
        return
    owner = _engine.create(_engine.resolve_url(owner_url, settings))
    try:
        _migrate.upgrade(owner, settings=settings)
        role = engine.url.username
        if role and role != owner.url.username:
            _migrate.grant_app_role(owner, role)
    finally:
        owner.dispose()
