"""The figures, built without a browser: node ids on every point, the legend, the route, the sessions."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import pytest

from logic.figures.levels import level_name
from logic.figures.sessions import history_figure
from logic.figures.tree import tree_figure
from logic.figures.tree_layout import EXAMPLES
from logic.models import LEVEL_ORDER, PastSession, Plan
from logic.planner import plan, suggestion_date
from logic.reaction import walk
from logic.settings import ClinicSettings
from logic.tree_data import TREE
from tests.strategies import client_dict, make_plan_request

ALL_IDS = set(TREE.nodes) | set(TREE.leaves)
PATH = walk(EXAMPLES["healing_crisis"].report).path


def node_points(fig: go.Figure) -> dict[str, tuple[go.Scatter, int]]:
    """Node id -> (trace, index) of every point that carries a node id, except the selection ring."""
    points: dict[str, tuple[go.Scatter, int]] = {}
    for trace in fig.data:
        if trace.meta == "tree-selected" or trace.customdata is None:
            continue
        for i, node_id in enumerate(trace.customdata):
            assert node_id not in points, f"{node_id} is drawn twice"
            points[node_id] = (trace, i)
    return points


def legend_names(fig: go.Figure) -> list[str]:
    return [t.name for t in fig.data if t.showlegend is not False and t.name]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_one_marker_per_node_with_its_id(lang) -> None:
    fig = tree_figure(lang)
    points = node_points(fig)
    assert set(points) == ALL_IDS
    for node_id, (trace, i) in points.items():
        assert "markers" in trace.mode
        assert trace.hovertext[i], f"{node_id} has no hover text"


@pytest.mark.parametrize("lang", ["da", "en"])
def test_legend_has_every_level_in_the_language(lang) -> None:
    names = legend_names(tree_figure(lang))
    for level in LEVEL_ORDER:
        assert names.count(level_name(level, lang)) == 1
    other = "en" if lang == "da" else "da"
    assert not any(level_name(level, other) in names for level in LEVEL_ORDER)


def test_legend_uses_the_clinics_emergency_number() -> None:
    settings = ClinicSettings(emergency_phone="999")
    assert "Emergency: call 999 now" in legend_names(tree_figure("en", settings=settings))


def test_leaves_are_coloured_by_level() -> None:
    fig = tree_figure("en")
    for trace, i in node_points(fig).values():
        node_id = trace.customdata[i]
        if node_id in TREE.leaves:
            assert trace.meta == f"tree-level-{TREE.leaves[node_id].level.value}"
    colours = {t.marker.color for t in fig.data if (t.meta or "").startswith("tree-level-")}
    assert len(colours) == len(LEVEL_ORDER)


def test_labels_differ_by_language() -> None:
    da, en = tree_figure("da"), tree_figure("en")

    def text(fig):
        return [t for trace in fig.data if trace.text is not None for t in trace.text]

    assert text(da) != text(en)
    assert any("Akutte røde flag?" in t for t in text(da))
    assert any("Emergency red flags?" in t for t in text(en))
    assert legend_names(da) != legend_names(en)


def test_hover_shows_the_full_text() -> None:
    points = node_points(tree_figure("en"))
    trace, i = points["n_flare_size"]
    assert "How much did your original complaint hurt" in trace.hovertext[i]
    trace, i = points["l_doctor_dark_urine"]
    assert "rhabdomyolysis" in trace.hovertext[i] and "X3" in trace.hovertext[i]


def test_the_route_is_highlighted() -> None:
    plain, routed = tree_figure("en"), tree_figure("en", path=PATH)
    assert plain.to_plotly_json() != routed.to_plotly_json()
    route = next(t for t in routed.data if t.meta == "tree-route")
    plain_route = next(t for t in plain.data if t.meta == "tree-route")
    assert [x for x in plain_route.x if x is not None] == []
    assert route.line.width > next(t for t in routed.data if t.meta == "tree-edges").line.width
    points = node_points(routed)
    for node_id in ALL_IDS:
        trace, i = points[node_id]
        if node_id in PATH:
            assert trace.marker.opacity[i] == 1.0 and trace.marker.line.width[i] > 1
        else:
            assert trace.marker.opacity[i] < 1.0 and trace.marker.line.width[i] == 1
    # Without a route nothing is dimmed.
    for trace, i in node_points(plain).values():
        assert trace.marker.opacity[i] == 1.0


def test_the_selected_node_gets_a_ring() -> None:
    fig = tree_figure("en", selected="n_flare_size")
    ring = [t for t in fig.data if t.meta == "tree-selected"]
    assert len(ring) == 1 and list(ring[0].customdata) == ["n_flare_size"]
    assert not [t for t in tree_figure("en", selected="nonsense").data if t.meta == "tree-selected"]


def test_compact_figure_drops_branch_labels_but_keeps_every_node() -> None:
    full, compact = tree_figure("en"), tree_figure("en", compact=True)
    assert set(node_points(compact)) == ALL_IDS
    trace, i = node_points(full)["n_neck"]
    assert "Otherwise" in trace.text[i]
    trace, i = node_points(compact)["n_neck"]
    assert "Otherwise" not in trace.text[i] and "Neck treated?" in trace.text[i]


def test_figure_fits_a_laptop_without_zooming() -> None:
    fig = tree_figure("en")
    assert fig.layout.xaxis.fixedrange and fig.layout.yaxis.fixedrange
    rows = len(ALL_IDS)
    assert fig.layout.height / rows >= 18, "rows tall enough for 12 px text"


# --- Sessions ----------------------------------------------------------------------------------


def sessions() -> list[PastSession]:
    rows = [
        ("2026-01-05", 60, 6, 7, 6, "healing_crisis"),
        ("2026-01-12", 45, 5, 6, 6, "expected"),
        ("2026-01-19", 45, 5, 6, 5, None),
    ]
    return [
        PastSession(
            date=dt.date.fromisoformat(d),
            treatment="trigger_point_therapy",
            duration_min=minutes,
            pressure=pressure,
            pain_before=before,
            pain_after=after,
            reaction_level=level,
        )
        for d, minutes, pressure, before, after, level in rows
    ]


def suggestion(history: list[PastSession]) -> Plan:
    """The plan for a low-risk client of 50 (tests/strategies.py's client) after `history`."""
    request = make_plan_request(client=client_dict(age=50), history=[s.model_dump(mode="json") for s in history])
    return plan(request, "en")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_history_figure_marks_the_suggested_session(lang) -> None:
    history = sessions()
    proposal = suggestion(history)
    fig = history_figure(history, proposal, lang)
    by_uid = {t.meta: t for t in fig.data}
    assert list(by_uid["history-pain-before"].y) == [7, 6, 6]
    assert list(by_uid["history-pain-after"].y) == [6, 6, 5]
    assert list(by_uid["history-pressure"].y) == [6, 5, 5]
    marker = by_uid["history-suggestion"]
    when = history[-1].date + dt.timedelta(days=proposal.interval_days)
    assert list(marker.x) == [when] and list(marker.y) == [proposal.pressure]
    assert marker.marker.symbol == "star"
    assert suggestion_date(history, proposal) == when


def test_history_axis_titles_are_translated() -> None:
    history = sessions()
    da, en = history_figure(history, suggestion(history), "da"), history_figure(history, suggestion(history), "en")
    assert da.layout.xaxis.title.text == "Dato" and en.layout.xaxis.title.text == "Date"
    assert da.layout.yaxis.title.text != en.layout.yaxis.title.text
    assert legend_names(da) != legend_names(en)


def test_history_figure_without_sessions_or_suggestion() -> None:
    fig = history_figure([], None, "en")
    assert "history-suggestion" not in {t.meta for t in fig.data}
    proposal = suggestion([])
    fig = history_figure([], proposal, "en", today=dt.date(2026, 3, 1))
    marker = next(t for t in fig.data if t.meta == "history-suggestion")
    assert list(marker.x) == [dt.date(2026, 3, 1) + dt.timedelta(days=proposal.interval_days)]
