"""Every settings text has a length bound and a clear message in the user's language (the admin's clinic
settings page); a value stored before the bound existed does not break the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from logic.auth import clinic_settings
from logic.errors import explain
from logic.settings import CLINIC_NAME_MAX, PHONE_MAX, get_settings
from logic.storage import Storage
from logic.storage.schema import ClinicSetting
from tests import REPO
from tests.pages.page_support import start_page
from ui.i18n import translate

SETTINGS = REPO / "pages" / "admin" / "settings.py"
SELF_CHECK = REPO / "pages" / "public" / "self_check.py"
TOO_LONG = {"da": "er for lang (højst {n} tegn)", "en": "is too long (at most {n} characters)"}
TOO_SHORT = {"da": "er for kort", "en": "is too short"}
BAD_FORMAT = {"da": "har ikke et gyldigt format", "en": "is not in a valid format"}

pytestmark = pytest.mark.signed_in("admin")


def save(at):
    return next(b for b in at.button if b.label in (translate("auth.settings.save", "da"), "Save")).click().run()


@pytest.mark.parametrize("lang", ["da", "en"])
def test_clinic_texts_are_bounded_on_the_page_with_clear_messages(store: Storage, lang: str) -> None:
    at = start_page(SETTINGS, lang, auth_user={"username": "test-therapist", "role": "admin"})
    assert not at.exception
    # The browser stops typing at the bound (max_chars), and the server cuts whatever a client sends
    # beyond it; so a megabyte never reaches the settings.
    for key, bound in (("setting.clinic_name", CLINIC_NAME_MAX), ("setting.emergency_phone", PHONE_MAX)):
        assert at.text_input(key=key).max_chars == bound
    at.text_input(key="setting.clinic_name").set_value("K" * 1_000_000)
    at = save(at)
    assert not at.exception and clinic_settings.overrides(store)["clinic_name"] == "K" * CLINIC_NAME_MAX
    # What the bounds refuse is said in words, with the field's name, in the user's language.
    at.text_input(key="setting.clinic_name").input("")
    at.text_input(key="setting.emergency_phone").input("call 112")
    at = save(at)
    shown = [e.value for e in at.error]
    name, phone = translate("settings.field.clinic_name", lang), translate("settings.field.emergency_phone", lang)
    assert f"{name}: {TOO_SHORT[lang]}" in shown and f"{phone}: {BAD_FORMAT[lang]}" in shown
    assert clinic_settings.overrides(store)["clinic_name"] == "K" * CLINIC_NAME_MAX  # nothing changed


@pytest.mark.parametrize("lang", ["da", "en"])
def test_an_over_long_text_from_elsewhere_is_refused_in_words(store: Storage, lang: str) -> None:
    with pytest.raises(ValidationError) as refused:
        clinic_settings.save(store, get_settings(), {"clinic_name": "x" * 1_000_000})
    assert explain(refused.value, lang) == [f"clinic_name: {TOO_LONG[lang].format(n=CLINIC_NAME_MAX)}"]
    assert clinic_settings.overrides(store) == {}


def test_an_over_long_value_stored_earlier_is_left_out(store: Storage) -> None:
    with store.write() as s:  # as an install before the bound could have stored it
        now = dt.datetime.now(dt.UTC)
        s.add(ClinicSetting(key="clinic_name", value="x" * 1_000_000, updated_at=now, updated_by="admin"))
        s.add(ClinicSetting(key="emergency_phone", value="999", updated_at=now, updated_by="admin"))
    settings = clinic_settings.effective(store, get_settings())
    assert settings.clinic_name == get_settings().clinic_name and settings.emergency_phone == "999"
    at = start_page(SELF_CHECK, "en")
    assert not at.exception
