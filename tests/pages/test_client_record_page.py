"""The client record: header and charts of a seeded client, sessions added and corrected, the reaction
check with new pain from the body map (E3), the original pain, the plan and the export; invalid input
changes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import time

import pytest
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.testing.v1 import AppTest

from logic.auth import accounts, audit
from logic.models import Level
from logic.storage import Storage
from logic.texts.vocabulary import word
from tests import REPO
from tests.pages.page_support import Downloads, record_rows
from ui import exports
from ui.i18n import translate

APP = REPO / "app.py"
PAGE = "pages/therapist/client_record.py"
YEAR = dt.date.today().year
ORIGINAL = ["neck_back", "upper_back"]
PROFILE = {
    "massage_experience": "regular",
    "condition_months": 14,
    "trigger_points": "many",
    "trigger_point_severity": "moderate",
    "stressors": False,
    "bad_experience_before": False,
    "known_fainting_tendency": True,
    "disclosed_conditions": ["diabetes"],
    "conditions_reviewed": False,
}


def session(day: int, before: int, after: int, **changes) -> dict:
    row = {
        "date": dt.date(2026, 1, 5) + dt.timedelta(days=7 * day),
        "treatment": "trigger_point_therapy",
        "duration_min": 45,
        "pressure": 5,
        "pain_before": before,
        "pain_after": after,
        "regions": ORIGINAL,
        "note": "**fed** <script>x</script>",
    }
    row.update(changes)
    return row


@pytest.fixture
def anne(store: Storage) -> int:
    """72 years, fainting tendency, unreviewed disclosure, three sessions without X6 progress, one check."""
    record = store.create_client(
        {
            "name": "Anne [Hansen](http://x)",
            "birth_year": YEAR - 72,
            "consent_health_data": True,
            "contact": "www.x.dk",
        },
        PROFILE,
        ORIGINAL,
    )
    for day, (before, after) in enumerate([(6, 6), (6, 5), (6, 6)]):
        store.add_session(record.id, session(day, before, after))
    last = store.list_sessions(record.id)[-1]
    store.record_check(record.id, {"report": report(), "session_id": last.id})
    return record.id


def report(**changes) -> dict:
    flags = dict.fromkeys(
        ["double_vision", "speech_difficulty", "swallowing_difficulty", "drop_attack", "one_sided_numbness_or_weakness",
         "unsteady_gait", "sudden_severe_headache_or_neck_pain", "chest_pain_or_breathlessness", "dark_urine",
         "swollen_painful_calf", "fainted"],
        False,
    )  # fmt: skip
    data = {
        "hours_since_treatment": 20, "treatment": "trigger_point_therapy", "neck_treatment": False,
        "symptoms": {"soreness": "moderate"}, "red_flags": flags, "pain_before": 6, "pain_now": 5,
        "feels_like": "bruise_or_irritation", "trajectory": "improving", "new_pain_elsewhere": "none",
    }  # fmt: skip
    data.update(changes)
    return data


def open_record(client_id: int | None, lang: str = "da", tab: str | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(PAGE)
    if client_id is not None:
        at.query_params["id"] = str(client_id)
    if tab is not None:
        at.query_params["tab"] = translate(f"records.tab.{tab}", lang)
    return rerun(at)


def rerun(target) -> AppTest:
    at = target.run()
    assert not at.exception, [line for e in at.exception for line in (e.value, *e.stack_trace)]
    return at


def exported(store: Storage) -> list[audit.Entry]:
    return [e for e in audit.entries(store.engine, limit=1000) if e.action == audit.EXPORT_CLIENT]


def submit(at: AppTest, form: str) -> AppTest:
    [button] = [b for b in at.button if b.key.startswith(f"FormSubmitter:{form}")]
    return rerun(button.click())


def shown(at: AppTest) -> str:
    kinds = ("markdown", "caption", "error", "warning", "info", "success", "subheader", "text")
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind))


def charts(at: AppTest) -> list:
    return at.get("plotly_chart")


# --- Header and overview -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["da", "en"])
def test_header_badges_and_charts_of_a_seeded_client(store: Storage, anne: int, lang: str) -> None:
    at = open_record(anne, lang)
    # The name is shown as typed: markdown characters escaped, so no link is made of it.
    assert [s.value for s in at.subheader] == ["Anne \\[Hansen\\]\\(http\\:\u2060//x\\)"]
    assert translate("records.header.age", lang, age=72, year=YEAR - 72) in shown(at)
    assert [t.value for t in at.get("text")] == [f"{translate('records.header.contact', lang)}: www.x.dk"]
    text = shown(at)
    for badge in ("elderly", "fainting_tendency", "disclosures_not_reviewed", "no_progress"):
        assert translate(f"records.badge.{badge}", lang) in text
    assert word(Level.healing_crisis, lang, "record") in text
    assert len(charts(at)) == 3  # pain with the X6 band, levels, pressure and duration
    # 6 less 30 % is 4.2: the band's top, named in the caption.
    assert translate("records.chart.pain.caption", lang, threshold="4.2") in text
    assert translate("records.overview.x6.not_yet", lang) in [str(m.value) for m in at.metric]


def test_no_id_and_unknown_id(store: Storage) -> None:
    at = open_record(None, "en")
    assert translate("records.record.choose", "en") in shown(at)
    at = open_record(999, "da")
    assert "klient 999 findes ikke" in [e.value for e in at.error]


def test_a_client_without_sessions_gets_a_calm_overview(store: Storage) -> None:
    new = store.create_client({"name": "Bo", "birth_year": 1990, "consent_health_data": True}).id
    at = open_record(new, "da")
    assert translate("records.overview.empty", "da") in shown(at)
    assert not charts(at)


# --- Sessions ------------------------------------------------------------------------------------


def add_form(client_id: int) -> str:
    return f"record.add.{client_id}.0"


def test_adding_a_session_stores_it(store: Storage, anne: int) -> None:
    before = record_rows(store)
    at = open_record(anne, "da", "sessions")
    key = add_form(anne)
    # The new session starts from the last one: treatment, duration, pressure and regions.
    assert at.selectbox(key=f"{key}.treatment").value == "trigger_point_therapy"
    assert at.number_input(key=f"{key}.duration").value == 45
    at.date_input(key=f"{key}.date").set_value(dt.date(2026, 2, 2))
    at.number_input(key=f"{key}.pressure").set_value(4.0)
    at.number_input(key=f"{key}.pain_before").set_value(5)
    at.number_input(key=f"{key}.pain_after").set_value(3)
    at.text_area(key=f"{key}.note").input("Godt forløb")
    submit(at, key)
    assert record_rows(store)["sessions"] == before["sessions"] + 1
    last = store.list_sessions(anne)[-1]
    assert (last.date, last.pressure, last.pain_before, last.pain_after, last.note) == (
        dt.date(2026, 2, 2), 4, 5, 3, "Godt forløb",
    )  # fmt: skip
    assert last.regions == ORIGINAL
    assert translate("records.sessions.added", "da", date="2026-02-02") in [s.value for s in at.success]
    # The form starts afresh (a new key) and the table shows four sessions.
    assert at.number_input(key=f"record.add.{anne}.1.pain_after").value is None
    [table] = at.dataframe
    assert len(table.value) == 4


@pytest.mark.parametrize("lang", ["da", "en"])
def test_invalid_session_is_explained_and_changes_nothing(store: Storage, anne: int, lang: str) -> None:
    before = record_rows(store)
    at = open_record(anne, lang, "sessions")
    key = add_form(anne)
    at.number_input(key=f"{key}.pain_before").set_value(5)
    at.number_input(key=f"{key}.pain_after").set_value(11)
    at.number_input(key=f"{key}.duration").set_value(0.0)
    submit(at, key)
    errors = [e.value for e in at.error]
    at_most = {"da": "må højst være 10", "en": "must be at most 10"}[lang]
    more_than = {"da": "skal være større end 0", "en": "must be more than 0"}[lang]
    assert f"{translate('records.session.pain_after', lang)}: {at_most}" in errors
    assert any(e.startswith(f"{translate('records.session.duration_min', lang)}: {more_than}") for e in errors)
    assert record_rows(store) == before
    # The input stays for correcting it.
    assert at.number_input(key=f"{key}.pain_after").value == 11


def test_correcting_a_session(store: Storage, anne: int) -> None:
    first = store.list_sessions(anne)[0]
    at = open_record(anne, "en", "sessions")
    at.selectbox(key=f"record.edit.{anne}.choice").set_value(first.id)
    rerun(at)
    key = f"record.edit.{anne}.{first.id}.0"
    assert at.number_input(key=f"{key}.pain_after").value == 6
    at.number_input(key=f"{key}.pain_after").set_value(12)
    submit(at, key)
    assert "Pain after (0-10): must be at most 10" in [e.value for e in at.error]
    assert store.list_sessions(anne)[0].pain_after == 6
    at.number_input(key=f"{key}.pain_after").set_value(3)
    submit(at, key)
    assert store.list_sessions(anne)[0].pain_after == 3
    assert record_rows(store)["sessions"] == 3


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_corrected_session_shows_its_earlier_version(store: Storage, anne: int, lang: str) -> None:
    at = open_record(anne, lang, "sessions")
    assert not [e for e in at.expander if e.label.startswith(translate("records.sessions.history", lang, count=1)[:20])]
    first = store.list_sessions(anne)[0]
    with audit.acting_as("anna"):
        store.update_session(first.id, session(0, 6, 3, note="corrected"))
    at = rerun(at)
    [history] = [e for e in at.expander if e.label == translate("records.sessions.history", lang, count=1)]
    [table] = history.dataframe
    earlier = table.value.iloc[0]
    assert (earlier["version"], earlier["pain_after"], earlier["note"]) == (1, 6, first.note)
    assert earlier["replaced_by"] == "anna"
    assert next(s.note for s in store.list_sessions(anne)) == "corrected"


# --- Reaction check ------------------------------------------------------------------------------


def fill_check(at: AppTest, key: str, regions_now: list[str], **answers) -> None:
    at.multiselect(key=f"{key}.now.regions").set_value(regions_now)
    rerun(at)
    at.number_input(key=f"{key}.hours").set_value(answers.get("hours", 20.0))
    at.checkbox(key=f"{key}.flag._none").check()
    at.selectbox(key=f"{key}.symptom.soreness").set_value(answers.get("soreness", "moderate"))
    at.radio(key=f"{key}.trajectory").set_value(answers.get("trajectory", "improving"))
    at.number_input(key=f"{key}.pain_now").set_value(answers.get("pain_now", 5))
    at.radio(key=f"{key}.feels_like").set_value(answers.get("feels_like", "bruise_or_irritation"))


def test_running_a_check_stores_it_with_its_level(store: Storage, anne: int) -> None:
    before = record_rows(store)
    at = open_record(anne, "da", "check")
    key = f"rc{anne}n0"
    # Filled in from the record: the last session's treatment and pain before, the fainting tendency.
    assert at.radio(key=f"{key}.treatment").value == "trigger_point_therapy"
    assert at.number_input(key=f"{key}.pain_before").value == 6
    assert at.radio(key=f"{key}.neck").value == "no"
    assert at.checkbox(key=f"{key}.fainting").value is True
    fill_check(at, key, ORIGINAL)
    assert translate("records.check.no_new_pain", "da") in shown(at)
    submit(at, key)
    assert record_rows(store)["checks"] == before["checks"] + 1
    check = store.list_checks(anne)[-1]
    assert check.level == Level.healing_crisis
    assert check.report is not None and check.report.new_pain_elsewhere.value == "none"
    assert check.session_id == store.list_sessions(anne)[-1].id
    assert check.regions_now == ORIGINAL
    level = word(Level.healing_crisis, "da", "record")
    assert translate("records.check.stored", "da", level=level) in [s.value for s in at.success]
    # The level card of the stored check.
    assert f"**{word(Level.healing_crisis, 'da', 'therapist')}**" in [i.value for i in at.info]


def test_new_region_on_the_body_map_asks_only_whether_it_is_like_the_original(store: Storage, anne: int) -> None:
    before = record_rows(store)
    at = open_record(anne, "en", "check")
    key = f"rc{anne}n0"
    fill_check(at, key, [*ORIGINAL, "lower_back"], soreness="mild")
    assert translate("records.check.new_pain", "en", regions="Lower back") in shown(at)
    # Unanswered: named, nothing stored.
    submit(at, key)
    assert translate("records.check.new_pain.required", "en") in [e.value for e in at.error]
    assert record_rows(store) == before
    at.radio(key=f"{key}.quality").set_value("similar_to_original")
    submit(at, key)
    check = store.list_checks(anne)[-1]
    assert record_rows(store)["checks"] == before["checks"] + 1
    assert check.report.new_pain_elsewhere.value == "similar_to_original"
    assert check.progress_sign  # E3: similar pain elsewhere is probably a sign of progress
    assert check.regions_now == ["neck_back", "upper_back", "lower_back"]  # in the map's order
    assert translate("staff.card.progress_sign", "en") in [s.value for s in at.success]


def test_incomplete_check_is_explained_and_changes_nothing(store: Storage, anne: int) -> None:
    before = record_rows(store)
    at = open_record(anne, "da", "check")
    key = f"rc{anne}n0"
    at.multiselect(key=f"{key}.now.regions").set_value(ORIGINAL)
    rerun(at)
    submit(at, key)
    errors = [e.value for e in at.error]
    assert translate("widgets.error.flags_required_therapist", "da") in errors
    assert any(line.endswith("skal udfyldes") for line in errors)
    assert record_rows(store) == before


# --- Body map, plan, export ----------------------------------------------------------------------


def test_recording_the_original_pain(store: Storage, anne: int) -> None:
    at = open_record(anne, "da", "body_map")
    key = f"record.map.{anne}.0"
    assert at.multiselect(key=f"{key}.regions").value == ["neck_back", "upper_back"]
    assert at.button(key=f"{key}.save").disabled  # nothing changed yet
    at.multiselect(key=f"{key}.regions").set_value([])
    rerun(at)
    before = record_rows(store)
    rerun(at.button(key=f"{key}.save").click())
    assert "Oprindelig smerte (liste): har for få elementer" in [e.value for e in at.error]
    assert store.get_client(anne).original_pain_regions == ORIGINAL and record_rows(store) == before
    at.multiselect(key=f"{key}.regions").set_value(["lower_back", "left_buttock"])
    rerun(at)
    rerun(at.button(key=f"{key}.save").click())
    assert store.get_client(anne).original_pain_regions == ["lower_back", "left_buttock"]
    assert translate("records.map.saved", "da") in [s.value for s in at.success]


def test_planner_shows_the_plan_and_saves_the_choice(store: Storage, anne: int) -> None:
    at = open_record(anne, "en", "planner")
    text = shown(at)
    assert translate("records.plan.title", "en") in text
    warnings = [w.value for w in at.warning]
    assert translate("planner.flag.consider_alternatives", "en") in warnings
    # The disclosure to review, as text (the same plan view as the planner page's: ui/plan_view.py).
    assert translate("planner.flag.review_disclosures", "en", conditions="diabetes") in warnings
    assert [m.label for m in at.metric] == ["Duration", "Pressure (0-10)", "Interval"]
    [form] = {b.key.removeprefix("FormSubmitter:").rsplit("-", 1)[0] for b in at.button if "record.plan." in b.key}
    suggested = at.number_input(key=f"{form}.pressure").value
    submit(at, form)
    [saved] = store.list_plans(anne)
    assert saved.accepted and saved.chosen_pressure == suggested
    assert translate("records.plan.saved_accepted", "en") in [s.value for s in at.success]
    # Adjusted and out of range: explained, nothing stored.
    [form] = {b.key.removeprefix("FormSubmitter:").rsplit("-", 1)[0] for b in at.button if "record.plan." in b.key}
    at.number_input(key=f"{form}.interval").set_value(0)
    submit(at, form)
    assert "Interval (days): must be at least 1" in [e.value for e in at.error]
    assert len(store.list_plans(anne)) == 1
    at.number_input(key=f"{form}.interval").set_value(21)
    submit(at, form)
    latest = store.list_plans(anne)[-1]
    assert not latest.accepted and latest.chosen_interval_days == 21


def test_export_is_built_and_audited_only_when_pressed(
    store: Storage, anne: int, downloads: Downloads, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    store.add_session(anne, session(5, 5, 4, note='=HYPERLINK("http://x","y")'))
    at = open_record(anne, "en", "export")
    at = rerun(at)  # opening the tab, and rerunning it, builds and audits nothing
    [button] = at.get("download_button")
    assert button.proto.label == translate("records.export.download", "en")
    assert translate("records.export.privacy", "en") in shown(at)
    assert button.proto.url == "" and button.proto.deferred_file_id  # no file, no /media URL in the page
    assert exported(store) == []

    monkeypatch.setattr(exports, "SERVED_FOR_S", 0.2)
    pressed = downloads.press(button)
    [row] = exported(store)
    assert (row.actor, row.client_id, row.detail) == ("test-therapist", anne, {"format": "csv", "content": "history"})
    rows = list(csv.DictReader(io.StringIO(pressed.content.decode("utf-8"), newline="")))
    assert len(rows) == 4 and rows[-1]["note"] == '\'=HYPERLINK("http://x","y")'
    assert pressed.url.endswith(".csv")
    deadline = time.monotonic() + 30
    while pressed.stored() and time.monotonic() < deadline:  # Streamlit's copy is dropped soon after
        time.sleep(0.05)
    assert not pressed.stored()
    downloads.press(button)  # each press is one export
    assert len(exported(store)) == 2
    accounts.update_user(store, "test-therapist", active=False)  # an admin disables the account meanwhile
    with pytest.raises(MediaFileStorageError, match="may no longer export"):
        downloads.press(button)
    assert len(exported(store)) == 2


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_note_with_a_nul_is_explained_saves_nothing_and_logs_nothing(
    store: Storage, anne: int, lang: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    before = record_rows(store)
    at = open_record(anne, lang, "sessions")
    key = add_form(anne)
    at.number_input(key=f"{key}.pain_before").set_value(5)
    at.number_input(key=f"{key}.pain_after").set_value(3)
    at.text_area(key=f"{key}.note").input("Privat4711\x00 note")
    submit(at, key)
    control = {"da": "indeholder et kontroltegn (U+0000)", "en": "contains a control character (U+0000)"}[lang]
    assert any(e.value.startswith(f"{translate('records.session.note', lang)}: {control}") for e in at.error), [
        e.value for e in at.error
    ]
    assert record_rows(store) == before
    assert "Privat4711" not in caplog.text
