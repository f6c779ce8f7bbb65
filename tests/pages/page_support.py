"""Helpers of the page tests: starting a page's AppTest, and a fresh Storage the app's pages use.

Test files import what they need (`from page_support import record_rows, start_page`); the `store`
fixture comes through tests/pages/conftest.py.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from logic.settings import get_settings  # noqa: E402
from logic.storage import Storage, open_storage  # noqa: E402

# The AppTest's stand-in for the browser's session cookie (tests/pages/conftest.py signs AppTests in).
TEST_COOKIE = "test_session_cookie"

# The tables of client records; viewing a record may add to the audit trail, which is not "a change".
RECORD_TABLES = ("clients", "client_name_prefixes", "sessions", "checks", "plans")


def record_rows(store: Storage) -> dict[str, int]:
    rows = store.count_rows()
    return {table: rows[table] for table in RECORD_TABLES}


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Storage]:
    """An empty database in a tmp data dir, and the app's cached Storage pointed at it."""
    monkeypatch.setenv("REAKTIONSGUIDE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("REAKTIONSGUIDE_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    st.cache_resource.clear()
    storage = open_storage(settings=get_settings())
    try:
        yield storage
    finally:
        storage.close()
        st.cache_resource.clear()
        get_settings.cache_clear()


def start_page(page: Path, lang: str, **state) -> AppTest:
    """Run the page `page` alone in language `lang`, with `state` in its session state first."""
    at = AppTest.from_file(str(page), default_timeout=30)
    at.session_state["lang"] = lang
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()
