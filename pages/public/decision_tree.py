"""The decision tree (public): the whole reaction check as one figure, with the route of a set of
answers highlighted, and any question or result opened in full with the statements it rests on.

Everything shown comes from the engine: the tree (logic/tree_data.py), its drawing
(logic/figures/tree_layout.py, logic/figures/tree.py) and `walk`. Selecting a point in the figure (a click
or tap) and tapping it in the list below (the view on a phone) do the same thing: its detail opens in the list.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from logic.figures.levels import LEVEL_GLYPHS, QUESTION_GLYPH
from logic.figures.tree import tree_figure
from logic.figures.tree_layout import EXAMPLES, DrawNode, highlight, tree_layout
from logic.reaction import Walk, assessment_for, walk
from logic.tree_data import TREE
from ui import auth
from ui.contact import clinic_contact
from ui.i18n import translate
from ui.state import CONSULT_ANSWERS, SELFCHECK_ANSWERS, current_language, t
from ui.storage import app_settings
from ui.widgets import LEVEL_COLOR, level_words, path_breadcrumb, statement_list

CLICKED = "tree_clicked"  # set when a point was clicked: say where its detail is
SOURCE = "tree_source"  # whose answers are highlighted
NODE = "tree_node"  # the node whose detail is open in the list
CHART = "tree_chart"
COMPACT = "tree_compact"

# A list's button per node, indented by its lane; the figure only where the screen is wide enough.
TREE_CSS = """<style>
.st-key-tree-list button { justify-content: flex-start; text-align: left; min-height: 44px; }
.st-key-tree-list button > div { justify-content: flex-start; width: 100%; }
.st-key-tree-list button p { text-align: left; }
[class*="st-key-tree-lane-1-"] { padding-left: 1.25rem; }
[class*="st-key-tree-lane-2-"] { padding-left: 2.5rem; }
[class*="st-key-tree-lane-3-"] { padding-left: 3.5rem; }
@media (max-width: 640px) {
  .st-key-tree-figure { display: none; }
  [class*="st-key-tree-lane-1-"] { padding-left: 0.75rem; }
  [class*="st-key-tree-lane-2-"] { padding-left: 1.5rem; }
  [class*="st-key-tree-lane-3-"] { padding-left: 2.25rem; }
}
</style>"""

lang = current_language()
settings = app_settings()  # the clinic's numbers, with an admin's overrides
graph = tree_layout()
# Statement codes (X2, F2) and the therapist's wording are for the clinic's staff, not for clients.
codes = auth.user() is not None


def answers_by_source() -> dict[str, dict[str, Any]]:
    """The sets of answers that can be highlighted, in the order offered."""
    sources: dict[str, dict[str, Any]] = {}
    if st.session_state.get(SELFCHECK_ANSWERS):
        sources["self"] = st.session_state[SELFCHECK_ANSWERS]
    if st.session_state.get(CONSULT_ANSWERS):
        sources["consult"] = st.session_state[CONSULT_ANSWERS]
    sources["none"] = {}
    for example in EXAMPLES.values():
        sources[f"example.{example.id}"] = example.report
    return sources


def source_name(source: str) -> str:
    # Uses the page's `lang`, not `t`: a list's labels may be formatted outside the script run.
    if source.startswith("example."):
        name = translate(f"tree.example.{source.removeprefix('example.')}", lang)
        return translate("tree.source.example", lang, name=name)
    return translate(f"tree.source.{source}", lang)


def icon(node: DrawNode) -> str:
    """The node's shape in the figure, as text (the same shapes as the figure's legend)."""
    return LEVEL_GLYPHS[node.level] if node.level is not None else QUESTION_GLYPH


def coloured_icon(node: DrawNode) -> str:
    """The node's shape in its level's colour, for markdown."""
    return f":{LEVEL_COLOR[node.level]}[{icon(node)}]" if node.level is not None else icon(node)


def node_name(node_id: str) -> str:
    node = graph.nodes[node_id]
    prefix = node.prefix(lang)
    return f"{icon(node)} {prefix + ' ▸ ' if prefix else ''}{node.label(lang)}"


def on_select() -> None:
    """A point clicked in the figure opens its detail (the point carries its node id as customdata)."""
    event = st.session_state.get(CHART) or {}
    for point in (event.get("selection") or {}).get("points", []):
        node_id = point.get("customdata")
        if isinstance(node_id, list):
            node_id = node_id[0] if node_id else None
        if node_id in graph.nodes:
            st.session_state[NODE] = node_id
            st.session_state[CLICKED] = node_id
            return


def show_reached_from(node: DrawNode) -> None:
    st.markdown(f"**{t('tree.detail.reached_from')}**")
    parents = graph.parents(node.id)
    if not parents:
        st.markdown(t("tree.detail.root"))
        return
    st.markdown(
        "\n".join(
            "- " + t("tree.detail.reached_line", question=graph.nodes[e.source].label(lang), answer=e.label(lang))
            for e in parents
        )
    )


def show_statements(ids: list[str] | tuple[str, ...]) -> None:
    st.markdown(f"**{t('tree.detail.statements')}**")
    st.caption(t("tree.detail.statements_intro" if codes else "tree.detail.statements_intro_client"))
    statement_list(list(ids), lang, codes)


def show_question(node: DrawNode) -> None:
    st.markdown(f"#### {QUESTION_GLYPH} {node.label(lang)}")
    st.caption(t("tree.detail.question"))
    st.markdown(f"**{t('tree.detail.asked')}**")
    st.markdown(f"> {node.text(lang)}")
    if node.therapist_text is not None and codes:
        st.markdown(f"**{t('tree.detail.therapist')}:** {node.therapist_text(lang)}")
    st.markdown(f"**{t('tree.detail.branches')}**")
    st.markdown(
        "\n".join(
            f"{i}. *{e.label(lang)}* → {coloured_icon(graph.nodes[e.target])} {graph.nodes[e.target].label(lang)}"
            for i, e in enumerate(graph.children(node.id), 1)
        )
    )
    st.caption(t("tree.detail.branch_order"))
    show_reached_from(node)
    show_statements(node.statement_ids)


def show_leaf(node: DrawNode) -> None:
    leaf = TREE.leaves[node.id]
    advice = assessment_for(Walk(path=[node.id], leaf=leaf), lang, settings).advice
    st.markdown(f"#### {coloured_icon(node)} {node.label(lang)}")
    st.caption(t("tree.detail.result"))
    st.markdown(f"**{t('tree.detail.level')}:** {coloured_icon(node)} {level_words(leaf.level, lang, settings)}")
    st.markdown(f"**{t('tree.detail.reason')}:** {settings.fill(node.text(lang), lang)}")
    if leaf.progress_sign:
        st.success(t("tree.detail.progress_sign"), icon=":material/trending_up:")
    st.markdown(f"**{t('tree.detail.now')}:** {advice.now}")
    if advice.escalate_if:
        st.markdown(f"**{t('tree.detail.escalate')}**")
        st.markdown("\n".join(f"- {item}" for item in advice.escalate_if))
    show_reached_from(node)
    show_statements(node.statement_ids)
    extra = [sid for sid in advice.statement_ids if sid not in node.statement_ids]
    if extra:
        with st.expander(t("tree.detail.advice_statements")):
            statement_list(extra, lang, codes)


def pick(node_id: str) -> None:
    """One tap on a node in the list opens its detail there (a second tap closes it)."""
    st.session_state[NODE] = None if st.session_state.get(NODE) == node_id else node_id


def show_detail(node: DrawNode, path: list[str]) -> None:
    with st.container(border=True, key="tree-detail"):
        if node.id in highlight(path).nodes:
            st.info(t("tree.detail.on_route"), icon=":material/route:")
            after = path.index(node.id) + 1
            if after < len(path):
                step = graph.edge(node.id, path[after])
                target = graph.nodes[step.target]
                st.markdown(
                    t(
                        "tree.detail.route_took",
                        answer=step.label(lang),
                        target=f"{coloured_icon(target)} {target.label(lang)}",
                    )
                )
        if node.kind == "question":
            show_question(node)
        else:
            show_leaf(node)


def tree_list(path: list[str]) -> None:
    """The same tree as a list, top to bottom as the figure draws it: a node's branches indented
    under it; one tap on a node opens its detail right below it."""
    st.markdown(f"##### {t('tree.list.title')}", anchors=False)
    st.caption(t("tree.list.hint"))
    on_route = highlight(path).nodes
    selected = st.session_state.get(NODE)
    with st.container(key="tree-list", gap="small"):
        for node in graph.nodes.values():
            with st.container(key=f"tree-lane-{min(node.lane, 3)}-{node.id}"):
                st.button(
                    node_name(node.id),
                    key=f"tree-pick-{node.id}",
                    on_click=pick,
                    args=(node.id,),
                    type="primary" if node.id == selected else "secondary",
                    icon=":material/route:" if node.id in on_route else None,
                    width="stretch",
                )
            if node.id == selected:
                show_detail(node, path)


st.html(TREE_CSS)
st.subheader(t("tree.title"))
st.markdown(t("tree.intro"))

sources = answers_by_source()
source = st.selectbox(
    t("tree.source.label"), list(sources), format_func=source_name, key=SOURCE, help=t("tree.source.help")
)
answers = sources.get(source) or {}
try:
    route: Walk | None = walk(answers, settings) if answers else None
except (KeyError, TypeError, ValueError, AttributeError):  # answers kept from an older version of a form
    route = None
path = route.path if route else []

if route is None:
    st.caption(t("tree.route.empty"))
elif route.done:
    leaf = graph.nodes[route.leaf.id]
    st.markdown(
        t(
            "tree.route.result",
            icon=coloured_icon(leaf),
            level=level_words(route.leaf.level, lang, settings),
            leaf=leaf.label(lang),
        )
    )
else:
    st.markdown(t("tree.route.open", question=route.question.text(lang)))

# The figure on a laptop; on a phone (where its labels would be cut) the list below is the view.
with st.container(key="tree-figure"):
    compact = st.toggle(t("tree.compact"), key=COMPACT, help=t("tree.compact.help"))
    st.caption(t("tree.hint"))
    st.plotly_chart(
        tree_figure(
            lang, path=path, selected=st.session_state.get(NODE), compact=compact, settings=settings, codes=codes
        ),
        key=CHART,
        on_select=on_select,
        selection_mode=("points",),
        config={"displayModeBar": False, "scrollZoom": False, "doubleClick": False},
        width="stretch",
        alt=t("tree.chart_alt"),
    )
if st.session_state.pop(CLICKED, None) in graph.nodes:
    st.toast(t("tree.toast", name=graph.nodes[st.session_state[NODE]].label(lang)), icon=":material/arrow_downward:")
if path:
    with st.expander(t("tree.route.steps")):
        st.markdown(path_breadcrumb(path, lang))

tree_list(path)

clinic_contact(settings, lang, key="clinic-contact-footer")  # how clients reach the clinic (settings)
