"""The decision-tree page: the figure with the chosen route, and a node's detail with its statements."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from logic.figures.tree_layout import EXAMPLES
from logic.knowledge import cite
from logic.models import Level
from logic.reaction import walk
from logic.texts.vocabulary import word
from logic.tree_data import TREE
from tests import REPO
from tests.pages.page_support import start_page
from ui.i18n import translate
from ui.state import CONSULT_ANSWERS, SELFCHECK_ANSWERS
from ui.widgets import STATEMENT_REFERENCE

PAGE = REPO / "pages" / "public" / "decision_tree.py"


def start(lang: str, **state) -> AppTest:
    return start_page(PAGE, lang, **state)


def figure(at: AppTest) -> dict:
    [chart] = at.get("plotly_chart")
    return json.loads(chart.proto.spec)


def trace(spec: dict, meta: str) -> dict:
    return next(t for t in spec["data"] if t.get("meta") == meta)


def route_points(spec: dict) -> set[tuple[float, float]]:
    route = trace(spec, "tree-route")
    return {(x, y) for x, y in zip(route["x"], route["y"], strict=True) if x is not None}


def outlined(spec: dict) -> set[str]:
    """Ids of the node points drawn with a thick outline (the highlighted route)."""
    ids = set()
    for t in spec["data"]:
        if t.get("customdata") and t.get("meta", "").startswith("tree-") and t["meta"] != "tree-selected":
            for node_id, width in zip(t["customdata"], t["marker"]["line"]["width"], strict=True):
                if width > 1:
                    ids.add(node_id)
    return ids


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "success", "subheader") for e in at.get(kind)]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_whole_tree_without_answers(lang) -> None:
    at = start(lang)
    assert not at.exception
    assert at.subheader[0].value == translate("tree.title", lang)
    spec = figure(at)
    node_ids = {i for t in spec["data"] if t.get("customdata") for i in t["customdata"]}
    assert node_ids == set(TREE.nodes) | set(TREE.leaves)
    assert route_points(spec) == set()
    assert outlined(spec) == set()
    assert translate("tree.route.empty", lang) in texts(at)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_example_route_is_highlighted(lang) -> None:
    at = start(lang)
    at.selectbox(key="tree_source").set_value("example.healing_crisis").run()
    assert not at.exception
    path = walk(EXAMPLES["healing_crisis"].report).path
    spec = figure(at)
    assert outlined(spec) == set(path)
    assert route_points(spec), "the route is drawn as its own line"
    legend = [t["name"] for t in spec["data"] if t.get("showlegend") is not False and t.get("name")]
    assert ("Svarenes vej" if lang == "da" else "Route of the answers") in legend
    assert word(Level.healing_crisis, lang, "client") in texts(at)


def test_selfcheck_answers_are_offered_and_highlighted_first() -> None:
    partial = {"red_flags": EXAMPLES["expected"].report["red_flags"], "neck_treatment": False}
    at = start("en", **{SELFCHECK_ANSWERS: partial})
    assert at.selectbox(key="tree_source").value == "self"
    path = walk(partial).path
    assert outlined(figure(at)) == set(path)
    # Not finished: the page names the next question.
    assert TREE.questions["q_symptoms"].text("en") in texts(at)


def test_consultation_answers_are_offered() -> None:
    report = EXAMPLES["doctor_today"].report
    at = start("da", **{CONSULT_ANSWERS: report})
    assert at.selectbox(key="tree_source").value == "consult"
    assert translate("tree.source.consult", "da") in at.selectbox(key="tree_source").options
    assert outlined(figure(at)) == set(walk(report).path)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_choosing_a_question_shows_its_detail_and_statements(lang) -> None:
    at = start(lang)
    at.button(key="tree-pick-n_flare_size").click().run()
    assert not at.exception
    shown = texts(at)
    node = TREE.nodes["n_flare_size"]
    question = TREE.questions[node.question]
    assert question.text(lang) in shown
    assert question.therapist_text(lang) in shown
    for _target, label in node.edges():
        assert label(lang) in shown
    for sid, text in cite(node.statement_ids, lang):
        assert f"**{sid}**: {text}" in shown
    # The figure rings the chosen node.
    assert list(trace(figure(at), "tree-selected")["customdata"]) == ["n_flare_size"]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_choosing_a_leaf_shows_level_reason_advice_and_statements(lang) -> None:
    at = start(lang)
    at.button(key="tree-pick-l_doctor_dark_urine").click().run()
    assert not at.exception
    shown = texts(at)
    leaf = TREE.leaves["l_doctor_dark_urine"]
    assert leaf.reason(lang) in shown
    assert word(Level.doctor_today, lang, "client", phone="112") in shown
    assert "1813" in shown  # the advice, filled from the clinic settings
    for sid, text in cite(leaf.statement_ids, lang):
        assert f"**{sid}**: {text}" in shown


def test_detail_of_a_node_on_the_route_says_which_way_the_answers_went() -> None:
    at = start("en")
    at.selectbox(key="tree_source").set_value("example.healing_crisis").run()
    at.button(key="tree-pick-n_flare_size").click().run()
    shown = texts(at)
    assert translate("tree.detail.on_route", "en") in shown
    assert "The chosen answers continue with: *No*" in shown


def test_compact_view_drops_branch_labels() -> None:
    at = start("en")
    at.toggle(key="tree_compact").set_value(True).run()
    neck = next(
        text
        for t in figure(at)["data"]
        if t.get("customdata")
        for node_id, text in zip(t["customdata"], t.get("text") or [], strict=False)
        if node_id == "n_neck"
    )
    assert "Neck treated?" in neck and "Otherwise" not in neck


def test_page_texts_follow_the_language() -> None:
    da, en = start("da"), start("en")
    assert da.subheader[0].value != en.subheader[0].value
    assert [t["name"] for t in figure(da)["data"]] != [t["name"] for t in figure(en)["data"]]


@pytest.mark.signed_in(None)
@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_client_sees_no_statement_codes(lang) -> None:
    """A visitor (a client) reads the statements and the questions, not their codes (X2, F2) nor the
    therapist's wording that cites them; the figure's hover texts leave them out too."""
    at = start(lang)
    at.button(key="tree-pick-n_red_flags").click().run()
    assert not at.exception
    shown = texts(at)
    question = TREE.questions["q_red_flags"]
    assert question.text(lang) in shown
    assert question.therapist_text(lang) not in shown
    node = TREE.nodes["n_red_flags"]
    for sid, text in cite(node.statement_ids, lang):
        assert f"- {STATEMENT_REFERENCE.sub('', text)}" in shown and f"**{sid}**" not in shown
    assert not STATEMENT_REFERENCE.search(shown)
    hovers = [h for t in figure(at)["data"] for h in (t.get("hovertext") or [])]
    assert hovers and not any(sid in h for h in hovers for sid in ("X2", "X4", "F2"))


def test_one_tap_in_the_list_opens_a_node_and_a_second_closes_it() -> None:
    at = start("en")
    label = TREE.nodes["n_flare_size"].label("en")
    [button] = [b for b in at.button if b.key == "tree-pick-n_flare_size"]
    assert label in button.label
    button.click().run()
    assert TREE.questions[TREE.nodes["n_flare_size"].question].text("en") in texts(at)
    at.button(key="tree-pick-n_flare_size").click().run()
    assert translate("tree.detail.asked", "en") not in texts(at)
    # Every node of the tree is in the list, once.
    picks = [b.key for b in at.button if b.key and b.key.startswith("tree-pick-")]
    assert sorted(picks) == sorted(f"tree-pick-{i}" for i in [*TREE.nodes, *TREE.leaves])
