"""Helpers of the page tests: starting a page's AppTest, and a fresh Storage the app's pages use.

Test files import what they need (`from tests.pages.page_support import record_rows, start_page`); the `store`
fixture comes through tests/pages/conftest.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from logic.auth import browser_sessions
from logic.settings import get_settings
from logic.storage import Storage, open_storage

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


def _media_id(url: str) -> str:
    return url.rsplit("/", 1)[-1].split(".", 1)[0]


@dataclass(frozen=True)
class Pressed:
    """One press of a deferred download button: the file it gave, and where Streamlit stored it."""

    content: bytes
    url: str
    manager: MediaFileManager

    def stored(self) -> bool:
        """Whether Streamlit's media store still serves the file at `url`."""
        return self.manager.read_file(_media_id(self.url)) is not None


class Downloads:
    """Presses of download buttons whose file a function builds on the press (data=callable).

    AppTest has no browser to press them: `press` does what Streamlit's server does when a browser
    asks for the file (MediaFileManager.execute_deferred with the button's deferred file id)."""

    def __init__(self) -> None:
        self.managers: dict[str, MediaFileManager] = {}

    def press(self, button) -> Pressed:
        file_id = button.proto.deferred_file_id
        assert file_id and not button.proto.url, "not a button that builds its file on the press"
        manager = self.managers[file_id]
        url = manager.execute_deferred(file_id)
        file = manager.read_file(_media_id(url))
        assert file is not None
        return Pressed(file.content, url, manager)


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> Downloads:
    """Records the media managers of the AppTests' deferred downloads, so a test can press them."""
    recorder = Downloads()
    original = MediaFileManager.add_deferred

    def add_deferred(self: MediaFileManager, *args, **kwargs) -> str:
        file_id = original(self, *args, **kwargs)
        recorder.managers[file_id] = self
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return recorder


def handed_over(storage, navigated: list[str]) -> str | None:
    """Whom the last hand-over to /session/start signs in (as the route would redeem its token)."""
    if not navigated or not navigated[-1].split("?")[0].endswith(browser_sessions.HANDOVER_ROUTE):
        return None
    params = dict(part.split("=", 1) for part in navigated[-1].split("?", 1)[1].split("&"))
    secret = browser_sessions.redeem_handover(storage, params["token"])
    session = browser_sessions.check(storage, secret, dt.timedelta(hours=1))
    return session.username if session else None
