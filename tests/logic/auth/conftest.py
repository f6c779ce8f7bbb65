"""Fixtures of the accounts, audit and privacy tests: a fresh Storage on SQLite and PostgreSQL.

The same fixtures as the storage tests (tests/storage_fixtures.py): the PostgreSQL database is dropped
with retries while autovacuum is still in it (see the explanation there).
"""

from __future__ import annotations

from tests.storage_fixtures import database_url, settings, storage  # noqa: F401
