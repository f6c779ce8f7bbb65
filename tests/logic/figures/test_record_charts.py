"""The record's figures as plain functions: traces, X6's mark, the level axis, the body map's points."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from logic import body_map
from logic.figures.records import (
    BODY_MAP_CONFIG,
    body_map_figure,
    level_figure,
    level_names,
    load_figure,
    pain_figure,
)
from logic.models import Level, Treatment
from logic.progress import clinically_important_improvement, important_change_threshold


@dataclass
class Session:
    date: dt.date
    pain_before: int
    pain_after: int
    duration_min: float = 45
    pressure: float = 5
    treatment: Treatment = Treatment.trigger_point_therapy
    reaction_level: Level | None = None


@dataclass
class Check:
    checked_at: dt.datetime
    level: Level
    progress_sign: bool = False


def sessions(*pains: tuple[int, int]) -> list[Session]:
    start = dt.date(2026, 1, 5)
    return [Session(start + dt.timedelta(days=7 * i), before, after) for i, (before, after) in enumerate(pains)]


def trace(fig, meta: str):
    [found] = [t for t in fig.data if t.meta == meta]
    return found


@pytest.mark.parametrize(
    ("first", "threshold"),
    [(8, 6), (7, 5), (6, 4.2), (5, 3.5), (3, 2.1), (1, 0.7), (10, 8), (0, 0)],
)
def test_threshold_is_2_points_or_30_percent_whichever_is_reached_first(first: int, threshold: float) -> None:
    assert important_change_threshold(first) == pytest.approx(threshold)


@pytest.mark.parametrize("first", range(1, 11))
def test_threshold_agrees_with_the_planner_rule(first: int) -> None:
    """A whole-number pain after at or below the line is exactly what the planner counts as X6 progress."""
    line = important_change_threshold(first)
    for after in range(0, 11):
        assert (after <= line) == clinically_important_improvement(first, after), (first, after)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_pain_figure_has_before_after_and_the_x6_mark(lang: str) -> None:
    history = sessions((7, 6), (6, 5), (6, 4))
    fig = pain_figure(history, lang)
    before, after = trace(fig, "pain-before"), trace(fig, "pain-after")
    assert list(before.y) == [7, 6, 6] and list(after.y) == [6, 5, 4]
    assert list(before.x) == [s.date for s in history]
    assert before.name == {"da": "Smerte før", "en": "Pain before"}[lang]
    mark = trace(fig, "x6-threshold")
    assert set(mark.y) == {5}  # 7 less 2 points (30 % of 7 is 2.1)
    assert "X6" in mark.name and "5" in mark.name
    assert (mark.x[0], mark.x[-1]) == (history[0].date, history[-1].date)
    [band] = [s for s in fig.layout.shapes if s.type == "rect"]
    assert (band.y0, band.y1) == (0, 5)
    assert fig.layout.yaxis.title.text == {"da": "Smerte 0-10", "en": "Pain 0-10"}[lang]


def test_pain_figure_of_one_session_and_of_none() -> None:
    fig = pain_figure(sessions((4, 4)), "en")
    mark = trace(fig, "x6-threshold")
    assert set(mark.y) == {2.8} and mark.x[0] < mark.x[-1]  # a band wide enough to see
    empty = pain_figure([], "en")
    assert [t.meta for t in empty.data] == ["pain-before", "pain-after"]
    assert not empty.layout.shapes


@pytest.mark.parametrize("lang", ["da", "en"])
def test_level_figure_uses_an_ordinal_axis_of_the_five_levels(lang: str) -> None:
    times = [dt.datetime(2026, 1, 6, 10) + dt.timedelta(days=7 * i) for i in range(4)]
    checks = [
        Check(times[0], Level.healing_crisis),
        Check(times[1], Level.expected, progress_sign=True),
        Check(times[2], Level.contact_therapist),
        Check(times[3], Level.expected),
    ]
    fig = level_figure(checks, lang)
    axis = fig.layout.yaxis
    assert list(axis.tickvals) == [0, 1, 2, 3, 4]
    expected_names = {
        "da": ["Forventet", "Helingskrise", "Kontakt behandler", "Læge i dag", "Akut"],
        "en": ["Expected", "Healing crisis", "Contact therapist", "Doctor today", "Emergency"],
    }[lang]
    assert list(axis.ticktext) == expected_names == level_names(lang)
    expected = trace(fig, "level-expected")
    assert list(expected.y) == [0, 0] and list(expected.x) == [times[1], times[3]]
    assert expected.name == expected_names[0]
    assert list(trace(fig, "level-healing_crisis").y) == [1]
    assert list(trace(fig, "level-contact_therapist").y) == [2]
    # Shape and colour per level, never colour alone.
    symbols = {t.marker.symbol for t in fig.data if str(t.meta).startswith("level-") and t.meta != "levels-line"}
    assert len(symbols) == 3
    progress = trace(fig, "progress-sign")
    assert list(progress.x) == [times[1]] and list(progress.y) == [0]
    assert list(trace(fig, "levels-line").y) == [1, 0, 2, 0]


def test_level_figure_without_checks_still_names_the_levels() -> None:
    fig = level_figure([], "da")
    assert list(fig.layout.yaxis.ticktext) == level_names("da")
    assert not fig.data


@pytest.mark.parametrize("lang", ["da", "en"])
def test_load_figure_has_pressure_and_duration_on_their_own_axes(lang: str) -> None:
    history = sessions((6, 5), (5, 4))
    history[1].pressure, history[1].duration_min = 4, 30
    fig = load_figure(history, lang)
    pressure, duration = trace(fig, "pressure"), trace(fig, "duration")
    assert list(pressure.y) == [5, 4] and list(duration.y) == [45, 30]
    assert duration.yaxis == "y2" and fig.layout.yaxis2.overlaying == "y"
    assert fig.layout.yaxis2.title.text == {"da": "Varighed (min)", "en": "Duration (min)"}[lang]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_body_map_has_one_point_per_region_with_its_id(lang: str) -> None:
    fig = body_map_figure(lang, selected=["lower_back"], original=["neck_back", "upper_back"])
    points = trace(fig, "body-map-regions")
    assert list(points.customdata) == [r.id for r in body_map.REGIONS]
    assert len(points.x) == len(points.y) == len(body_map.REGIONS) >= 20
    # Every region is drawn as an outline, plus a faint head and arms behind the back view.
    assert len([s for s in fig.layout.shapes if s.type == "path"]) == len(body_map.REGIONS) + 5
    # Each region's point sits inside its own view: back regions to the right of the front ones.
    for region, x in zip(body_map.REGIONS, points.x, strict=True):
        assert (x > body_map.WIDTH) == (region.side == "back")
    symbols = dict(zip(points.customdata, points.marker.symbol, strict=True))
    assert symbols["lower_back"] == "circle"  # marked
    assert symbols["neck_back"] == symbols["upper_back"] == "diamond"  # original pain
    assert symbols["head"] == "circle-open"
    hover = dict(zip(points.customdata, points.hovertext, strict=True))
    assert body_map.label("lower_back", lang) in hover["lower_back"]
    texts = [a.text for a in fig.layout.annotations]
    assert any({"da": "Forfra", "en": "Front"}[lang] in text for text in texts)
    assert any({"da": "Bagfra", "en": "Back"}[lang] in text for text in texts)


def test_body_map_is_a_fixed_picture_for_selecting() -> None:
    fig = body_map_figure("en")
    assert fig.layout.xaxis.fixedrange and fig.layout.yaxis.fixedrange
    assert fig.layout.yaxis.range[0] > fig.layout.yaxis.range[1]  # y grows downward, as in body_map
    # No drag or click mode of its own: Streamlit then selects a point on a click; box and lasso are tools.
    assert fig.layout.dragmode is None and fig.layout.clickmode is None
    removed = set(BODY_MAP_CONFIG["modeBarButtonsToRemove"])
    assert BODY_MAP_CONFIG["displayModeBar"] and not removed & {"select2d", "lasso2d"} and "zoom2d" in removed


def test_one_day_of_data_gets_a_readable_date_axis() -> None:
    """Within two days Plotly would tick hours under a date format: the axis shows a week instead."""
    moment = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    fig = level_figure([Check(moment, Level.expected)], "en")
    [x] = trace(fig, "level-expected").x
    assert x.tzinfo is None and x == moment.astimezone().replace(tzinfo=None)  # the clinic's wall clock
    start, end = fig.layout.xaxis.range
    assert (end - start) == dt.timedelta(days=6)
    assert pain_figure(sessions((5, 3)), "da").layout.xaxis.range is not None
    assert pain_figure(sessions((5, 3), (5, 2)), "da").layout.xaxis.range is None  # a week apart: Plotly's own
    assert [stop.value for stop in fig.layout.xaxis.tickformatstops] == ["%Y-%m-%d %H:%M", "%Y-%m-%d"]
