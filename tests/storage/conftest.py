"""Fixtures of the storage tests: a fresh `Storage` on each backend (see tests/conftest.py's database_url)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from logic.settings import ClinicSettings
from logic.storage import Storage, open_storage


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
