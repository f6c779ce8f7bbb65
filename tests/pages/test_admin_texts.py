"""The admin pages speak the admin's language: every label, header, help, title and message on the Danish
pages is a Danish catalogue text (filled in where it has placeholders), never an English one and never
a raw key such as `emergency_phone`; every clinic setting has a label and a help text in both languages."""

from __future__ import annotations

import re
import string
from functools import cache

import pytest
from streamlit.testing.v1 import AppTest

from logic.auth import accounts, audit, clinic_settings
from logic.storage import Storage
from tests import REPO
from tests.pages.page_support import start_page
from ui.i18n import catalogs, translate

ADMIN_PAGES = {name: REPO / "pages" / "admin" / f"{name}.py" for name in ("users", "settings", "audit")}
RAW_KEY = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")  # snake_case: a field name or a code shown as it is

pytestmark = pytest.mark.signed_in("admin")


def _pattern(template: str) -> str:
    """A catalogue text as a regular expression: each {placeholder} stands for any filled-in value."""
    parts = []
    for literal, field, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if field is not None:
            parts.append(".+?")
    return "".join(parts)


@cache
def _catalogue_text(lang: str) -> re.Pattern[str]:
    texts = sorted(set(catalogs()[lang].values()), key=len, reverse=True)
    return re.compile("|".join(f"(?:{_pattern(text)})" for text in texts), re.DOTALL)


def _only_in_english() -> set[str]:
    da, en = catalogs()["da"], catalogs()["en"]
    return {text for key, text in en.items() if text != da[key] and "{" not in text}


def shown_texts(at: AppTest) -> list[tuple[str, str]]:
    """(where, text) for every label, help, heading and message the page shows."""
    found: list[tuple[str, str]] = []
    for kind in ("title", "subheader", "caption", "success", "error", "info", "warning"):
        found += [(kind, element.value) for element in getattr(at, kind)]
    for kind in ("text_input", "number_input", "selectbox", "checkbox", "button"):
        for widget in getattr(at, kind):
            found.append((f"{kind} label", widget.label))
            if widget.help:
                found.append((f"{kind} help {widget.label}", widget.help))
    for frame in at.dataframe:
        found += [("table header", str(column)) for column in frame.value.columns]
    return found


@pytest.fixture
def staff(store: Storage) -> Storage:
    accounts.create_user(store, "boss", "long enough 1", "admin")
    accounts.create_user(store, "anna", "long enough 2", "therapist")
    return store


def danish_admin_page(name: str) -> AppTest:
    at = start_page(ADMIN_PAGES[name], "da", auth_user={"username": "boss", "role": "admin"})
    assert not at.exception, [e.value for e in at.exception]
    return at


def assert_danish(at: AppTest) -> None:
    english, pattern = _only_in_english(), _catalogue_text("da")
    texts = shown_texts(at)
    assert texts
    for where, text in texts:
        assert text not in english, f"{where}: English text {text!r} on a Danish page"
        assert pattern.fullmatch(text), f"{where}: {text!r} is not a Danish catalogue text"
        assert not RAW_KEY.search(text), f"{where}: {text!r} shows a raw key"


@pytest.mark.parametrize("name", sorted(ADMIN_PAGES))
def test_every_text_on_a_danish_admin_page_is_a_danish_catalogue_text(staff: Storage, name: str) -> None:
    assert_danish(danish_admin_page(name))


def test_the_audit_pages_verdict_and_client_tools_are_danish(staff: Storage) -> None:
    at = danish_admin_page("audit")
    actions = list(at.dataframe[0].value[translate("auth.audit.col.action", "da")])
    assert actions and set(actions) <= set(catalogs()["da"].values()), actions  # words, not codes
    at = at.text_input(key="audit_client").input("1").run()
    at = next(b for b in at.button if b.label == translate("auth.audit.verify", "da")).click().run()
    assert not at.exception
    assert [s.value for s in at.success] and at.success[0].value.startswith("Revisionssporet er intakt")
    assert_danish(at)


def test_every_audited_action_has_words_in_both_languages() -> None:
    codes = [audit.SIGN_IN_OK, audit.SIGN_IN_FAILED, audit.SIGN_OUT, audit.VIEW_CLIENT, audit.EXPORT_CLIENT,
             audit.ERASE_CLIENT, audit.PURGE_CLIENT, audit.SETTINGS_CHANGE, audit.USER_CREATE, audit.USER_CHANGE,
             audit.CHAIN_KEYED]  # fmt: skip
    for lang in ("da", "en"):
        assert [code for code in codes if f"auth.audit.action.{code}" not in catalogs()[lang]] == [], lang


def test_settings_refusals_name_the_field_by_its_danish_label(staff: Storage) -> None:
    at = danish_admin_page("settings")
    at.text_input(key="setting.out_of_hours_phones.sjaelland").input("ring nu")
    at.number_input(key="setting.deep_massage.pressure").set_value(11)
    at = next(b for b in at.button if b.label == translate("auth.settings.save", "da")).click().run()
    errors = [e.value for e in at.error]
    assert len(errors) == 2, errors
    assert errors[0].startswith(translate("settings.field.out_of_hours_phones", "da", region="Region Sjælland"))
    assert errors[1].startswith("Udgangspunkt for dyb massage, Tryk (skala 0-10): må højst være 10"), errors
    assert_danish(at)
    assert clinic_settings.overrides(staff) == {}  # nothing saved


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_clinic_setting_has_a_label_and_a_help_text(lang: str) -> None:
    table = catalogs()[lang]
    fields = [
        *clinic_settings.EDITABLE,
        *(f"plan_starts.{part}" for part in ("duration_min", "pressure", "interval_days")),
    ]
    for field in fields:
        for kind in ("field", "help"):
            text = table.get(f"settings.{kind}.{field}")
            assert text and not RAW_KEY.search(text.replace(field, "")), (lang, kind, field, text)
