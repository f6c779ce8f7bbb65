"""Fixtures of the storage and the accounts tests: a fresh `Storage` on each backend (see tests/conftest.py's
database_url). Their conftest.py files import them: `from storage_fixtures import database_url, settings, storage`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy.engine import make_url

from logic.settings import ClinicSettings
from logic.storage import Storage, open_storage


@pytest.fixture
def database_url(database_url: str) -> Iterator[str]:
    """tests/conftest.py's fresh database; on PostgreSQL dropped here, retrying while autovacuum is in it.

    Creating the schema and writing rows makes PostgreSQL's autovacuum visit the new database; its
    worker runs as the superuser, so the test role's `DROP DATABASE ... WITH (FORCE)` cannot end it
    and fails ("must be a member of the role whose process is being terminated"). The worker is done
    within moments, so the drop is retried; tests/conftest.py's own drop then finds nothing to do.
    """
    yield database_url
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        return
    libpq = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(libpq, autocommit=True) as conn:
        deadline = time.monotonic() + 30
        while True:
            try:
                conn.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
                return
            except psycopg.errors.InsufficientPrivilege:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)


@pytest.fixture
def settings(tmp_path) -> ClinicSettings:
    return ClinicSettings(data_dir=tmp_path / "data", database_url=None)


@pytest.fixture
def storage(database_url: str, settings: ClinicSettings) -> Iterator[Storage]:
    store = open_storage(database_url, settings)
    try:
        yield store
    finally:
        store.close()
