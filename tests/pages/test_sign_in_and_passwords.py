"""Sign-in, throttling and passwords through the pages (AppTest): the sign-in form from two "browsers"
at different client addresses, weak passwords refused in both languages, a user's own change on the
account page, and an admin's reset followed by the forced change at the next sign-in."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.runtime.context import ContextProxy
from streamlit.testing.v1 import AppTest

from logic.auth import accounts, audit
from logic.storage import Storage
from tests import REPO
from tests.pages.page_support import handed_over, start_page
from ui.auth import AUTH_USER
from ui.i18n import translate

APP = REPO / "app.py"
SIGN_IN = REPO / "pages" / "public" / "sign_in.py"
ACCOUNT = REPO / "pages" / "therapist" / "account.py"
USERS = REPO / "pages" / "admin" / "users.py"
ADMIN_PASSWORD = "violet ferry lantern 42"
ATTACKER, ADMIN_DESK = "203.0.113.66", "198.51.100.7"


@pytest.fixture
def client_at(monkeypatch: pytest.MonkeyPatch) -> Callable[[str | None], None]:
    """Set the client address the app sees (st.context.ip_address), as a browser elsewhere would have."""

    def at(address: str | None) -> None:
        monkeypatch.setattr(ContextProxy, "ip_address", property(lambda self: address))

    return at


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def sign_in_page(lang: str = "en") -> AppTest:
    return ok(start_page(SIGN_IN, lang))


def submit_sign_in(at: AppTest, name: str, password: str, lang: str = "en") -> AppTest:
    at.text_input(key="sign_in_name").input(name)
    at.text_input(key="sign_in_password").input(password)
    return ok(next(b for b in at.button if b.label == translate("auth.submit", lang)).click().run())


def errors(at: AppTest) -> list[str]:
    """Messages of refusals: a refused sign-in is a warning (not the emergency red), others errors."""
    return [e.value for e in [*at.error, *at.warning]]


@pytest.mark.signed_in(None)
def test_twenty_wrong_passwords_from_one_browser_do_not_stop_the_admin_in_another(
    store: Storage, client_at: Callable[[str | None], None], navigated: list[str]
) -> None:
    accounts.create_user(store, "boss", ADMIN_PASSWORD, "admin")
    client_at(ATTACKER)
    stranger = sign_in_page()
    seen = []
    for i in range(20):
        stranger = submit_sign_in(stranger, "boss", f"guess number {i}")
        seen.append(errors(stranger)[-1])
        assert AUTH_USER not in stranger.session_state
    assert seen[0] == translate("auth.failed", "en")
    assert seen[-1].startswith("Too many failed attempts. You can try again in ")
    # The admin, in another browser at another address, signs in at once.
    client_at(ADMIN_DESK)
    submit_sign_in(sign_in_page(), "boss", ADMIN_PASSWORD)
    assert handed_over(store, navigated) == "boss"
    # While the stranger's browser is still held back, even with the right password.
    client_at(ATTACKER)
    stranger = submit_sign_in(stranger, "boss", ADMIN_PASSWORD)
    assert AUTH_USER not in stranger.session_state and "Too many failed attempts" in errors(stranger)[-1]


@pytest.mark.signed_in(None)
@pytest.mark.parametrize("lang", ["da", "en"])
def test_one_password_against_twenty_accounts_is_slowed(
    store: Storage, client_at: Callable[[str | None], None], lang: str
) -> None:
    for i in range(20):
        accounts.create_user(store, f"therapist{i}", f"orchid canal {i} mirror", "therapist")
    client_at(ATTACKER)
    at = sign_in_page(lang)
    shown = [errors(submit_sign_in(at, f"therapist{i}", "Summer2026!", lang))[-1] for i in range(20)]
    assert shown[:10] == [translate("auth.failed", lang)] * 10
    held = translate("auth.throttled", lang, seconds=999).split("999")[0]
    assert all(text.startswith(held) for text in shown[11:])
    # No name typed by the visitor is written to the trail unless it is an account's.
    submit_sign_in(sign_in_page(lang), "typed-password-by-mistake", "x", lang)
    assert "typed-password" not in repr([(e.actor, e.detail) for e in audit.entries(store.engine, limit=1000)])


@pytest.mark.signed_in("admin")
@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("weak, code", [("12345678", "too_short"), ("password1234", "weak"), (" " * 12, "too_short")])
def test_weak_passwords_refused_on_the_users_page(store: Storage, lang: str, weak: str, code: str) -> None:
    accounts.create_user(store, "boss", ADMIN_PASSWORD, "admin")
    at = ok(start_page(USERS, lang, auth_user={"username": "boss", "role": "admin"}))
    form = at.get("form")[-1]
    form.text_input[0].input("newcomer")
    form.text_input[1].input(weak)
    at = ok(next(b for b in at.button if b.label == translate("auth.users.add", lang)).click().run())
    expected = translate(f"auth.password.{code}", lang, min=12, max=128)
    assert expected in errors(at)
    assert accounts.get_user(store, "newcomer") is None


def change(at: AppTest, old: str, new: str, repeat: str | None = None, lang: str = "en") -> AppTest:
    at.text_input(key="password_old").input(old)
    at.text_input(key="password_new").input(new)
    at.text_input(key="password_repeat").input(new if repeat is None else repeat)
    return ok(next(b for b in at.button if b.label == translate("auth.password.save", lang)).click().run())


@pytest.mark.signed_in("therapist")
@pytest.mark.parametrize("lang", ["da", "en"])
def test_change_ones_own_password_on_the_account_page(store: Storage, lang: str, navigated: list[str]) -> None:
    accounts.create_user(store, "test-therapist", "pepper glacier 8 violin", "therapist")

    def page() -> AppTest:
        return ok(start_page(ACCOUNT, lang, auth_user={"username": "test-therapist", "role": "therapist"}))

    at = change(page(), "pepper glacier 8 violin", "password1234", lang=lang)
    assert errors(at) == [translate("auth.password.weak", lang)]
    at = change(page(), "pepper glacier 8 violin", "sunlit harbor 5 quill", "sunlit harbor 5 quil", lang)
    assert errors(at) == [translate("auth.password.mismatch", lang)]
    at = change(page(), "not the old one", "sunlit harbor 5 quill", lang=lang)
    assert errors(at) == [translate("auth.password.old_wrong", lang)]
    at = change(page(), "pepper glacier 8 violin", "sunlit harbor 5 quill", lang=lang)
    assert not errors(at) and translate("auth.password.changed", lang) in [s.value for s in at.success]
    assert "next=account" in navigated[-1] and handed_over(store, navigated) == "test-therapist"  # a new session
    assert accounts.sign_in(store, "test-therapist", "sunlit harbor 5 quill").ok
    assert not accounts.sign_in(store, "test-therapist", "pepper glacier 8 violin").ok


@pytest.mark.signed_in(None)
def test_an_admins_reset_forces_a_change_at_the_next_sign_in(store: Storage, navigated: list[str]) -> None:
    accounts.create_user(store, "boss", ADMIN_PASSWORD, "admin")
    accounts.create_user(store, "anna", "pepper glacier 8 violin", "therapist")
    # The admin resets anna's password on the users page and sees the temporary one once.
    admin = ok(start_page(USERS, "en", auth_user={"username": "boss", "role": "admin"}))
    admin = ok(admin.selectbox(key="users_account").set_value("anna").run())
    admin = ok(admin.button(key="users_reset").click().run())
    shown = [s.value for s in admin.success if "Temporary password for anna" in s.value]
    assert len(shown) == 1
    temporary = shown[0].rsplit("`", 2)[-2]
    assert not [s for s in ok(admin.run()).success if "Temporary" in s.value]  # not shown again
    # anna signs in with it in the app and must choose a new password before anything else.
    anna = ok(AppTest.from_file(str(APP), default_timeout=30))
    anna.session_state["lang"] = "en"
    anna = ok(anna.run())
    anna.switch_page("pages/public/sign_in.py")
    anna = ok(anna.run())
    anna = submit_sign_in(anna, "anna", "pepper glacier 8 violin")
    assert AUTH_USER not in anna.session_state  # the old password is gone
    anna = submit_sign_in(anna, "anna", temporary)
    assert AUTH_USER not in anna.session_state
    assert translate("auth.password.must_change", "en") in [i.value for i in anna.info]
    anna = change(anna, temporary, "password1234")
    assert translate("auth.password.weak", "en") in errors(anna) and AUTH_USER not in anna.session_state
    assert not navigated  # no session before the new password is chosen
    anna = change(anna, temporary, "copper willow 19 canyon")
    assert handed_over(store, navigated) == "anna" and "next=clients" in navigated[-1]
    assert translate("auth.password.changed", "en") in [s.value for s in anna.success]
    assert not accounts.get_user(store, "anna").must_change_password
    assert accounts.sign_in(store, "anna", "copper willow 19 canyon").ok
