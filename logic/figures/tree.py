"""The Plotly figure of the decision tree: a plain function, no Streamlit.

- `tree_figure(lang, path, selected)`: the whole decision tree (layout from figures/tree_layout.py),
  leaves coloured and shaped by level (figures/levels.py) with one legend entry per level, the route of
  a set of answers highlighted, every node's full text on hover, and every node point carrying its id
  as `customdata` so a selection in the browser maps back to a node.

The few words the figure draws itself (legend entries) are in the engine's catalogue
(logic/texts/figures.py), level names in its vocabulary; everything a node says comes from the tree
itself. Every trace names its role in `meta` (e.g. "tree-route", "tree-level-emergency"): Plotly keeps
`meta` in the figure's JSON, so tests and the browser can find a trace without relying on its order.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

import plotly.graph_objects as go

from ..models import LEVEL_ORDER, Language
from ..settings import ClinicSettings, get_settings
from ..texts import translate
from .levels import LEVEL_COLORS, LEVEL_SYMBOLS, level_name
from .tree_layout import DrawEdge, DrawNode, Highlight, TreeLayout, highlight, tree_layout

PATH_COLOR = "#1B2A41"
SELECTED_COLOR = "#C2185B"
EDGE_COLOR = "#8C939D"
EDGE_DIM_COLOR = "#D3D7DC"
TEXT_COLOR = "#1F2328"
TEXT_DIM_COLOR = "#9AA1A9"
QUESTION_FILL = "#FFFFFF"
DIM_OPACITY = 0.4
GAP = "\u2002"  # an en space between a marker and its text

ROW_PX = 21  # pixels per row of the outline
MARGIN_TOP_PX = 64  # room for the legend above the tree
MARGIN_BOTTOM_PX = 12
FONT_PX = 12
X_SPAN = 23.0  # lanes and text; at a laptop's content width (about 700 px) one lane is about 30 px
X_SPAN_COMPACT = 12.0  # short labels only: fits a phone
HOVER_WIDTH = 60  # characters per hover line


def _wrap(text: str, width: int = HOVER_WIDTH) -> str:
    return "<br>".join(textwrap.wrap(text, width)) or text


def _escape(text: str) -> str:
    """Plotly renders a small HTML subset in texts; tree texts are plain, so escape its specials."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def node_text(node: DrawNode, lang: Language, compact: bool = False) -> str:
    """The short text drawn beside a node: the branch label(s) leading to it, then its label."""
    label = _escape(node.label(lang))
    if node.kind == "question":
        label = f"<b>{label}</b>"
    prefix = node.prefix(lang)
    if compact or not prefix:
        return GAP + label
    return f"{GAP}<i>{_escape(prefix)}</i> ▸ {label}"


def node_hover(
    node: DrawNode, graph: TreeLayout, lang: Language, settings: ClinicSettings | None = None, codes: bool = True
) -> str:
    """The full text shown on hover: the question asked or the leaf's level and reason. `codes=False`
    (a client's view) leaves out the statement codes and the therapist's wording (which cites them)."""
    lines: list[str] = []
    if node.kind == "question":
        lines.append(f"<b>{_escape(node.label(lang))}</b>")
        lines.append(_wrap(_escape(node.text(lang))))
        if node.therapist_text is not None and codes:
            lines.append(f"<i>{translate('figure.therapist', lang)}: {_escape(node.therapist_text(lang))}</i>")
        answers = [_escape(e.label(lang)) for e in graph.children(node.id)]
        lines.append(_wrap(f"{translate('figure.answers', lang)}: {' · '.join(answers)}"))
    else:
        assert node.level is not None
        lines.append(f"<b>{level_name(node.level, lang, settings)}</b>: {_escape(node.label(lang))}")
        lines.append(_wrap(_escape((settings or get_settings()).fill(node.text(lang), lang))))
    if codes:
        lines.append(f"{translate('figure.statements', lang)}: {', '.join(node.statement_ids)}")
    return "<br>".join(lines)


def _edge_trace(
    edges: Iterable[DrawEdge], name: str, color: str, width: float, uid: str, showlegend: bool = False
) -> go.Scatter:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for edge in edges:
        for x, y in edge.points:
            xs.append(x)
            ys.append(y)
        xs.append(None)
        ys.append(None)
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        line=dict(color=color, width=width, shape="linear"),
        hoverinfo="skip",
        name=name,
        meta=uid,
        showlegend=showlegend,
        legendrank=1,
    )


def _node_trace(
    nodes: list[DrawNode],
    graph: TreeLayout,
    lang: Language,
    route: Highlight,
    name: str,
    uid: str,
    symbol: str,
    color: str,
    size: float,
    compact: bool,
    settings: ClinicSettings | None = None,
    codes: bool = True,
) -> go.Scatter:
    def on_route(node: DrawNode) -> bool:
        return node.id in route.nodes

    dimmed = bool(route)
    return go.Scatter(
        x=[n.x for n in nodes],
        y=[n.y for n in nodes],
        mode="markers+text",
        name=name,
        meta=uid,
        customdata=[n.id for n in nodes],
        ids=[n.id for n in nodes],
        text=[node_text(n, lang, compact) for n in nodes],
        textposition="middle right",
        textfont=dict(
            size=FONT_PX - (1 if compact else 0),
            color=[TEXT_DIM_COLOR if dimmed and not on_route(n) else TEXT_COLOR for n in nodes],
        ),
        hovertext=[node_hover(n, graph, lang, settings, codes) for n in nodes],
        hovertemplate="%{hovertext}<extra></extra>",
        marker=dict(
            symbol=symbol,
            size=size,
            color=color,
            opacity=[DIM_OPACITY if dimmed and not on_route(n) else 1.0 for n in nodes],
            line=dict(
                color=[PATH_COLOR if on_route(n) else "#5F6670" for n in nodes],
                width=[3 if on_route(n) else 1 for n in nodes],
            ),
        ),
        cliponaxis=False,
        legendgroup=uid,
        showlegend=False,
        # Clicking selects a node: keep every point fully drawn while one is selected.
        selected=dict(marker=dict(opacity=1.0)),
        unselected=dict(marker=dict(opacity=1.0)),
    )


def tree_figure(
    lang: Language,
    path: Sequence[str] | None = None,
    selected: str | None = None,
    compact: bool = False,
    graph: TreeLayout | None = None,
    settings: ClinicSettings | None = None,
    codes: bool = True,
) -> go.Figure:
    """The decision tree as an outline, top to bottom (see figures/tree_layout.py).

    `codes=False`: the client's view, without statement codes in the hover texts.

    `path` (e.g. `walk(answers).path`) is drawn as a thick line with outlined nodes, everything else
    dimmed; `selected` gets a ring. `compact` drops the branch labels in front of the nodes' texts
    and narrows the drawing for a phone (the labels remain in the hover and the node's detail).
    Traces: the branches (dimmed, then route), the questions, one trace per level, the selection ring.
    """
    graph = graph or tree_layout()
    route = highlight(tuple(path) if path is not None else None, graph)
    nodes = list(graph.nodes.values())
    fig = go.Figure()

    off_route = [e for e in graph.edges if (e.source, e.target) not in route.edges]
    on_route = [e for e in graph.edges if (e.source, e.target) in route.edges]
    fig.add_trace(_edge_trace(off_route, "", EDGE_DIM_COLOR if route else EDGE_COLOR, 1.6, "tree-edges"))
    fig.add_trace(
        _edge_trace(on_route, translate("figure.route", lang), PATH_COLOR, 4.5, "tree-route", showlegend=bool(on_route))
    )
    fig.add_trace(
        _node_trace(
            [n for n in nodes if n.kind == "question"],
            graph,
            lang,
            route,
            translate("figure.question", lang),
            "tree-questions",
            "circle",
            QUESTION_FILL,
            13,
            compact,
            settings,
            codes,
        )
    )
    for level in LEVEL_ORDER:
        fig.add_trace(
            _node_trace(
                [n for n in nodes if n.kind == "leaf" and n.level == level],
                graph,
                lang,
                route,
                level_name(level, lang, settings),
                f"tree-level-{level.value}",
                LEVEL_SYMBOLS[level],
                LEVEL_COLORS[level],
                14,
                compact,
                settings,
                codes,
            )
        )
    # The legend: one entry per kind of node, drawn at full strength whatever is dimmed in the tree.
    legend = [(translate("figure.question", lang), "tree-questions", "circle", QUESTION_FILL)] + [
        (level_name(level, lang, settings), f"tree-level-{level.value}", LEVEL_SYMBOLS[level], LEVEL_COLORS[level])
        for level in LEVEL_ORDER
    ]
    for rank, (name, group, symbol, color) in enumerate(legend):
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=name,
                legendgroup=group,
                legendrank=10 + rank,
                meta=f"legend-{group}",
                marker=dict(symbol=symbol, size=12, color=color, line=dict(color="#5F6670", width=1)),
                showlegend=True,
                hoverinfo="skip",
            )
        )
    if selected in graph.nodes:
        node = graph.nodes[selected]
        fig.add_trace(
            go.Scatter(
                x=[node.x],
                y=[node.y],
                mode="markers",
                marker=dict(symbol="circle-open", size=26, color=SELECTED_COLOR, line=dict(width=3)),
                customdata=[node.id],
                hoverinfo="skip",
                showlegend=False,
                meta="tree-selected",
                name="",
            )
        )

    left = graph.min_x - 0.7  # room for the selection ring around a node on the spine
    span = X_SPAN_COMPACT if compact else X_SPAN
    rows = graph.rows
    fig.update_layout(
        height=rows * ROW_PX + MARGIN_TOP_PX + MARGIN_BOTTOM_PX,
        margin=dict(l=4, r=4, t=MARGIN_TOP_PX, b=MARGIN_BOTTOM_PX),
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
        font=dict(size=FONT_PX, color=TEXT_COLOR),
        showlegend=True,
        legend=dict(
            orientation="h",
            yanchor="bottom",
            y=1.0,
            xanchor="left",
            x=0,
            itemclick=False,
            itemdoubleclick=False,
            font=dict(size=FONT_PX),
            entrywidthmode="pixels",
        ),
        hovermode="closest",
        hoverlabel=dict(bgcolor="#FFFFFF", font=dict(size=13, color=TEXT_COLOR), align="left"),
        dragmode=False,
        clickmode="event+select",
        xaxis=dict(visible=False, range=[left, left + span], fixedrange=True),
        yaxis=dict(visible=False, range=[-(rows - 1) - 0.7, 0.7], fixedrange=True),
        uirevision="tree",
    )
    return fig
