"""The rules behind the therapist's and the admin's forms: which empty answers of a reaction check can
change its result (logic/unanswered.py), what the record's forms start from (logic/form_starts.py), and
which phone numbers look Danish (logic/phone_rules.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logic.form_starts import hours_since_session, latest_plan_after, next_session_start
from logic.models import ReactionReport
from logic.phone_rules import plausible_danish
from logic.reaction import assess, walk
from logic.storage.records import PlanRecord, SessionRecord
from logic.unanswered import OPTIONAL_CHOICES, complete

NO_FLAGS = {name: False for name in ReactionReport.model_fields["red_flags"].annotation.model_fields}
FULL = {
    "hours_since_treatment": 20, "treatment": "trigger_point_therapy", "neck_treatment": False,
    "red_flags": NO_FLAGS, "pain_before": 6, "pain_now": 3, "feels_like": "bruise_or_irritation",
    "trajectory": "improving", "new_pain_elsewhere": "none",
}  # fmt: skip


def without(*names: str, **changes) -> dict:
    return {k: v for k, v in (FULL | changes).items() if k not in names}


def test_a_complete_report_is_taken_as_it_is() -> None:
    done = complete(FULL)
    assert done.report == ReactionReport.model_validate(FULL) and done.filled == [] and done.required == []


def test_an_emergency_needs_none_of_the_later_answers() -> None:
    raw = without(*OPTIONAL_CHOICES, red_flags=NO_FLAGS | {"chest_pain_or_breathlessness": True})
    done = complete(raw)
    assert done.report is not None and sorted(done.filled) == sorted(OPTIONAL_CHOICES)
    assert assess(done.report).level.value == "emergency"


def test_the_quality_of_the_pain_is_not_asked_where_a_large_flare_decides() -> None:
    done = complete(without("feels_like", pain_before=3, pain_now=9))
    assert done.report is not None and done.filled == ["feels_like"]


def test_the_quality_of_the_pain_is_required_where_it_changes_the_result() -> None:
    # 6 -> 3 after trigger-point therapy: "like the old pain" is watched as a healing crisis, "like a
    # bruise" is expected (E1, D3): the answer changes the result, so it is asked.
    done = complete(without("feels_like"))
    assert done.report is None and done.required == ["feels_like"]


def test_anything_else_missing_leaves_the_decision_to_validation() -> None:
    done = complete(without("feels_like", "hours_since_treatment"))
    assert done.report is None and done.required == []


@settings(max_examples=60, deadline=None)
@given(
    st.sets(st.sampled_from(sorted(OPTIONAL_CHOICES)), min_size=1, max_size=3),
    st.integers(0, 10), st.integers(0, 10), st.sampled_from([1, 20, 47, 60]),
)  # fmt: skip
def test_a_filled_answer_never_changes_the_level(empty: set[str], before: int, now: int, hours: int) -> None:
    """Whatever the therapist would have answered, a report completed without asking has that level."""
    raw = without(*empty, pain_before=before, pain_now=now, hours_since_treatment=hours)
    done = complete(raw)
    if done.report is None:
        assert done.required and set(done.required) <= empty
        return
    levels = set()
    for name in empty:
        for value in OPTIONAL_CHOICES[name]:
            answers = done.report.model_dump(mode="json") | {name: value}
            levels.add(walk(answers).leaf.level)
    assert levels == {assess(done.report).level}


# --- What the record's forms start from ---

NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)


def session(ident: int, date: dt.date, created: dt.datetime, **changes) -> SessionRecord:
    return SessionRecord.model_validate({
        "id": ident, "client_id": 1, "date": date, "treatment": "trigger_point_therapy", "duration_min": 40,
        "pressure": 4, "pain_before": 6, "pain_after": 4, "created_at": created, "updated_at": created, **changes,
    })  # fmt: skip


def plan(created: dt.datetime, duration: int = 45, pressure: int = 1) -> PlanRecord:
    from logic.models import PlanRequest
    from logic.planner import plan as suggest

    request = PlanRequest.model_validate({
        "client": {
            "age": 40, "massage_experience": "regular", "condition_months": 3, "trigger_points": "few",
            "trigger_point_severity": "mild", "stressors": False, "bad_experience_before": False,
            "known_fainting_tendency": False, "disclosed_conditions": [], "conditions_reviewed": True,
        },
        "history": [], "planned_treatment": "relaxation_massage",
    })  # fmt: skip
    return PlanRecord(
        id=1, client_id=1, created_at=created, request=request, suggested=suggest(request),
        chosen_duration_min=duration, chosen_pressure=pressure, chosen_interval_days=7, accepted=False,
    )  # fmt: skip


def test_hours_since_a_session_saved_on_its_own_day() -> None:
    saved = NOW - dt.timedelta(hours=5, minutes=20)
    assert hours_since_session(session(1, saved.astimezone().date(), saved), NOW) == 5


def test_a_session_entered_on_a_later_day_has_no_time() -> None:
    saved = NOW - dt.timedelta(hours=1)
    assert hours_since_session(session(1, saved.astimezone().date() - dt.timedelta(days=3), saved), NOW) is None


def test_the_next_session_starts_from_the_session_just_saved_not_an_older_plan() -> None:
    old_plan = plan(NOW - dt.timedelta(days=8))
    given_session = session(1, NOW.date(), NOW - dt.timedelta(hours=1))
    assert latest_plan_after([old_plan], [given_session]) is None
    start = next_session_start([given_session], [old_plan], ["neck_back"], NOW.date())
    assert (start["treatment"].value, start["duration_min"], start["pressure"]) == ("trigger_point_therapy", 40, 4)


def test_a_plan_made_after_the_last_session_is_the_next_sessions_start() -> None:
    given_session = session(1, NOW.date(), NOW - dt.timedelta(hours=2))
    new_plan = plan(NOW - dt.timedelta(hours=1), duration=30, pressure=3)
    start = next_session_start([given_session], [new_plan], [], NOW.date())
    assert (start["treatment"].value, start["duration_min"], start["pressure"]) == ("relaxation_massage", 30, 3)


def test_no_history_starts_empty_with_the_original_pain() -> None:
    assert next_session_start([], [], ["upper_back"], NOW.date()) == {"date": NOW.date(), "regions": ["upper_back"]}


# --- Phone numbers ---


@pytest.mark.parametrize(
    "phone", ["112", "114", "1813", "1818", "70 11 07 07", "70110707", "+45 70 11 07 07", "0045 70110707"]
)
def test_danish_numbers_are_plausible(phone: str) -> None:
    assert plausible_danish(phone)


@pytest.mark.parametrize("phone", ["11", "12345", "+45 112", "1 12 34", "+46 70 11 07 07", "7011070", ""])
def test_other_lengths_are_not(phone: str) -> None:
    assert not plausible_danish(phone)
