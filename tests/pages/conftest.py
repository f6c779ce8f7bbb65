"""AppTests of protected pages run signed in: every AppTest starts with a therapist's session.

Pages check the role at their top (ui/auth.require_role); app.py checks the browser's session cookie
on every run (ui/auth.begin_run). AppTest has no cookies: its session gets a real browser session in
the test's database, whose secret ui/auth.session_secret reads from the session state instead
(TEST_COOKIE). Tests that need another role mark themselves `@pytest.mark.signed_in("admin")`, or
`@pytest.mark.signed_in(None)` for a visitor.
The `store` fixture (an empty database the app's pages use) comes from tests/pages/page_support.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from logic.auth import accounts, browser_sessions
from logic.settings import get_settings
from logic.storage import open_storage
from tests.pages.page_support import TEST_COOKIE, downloads, store  # noqa: F401  (fixtures of every page test)
from tests.pages.test_client_record_page import anne  # noqa: F401  (a fixture test_one_engine.py shares)

AUTH_USER = "auth_user"  # ui/auth.py's session-state key


def sign_in(at: AppTest, role: str | None = "therapist", username: str = "test-therapist") -> AppTest:
    """Sign an AppTest's session in as the hand-over route would: a browser session in the test's
    database (the account is created with that role) whose secret stands in for the cookie."""
    if role is None:
        for key in (AUTH_USER, TEST_COOKIE):
            if key in at.session_state:
                del at.session_state[key]
        return at
    with open_storage(settings=get_settings()) as storage:
        if accounts.get_user(storage, username) is None:
            accounts.create_user(storage, username, "test password 1", role)
        elif accounts.get_user(storage, username).role != role:
            accounts.update_user(storage, username, role=role)
        secret = browser_sessions.redeem_handover(storage, browser_sessions.start_handover(storage, username))
        session = browser_sessions.check(storage, secret, dt.timedelta(hours=1))
    assert session is not None
    at.session_state[TEST_COOKIE] = secret
    # What app.py's check puts there (and what a page run without app.py reads).
    at.session_state[AUTH_USER] = {"username": username, "role": role, "session": session.session_id}
    return at


@pytest.fixture
def navigated(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Where ui/auth sends the browser (the server's routes), instead of sending it."""
    went: list[str] = []
    monkeypatch.setattr("ui.auth.navigate", went.append)
    return went


def test_cookie() -> str | None:
    import streamlit as st

    return st.session_state.get(TEST_COOKIE)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "signed_in(role): the role AppTests of this test start with")


@pytest.fixture(autouse=True)
def _signed_in_apptests(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    marker = request.node.get_closest_marker("signed_in")
    role = marker.args[0] if marker else "therapist"
    original = AppTest.__init__

    def init(self: AppTest, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        sign_in(self, role)

    monkeypatch.setattr(AppTest, "__init__", init)
    monkeypatch.setattr("ui.auth.session_secret", test_cookie)
    yield


@pytest.fixture(autouse=True)
def _fresh_app_caches() -> Iterator[None]:
    """The app's cached Storage and settings belong to one test's private data dir (tests/conftest.py)."""
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
