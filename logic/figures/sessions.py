"""The planner's chart of a client's sessions, and the look every figure of sessions shares.

- `history_figure(history, suggestion, lang)`: pain before and after and the pressure of earlier
  sessions, with the suggested next session marked on its day (logic.planner.suggestion_date).
- `session_line` and `SESSION_FIGURE_STYLE`: one value per session as a line with markers, in the
  style the record's charts (figures/records.py) use too.

The words the chart draws itself are in the engine's catalogue (logic/texts/figures.py), treatment
and level names in its vocabulary. Every trace names its role in `meta` (e.g. "history-suggestion"), so tests and the browser can find a
trace without relying on its order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

from ..models import Language, PastSession, Plan
from ..planner import suggestion_date
from ..settings import ClinicSettings
from ..texts import translate
from ..texts.vocabulary import word
from .levels import level_name

PAIN_BEFORE_COLOR = "#C62828"
PAIN_AFTER_COLOR = "#2E8B57"
PRESSURE_COLOR = "#2F6FD0"
SUGGESTION_OUTLINE_COLOR = "#1B2A41"


# The look the figures of sessions share: white, a legend in a row above the plot, hover at the point.
SESSION_FIGURE_STYLE = dict(
    plot_bgcolor="#FFFFFF",
    paper_bgcolor="#FFFFFF",
    legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
    hovermode="closest",
    hoverlabel=dict(bgcolor="#FFFFFF", align="left"),
)


def session_line(
    x: Sequence[Any],
    y: Sequence[Any],
    name: str,
    meta: str,
    color: str,
    symbol: str,
    hover: Sequence[str],
    marker_size: int,
    dash: str | None = None,
) -> go.Scatter:
    """A line with markers of one value per session; `hover` is each point's text."""
    line = dict(color=color, width=2.5) if dash is None else dict(color=color, width=2.5, dash=dash)
    return go.Scatter(
        x=x,
        y=y,
        mode="lines+markers",
        name=name,
        meta=meta,
        line=line,
        marker=dict(symbol=symbol, size=marker_size, color=color),
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
    )


def history_figure(
    history: Sequence[PastSession],
    suggestion: Plan | None,
    lang: Language,
    today: dt.date | None = None,
    settings: ClinicSettings | None = None,
) -> go.Figure:
    """Earlier sessions as lines (pain before, pain after, pressure; all 0-10) and the suggested next
    session as a distinct star at its date, joined to the last pressure by a dotted line."""
    sessions = list(history)
    dates = [s.date for s in sessions]

    def session_hover(s: PastSession) -> str:
        parts = [
            f"<b>{s.date.isoformat()}</b> · {word(s.treatment, lang)}",
            f"{translate('figure.pain_before', lang)}: {s.pain_before} → {translate('figure.pain_after', lang)}: {s.pain_after}",
            f"{translate('figure.pressure', lang)}: {s.pressure:g} · {translate('figure.duration', lang)}: {s.duration_min:g} {translate('figure.minutes', lang)}",
        ]
        if s.reaction_level is not None:
            parts.append(f"{translate('figure.reaction', lang)}: {level_name(s.reaction_level, lang, settings)}")
        return "<br>".join(parts)

    hover = [session_hover(s) for s in sessions]
    fig = go.Figure()
    for name, values, color, dash, symbol, uid in (
        (
            "figure.pain_before",
            [s.pain_before for s in sessions],
            PAIN_BEFORE_COLOR,
            "solid",
            "circle",
            "history-pain-before",
        ),
        (
            "figure.pain_after",
            [s.pain_after for s in sessions],
            PAIN_AFTER_COLOR,
            "solid",
            "diamond",
            "history-pain-after",
        ),
        ("figure.pressure", [s.pressure for s in sessions], PRESSURE_COLOR, "dash", "square", "history-pressure"),
    ):
        fig.add_trace(
            session_line(dates, values, translate(name, lang), uid, color, symbol, hover, marker_size=9, dash=dash)
        )

    if suggestion is not None:
        when = suggestion_date(sessions, suggestion, today)
        text = (
            f"<b>{translate('figure.suggestion', lang)}</b> · {when.isoformat()}<br>"
            f"{translate('figure.pressure', lang)}: {suggestion.pressure} · {translate('figure.duration', lang)}: {suggestion.duration_min} "
            f"{translate('figure.minutes', lang)} · {translate('figure.interval', lang)}: {suggestion.interval_days} {translate('figure.days', lang)}"
        )
        if sessions:
            fig.add_trace(
                go.Scatter(
                    x=[dates[-1], when],
                    y=[sessions[-1].pressure, suggestion.pressure],
                    mode="lines",
                    line=dict(color=PRESSURE_COLOR, width=2, dash="dot"),
                    hoverinfo="skip",
                    showlegend=False,
                    meta="history-suggestion-link",
                )
            )
        fig.add_trace(
            go.Scatter(
                x=[when],
                y=[suggestion.pressure],
                mode="markers+text",
                name=translate("figure.suggestion", lang),
                meta="history-suggestion",
                marker=dict(
                    symbol="star", size=20, color="#FFB300", line=dict(color=SUGGESTION_OUTLINE_COLOR, width=1.5)
                ),
                text=[f"{translate('figure.pressure', lang)} {suggestion.pressure}"],
                textposition="top center",
                hovertext=[text],
                hovertemplate="%{hovertext}<extra></extra>",
                cliponaxis=False,
            )
        )
        fig.add_shape(
            type="line",
            xref="x",
            yref="paper",
            x0=when,
            x1=when,
            y0=0,
            y1=1,
            line=dict(color="#FFB300", width=1.5, dash="dot"),
        )

    fig.update_layout(
        height=360,
        margin=dict(l=8, r=8, t=40, b=8),
        **SESSION_FIGURE_STYLE,
        xaxis=dict(title=dict(text=translate("figure.date", lang)), showgrid=True, gridcolor="#EEF0F2", type="date"),
        yaxis=dict(
            title=dict(text=translate("figure.scale", lang)),
            range=[-0.3, 11],
            dtick=2,
            showgrid=True,
            gridcolor="#EEF0F2",
        ),
    )
    return fig
