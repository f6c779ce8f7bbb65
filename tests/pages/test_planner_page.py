"""The planner page: the engine's plan as metrics, its reasons and flags, and no plan for invalid input."""

from __future__ import annotations

import json

import pytest
from streamlit.proto.Metric_pb2 import Metric
from streamlit.testing.v1 import AppTest

from logic.knowledge import cite
from logic.models import PlanRequest
from logic.planner import plan
from tests import REPO
from tests.pages.page_support import start_page
from ui.i18n import translate
from ui.state import PLANNER_PREFILL

PAGE = REPO / "pages" / "therapist" / "planner.py"
HISTORY_START = "planner_history_start"


def session(date: str, before: int, after: int, level: str | None = "expected", **changes) -> dict:
    row = {
        "date": date,
        "treatment": "trigger_point_therapy",
        "duration_min": 45,
        "pressure": 5,
        "pain_before": before,
        "pain_after": after,
        "reaction_level": level,
    }
    row.update(changes)
    return row


NO_PROGRESS = [session("2026-01-05", 6, 6), session("2026-01-12", 6, 6), session("2026-01-19", 6, 5)]


def start(lang: str, **state) -> AppTest:
    return start_page(PAGE, lang, **state)


def submit(at: AppTest) -> AppTest:
    [button] = [b for b in at.button if b.key.startswith("FormSubmitter:")]
    return button.click().run()


def shown(at: AppTest) -> str:
    kinds = ("markdown", "caption", "error", "warning", "info", "success", "subheader")
    return "\n".join(e.value for kind in kinds for e in at.get(kind))


def elderly_first_timer(at: AppTest) -> AppTest:
    at.number_input(key="planner.age").set_value(78)
    at.selectbox(key="planner.experience").set_value("first_time")
    at.text_input(key="planner.disclosed").set_value("heart failure, warfarin")
    at.checkbox(key="planner.reviewed").uncheck()
    return submit(at)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_example_plan_shows_three_metrics_and_the_chart(lang) -> None:
    at = start(lang)
    assert not at.exception
    assert at.subheader[0].value == translate("planner.title", lang)
    labels = [m.label for m in at.metric]
    assert labels == [translate(f"planner.metric.{k}", lang) for k in ("duration", "pressure", "interval")]
    [chart] = at.get("plotly_chart")
    spec = json.loads(chart.proto.spec)
    assert "history-suggestion" in [t.get("meta") for t in spec["data"]]
    assert spec["layout"]["xaxis"]["title"]["text"] == ("Dato" if lang == "da" else "Date")
    assert not at.error


@pytest.mark.parametrize("lang", ["da", "en"])
def test_elderly_first_timer_without_progress_shows_every_flag(lang) -> None:
    at = elderly_first_timer(start(lang, **{HISTORY_START: NO_PROGRESS}))
    assert not at.exception
    text = shown(at)
    warnings = [w.value for w in at.warning]
    assert translate("planner.flag.consider_alternatives", lang) in warnings
    assert translate("planner.flag.review_disclosures", lang, conditions="heart failure, warfarin") in warnings
    assert translate("planner.flag.expectation_talk", lang) in [i.value for i in at.info]
    assert translate("planner.talk.script", lang) in text
    for sid in ("D2", "D3", "G3", "G5", "H1"):
        assert f"(**{sid}**)" in translate("planner.talk.script", lang)
    # The numbers are the engine's, for the same request.
    request = PlanRequest.model_validate(
        {
            "client": {
                "age": 78,
                "massage_experience": "first_time",
                "condition_months": 14,
                "trigger_points": "many",
                "trigger_point_severity": "moderate",
                "stressors": False,
                "bad_experience_before": False,
                "known_fainting_tendency": False,
                "disclosed_conditions": ["heart failure", "warfarin"],
                "conditions_reviewed": False,
            },
            "history": NO_PROGRESS,
            "planned_treatment": "trigger_point_therapy",
        }
    )
    expected = plan(request, lang)
    assert {f.value for f in expected.flags} == {"consider_alternatives", "review_disclosures", "expectation_talk"}
    assert [m.value for m in at.metric] == [
        translate("planner.unit.min", lang, value=expected.duration_min),
        translate("planner.unit.pressure", lang, value=expected.pressure),
        translate("planner.unit.days", lang, value=expected.interval_days),
    ]
    # Every reason is shown with the statements it cites, quoted.
    for reason in expected.reasons:
        assert reason.text in text
        for sid, quote in cite(reason.statement_ids, lang):
            assert f"**{sid}**: {quote}" in text
    # Gentler than last time is not shown as bad.
    duration, pressure = at.metric[0], at.metric[1]
    for gentler in (duration, pressure):
        assert gentler.delta.startswith("-")
        assert gentler.proto.color == Metric.MetricColor.GREEN


@pytest.mark.parametrize("lang", ["da", "en"])
def test_clinic_defaults_are_labelled_as_policy(lang) -> None:
    at = start(lang)
    policy = translate("planner.reasons.policy", lang, items="")
    assert any(c.value.startswith(policy.strip()) for c in at.caption)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_prefill_from_the_consultation_sets_the_last_reaction(lang) -> None:
    prefill = {"reaction_level": "doctor_today", "assessment": {"level": "doctor_today"}}
    at = start(lang, **{PLANNER_PREFILL: prefill, HISTORY_START: NO_PROGRESS})
    assert not at.exception
    level = translate("planner.level.doctor_today", lang)
    assert translate("planner.prefill", lang, level=level) in [i.value for i in at.info]
    assert translate("planner.flag.medical_clearance_required", lang) in [e.value for e in at.error]
    assert at.metric, "a valid request still gets its plan"


@pytest.mark.parametrize("lang", ["da", "en"])
def test_invalid_history_row_shows_the_problem_and_no_plan(lang) -> None:
    rows = [session("2026-01-05", 6, 6), session("2026-01-12", 6, 11)]
    at = start(lang, **{HISTORY_START: rows})
    assert not at.exception
    assert not at.metric
    assert not at.get("plotly_chart")
    field = translate("planner.row_field", lang, row=2, field=translate("planner.field.pain_after", lang))
    message = "må højst være 10" if lang == "da" else "must be at most 10"
    assert [e.value for e in at.error] == [f"{field}: {message}"]
    assert translate("planner.problems", lang) in shown(at)


def test_missing_cells_are_reported_per_field() -> None:
    rows = [session("2026-01-05", 6, 6), {**session("2026-01-12", 6, 5), "date": None, "pressure": None}]
    at = start("en", **{HISTORY_START: rows})
    errors = [e.value for e in at.error]
    assert "Session 2, date: is required" in errors
    assert "Session 2, pressure: is required" in errors
    assert not at.metric


def test_no_history_plans_from_the_clinic_defaults() -> None:
    at = start("en", **{HISTORY_START: []})
    assert not at.exception
    assert translate("planner.no_history", "en") in shown(at)
    assert len(at.metric) == 3 and all(not m.delta for m in at.metric)
