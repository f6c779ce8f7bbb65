"""Fixtures of the storage tests: a fresh `Storage` on each backend (tests/storage_fixtures.py)."""

from __future__ import annotations

from tests.storage_fixtures import database_url, settings, storage  # noqa: F401
