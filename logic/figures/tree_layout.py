"""The decision tree as a drawable graph: every node and leaf with a position, every branch as a line.

Pure data, no drawing library: figures/tree.py turns it into a figure, tests check it directly.

The drawing is an outline, read top to bottom, one node per row:

- The *spine* is the route of "otherwise" answers from the root; it is a vertical line on the left
  (lane 0). A node's other branches hang off its vertical line to the right, one lane in: its leaves
  and the questions only asked on that branch (a *detour*).
- Every row holds exactly one node, and its text is written to the right of its marker, so texts
  never overlap and no line runs through a text: lines only run to the left of a row's marker.
- The tree is a DAG: some questions have two parents. A node is placed after all its parents. A
  detour that rejoins the spine runs down from the detour and joins the spine's line just above
  the node it leads to; where other questions lie in between, it runs down a channel left of the
  spine instead, and enters the node from the left.
- A branch's label is written in front of the text of the node it leads to ("Yes ▸ Neck treated?");
  a node reached by several branches lists their labels ("No / Like a bruise ▸ ...").

The layout is deterministic: the same tree always gives the same positions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

from ..models import Language, Level, Text
from ..tree_data import TREE
from ..tree_model import DecisionTree

NodeKind = Literal["question", "leaf"]
EdgeKind = Literal["branch", "spine", "rejoin"]
Point = tuple[float, float]

ROW = 1.0  # vertical distance between rows (y grows upwards, so rows go down: y = -row)
LANE = 1.0  # horizontal distance between lanes
CHANNEL_X = -0.45  # the first channel left of the spine; further channels go further left
CHANNEL_STEP = 0.3


@dataclass(frozen=True)
class DrawNode:
    """A question node or a leaf, placed."""

    id: str
    kind: NodeKind
    label: Text  # the short label drawn on the figure
    text: Text  # the full text: the question asked (questions) or the reason (leaves)
    statement_ids: tuple[str, ...]
    row: int
    lane: int
    x: float
    y: float
    level: Level | None = None  # leaves only
    therapist_text: Text | None = None  # questions only: the therapist's wording
    question_id: str | None = None  # questions only
    incoming: tuple[Text, ...] = ()  # labels of the branches that lead here, each once

    def prefix(self, lang: Language) -> str:
        """The branch label(s) written in front of the node's text, or "" at the root."""
        return " / ".join(dict.fromkeys(label(lang) for label in self.incoming))


@dataclass(frozen=True)
class DrawEdge:
    """One branch: from a question to the next question or a leaf, as a polyline."""

    source: str
    target: str
    label: Text
    kind: EdgeKind
    points: tuple[Point, ...]


@dataclass(frozen=True)
class TreeLayout:
    nodes: dict[str, DrawNode]  # in row order, top first
    edges: list[DrawEdge]  # in the tree's branch order
    rows: int
    max_lane: int
    min_x: float  # leftmost point of any line (channels lie left of the spine)

    def edge(self, source: str, target: str) -> DrawEdge:
        for e in self.edges:
            if e.source == source and e.target == target:
                return e
        raise KeyError(f"no branch {source} -> {target}")

    def children(self, node_id: str) -> list[DrawEdge]:
        return [e for e in self.edges if e.source == node_id]

    def parents(self, node_id: str) -> list[DrawEdge]:
        return [e for e in self.edges if e.target == node_id]


@dataclass(frozen=True)
class Highlight:
    """The nodes and branches on one route through the tree."""

    nodes: frozenset[str] = frozenset()
    edges: frozenset[tuple[str, str]] = frozenset()
    end: str | None = None  # the last node of the route: a leaf, or the question still to answer

    def __bool__(self) -> bool:
        return bool(self.nodes)


def _parents(tree: DecisionTree) -> dict[str, list[tuple[str, Text]]]:
    parents: dict[str, list[tuple[str, Text]]] = defaultdict(list)
    for node_id, node in tree.nodes.items():
        for target, label in node.edges():
            parents[target].append((node_id, label))
    return parents


def _topological(tree: DecisionTree, parents: dict[str, list[tuple[str, Text]]]) -> list[str]:
    """Question nodes, every one after all its parents (Kahn's algorithm, ties in definition order)."""
    waiting = {n: len({p for p, _ in parents.get(n, [])}) for n in tree.nodes}
    order: list[str] = []
    ready = [n for n in tree.nodes if waiting[n] == 0]
    while ready:
        current = ready.pop(0)
        order.append(current)
        for child in dict.fromkeys(tree.children(current)):
            if child in tree.nodes:
                waiting[child] -= 1
                if waiting[child] == 0:
                    ready.append(child)
    if len(order) != len(tree.nodes):
        raise ValueError("the decision tree has a cycle or an unreachable question")
    return order


def _lanes(tree: DecisionTree, topo: list[str], parents: dict[str, list[tuple[str, Text]]]) -> dict[str, int]:
    """A question's lane: its parent's lane when it is that parent's "otherwise", else one lane in."""
    lanes = {tree.root: 0}
    for node_id in topo:
        if node_id == tree.root:
            continue
        options = [
            lanes[p] + (0 if tree.nodes[p].otherwise == node_id else 1) for p, _ in parents[node_id] if p in lanes
        ]
        lanes[node_id] = min(options)
    return lanes


def _rows(tree: DecisionTree, lanes: dict[str, int], parents: dict[str, list[tuple[str, Text]]]) -> list[str]:
    """Every node and leaf in row order: each question, then what hangs off it (its leaves and
    detours, in branch order, each subtree whole), then its own continuation down its lane."""
    rows: list[str] = []
    placed: set[str] = set()

    def ready(node_id: str) -> bool:
        return node_id not in placed and all(p in placed for p, _ in parents.get(node_id, []))

    def emit(node_id: str) -> None:
        rows.append(node_id)
        placed.add(node_id)
        if node_id in tree.leaves:
            return
        targets = list(dict.fromkeys(tree.children(node_id)))
        lane = lanes[node_id]
        for target in targets:
            if (target in tree.leaves and target not in placed) or (
                target in tree.nodes and lanes[target] > lane and ready(target)
            ):
                emit(target)
        for target in targets:
            if target in tree.nodes and lanes[target] == lane and ready(target):
                emit(target)

    emit(tree.root)
    # Anything the outline could not reach in order (not the case for TREE): appended at the end.
    for node_id in _topological(tree, parents):
        if node_id not in placed:
            emit(node_id)
    for leaf_id in tree.leaves:
        if leaf_id not in placed and leaf_id in parents:
            emit(leaf_id)
    return rows


def _subtree_end(node_id: str, row_of: dict[str, int], lanes: dict[str, int], tree: DecisionTree) -> int:
    """The last row of what hangs off a node (its leaves and deeper detours), or its own row."""
    end = row_of[node_id]
    for target in tree.children(node_id):
        if target in tree.leaves and target in row_of:
            end = max(end, row_of[target])
        elif target in tree.nodes and lanes[target] > lanes[node_id]:
            end = max(end, _subtree_end(target, row_of, lanes, tree))
    return end


def layout(tree: DecisionTree = TREE) -> TreeLayout:
    """Place every question and leaf of the tree and route every branch (see the module doc)."""
    parents = _parents(tree)
    topo = _topological(tree, parents)
    lanes = _lanes(tree, topo, parents)
    for leaf_id in tree.leaves:
        if leaf_id in parents:
            lanes[leaf_id] = min(lanes[p] for p, _ in parents[leaf_id]) + 1
    order = _rows(tree, lanes, parents)
    row_of = {node_id: i for i, node_id in enumerate(order)}

    def pos(node_id: str) -> Point:
        return (lanes[node_id] * LANE, -row_of[node_id] * ROW)

    nodes: dict[str, DrawNode] = {}
    for node_id in order:
        x, y = pos(node_id)
        incoming = tuple(dict.fromkeys(label for _, label in parents.get(node_id, [])))
        if node_id in tree.nodes:
            node = tree.nodes[node_id]
            question = tree.questions[node.question]
            nodes[node_id] = DrawNode(
                id=node_id,
                kind="question",
                label=node.label,
                text=question.text,
                therapist_text=question.therapist_text,
                question_id=question.id,
                statement_ids=tuple(node.statement_ids),
                row=row_of[node_id],
                lane=lanes[node_id],
                x=x,
                y=y,
                incoming=incoming,
            )
        else:
            leaf = tree.leaves[node_id]
            nodes[node_id] = DrawNode(
                id=node_id,
                kind="leaf",
                label=leaf.label,
                text=leaf.reason,
                level=leaf.level,
                statement_ids=tuple(leaf.statement_ids),
                row=row_of[node_id],
                lane=lanes[node_id],
                x=x,
                y=y,
                incoming=incoming,
            )

    edges: list[DrawEdge] = []
    channel_spans: list[list[tuple[float, float]]] = []  # per channel: the (top, bottom) rows it runs
    min_x = 0.0
    for source, node in tree.nodes.items():
        sx, sy = pos(source)
        for target, label in node.edges():
            tx, ty = pos(target)
            lane_s, lane_t = lanes[source], lanes[target]
            between = order[row_of[source] + 1 : row_of[target]]
            if lane_t > lane_s:
                kind: EdgeKind = "branch"
                points: tuple[Point, ...] = ((sx, sy), (sx, ty), (tx, ty))
            elif lane_t == lane_s and not any(lanes[n] <= lane_s for n in between):
                kind = "spine"
                points = ((sx, sy), (tx, ty))
            else:
                kind = "rejoin"
                end = _subtree_end(source, row_of, lanes, tree)
                bend = -(end + 0.5) * ROW
                if row_of[target] == end + 1:
                    # Right after the detour: join the target's lane half a row above it.
                    points = ((sx, sy), (sx, bend), (tx, bend), (tx, ty))
                else:
                    top, bottom = end + 0.5, float(row_of[target])
                    index = next(
                        (i for i, spans in enumerate(channel_spans) if all(bottom < a or top > b for a, b in spans)),
                        len(channel_spans),
                    )
                    if index == len(channel_spans):
                        channel_spans.append([])
                    channel_spans[index].append((top, bottom))
                    cx = tx + CHANNEL_X - index * CHANNEL_STEP
                    min_x = min(min_x, cx)
                    points = ((sx, sy), (sx, bend), (cx, bend), (cx, ty), (tx, ty))
            edges.append(DrawEdge(source=source, target=target, label=label, kind=kind, points=points))
    return TreeLayout(
        nodes=nodes,
        edges=edges,
        rows=len(order),
        max_lane=max(lanes[n] for n in order),
        min_x=min_x,
    )


_LAYOUT: TreeLayout | None = None


def tree_layout() -> TreeLayout:
    """The layout of the product's decision tree (computed once)."""
    global _LAYOUT
    if _LAYOUT is None:
        _LAYOUT = layout(TREE)
    return _LAYOUT


def highlight(path: list[str] | tuple[str, ...] | None, tree_graph: TreeLayout | None = None) -> Highlight:
    """The nodes and branches of a route (`walk(answers).path`), root first.

    Ids the drawing does not know are left out, and the route stops at the first step that is not a
    branch of the tree, so a stale or foreign path never highlights a wrong line.
    """
    graph = tree_graph or tree_layout()
    path = list(path or [])
    known = {(e.source, e.target) for e in graph.edges}
    nodes: list[str] = []
    edges: set[tuple[str, str]] = set()
    for i, node_id in enumerate(path):
        if node_id not in graph.nodes:
            break
        if i > 0:
            step = (path[i - 1], node_id)
            if step not in known:
                break
            edges.add(step)
        nodes.append(node_id)
    return Highlight(nodes=frozenset(nodes), edges=frozenset(edges), end=nodes[-1] if nodes else None)


# --- Example reports: one route to each level, for the decision-tree page ---------------------------


def _report(**changes: Any) -> dict[str, Any]:
    """A full reaction report (interfaces.md section 1): calm defaults, then the changes."""
    data: dict[str, Any] = {
        "hours_since_treatment": 20,
        "treatment": "trigger_point_therapy",
        "neck_treatment": False,
        "symptoms": {},
        "red_flags": {
            "double_vision": False,
            "speech_difficulty": False,
            "swallowing_difficulty": False,
            "drop_attack": False,
            "one_sided_numbness_or_weakness": False,
            "unsteady_gait": False,
            "sudden_severe_headache_or_neck_pain": False,
            "chest_pain_or_breathlessness": False,
            "dark_urine": False,
            "swollen_painful_calf": False,
            "fainted": False,
        },
        "pain_before": 5,
        "pain_now": 4,
        "feels_like": "bruise_or_irritation",
        "trajectory": "improving",
        "worsening_hours": 0,
        "new_pain_elsewhere": "none",
        "known_fainting_tendency": False,
    }
    red_flags = changes.pop("red_flags", {})
    data.update(changes)
    data["red_flags"] = {**data["red_flags"], **red_flags}
    return data


@dataclass(frozen=True)
class Example:
    """An example report whose route the page can highlight; its name is in the UI catalog."""

    id: str
    level: Level
    report: dict[str, Any] = field(hash=False)


EXAMPLES: dict[str, Example] = {
    e.id: e
    for e in [
        Example(
            id="expected",
            level=Level.expected,
            report=_report(
                treatment="deep_massage", hours_since_treatment=18, symptoms={"soreness": "mild", "tiredness": "mild"}
            ),
        ),
        Example(
            id="healing_crisis",
            level=Level.healing_crisis,
            report=_report(hours_since_treatment=30, symptoms={"soreness": "moderate"}, pain_before=6, pain_now=7),
        ),
        Example(
            id="progress_sign",
            level=Level.healing_crisis,
            report=_report(hours_since_treatment=24, new_pain_elsewhere="similar_to_original"),
        ),
        Example(
            id="contact_therapist",
            level=Level.contact_therapist,
            report=_report(hours_since_treatment=26, pain_before=5, pain_now=7, feels_like="original_pain_worse"),
        ),
        Example(
            id="doctor_today",
            level=Level.doctor_today,
            report=_report(hours_since_treatment=30, symptoms={"soreness": "severe"}, red_flags={"dark_urine": True}),
        ),
        Example(
            id="emergency",
            level=Level.emergency,
            report=_report(hours_since_treatment=3, neck_treatment=True, symptoms={"dizziness": "severe"}),
        ),
    ]
}
