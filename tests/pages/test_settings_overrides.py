"""An admin's clinic settings overrides (database) reach every page and the app's Storage, not just the
shell: the self-check's result, the consultation's thresholds, the planner's defaults, the client list's
badges. `store` (tests/pages/page_support.py) is an empty database the app's pages use."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from logic.auth import audit, clinic_settings
from logic.models import Level, Treatment
from logic.settings import get_settings
from logic.storage import Storage
from logic.texts.vocabulary import in_sentence, word
from logic.tree_data import TREE
from tests import REPO
from tests.pages.page_support import start_page
from ui.i18n import translate

PAGES = REPO / "pages"


def override(store: Storage, **changes: Any) -> None:
    """What the admin settings page does on save."""
    with audit.acting_as("test-admin"):
        clinic_settings.save(store, get_settings(), changes)


def start(page: str, lang: str = "en", **state: Any) -> AppTest:
    at = start_page(PAGES / page, lang, **state)
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(at: AppTest) -> str:
    kinds = ("markdown", "caption", "error", "warning", "info", "success", "subheader")
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind))


def emergency_result() -> str:
    """The self-check's result for a client with a sign of a stroke."""
    at = start("public/self_check.py")
    at.checkbox(key="sc.q_red_flags.one_sided_numbness_or_weakness").check()
    at.button(key="sc_next").click().run()
    assert not at.exception
    return shown(at)


def test_emergency_number_override_shows_on_the_self_check_result(store: Storage) -> None:
    override(store, emergency_phone="999")
    text = emergency_result()
    assert word(Level.emergency, "en", "client", phone="999") in text
    assert "(tel:999)" in text and "tel:112" not in text


def test_region_override_shows_its_out_of_hours_line_on_the_decision_tree(store: Storage) -> None:
    override(store, region="sjaelland", out_of_hours_phones={"sjaelland": "7070"})
    at = start("public/decision_tree.py")
    leaf = next(lf for lf in TREE.leaves.values() if lf.level.value == "doctor_today")
    at.button(key=f"tree-pick-{leaf.id}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    advice = [m.value for m in at.markdown if m.value.startswith("**")]
    assert any("7070" in line and "Region Sjælland" in line for line in advice), advice
    assert not any("1813" in line for line in advice), advice


def fill_consultation(at: AppTest, worsening_hours: float) -> AppTest:
    at.radio(key="consult.treatment").set_value("deep_massage")
    at.number_input(key="consult.hours").set_value(10)
    at.checkbox(key="consult.flag._none").check()
    at.radio(key="consult.neck").set_value("no")
    at.radio(key="consult.trajectory").set_value("worsening")
    at.number_input(key="consult.worsening_hours").set_value(worsening_hours)
    at.number_input(key="consult.pain_before").set_value(4)
    at.number_input(key="consult.pain_now").set_value(5)
    at.radio(key="consult.feels_like").set_value("bruise_or_irritation")
    at.radio(key="consult.new_pain").set_value("none")
    [button] = [b for b in at.button if b.key.startswith("FormSubmitter:")]
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(("threshold", "strong"), [(None, False), (3, True)])
def test_consultation_uses_the_overridden_threshold(store: Storage, threshold: float | None, strong: bool) -> None:
    """Worse for 4 hours: below the default 'a few hours' (6), above an override of 3."""
    assert get_settings().strong_worsening_hours > 4
    if threshold is not None:
        override(store, strong_worsening_hours=threshold)
    at = fill_consultation(start("therapist/consultation.py"), worsening_hours=4)
    path = [c.value for c in at.caption if "→" in c.value]
    assert path, shown(at)
    assert path[0].endswith(TREE.leaves["l_contact_strong_worsening"].label("en")) is strong


def planner() -> AppTest:
    """No history (the empty form filled in for a client without risk factors): the plan starts from
    the clinic's start values."""
    at = start("therapist/planner.py")
    at.number_input(key="planner.empty.age").set_value(40)
    for name, value in (("experience", "regular"), ("trigger_points", "few"), ("severity", "mild"),
                        ("planned", "trigger_point_therapy")):  # fmt: skip
        at.selectbox(key=f"planner.empty.{name}").set_value(value)
    at.number_input(key="planner.empty.months").set_value(2)
    [button] = [b for b in at.button if b.key.startswith("FormSubmitter:planner.empty")]
    return button.click().run()


def test_planner_starts_from_the_overridden_defaults(store: Storage) -> None:
    from ui.storage import forget_settings

    before = [m.value for m in planner().metric]
    starts = {t.value: {"duration_min": 90, "pressure": 2, "interval_days": 11} for t in Treatment}
    override(store, plan_starts=starts)
    forget_settings()  # as the settings page does after a save (other servers: within 5 s)
    at = planner()
    after = [m.value for m in at.metric]
    assert after != before
    assert after[2] == translate("planner.unit.days", "en", value=11), after
    policy = "\n".join(c.value for c in at.caption)
    treatment = in_sentence(Treatment(at.selectbox(key="planner.empty.planned").value), "en")
    words = translate("planner.setting.plan_starts", "en", treatment=treatment, duration=90, pressure=2, interval=11)
    assert words in policy, policy


def test_the_app_storage_follows_the_elderly_age_override(store: Storage) -> None:
    """The cached Storage of the pages reads the settings per call: an override changes badges and the
    elderly filter at once, without reopening it."""
    from ui.storage import storage

    year = dt.date.today().year
    store.create_client(
        {"name": "Inga Holm", "birth_year": year - 70, "consent_health_data": True},
        {"massage_experience": "regular", "condition_months": 2, "trigger_points": "few",
         "trigger_point_severity": "mild", "stressors": False, "bad_experience_before": False,
         "known_fainting_tendency": False, "disclosed_conditions": [], "conditions_reviewed": True},
        ["neck_back"],
    )  # fmt: skip
    app_store = storage()
    [before] = app_store.search_clients("inga").items
    assert "elderly" in [b.value for b in before.badges]
    assert app_store.search_clients("", flags=["elderly"]).total == 1
    override(store, elderly_age=75)
    from ui.storage import forget_settings

    forget_settings()  # as the settings page does after a save (other servers: within 5 s)
    [after] = app_store.search_clients("inga").items
    assert "elderly" not in [b.value for b in after.badges]
    assert app_store.search_clients("", flags=["elderly"]).total == 0


@pytest.mark.signed_in("admin")
def test_admin_settings_page_save_reaches_the_self_check_at_once(store: Storage) -> None:
    """Through the admin page itself: the saved number shows on the next self-check, without waiting."""
    assert "(tel:112)" in emergency_result()  # read, and cached, before the change
    at = start("admin/settings.py")
    at.text_input(key="setting.emergency_phone").input("999")
    [save] = [b for b in at.button if b.key.startswith("FormSubmitter:clinic_settings")]
    at = save.click().run()
    assert not at.exception and translate("auth.settings.saved", "en") in [s.value for s in at.success]
    assert clinic_settings.overrides(store) == {"emergency_phone": "999"}
    text = emergency_result()
    assert "(tel:999)" in text and "tel:112" not in text


@pytest.mark.signed_in("admin")
@pytest.mark.parametrize("lang, message", [("da", "vender skriveretningen (U+202E)"), ("en", "(U+202E)")])
def test_a_clinic_name_with_a_direction_override_is_refused(store: Storage, lang: str, message: str) -> None:
    at = start("admin/settings.py", lang)
    at.text_input(key="setting.clinic_name").input("Klinik\u202eevil")
    [save] = [b for b in at.button if b.key.startswith("FormSubmitter:clinic_settings")]
    at = save.click().run()
    assert not at.exception and not at.success
    named = f"{translate('settings.field.clinic_name', lang)}: "
    assert any(e.value.startswith(named) and message in e.value for e in at.error), [e.value for e in at.error]
    assert clinic_settings.overrides(store) == {}


@pytest.mark.signed_in("admin")
@pytest.mark.parametrize("lang", ["da", "en"])
def test_admin_settings_page_labels_every_field_in_the_language(lang: str) -> None:
    at = start("admin/settings.py", lang)
    labels = [w.label for kind in ("text_input", "number_input", "selectbox") for w in at.get(kind)]
    for key in clinic_settings.EDITABLE:
        if key in ("plan_starts", "out_of_hours_phones"):
            continue
        assert translate(f"settings.field.{key}", lang) in labels, key
    assert not any(key in labels for key in clinic_settings.EDITABLE)  # never the bare field name
    assert sum(w.value == "1813" for w in at.text_input) == 1  # the Capital Region's published line


@pytest.mark.signed_in("admin")
def test_admin_settings_page_region_reaches_the_doctor_advice(store: Storage) -> None:
    at = start("admin/settings.py")
    at.selectbox(key="setting.region").set_value("nordjylland")
    [save] = [b for b in at.button if b.key.startswith("FormSubmitter:clinic_settings")]
    at = save.click().run()
    assert not at.exception and translate("auth.settings.saved", "en") in [s.value for s in at.success]
    assert clinic_settings.overrides(store) == {"region": "nordjylland"}
    tree = start("public/decision_tree.py")
    tree.button(key="tree-pick-l_doctor_dark_urine").click().run()
    advice = [m.value for m in tree.markdown if m.value.startswith("**")]
    assert any("70 15 03 00" in line and "Region Nordjylland" in line for line in advice), advice
