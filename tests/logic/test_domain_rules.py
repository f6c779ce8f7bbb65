"""The rules that used to live in several layers, each now in one domain module: H2 with X6
(logic/progress.py), A1 (logic/disclosures.py), "not sure" and the hours of worsening (logic/answers.py).
Every layer (planner, storage, charts, pages, widgets) calls these; the tests pin the rules themselves
and that the layers really use them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from logic import answers, disclosures, progress
from logic.models import PastSession, PlanFlag, PlanRequest
from logic.planner import plan
from logic.storage.records import RiskProfileIn
from logic.tree_data import TREE

PAIN = st.integers(min_value=0, max_value=10)


def history(pains: list[tuple[int, int]]) -> list[PastSession]:
    start = dt.date(2026, 1, 5)
    return [
        PastSession(
            date=start + dt.timedelta(days=7 * i),
            treatment="trigger_point_therapy",
            duration_min=45,
            pressure=5,
            pain_before=before,
            pain_after=after,
        )
        for i, (before, after) in enumerate(pains)
    ]


@pytest.mark.parametrize(
    ("before", "after", "important"),
    [
        (6, 4, True),
        (6, 5, False),
        (10, 7, True),
        (10, 8, True),
        (3, 2, True),
        (3, 3, False),
        (0, 0, False),
        (1, 0, True),
    ],
)
def test_x6_two_points_or_thirty_percent(before: int, after: int, important: bool) -> None:
    assert progress.clinically_important_improvement(before, after) is important


@given(st.integers(min_value=1, max_value=10), PAIN)
def test_the_charts_band_is_the_same_rule(first: int, after: int) -> None:
    """The pain chart's band (everything at or below the threshold) marks exactly the X6 improvements
    (a first pain of 0 draws no band)."""
    line = progress.important_change_threshold(first)
    assert (after <= line) == progress.clinically_important_improvement(first, after)


def test_h2_needs_three_treatments_and_compares_pain_before() -> None:
    assert not progress.no_progress(history([(6, 6), (6, 6)]))  # two treatments: too early (H2)
    assert progress.no_progress(history([(6, 6), (6, 6), (6, 5)]))
    assert not progress.no_progress(history([(6, 6), (5, 5), (4, 4)]))  # 2 points down (X6)
    assert not progress.no_progress(history([(0, 0), (0, 0), (0, 0)]))  # nothing to improve
    # E2: relief right after the latest session, gone before it, is no lasting progress.
    faded = history([(6, 6), (6, 5), (6, 2)])
    assert progress.no_progress(faded) and progress.relief_fades(faded)


@given(st.lists(st.tuples(PAIN, PAIN), min_size=0, max_size=6))
def test_the_client_lists_column_equals_the_planners_rule(pains: list[tuple[int, int]]) -> None:
    sessions = history(pains)
    first = pains[0][0] if pains else None
    latest = pains[-1][0] if pains else None
    assert progress.no_progress_from(len(pains), first, latest) == progress.no_progress(sessions)


@pytest.mark.parametrize(
    ("disclosed", "reviewed", "flag"),
    [(["diabetes"], False, True), (["diabetes"], True, False), ([], False, False), (None, None, False)],
)
def test_a1_disclosures_not_reviewed(disclosed, reviewed, flag: bool) -> None:
    assert disclosures.disclosures_not_reviewed(disclosed, reviewed) is flag


@pytest.mark.parametrize(("disclosed", "reviewed"), [(["diabetes"], False), (["diabetes"], True), ([], False)])
def test_a1_is_the_same_in_the_planner_and_the_risk_profile(disclosed: list[str], reviewed: bool) -> None:
    client = {
        "massage_experience": "regular", "condition_months": 3, "trigger_points": "few", "trigger_point_severity": "mild",
        "stressors": False, "bad_experience_before": False, "known_fainting_tendency": False,
        "disclosed_conditions": disclosed, "conditions_reviewed": reviewed,
    }  # fmt: skip
    profile = RiskProfileIn.model_validate(client)
    request = PlanRequest.model_validate(
        {"client": {**client, "age": 40}, "history": [], "planned_treatment": "deep_massage"}
    )
    flagged = PlanFlag.review_disclosures in plan(request).flags
    assert profile.disclosures_not_reviewed == flagged == disclosures.disclosures_not_reviewed(disclosed, reviewed)


def test_not_sure_counts_as_the_trees_safer_answer() -> None:
    neck = TREE.questions["q_neck"]
    fainting = TREE.questions["q_fainting_tendency"]
    assert answers.yes_no_choices(neck.unsure_means) == ["yes", "no", "unsure"]
    assert answers.yes_no_value("unsure", neck.unsure_means) is True  # perhaps treated: treated (F3, X2)
    assert answers.yes_no_value("unsure", fainting.unsure_means) is False  # unknown tendency: none (F2)
    assert answers.yes_no_value("yes", None) is True and answers.yes_no_value("no", None) is False
    assert answers.yes_no_choices(None) == ["yes", "no"]
    with pytest.raises(ValueError):
        answers.yes_no_value("unsure", None)


@pytest.mark.parametrize(
    ("trajectory", "given", "value"),
    [
        ("worsening", None, None),  # required: missing, never 0 hours
        ("worsening", 6, 6.0),
        ("unsure", None, 0.0),
        ("unsure", 5, 5.0),
        ("improving", None, 0.0),
        ("improving", 8, 8.0),  # F4: hours of clear worsening count whatever the answer beside them
        (None, None, 0.0),
    ],
)
def test_worsening_hours(trajectory, given, value) -> None:
    assert answers.worsening_hours_value(trajectory, given) == value


def test_which_trajectories_ask_for_the_hours() -> None:
    assert [t for t in ("improving", "stable", "worsening", "unsure") if answers.asks_worsening_hours(t)] == [
        "worsening",
        "unsure",
    ]
    assert answers.worsening_hours_required("worsening") and not answers.worsening_hours_required("unsure")
