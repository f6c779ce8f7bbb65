"""The planner page: starts empty, from a chosen client's record, or from the labelled example; the
plan is the engine's, shown by the one plan view (ui/plan_view.py); invalid input gets no plan; the
consultation's hand-over opens it with that client chosen; the next date downloads as an event."""

from __future__ import annotations

import datetime as dt
import json

import icalendar
import pytest
from streamlit.proto.Metric_pb2 import Metric
from streamlit.testing.v1 import AppTest

from logic.auth import audit
from logic.knowledge import cite
from logic.planner import plan, suggestion_date
from logic.storage import Storage
from tests import REPO
from tests.pages.page_support import Downloads, record_rows
from ui.i18n import translate
from ui.state import PLANNER_PREFILL

APP = REPO / "app.py"
PAGE = REPO / "pages" / "therapist" / "planner.py"
YEAR = dt.date.today().year
PROFILE = {
    "massage_experience": "first_time", "condition_months": 14, "trigger_points": "many",
    "trigger_point_severity": "moderate", "stressors": False, "bad_experience_before": False,
    "known_fainting_tendency": False, "disclosed_conditions": ["heart failure", "warfarin"], "conditions_reviewed": False,
}  # fmt: skip
FLAGS = ["double_vision", "speech_difficulty", "swallowing_difficulty", "drop_attack", "one_sided_numbness_or_weakness",
         "unsteady_gait", "sudden_severe_headache_or_neck_pain", "chest_pain_or_breathlessness", "dark_urine",
         "swollen_painful_calf", "fainted"]  # fmt: skip


def session(day: int, before: int, after: int) -> dict:
    return {
        "date": dt.date(2026, 1, 5) + dt.timedelta(days=7 * day), "treatment": "trigger_point_therapy",
        "duration_min": 45, "pressure": 5, "pain_before": before, "pain_after": after,
    }  # fmt: skip


@pytest.fixture
def olga(store: Storage) -> int:
    """78 years, new to massage, unreviewed disclosures, three sessions without X6 progress."""
    record = store.create_client(
        {"name": "Olga <b>Berg</b>", "birth_year": YEAR - 78, "consent_health_data": True}, PROFILE
    )
    for day, (before, after) in enumerate([(6, 6), (6, 6), (6, 5)]):
        store.add_session(record.id, session(day, before, after))
    return record.id


def start(lang: str, **state) -> AppTest:
    """The planner inside the app (its links to the record need the app's navigation)."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page(str(PAGE.relative_to(REPO)))
    return run(at)


def run(at: AppTest) -> AppTest:
    at = at.run()
    assert not at.exception, [line for e in at.exception for line in (e.value, *e.stack_trace)]
    return at


def submit(at: AppTest) -> AppTest:
    [button] = [b for b in at.button if b.key.startswith("FormSubmitter:planner.")]
    return run(button.click())


def choose(at: AppTest, source: str) -> AppTest:
    return run(at.radio(key="planner.source").set_value(source))


def shown(at: AppTest) -> str:
    kinds = ("markdown", "caption", "error", "warning", "info", "success", "subheader")
    return "\n".join(e.value for kind in kinds for e in at.get(kind))


def calendar_events(store: Storage) -> list[audit.Entry]:
    return [e for e in audit.entries(store.engine, limit=1000) if e.action == audit.EXPORT_CLIENT]


def views(store: Storage) -> list[audit.Entry]:
    return [e for e in audit.entries(store.engine, limit=1000) if e.action == audit.VIEW_CLIENT]


# --- Empty start ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["da", "en"])
def test_starts_empty_with_no_invented_client(store: Storage, lang: str) -> None:
    at = start(lang)
    assert at.radio(key="planner.source").value == "empty"
    assert at.number_input(key="planner.empty.age").value is None
    assert at.text_input(key="planner.empty.disclosed").value == ""
    assert at.selectbox(key="planner.empty.planned").value is None
    assert translate("planner.empty.hint", lang) in [i.value for i in at.info]
    assert not at.metric and not at.get("plotly_chart")
    assert [e.icon for e in at.error] == [":material/e911_emergency:"]  # the emergency line only
    assert "diabetes" not in shown(at) and translate("planner.example.label", lang) not in shown(at)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_an_empty_form_sent_names_every_missing_field_and_gives_no_plan(store: Storage, lang: str) -> None:
    at = submit(start(lang))
    errors = [e.value for e in at.error]
    required = "skal udfyldes" if lang == "da" else "is required"
    for field in ("age", "massage_experience", "condition_months"):
        assert f"{translate(f'planner.client.{field}', lang)}: {required}" in errors
    assert f"{translate('planner.planned_treatment', lang)}: {required}" in errors
    assert not at.metric


def test_a_filled_empty_form_plans_from_the_clinic_defaults(store: Storage) -> None:
    at = start("en")
    at.number_input(key="planner.empty.age").set_value(40)
    at.selectbox(key="planner.empty.experience").set_value("regular")
    at.number_input(key="planner.empty.months").set_value(2)
    at.selectbox(key="planner.empty.trigger_points").set_value("few")
    at.selectbox(key="planner.empty.severity").set_value("mild")
    at.selectbox(key="planner.empty.planned").set_value("deep_massage")
    at = submit(at)
    assert translate("planner.no_history", "en") in shown(at)
    assert len(at.metric) == 3 and all(not m.delta for m in at.metric)
    assert not at.get("download_button"), "no history: no date to put in a calendar"
    at = run(at)  # the plan stays on the next run
    assert len(at.metric) == 3


# --- The labelled example ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_example_is_labelled_as_one(store: Storage, lang: str) -> None:
    before = record_rows(store)
    at = choose(start(lang), "example")
    assert translate("planner.example.label", lang) in [w.value for w in at.warning]
    assert at.number_input(key="planner.example.age").value == 58
    labels = [m.label for m in at.metric]
    assert labels == [translate(f"planner.metric.{k}", lang) for k in ("duration", "pressure", "interval")]
    [chart] = at.get("plotly_chart")
    assert "history-suggestion" in [t.get("meta") for t in json.loads(chart.proto.spec)["data"]]
    policy = translate("planner.reasons.policy", lang, items="")
    assert any(c.value.startswith(policy.strip()) for c in at.caption)
    assert record_rows(store) == before and views(store) == []


def test_the_examples_calendar_event_names_nobody_and_is_not_audited(store: Storage, downloads: Downloads) -> None:
    at = choose(start("en"), "example")
    [button] = at.get("download_button")
    event = parse(downloads.press(button).content)
    assert event["SUMMARY"] == "Reaktionsguide: next session"
    assert calendar_events(store) == []


# --- A chosen client -----------------------------------------------------------------------------


def pick(at: AppTest, client_id: int) -> AppTest:
    at = choose(at, "client")
    assert translate("planner.start.choose_client", "en" if at.session_state["lang"] == "en" else "da") in [
        i.value for i in at.info
    ]
    return run(at.selectbox(key="planner.pick.client").set_value(client_id))


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_chosen_client_is_planned_from_the_record(store: Storage, olga: int, lang: str) -> None:
    at = pick(start(lang), olga)
    assert at.number_input(key=f"planner.c{olga}.age").value == 78
    request = store.plan_request_for(olga, "trigger_point_therapy")
    expected = plan(request, lang)
    assert {f.value for f in expected.flags} == {"consider_alternatives", "review_disclosures", "expectation_talk"}
    warnings = [w.value for w in at.warning]
    assert translate("planner.flag.consider_alternatives", lang) in warnings
    # The typed conditions are escaped text (never markup) in the flag.
    assert translate("planner.flag.review_disclosures", lang, conditions="heart failure, warfarin") in warnings
    assert translate("planner.flag.expectation_talk", lang) in [i.value for i in at.info]
    assert [m.value for m in at.metric] == [
        translate("planner.unit.min", lang, value=expected.duration_min),
        translate("planner.unit.pressure", lang, value=expected.pressure),
        translate("planner.unit.days", lang, value=expected.interval_days),
    ]
    text = shown(at)
    for reason in expected.reasons:
        assert reason.text in text
        for sid, quote in cite(reason.statement_ids, lang):
            assert f"**{sid}**: {quote}" in text
    for gentler in at.metric[:2]:  # gentler than last time is not shown as bad
        assert gentler.delta.startswith("-") and gentler.proto.color == Metric.MetricColor.GREEN
    when = suggestion_date(request.history, expected)
    assert translate("planner.plan.date", lang, date=when.isoformat(), days=expected.interval_days) in text
    assert [e.client_id for e in views(store)] == [olga]  # showing the history is a view of the record


def test_a_client_without_a_risk_profile_is_told_so(store: Storage) -> None:
    bare = store.create_client({"name": "Ib Nyholm", "birth_year": YEAR - 30, "consent_health_data": True})
    at = pick(start("en"), bare.id)
    assert translate("planner.start.no_profile", "en") in [i.value for i in at.info]
    assert not at.metric


def test_a_client_without_consent_shows_no_health_data(store: Storage) -> None:
    record = store.create_client({"name": "Bo Dal", "birth_year": YEAR - 30, "consent_health_data": False})
    at = pick(start("en"), record.id)
    assert translate("records.record.no_consent", "en") in [w.value for w in at.warning]
    assert not at.metric and not at.get("data_editor") and not at.get("arrow_data_frame")


@pytest.mark.signed_in(None)
def test_a_visitor_gets_no_client_list(store: Storage, olga: int) -> None:
    at = AppTest.from_file(str(PAGE), default_timeout=30)
    at.session_state["lang"] = "en"
    at = run(at)
    assert "Olga" not in shown(at) and not at.selectbox and not at.radio


def test_the_search_narrows_the_choice(store: Storage, olga: int) -> None:
    store.create_client({"name": "Ib Nyholm", "birth_year": YEAR - 30, "consent_health_data": True})
    at = choose(start("en"), "client")
    assert len(at.selectbox(key="planner.pick.client").options) == 2
    at = run(at.text_input(key="planner.pick.query").input("olg"))
    assert at.selectbox(key="planner.pick.client").options == ["Olga <b>Berg</b> (78 years)"]


def test_a_chosen_clients_calendar_event_is_an_audited_export(store: Storage, olga: int, downloads: Downloads) -> None:
    at = pick(start("en"), olga)
    [button] = at.get("download_button")
    assert calendar_events(store) == [], "nothing is built or audited before the press"
    event = parse(downloads.press(button).content)
    request = store.plan_request_for(olga, "trigger_point_therapy")
    assert event["DTSTART"].dt == suggestion_date(request.history, plan(request, "en"))
    assert str(event["SUMMARY"]) == "Reaktionsguide: next session – Olga <b>Berg</b>"
    assert "heart" not in event.to_ical().decode() and "warfarin" not in event.to_ical().decode()
    [row] = calendar_events(store)
    assert (row.client_id, row.detail) == (olga, {"format": "ics", "content": "next_session"})


# --- The consultation's hand-over ----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_hand_over_opens_with_that_client_and_its_saved_check(store: Storage, olga: int, lang: str) -> None:
    last = store.list_sessions(olga)[-1]
    report = {
        "hours_since_treatment": 20, "treatment": "trigger_point_therapy", "neck_treatment": False,
        "symptoms": {"dizziness": "moderate"}, "red_flags": {**dict.fromkeys(FLAGS, False), "fainted": True},
        "pain_before": 6, "pain_now": 5, "feels_like": "bruise_or_irritation", "trajectory": "improving",
        "new_pain_elsewhere": "none",
    }  # fmt: skip
    check = store.record_check(olga, {"report": report, "session_id": last.id})
    at = start(lang, **{PLANNER_PREFILL: {"client_id": olga, "check_id": check.id}})
    assert at.radio(key="planner.source").value == "client"
    assert at.selectbox(key="planner.pick.client").value == olga
    level = translate(f"level.{check.level.value}", lang)
    assert translate("planner.handover", lang, level=level) in [i.value for i in at.info]
    expected = plan(store.plan_request_for(olga, "trigger_point_therapy"), lang)
    if check.level.rank >= 3:
        assert translate("planner.flag.medical_clearance_required", lang) in [e.value for e in at.error]
    assert next(m.value for m in at.metric) == translate("planner.unit.min", lang, value=expected.duration_min)
    assert PLANNER_PREFILL not in at.session_state


def parse(content: bytes) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(content)
    [event] = calendar.walk("VEVENT")
    return event


# --- One plan view, two places -------------------------------------------------------------------


def plan_elements(at: AppTest) -> dict:
    return {
        "metrics": [(m.label, m.value, m.delta) for m in at.metric],
        "warnings": [w.value for w in at.warning],
        "errors": [e.value for e in at.error if e.icon != ":material/e911_emergency:"],
        "reasons": [
            c.value for c in at.caption if c.value.startswith(translate("planner.reasons.cites", "en", ids=""))
        ],
        "calendar": [b.proto.label for b in at.get("download_button")],
        "charts": len(at.get("plotly_chart")),
    }


def test_the_record_tab_shows_the_same_plan_view(store: Storage, olga: int, downloads: Downloads) -> None:
    page = plan_elements(pick(start("en"), olga))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page("pages/therapist/client_record.py")
    at.query_params["id"] = str(olga)
    at.query_params["tab"] = translate("records.tab.planner", "en")
    at = run(at)
    record = plan_elements(at)
    assert record == page and page["metrics"] and page["calendar"] == [translate("plan_view.ics.download", "en")]
    [button] = at.get("download_button")
    assert "Olga" in str(parse(downloads.press(button).content)["SUMMARY"])
    assert [e.client_id for e in calendar_events(store)] == [olga]
