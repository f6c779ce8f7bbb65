"""The drawable decision tree: every node placed once, no overlaps, branches exactly the tree's."""

from __future__ import annotations

import itertools

import pytest

from logic.conditions import AnyFlag
from logic.figures.tree_layout import EXAMPLES, highlight, layout, tree_layout
from logic.models import LEVEL_ORDER, Level, ReactionReport, Text
from logic.reaction import walk
from logic.tree_data import TREE
from logic.tree_model import Branch, DecisionTree, Leaf, Node, Question

GRAPH = tree_layout()


def test_every_question_and_leaf_is_placed_once() -> None:
    assert set(GRAPH.nodes) == set(TREE.nodes) | set(TREE.leaves)
    assert GRAPH.rows == len(TREE.nodes) + len(TREE.leaves)
    assert sorted(n.row for n in GRAPH.nodes.values()) == list(range(GRAPH.rows))
    for node_id, node in GRAPH.nodes.items():
        assert node.kind == ("question" if node_id in TREE.nodes else "leaf")
        assert (node.level is None) == (node.kind == "question")
        assert node.label.da and node.label.en and node.text.da and node.text.en
        assert node.statement_ids


def test_no_two_nodes_share_a_position() -> None:
    positions = [(n.x, n.y) for n in GRAPH.nodes.values()]
    assert len(set(positions)) == len(positions)
    # One node per row: texts, written to the right of each marker, can never overlap.
    assert len({n.y for n in GRAPH.nodes.values()}) == len(positions)


def test_edges_are_the_trees_branches() -> None:
    expected = [(source, target, label) for source, node in TREE.nodes.items() for target, label in node.edges()]
    assert [(e.source, e.target, e.label) for e in GRAPH.edges] == expected


def test_every_edge_runs_from_its_source_down_to_its_target() -> None:
    for edge in GRAPH.edges:
        source, target = GRAPH.nodes[edge.source], GRAPH.nodes[edge.target]
        assert edge.points[0] == (source.x, source.y)
        assert edge.points[-1] == (target.x, target.y)
        assert target.row > source.row, "a parent is always drawn above its children"
        for (x0, y0), (x1, y1) in itertools.pairwise(edge.points):
            assert x0 == x1 or y0 == y1, "branches are drawn with straight horizontal and vertical lines"
            assert y1 <= y0, "no branch line goes back up"


def assert_no_line_through_a_node(graph) -> None:
    """A vertical line never crosses a marker or runs through the text to the right of it."""
    for edge in graph.edges:
        for (x0, y0), (x1, y1) in itertools.pairwise(edge.points):
            if x0 != x1:
                continue
            top, bottom = max(y0, y1), min(y0, y1)
            for node in graph.nodes.values():
                if node.id in (edge.source, edge.target) or not bottom < node.y < top:
                    continue
                assert x0 < node.x, f"{edge.source}->{edge.target} runs through {node.id}"


def test_no_line_passes_through_another_node() -> None:
    assert_no_line_through_a_node(GRAPH)


def diamond() -> DecisionTree:
    """Two branches that meet again with questions in between (as the tree once had): the branch
    that rejoins must run down a channel left of the spine instead of through the other branch."""
    yes = AnyFlag(paths=("neck_treatment",))
    text = Text(da="x", en="x")

    def node(id, to, otherwise):
        return Node(
            id=id, question="q", label=Text(da=id, en=id), statement_ids=["E1"],
            branches=[Branch(when=yes, to=to, label=Text(da="Ja", en="Yes"))], otherwise=otherwise,
        )  # fmt: skip

    def leaf(id):
        return Leaf(id=id, level=Level.expected, label=text, reason=text, statement_ids=["B1"])

    return DecisionTree(
        root="top",
        questions={"q": Question(id="q", kind="yes_no", fields=["neck_treatment"], text=text, therapist_text=text, statement_ids=["F3"])},
        nodes={n.id: n for n in [
            node("top", "left", "right"), node("left", "l1", "join"), node("right", "detour", "join"),
            node("detour", "l2", "l3"), node("join", "l4", "l5"),
        ]},
        leaves={leaf(i).id: leaf(i) for i in ("l1", "l2", "l3", "l4", "l5")},
        advice=TREE.advice,
    )  # fmt: skip


def test_a_rejoin_across_other_questions_runs_down_a_channel() -> None:
    graph = layout(diamond())
    rejoin = graph.edge("left", "join")
    assert rejoin.kind == "rejoin"
    assert min(x for x, _ in rejoin.points) < 0 == graph.nodes["join"].x, "the channel lies left of the spine"
    assert graph.min_x < 0
    assert_no_line_through_a_node(graph)
    assert len({(n.x, n.y) for n in graph.nodes.values()}) == graph.rows


def test_leaves_sit_beside_their_parent() -> None:
    for leaf_id in TREE.leaves:
        parent = next(e.source for e in GRAPH.edges if e.target == leaf_id)
        leaf, node = GRAPH.nodes[leaf_id], GRAPH.nodes[parent]
        assert leaf.lane == node.lane + 1
        between = [n for n in GRAPH.nodes.values() if node.row < n.row < leaf.row]
        assert all(n.lane > node.lane for n in between), "a parent's leaves follow it, before its next question"


def test_the_spine_is_the_route_of_otherwise_answers() -> None:
    current = TREE.root
    while current in TREE.nodes:
        assert GRAPH.nodes[current].lane == 0
        current = TREE.nodes[current].otherwise


@pytest.mark.parametrize("lang", ["da", "en"])
def test_branch_labels_lead_into_their_targets(lang) -> None:
    assert GRAPH.nodes[TREE.root].prefix(lang) == ""
    for node_id, node in GRAPH.nodes.items():
        if node_id == TREE.root:
            continue
        labels = list(dict.fromkeys(e.label(lang) for e in GRAPH.parents(node_id)))
        assert node.prefix(lang) == " / ".join(labels)
    assert GRAPH.nodes["l_doctor_dark_urine"].prefix("en") == "Dark urine"
    # A question reached by two different answers names both (the clinic's tree has no such join now).
    tree = diamond()
    yes_to_join = tree.nodes["left"].branches[0].model_copy(update={"to": "join"})
    left = tree.nodes["left"].model_copy(update={"branches": [yes_to_join], "otherwise": "l1"})
    graph = layout(tree.model_copy(update={"nodes": tree.nodes | {"left": left}}))
    assert graph.nodes["join"].prefix(lang) == " / ".join(
        dict.fromkeys(e.label(lang) for e in graph.parents("join"))
    ) and " / " in graph.nodes["join"].prefix(lang)


def test_layout_is_deterministic() -> None:
    again = layout(TREE)
    assert [(n.id, n.x, n.y) for n in again.nodes.values()] == [(n.id, n.x, n.y) for n in GRAPH.nodes.values()]
    assert [e.points for e in again.edges] == [e.points for e in GRAPH.edges]


@pytest.mark.parametrize("example", list(EXAMPLES.values()), ids=list(EXAMPLES))
def test_examples_are_full_reports_reaching_their_level(example) -> None:
    report = ReactionReport.model_validate(example.report)
    result = walk(report.model_dump(mode="json"))
    assert result.done and result.leaf.level == example.level


def test_examples_cover_every_level() -> None:
    assert {e.level for e in EXAMPLES.values()} == set(LEVEL_ORDER)


def test_highlight_of_a_real_walk() -> None:
    path = walk(EXAMPLES["healing_crisis"].report).path
    route = highlight(path)
    assert route.nodes == set(path)
    assert route.edges == set(itertools.pairwise(path))
    assert route.end == "l_healing_crisis"
    for source, target in route.edges:
        GRAPH.edge(source, target)  # every highlighted step is a drawn branch


def test_highlight_of_an_unfinished_walk_ends_at_the_open_question() -> None:
    answers = {"red_flags": EXAMPLES["expected"].report["red_flags"], "neck_treatment": False}
    result = walk(answers)
    assert not result.done
    route = highlight(result.path)
    # n_urgent_flags asks the red flags again, already answered: the open question is the symptoms.
    assert route.end == result.path[-1] == "n_severe_symptoms"
    assert {("n_neck", "n_urgent_flags"), ("n_urgent_flags", "n_severe_symptoms")} <= route.edges


def test_highlight_ignores_what_is_not_a_route() -> None:
    assert not highlight(None)
    assert not highlight([])
    assert highlight(["n_red_flags", "n_flare_size"]).nodes == {"n_red_flags"}
    assert not highlight(["no_such_node"])
