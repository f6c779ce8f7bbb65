"""Admin pages through their widgets: the users page changes roles and disables or enables accounts
(audited, never one's own account); the audit page builds a client's export only when a download is pressed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from logic.auth import accounts, audit
from logic.storage import Storage
from tests import REPO
from tests.pages.page_support import Downloads, start_page
from ui.i18n import translate
from ui.user_text import esc

USERS = REPO / "pages" / "admin" / "users.py"
AUDIT = REPO / "pages" / "admin" / "audit.py"
ADMIN = "boss"

pytestmark = pytest.mark.signed_in("admin")


def as_admin(page: Path, lang: str = "en") -> AppTest:
    """The page, signed in as the admin account `boss` (an account in the database, like a real sign-in)."""
    at = start_page(page, lang, auth_user={"username": ADMIN, "role": "admin"})
    assert not at.exception, [e.value for e in at.exception]
    return at


def run(target) -> AppTest:
    """Run the page again (from the AppTest, or from a widget just changed) and check it ran cleanly."""
    at = target.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def trail(store: Storage, action: str) -> list[audit.Entry]:
    return [e for e in reversed(audit.entries(store.engine, limit=1000)) if e.action == action]


@pytest.fixture
def staff(store: Storage) -> Storage:
    accounts.create_user(store, ADMIN, "long enough 1", "admin")
    accounts.create_user(store, "anna", "long enough 2", "therapist")
    accounts.create_user(store, "bo", "long enough 3", "therapist")
    return store


@pytest.mark.parametrize("lang", ["da", "en"])
def test_admin_changes_a_role_and_disables_and_enables_an_account(staff: Storage, lang: str) -> None:
    at = as_admin(USERS, lang)
    at = run(at.selectbox(key="users_account").set_value("anna"))
    assert at.button(key="users_save_role").disabled  # the role shown is the account's own
    at = run(at.selectbox(key="users_role.anna").set_value("admin"))
    at = run(at.button(key="users_save_role").click())
    assert [s.value for s in at.success] == [
        translate("auth.users.role_changed", lang, name="anna", role=translate("auth.role.admin", lang))
    ]
    at = run(at.selectbox(key="users_account").set_value("bo"))
    at = run(at.button(key="users_disable").click())
    assert [s.value for s in at.success] == [translate("auth.users.disabled", lang, name="bo")]
    assert (accounts.get_user(staff, "anna").role, accounts.get_user(staff, "bo").active) == ("admin", False)
    assert [b.key for b in at.button if b.key in ("users_disable", "users_enable")] == ["users_enable"]
    at = run(at.button(key="users_enable").click())
    assert [s.value for s in at.success] == [translate("auth.users.enabled", lang, name="bo")]
    assert accounts.get_user(staff, "bo").active
    changes = [(e.actor, e.detail) for e in trail(staff, audit.USER_CHANGE)]
    assert changes == [
        (ADMIN, {"user": "anna", "role": "admin"}),
        (ADMIN, {"user": "bo", "active": False}),
        (ADMIN, {"user": "bo", "active": True}),
    ]


def test_admin_cannot_disable_themself(staff: Storage) -> None:
    at = as_admin(USERS)
    at = run(at.selectbox(key="users_account").set_value(ADMIN))
    button = at.button(key="users_disable")
    assert button.disabled and button.help == translate("auth.refused.own_account", "en")
    # A request that gets past the page anyway is refused by the logic (tests/logic/auth/test_account_changes.py).
    with audit.acting_as(ADMIN), pytest.raises(accounts.OwnAccountError):
        accounts.update_user(staff, ADMIN, active=False)
    assert accounts.get_user(staff, ADMIN).active
    assert trail(staff, audit.USER_CHANGE) == []


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_last_admin_keeps_the_role_with_a_message(staff: Storage, lang: str) -> None:
    at = as_admin(USERS, lang)
    with audit.acting_as("cli"):  # the sign-in helper's own admin account would be a second admin
        accounts.update_user(staff, "test-therapist", role="therapist")
    before = len(trail(staff, audit.USER_CHANGE))
    at = run(at.selectbox(key="users_account").set_value(ADMIN))
    at = run(at.selectbox(key=f"users_role.{ADMIN}").set_value("therapist"))
    at = run(at.button(key="users_save_role").click())
    assert [e.value for e in at.error] == [translate("auth.refused.last_admin", lang)]
    assert accounts.get_user(staff, ADMIN).role == "admin"
    assert len(trail(staff, audit.USER_CHANGE)) == before


@pytest.mark.parametrize("lang", ["da", "en"])
def test_own_account_refusal_is_in_the_users_language(
    staff: Storage, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page never offers disabling one's own account; should the logic refuse it anyway (say the
    account shown and the acting account differ by a race), the refusal is said in the user's language."""
    at = as_admin(USERS, lang)
    at = run(at.selectbox(key="users_account").set_value("bo"))
    monkeypatch.setattr(audit, "current_actor", lambda: "bo")  # the logic sees bo acting on bo
    at = run(at.button(key="users_disable").click())
    assert [e.value for e in at.error] == [translate("auth.refused.own_account", lang)]
    assert accounts.get_user(staff, "bo").active and trail(staff, audit.USER_CHANGE) == []


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_new_users_refusals_are_in_the_users_language(staff: Storage, lang: str) -> None:
    def add(at: AppTest, name: str, email: str) -> AppTest:
        at.text_input[-3].set_value(name)
        at.text_input[-2].set_value("long enough 4")
        at.text_input[-1].set_value(email)
        return run(at.button[-1].click())

    at = as_admin(USERS, lang)
    at = add(at, "anna", "")
    assert [e.value for e in at.error] == [translate("auth.refused.username_taken", lang, name="anna")]
    at = add(at, "carl", "carl\u202e@klinik.dk")
    assert [e.value for e in at.error] == [translate("auth.refused.email_character", lang, character=esc("U+202E"))]
    at = add(at, "carl", "carl at klinik.dk")
    assert [e.value for e in at.error] == [translate("auth.refused.email_invalid", lang)]
    assert accounts.get_user(staff, "carl") is None


def client(store: Storage) -> int:
    return store.create_client(
        {"name": "Inga Holm", "birth_year": 1960, "consent_health_data": True},
        {"massage_experience": "regular", "condition_months": 2, "trigger_points": "few",
         "trigger_point_severity": "mild", "stressors": False, "bad_experience_before": False,
         "known_fainting_tendency": False, "disclosed_conditions": [], "conditions_reviewed": True},
        ["neck_back"],
    ).id  # fmt: skip


def test_export_is_built_and_audited_only_when_a_download_is_pressed(staff: Storage, downloads: Downloads) -> None:
    store = staff
    client_id = client(store)
    store.add_session(client_id, {
        "date": "2026-03-02", "treatment": "trigger_point_therapy", "duration_min": 45, "pressure": 5,
        "pain_before": 6, "pain_after": 4, "regions": ["neck_back"], "note": "@SUM(1+1)*cmd|' /C calc'!A0",
    })  # fmt: skip
    at = as_admin(AUDIT)
    at = run(at.text_input(key="audit_client").input(str(client_id)))
    at = run(at)  # rendering, and rerendering, the chosen client exports nothing
    assert trail(store, audit.EXPORT_CLIENT) == []
    buttons = at.get("download_button")
    assert [d.proto.label for d in buttons] == [
        translate("auth.privacy.export_json", "en"),
        translate("auth.privacy.export_csv", "en"),
    ]
    assert all(d.proto.url == "" for d in buttons)  # no file, no /media URL in the page
    json_button, csv_button = buttons
    table = downloads.press(csv_button).content.decode("utf-8")
    [exported] = trail(store, audit.EXPORT_CLIENT)
    assert (exported.actor, exported.client_id, exported.detail) == (ADMIN, client_id, {"format": "csv"})
    assert "sessions,1,note,\"'@SUM(1+1)*cmd|' /C calc'!A0\"\n" in table
    assert json.loads(downloads.press(json_button).content)["tables"]["clients"][0]["id"] == client_id
    assert [e.detail for e in trail(store, audit.EXPORT_CLIENT)] == [{"format": "csv"}, {"format": "json"}]


def test_export_of_an_unknown_or_erased_client_offers_nothing(store: Storage) -> None:
    at = as_admin(AUDIT)
    at = run(at.text_input(key="audit_client").input("4711"))
    assert translate("auth.privacy.not_found", "en") in [i.value for i in at.info]
    assert not at.get("download_button")
    client_id = client(store)
    at = run(at.text_input(key="audit_client").input(str(client_id)))
    assert len(at.get("download_button")) == 2
    name = store.get_client(client_id).name
    assert f"**{translate('staff.erase.client', 'en', id=client_id, name=name)}**" in [m.value for m in at.markdown]
    assert at.button(key="privacy_erase").disabled  # until the name is typed
    at = run(at.text_input(key=f"erase_name.{client_id}").input("Someone Else"))
    assert at.button(key="privacy_erase").disabled
    assert translate("staff.erase.mismatch", "en") in [c.value for c in at.caption]
    at = run(at.text_input(key=f"erase_name.{client_id}").input(f"  {name.upper()} "))
    at = run(at.button(key="privacy_erase").click())
    assert translate("auth.privacy.erased", "en", id=client_id) in [m.value for m in at.success]
    assert not at.get("download_button") and not at.info  # the erase said it; no export of nobody
    assert trail(store, audit.EXPORT_CLIENT) == []
