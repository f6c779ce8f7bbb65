"""A signed-in session follows its account: disabling it or changing its role takes effect at the next run."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from streamlit.testing.v1 import AppTest  # noqa: E402

from logic.auth import accounts  # noqa: E402
from logic.storage import Storage  # noqa: E402
from ui.auth import AUTH_USER  # noqa: E402
from ui.i18n import translate  # noqa: E402

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
