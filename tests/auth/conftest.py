"""Fixtures of the accounts, audit and privacy tests: a fresh Storage on SQLite and PostgreSQL.

Same as tests/storage/conftest.py: the PostgreSQL database is dropped with retries while autovacuum
is still in it (see the explanation there).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from logic.settings import ClinicSettings
from logic.storage import Storage, open_storage

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "storage"))  # storage_helpers


@pytest.fixture
def database_url(database_url: str) -> Iterator[str]:
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
