"""AppTests of protected pages run signed in: every AppTest starts with a therapist's session.

Pages check the role at their top (ui/auth.require_role). Tests that need another role mark
themselves `@pytest.mark.signed_in("admin")`, or `@pytest.mark.signed_in(None)` for a visitor.
The `store` fixture (an empty database the app's pages use) comes from tests/pages/page_support.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from page_support import store  # noqa: F401  (a fresh Storage the app's pages use)
from streamlit.testing.v1 import AppTest

from logic.auth import accounts
from logic.settings import get_settings
from logic.storage import open_storage

AUTH_USER = "auth_user"  # ui/auth.py's session-state key


def sign_in(at: AppTest, role: str | None = "therapist", username: str = "test-therapist") -> AppTest:
    """Put a signed-in user into an AppTest's session (as pages/public/sign_in.py does after a good
    password). The account exists in the test's database with that role, since every run checks it."""
    if role is None:
        if AUTH_USER in at.session_state:
            del at.session_state[AUTH_USER]
        return at
    with open_storage(settings=get_settings()) as storage:
        if accounts.get_user(storage, username) is None:
            accounts.create_user(storage, username, "test password 1", role)
        elif accounts.get_user(storage, username).role != role:
            accounts.update_user(storage, username, role=role)
    at.session_state[AUTH_USER] = {"username": username, "role": role}
    return at


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
    yield


@pytest.fixture(autouse=True)
def _fresh_app_caches() -> Iterator[None]:
    """The app's cached Storage and settings belong to one test's private data dir (tests/conftest.py)."""
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
