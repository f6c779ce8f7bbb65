"""A signed-in session follows its account and the browser's session cookie: disabling the account,
changing its role, a sign-out in another tab take effect at the next run; a sign-out forgets everything."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from logic.auth import accounts, browser_sessions
from logic.storage import Storage
from tests import REPO
from tests.pages.page_support import TEST_COOKIE
from ui.auth import AUTH_USER
from ui.i18n import translate
from ui.records import RECORD_ID
from ui.state import CONSULT_ANSWERS

APP = str(REPO / "app.py")
THERAPIST = "test-therapist"  # the account tests/pages/conftest.py signs every AppTest in with


def open_clients(lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page("pages/therapist/clients.py").run()
    assert not at.exception
    return at


def test_a_disabled_account_is_signed_out_at_the_next_run(store: Storage) -> None:
    at = open_clients()
    assert at.session_state[AUTH_USER]["username"] == THERAPIST
    accounts.update_user(store, THERAPIST, active=False)
    at.run()
    assert AUTH_USER not in at.session_state
    assert not at.exception
    labels = [b.label for b in at.button]
    assert translate("auth.submit", "en") in labels  # the sign-in form instead of the client list


def test_a_changed_role_applies_at_the_next_run(store: Storage) -> None:
    at = open_clients()
    accounts.update_user(store, THERAPIST, role="admin")
    at.run()
    assert at.session_state[AUTH_USER]["role"] == "admin"


# --- The browser's session cookie (ui/auth.begin_run; conftest.py stands in for the cookie) ---

CONSULTATION_ANSWERS = {"red_flags": {}, "symptoms": ["soreness"]}  # whatever the last user left behind


def test_sign_out_revokes_the_session_and_forgets_everything_but_the_language(
    store: Storage, navigated: list[str]
) -> None:
    at = open_clients()
    secret = at.session_state[TEST_COOKIE]
    at.session_state[CONSULT_ANSWERS] = CONSULTATION_ANSWERS
    at.session_state[RECORD_ID] = 1
    at.run()
    at.button(key="auth_sign_out").click().run()
    assert not at.exception
    assert navigated == ["/session/end"]  # the server's route clears the cookie
    assert browser_sessions.check(store, secret, dt.timedelta(hours=1)) is None
    for key in (AUTH_USER, CONSULT_ANSWERS, RECORD_ID, TEST_COOKIE):
        assert key not in at.session_state
    assert at.session_state["lang"] == "en"  # (the decision tree offers "consult" from CONSULT_ANSWERS only)


def test_a_session_signed_out_elsewhere_holds_nobody_at_its_next_run(store: Storage) -> None:
    at = open_clients()
    at.session_state[CONSULT_ANSWERS] = CONSULTATION_ANSWERS
    browser_sessions.revoke_user(store, THERAPIST)  # the sign-out of another tab
    at.run()
    assert AUTH_USER not in at.session_state and CONSULT_ANSWERS not in at.session_state
    assert translate("auth.submit", "en") in [b.label for b in at.button]


def test_the_streamlit_session_alone_without_the_cookie_holds_nobody(store: Storage) -> None:
    at = open_clients()
    at.session_state[TEST_COOKIE] = None  # the same Streamlit session, reached without the cookie
    at.run()
    assert AUTH_USER not in at.session_state
    assert not any("test-therapist" in c.value for c in at.caption)


@pytest.mark.signed_in(None)
def test_a_good_password_hands_over_to_the_clients_list(store: Storage, navigated: list[str]) -> None:
    accounts.create_user(store, "anna", "long enough 1", "therapist")
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page("pages/public/sign_in.py").run()
    at.text_input(key="sign_in_name").input("anna")
    at.text_input(key="sign_in_password").input("long enough 1")
    at.button[0].click().run()
    assert not at.exception
    [url] = navigated
    path, query = url.split("?")
    params = dict(part.split("=") for part in query.split("&"))
    assert path == "/session/start" and params["next"] == "clients"
    secret = browser_sessions.redeem_handover(store, params["token"])
    assert browser_sessions.check(store, secret, dt.timedelta(hours=1)).username == "anna"
    assert AUTH_USER not in at.session_state  # signed in only once the cookie is set


def test_signed_in_at_the_sign_in_page_goes_to_the_clients_list(store: Storage) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page("pages/public/sign_in.py").run()
    assert not at.exception
    assert translate("auth.forbidden", "en") not in [w.value for w in at.warning]
    assert translate("records.clients.title", "en") in [h.value for h in at.subheader]
