"""The therapist's and the admin's working pages (issue 12): the consultation and the record's check
require only answers that can change the result and say what is wrong beside its field; the check
pre-fills the hours from the linked session's time; a saved result is shown, and scrolled to, with its
confirmation, in the therapist's words; the next session never starts from a plan older than the last
session; the record's summary for today; the admin's phone plausibility check."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from logic.auth import clinic_settings
from logic.models import Level
from logic.planner import plan
from logic.storage import Storage
from logic.texts.vocabulary import in_sentence, word
from tests import REPO
from tests.pages.page_support import start_page
from ui.i18n import translate
from ui.state import CONSULT_ANSWERS

APP = REPO / "app.py"
RECORD = "pages/therapist/client_record.py"
CONSULT = REPO / "pages" / "therapist" / "consultation.py"
SETTINGS = REPO / "pages" / "admin" / "settings.py"
ORIGINAL = ["neck_back", "upper_back"]
PROFILE = {
    "massage_experience": "regular", "condition_months": 14, "trigger_points": "many",
    "trigger_point_severity": "moderate", "stressors": False, "bad_experience_before": False,
    "known_fainting_tendency": False, "disclosed_conditions": [], "conditions_reviewed": True,
}  # fmt: skip


def run(target) -> AppTest:
    at = target.run()
    assert not at.exception, [line for e in at.exception for line in (e.value, *e.stack_trace)]
    return at


def submit(at: AppTest, form: str) -> AppTest:
    [button] = [b for b in at.button if b.key.startswith(f"FormSubmitter:{form}")]
    return run(button.click())


def texts(at: AppTest) -> str:
    kinds = ("markdown", "caption", "error", "warning", "info", "success")
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind))


def column_of(at: AppTest, key: str):
    """The innermost column that holds the widget with this key."""
    found = None
    for column in at.columns:
        if any(
            getattr(w, "key", None) == key for kind in ("selectbox", "number_input", "radio") for w in column.get(kind)
        ):
            found = column  # later columns in document order are nested deeper
    assert found is not None, key
    return found


# --- Consultation --------------------------------------------------------------------------------


def _start(lang: str) -> AppTest:
    at = AppTest.from_file(str(CONSULT), default_timeout=30)
    at.session_state["lang"] = lang
    return at


def test_an_emergency_needs_no_later_answer_and_says_which_were_not_needed() -> None:
    at = run(_start("en"))
    at.checkbox(key="consult.flag.chest_pain_or_breathlessness").check()
    at.number_input(key="consult.hours").set_value(3)
    at.number_input(key="consult.pain_before").set_value(4)
    at.number_input(key="consult.pain_now").set_value(4)
    at = submit(at, "consult")
    assert at.session_state[CONSULT_ANSWERS]["red_flags"]["chest_pain_or_breathlessness"] is True
    assert translate("level.emergency.therapist", "en", phone="112") in texts(at)
    assert any(
        c.value.startswith("Not needed for this result") and "Quality of the pain" in c.value for c in at.caption
    )


@pytest.mark.parametrize("lang", ["da", "en"])
def test_an_answer_that_changes_the_result_is_asked_for_beside_its_field(lang: str) -> None:
    at = run(_start(lang))
    at.radio(key="consult.treatment").set_value("trigger_point_therapy")
    at.radio(key="consult.neck").set_value("no")
    at.number_input(key="consult.hours").set_value(20)
    at.checkbox(key="consult.flag._none").check()
    at.number_input(key="consult.pain_before").set_value(6)
    at.number_input(key="consult.pain_now").set_value(3)
    at.radio(key="consult.trajectory").set_value("improving")
    at.radio(key="consult.new_pain").set_value("none")
    at = submit(at, "consult")
    assert CONSULT_ANSWERS not in at.session_state
    levels = ", ".join(in_sentence(Level(level), lang) for level in ("healing_crisis", "expected"))
    required = translate("staff.required", lang, levels=levels)
    assert required in [e.value for e in column_of(at, "consult.feels_like").error]
    assert required not in [e.value for e in column_of(at, "consult.trajectory").error]
    at.radio(key="consult.feels_like").set_value("bruise_or_irritation")
    at = submit(at, "consult")
    assert at.session_state[CONSULT_ANSWERS]["feels_like"] == "bruise_or_irritation"
    assert translate("level.expected.therapist", lang) in texts(at)


def test_the_therapists_result_speaks_to_the_therapist() -> None:
    at = run(_start("en"))
    at.radio(key="consult.treatment").set_value("deep_massage")
    at.radio(key="consult.neck").set_value("no")
    at.number_input(key="consult.hours").set_value(20)
    at.checkbox(key="consult.flag._none").check()
    at.selectbox(key="consult.symptom.soreness").set_value("severe")
    at.number_input(key="consult.pain_before").set_value(5)
    at.number_input(key="consult.pain_now").set_value(5)
    at.radio(key="consult.trajectory").set_value("stable")
    at.radio(key="consult.feels_like").set_value("bruise_or_irritation")
    at.radio(key="consult.new_pain").set_value("none")
    at = submit(at, "consult")
    shown = texts(at)
    assert translate("level.contact_therapist.therapist", "en") in shown
    assert translate("level.contact_therapist.client", "en") not in shown  # "Contact your therapist"
    assert translate("staff.card.now", "en") in shown


# --- The record ----------------------------------------------------------------------------------


@pytest.fixture
def mette(store: Storage) -> int:
    """A client with an old plan (relaxation massage, 45 min, pressure 1) and a session given today,
    saved just now (40 min, pressure 4), after the plan."""
    client = store.create_client(
        {"name": "Mette Holm", "birth_year": 1980, "consent_health_data": True}, PROFILE, ORIGINAL
    ).id
    request = store.plan_request_for(client, "relaxation_massage")
    suggested = plan(request)
    store.save_plan(client, {"request": request, "suggested": suggested, "accepted": False,
                             "chosen_duration_min": 45, "chosen_pressure": 1, "chosen_interval_days": 14})  # fmt: skip
    store.add_session(client, {
        "date": dt.date.today(), "treatment": "trigger_point_therapy", "duration_min": 40, "pressure": 4,
        "regions": ORIGINAL, "pain_before": 6, "pain_after": 4,
    })  # fmt: skip
    return client


def open_record(client_id: int, lang: str, tab: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(RECORD)
    at.query_params["id"] = str(client_id)
    at.query_params["tab"] = translate(f"records.tab.{tab}", lang)
    return run(at)


def test_the_next_session_starts_from_the_session_just_given_not_an_older_plan(store: Storage, mette: int) -> None:
    at = open_record(mette, "en", "sessions")
    key = f"record.add.{mette}.0"
    assert at.selectbox(key=f"{key}.treatment").value == "trigger_point_therapy"
    assert (at.number_input(key=f"{key}.duration").value, at.number_input(key=f"{key}.pressure").value) == (40, 4)
    # The summary for today says so too: no plan since the last session.
    summary = texts(at)
    assert translate("staff.today.no_plan", "en") in summary
    assert "40 min, pressure 4, pain 6 → 4" in summary


def test_a_plan_made_after_the_last_session_starts_the_next(store: Storage, mette: int) -> None:
    request = store.plan_request_for(mette, "deep_massage")
    store.save_plan(mette, {"request": request, "suggested": plan(request), "accepted": False,
                            "chosen_duration_min": 35, "chosen_pressure": 3, "chosen_interval_days": 7})  # fmt: skip
    at = open_record(mette, "en", "sessions")
    key = f"record.add.{mette}.0"
    assert at.selectbox(key=f"{key}.treatment").value == "deep_massage"
    assert (at.number_input(key=f"{key}.duration").value, at.number_input(key=f"{key}.pressure").value) == (35, 3)
    assert translate(
        "staff.today.next.value", "en", treatment="Deep massage", duration=35, pressure=3, interval=7
    ) in texts(at)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_check_counts_the_hours_from_the_linked_session_and_saves_with_pain_falling(
    store: Storage, mette: int, lang: str
) -> None:
    at = open_record(mette, lang, "check")
    key = f"rc{mette}n0"
    assert at.number_input(key=f"{key}.hours").value == 0  # the session was saved just now
    assert at.number_input(key=f"{key}.pain_before").value == 6
    assert any(translate("staff.hours_from_session", lang, time="")[:30] in c.value for c in at.caption)
    at.multiselect(key=f"{key}.now.regions").set_value(ORIGINAL)
    at = run(at)
    at.checkbox(key=f"{key}.flag._none").check()
    at.number_input(key=f"{key}.pain_now").set_value(3)
    at.radio(key=f"{key}.trajectory").set_value("improving")
    at.radio(key=f"{key}.feels_like").set_value("bruise_or_irritation")
    at = submit(at, key)
    [check] = store.list_checks(mette)
    assert check.report.hours_since_treatment == 0 and check.report.pain_now == 3
    # The confirmation with the result, in the therapist's words, and scrolled to.
    level = word(check.level, lang, "record")
    assert translate("records.check.stored", lang, level=level) in [s.value for s in at.success]
    headline = [a.value for a in [*at.success, *at.info, *at.warning] if a.value.startswith("**")]
    assert headline == [f"**{translate(f'level.{check.level.value}.therapist', lang)}**"]


def test_a_session_entered_later_leaves_the_hours_to_the_therapist(store: Storage) -> None:
    client = store.create_client({"name": "Bo", "birth_year": 1970, "consent_health_data": True}, PROFILE, ORIGINAL).id
    store.add_session(client, {
        "date": dt.date.today() - dt.timedelta(days=2), "treatment": "trigger_point_therapy", "duration_min": 40,
        "pressure": 4, "regions": ORIGINAL, "pain_before": 6, "pain_after": 4,
    })  # fmt: skip
    at = open_record(client, "en", "check")
    assert at.number_input(key=f"rc{client}n0.hours").value is None
    assert any(c.value.endswith(translate("staff.hours_unknown", "en")) for c in at.caption)


# --- Admin: phone numbers ------------------------------------------------------------------------


@pytest.mark.signed_in("admin")
@pytest.mark.parametrize("lang", ["da", "en"])
def test_an_implausible_emergency_number_is_saved_only_when_confirmed(store: Storage, lang: str) -> None:
    at = run(start_page(SETTINGS, lang))
    at.text_input(key="setting.emergency_phone").input("11")
    at = submit(at, "clinic_settings")
    assert clinic_settings.overrides(store) == {}
    assert translate("staff.phone.not_saved", lang) in [e.value for e in at.error]
    label = translate("settings.field.emergency_phone", lang)
    assert translate("staff.phone.implausible", lang, label=label, phone="11") in [w.value for w in at.warning]
    at = submit(at, "clinic_settings")  # saving again without the tick changes nothing
    assert clinic_settings.overrides(store) == {}
    at.checkbox(key="setting.confirm.emergency_phone.11").check()
    at = submit(at, "clinic_settings")
    assert clinic_settings.overrides(store) == {"emergency_phone": "11"}
    assert translate("auth.settings.saved", lang) in [s.value for s in at.success]


@pytest.mark.signed_in("admin")
def test_a_plausible_number_needs_no_confirmation(store: Storage) -> None:
    at = run(start_page(SETTINGS, "en"))
    at.text_input(key="setting.out_of_hours_phones.sjaelland").input("70 11 07 07")
    at = submit(at, "clinic_settings")
    assert clinic_settings.overrides(store)["out_of_hours_phones"]["sjaelland"] == "70 11 07 07"
    assert not at.warning
