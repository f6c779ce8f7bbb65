"""Plotly figures of one client's record: plain functions of the stored records, no Streamlit.

- `pain_figure(sessions, lang)`: pain before and after each session, with X6's clinically important
  change marked: a band from 0 up to the first session's pain less 2 points or 30 % (whichever is less
  needed), so a "pain after" inside the band is a clinically important improvement (H2 with X6).
- `level_figure(checks, lang)`: the level of each reaction check over time, on an ordinal axis with the
  five level names (colour and marker shape together, never colour alone).
- `load_figure(sessions, lang)`: pressure (0-10) and duration (minutes) of each session over time.
- `body_map_figure(lang, selected, original)`: front and back outlines with every region of
  logic.body_map, and one point per region at its centre carrying the region id as `customdata`, so a
  click, box or lasso selection in the browser maps back to regions.

The few words the figures draw themselves are here in both languages, like the engine's other texts.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import Protocol

import plotly.graph_objects as go

from .. import body_map
from ..models import LEVEL_ORDER, Language, Level, Treatment
from ..progress import important_change_threshold
from ..texts import translate
from ..texts.vocabulary import word
from .levels import LEVEL_COLORS, LEVEL_SYMBOLS
from .sessions import SESSION_FIGURE_STYLE, session_line


class SessionLike(Protocol):
    date: dt.date
    treatment: Treatment
    duration_min: float
    pressure: float
    pain_before: int
    pain_after: int
    reaction_level: Level | None


class CheckLike(Protocol):
    checked_at: dt.datetime
    level: Level
    progress_sign: bool


# Short level names for an axis (the record page shows the full words beside the figures).

PAIN_BEFORE_COLOR = "#B5475B"
PAIN_AFTER_COLOR = "#3A7D7C"
BAND_COLOR = "rgba(46, 139, 87, 0.10)"
BAND_LINE_COLOR = "#2E8B57"
PRESSURE_COLOR = "#2F6FD0"
DURATION_COLOR = "#8A6D3B"
GRID_COLOR = "#EEF0F2"
TEXT_COLOR = "#1F2328"
MUTED_COLOR = "#6B7280"
# Body map: resting, marked now, original pain (marker shape tells them apart too).
REGION_FILL = "#EEF1F4"
REGION_LINE = "#9AA1A9"
SELECTED_FILL = "rgba(224, 122, 95, 0.55)"
SELECTED_LINE = "#B4532A"
ORIGINAL_FILL = "rgba(47, 111, 208, 0.16)"
ORIGINAL_LINE = "#2F6FD0"
DECOR_FILL = "#F7F8FA"
DECOR_LINE = "#C9CED4"
BACK_OFFSET = 110  # the back view's x offset: the two views side by side with a gap

FIGURE_HEIGHT = 300
MARGIN = dict(l=8, r=8, t=36, b=8)


DAY = dt.timedelta(days=1)
# Dates as the rest of the app writes them; the time of day only when the axis zooms in on hours.
DATE_TICKS = [
    dict(dtickrange=[None, 43_200_000], value="%Y-%m-%d %H:%M"),
    dict(dtickrange=[43_200_000, None], value="%Y-%m-%d"),
]


def _date_range(values: Sequence[dt.date | dt.datetime]) -> list[dt.date | dt.datetime] | None:
    """A few days either side when everything falls within two days (else Plotly shows hours)."""
    if not values:
        return None
    start, end = min(values), max(values)
    if end - start >= 2 * DAY:
        return None
    return [start - 3 * DAY, end + 3 * DAY]


def _layout(
    fig: go.Figure, lang: Language, y_title: str, x_values: Sequence[dt.date | dt.datetime] = (), **yaxis: object
) -> go.Figure:
    fig.update_layout(
        height=FIGURE_HEIGHT,
        margin=MARGIN,
        font=dict(color=TEXT_COLOR),
        **SESSION_FIGURE_STYLE,
        xaxis=dict(
            title=dict(text=translate("figure.date", lang)),
            type="date",
            tickformatstops=DATE_TICKS,
            range=_date_range(x_values),
            showgrid=True,
            gridcolor=GRID_COLOR,
        ),
        yaxis=dict(title=dict(text=y_title), showgrid=True, gridcolor=GRID_COLOR, **yaxis),
    )
    return fig


def _session_hover(number: int, s: SessionLike, lang: Language) -> str:
    return (
        f"<b>{translate('figure.session', lang)} {number}</b> · {s.date.isoformat()} · {word(Treatment(s.treatment), lang)}"
        f"<br>{translate('figure.pain_before', lang)}: {s.pain_before} → {translate('figure.pain_after', lang)}: {s.pain_after}"
    )


def pain_figure(sessions: Sequence[SessionLike], lang: Language) -> go.Figure:
    """Pain before and after per session, and X6's clinically important change from the first pain."""
    dates = [s.date for s in sessions]
    hover = [_session_hover(i + 1, s, lang) for i, s in enumerate(sessions)]
    fig = go.Figure()
    if sessions:
        first = sessions[0].pain_before
        threshold = important_change_threshold(first)
        start, end = min(dates), max(dates)
        if start == end:  # one session: give the band some width around it
            start, end = start - dt.timedelta(days=3), end + dt.timedelta(days=3)
        fig.add_shape(
            type="rect", xref="paper", yref="y", x0=0, x1=1, y0=0, y1=threshold,
            fillcolor=BAND_COLOR, line=dict(width=0), layer="below",
        )  # fmt: skip
        fig.add_trace(
            go.Scatter(
                x=[start, end],
                y=[threshold, threshold],
                mode="lines",
                name=f"{translate('figure.important_change', lang)}: ≤ {threshold:g}",
                meta="x6-threshold",
                line=dict(color=BAND_LINE_COLOR, width=1.5, dash="dash"),
                hovertext=[translate("figure.important_change.hover", lang).format(value=threshold, first=first)] * 2,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    for name, values, color, symbol, uid in (
        ("figure.pain_before", [s.pain_before for s in sessions], PAIN_BEFORE_COLOR, "circle", "pain-before"),
        ("figure.pain_after", [s.pain_after for s in sessions], PAIN_AFTER_COLOR, "diamond", "pain-after"),
    ):
        fig.add_trace(session_line(dates, values, translate(name, lang), uid, color, symbol, hover, marker_size=10))
    return _layout(fig, lang, translate("figure.pain_axis", lang), dates, range=[-0.3, 10.5], dtick=2)


def _local(moment: dt.datetime) -> dt.datetime:
    """A stored (UTC) time as the clinic's wall-clock time: Plotly draws times without their zone."""
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


def level_names(lang: Language) -> list[str]:
    """The level axis's labels, least to most urgent."""
    return [word(level, lang, "short") for level in LEVEL_ORDER]


def level_figure(checks: Sequence[CheckLike], lang: Language) -> go.Figure:
    """Each reaction check's level over time, on an ordinal axis of the five levels."""
    fig = go.Figure()
    times = [_local(c.checked_at) for c in checks]
    ranks = [Level(c.level).rank for c in checks]
    if len(checks) > 1:
        fig.add_trace(
            go.Scatter(
                x=times, y=ranks, mode="lines", line=dict(color="#C9CED4", width=1.5),
                hoverinfo="skip", showlegend=False, meta="levels-line",
            )
        )  # fmt: skip
    for level in LEVEL_ORDER:
        mine = [c for c in checks if Level(c.level) == level]
        if not mine:
            continue
        hover = [
            f"<b>{word(level, lang, 'short')}</b> · {_local(c.checked_at):%Y-%m-%d %H:%M}"
            + (f"<br>{translate('figure.progress', lang)}" if c.progress_sign else "")
            for c in mine
        ]
        fig.add_trace(
            go.Scatter(
                x=[_local(c.checked_at) for c in mine],
                y=[level.rank] * len(mine),
                mode="markers",
                name=word(level, lang, "short"),
                meta=f"level-{level.value}",
                marker=dict(
                    symbol=LEVEL_SYMBOLS[level], size=14, color=LEVEL_COLORS[level], line=dict(color="#FFFFFF", width=1)
                ),
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    progress = [c for c in checks if c.progress_sign]
    if progress:
        fig.add_trace(
            go.Scatter(
                x=[_local(c.checked_at) for c in progress],
                y=[Level(c.level).rank for c in progress],
                mode="markers",
                name=translate("figure.progress", lang),
                meta="progress-sign",
                marker=dict(symbol="star-open", size=22, color=BAND_LINE_COLOR, line=dict(width=2)),
                hoverinfo="skip",
            )
        )
    fig = _layout(
        fig,
        lang,
        translate("figure.reaction", lang),
        times,
        range=[-0.5, len(LEVEL_ORDER) - 0.5],
        tickmode="array",
        tickvals=list(range(len(LEVEL_ORDER))),
        ticktext=level_names(lang),
    )
    fig.update_layout(showlegend=False)  # the axis names the levels
    return fig


def load_figure(sessions: Sequence[SessionLike], lang: Language) -> go.Figure:
    """Pressure (0-10, left axis) and duration (minutes, right axis) of each session."""
    dates = [s.date for s in sessions]
    hover = [
        f"<b>{translate('figure.session', lang)} {i + 1}</b> · {s.date.isoformat()}<br>{translate('figure.pressure_scale', lang)}: {s.pressure:g}"
        f" · {translate('figure.duration_min', lang)}: {s.duration_min:g}"
        for i, s in enumerate(sessions)
    ]
    fig = go.Figure()
    pressures = [s.pressure for s in sessions]
    fig.add_trace(
        session_line(
            dates,
            pressures,
            translate("figure.pressure_scale", lang),
            "pressure",
            PRESSURE_COLOR,
            "square",
            hover,
            marker_size=9,
        )
    )
    fig.add_trace(
        go.Scatter(
            x=dates, y=[s.duration_min for s in sessions], mode="lines+markers", name=translate("figure.duration_min", lang), meta="duration",
            yaxis="y2", line=dict(color=DURATION_COLOR, width=2, dash="dash"),
            marker=dict(symbol="triangle-up", size=10, color=DURATION_COLOR),
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        )
    )  # fmt: skip
    longest = max((s.duration_min for s in sessions), default=60)
    top = max(90, math.ceil(longest / 30) * 30)
    fig = _layout(fig, lang, translate("figure.pressure_scale", lang), dates, range=[-0.3, 10.5], dtick=2)
    fig.update_layout(
        yaxis2=dict(
            title=dict(text=translate("figure.duration_min", lang)), overlaying="y", side="right", range=[-top * 0.03, top * 1.05],
            tickmode="linear", tick0=0, dtick=30 if top > 120 else 15, showgrid=False,
        )
    )  # fmt: skip
    return fig


# Plotly config for the body map: only the box and lasso tools in the mode bar, always shown.
BODY_MAP_CONFIG = {
    "displayModeBar": True,
    "displaylogo": False,
    "scrollZoom": False,
    "modeBarButtonsToRemove": [
        "zoom2d", "pan2d", "zoomIn2d", "zoomOut2d", "autoScale2d", "resetScale2d", "toImage",
    ],
}  # fmt: skip


def _shift(region: body_map.Region) -> float:
    return BACK_OFFSET if region.side == "back" else 0.0


def body_map_figure(
    lang: Language, selected: Iterable[str] = (), original: Iterable[str] = (), height: int = 520
) -> go.Figure:
    """Front and back outlines of the body map; one point per region (customdata = region id).

    No drag mode is set: Streamlit then makes a click select a point, and its box and lasso tools
    (in the mode bar; see BODY_MAP_CONFIG) select several.

    `selected` regions are filled and their point is a filled circle; `original` regions (the original
    pain, E3) are outlined in blue with a diamond point. A region can be both.
    """
    chosen, before = set(selected), set(original)
    fig = go.Figure()
    # The back view has no regions for the head and arms; draw them faintly so the figure reads as a body.
    arms = [
        body_map.region(r).polygon
        for r in ("right_upper_arm", "left_upper_arm", "right_forearm_hand", "left_forearm_hand")
    ]
    for polygon in [body_map.HEAD, *arms]:
        path = "M " + " L ".join(f"{x + BACK_OFFSET:g},{y:g}" for x, y in polygon) + " Z"
        fig.add_shape(
            type="path",
            path=path,
            fillcolor=DECOR_FILL,
            line=dict(color=DECOR_LINE, width=1, dash="dot"),
            layer="below",
        )
    for region in body_map.REGIONS:
        dx = _shift(region)
        xs = [x + dx for x, _ in region.polygon]
        ys = [y for _, y in region.polygon]
        fill, line, width = REGION_FILL, REGION_LINE, 1.0
        if region.id in before:
            fill, line, width = ORIGINAL_FILL, ORIGINAL_LINE, 2.5
        if region.id in chosen:
            fill = SELECTED_FILL
            line = SELECTED_LINE if region.id not in before else ORIGINAL_LINE
            width = 2.5
        path = "M " + " L ".join(f"{x:g},{y:g}" for x, y in zip(xs, ys, strict=True)) + " Z"
        fig.add_shape(type="path", path=path, fillcolor=fill, line=dict(color=line, width=width), layer="below")

    regions = list(body_map.REGIONS)
    symbols, colors, lines, hover = [], [], [], []
    for region in regions:
        is_now, was = region.id in chosen, region.id in before
        symbols.append("diamond" if was and not is_now else ("circle" if is_now else "circle-open"))
        colors.append(SELECTED_LINE if is_now else (ORIGINAL_LINE if was else MUTED_COLOR))
        lines.append(ORIGINAL_LINE if was else (SELECTED_LINE if is_now else MUTED_COLOR))
        states = [translate("figure.original", lang)] * was + [translate("figure.marked", lang)] * is_now
        hover.append(f"<b>{region.label(lang)}</b>" + (f"<br>{' · '.join(states)}" if states else ""))
    fig.add_trace(
        go.Scatter(
            x=[r.center[0] + _shift(r) for r in regions],
            y=[r.center[1] for r in regions],
            mode="markers",
            meta="body-map-regions",
            customdata=[r.id for r in regions],
            marker=dict(symbol=symbols, size=17, color=colors, line=dict(color=lines, width=2), opacity=1),
            selected=dict(marker=dict(opacity=1)),
            unselected=dict(marker=dict(opacity=1)),
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            showlegend=False,
        )
    )
    notes = [
        (50, translate("figure.front", lang), 12, TEXT_COLOR, -8),
        (BACK_OFFSET + 50, translate("figure.back", lang), 12, TEXT_COLOR, -8),
        # The client's sides: the front view shows their right on the picture's left.
        (12, translate("figure.right", lang), 11, MUTED_COLOR, 2),
        (88, translate("figure.left", lang), 11, MUTED_COLOR, 2),
        (BACK_OFFSET + 12, translate("figure.left", lang), 11, MUTED_COLOR, 2),
        (BACK_OFFSET + 88, translate("figure.right", lang), 11, MUTED_COLOR, 2),
    ]
    for x, text, size, color, y in notes:
        fig.add_annotation(
            x=x, y=y, text=f"<b>{text}</b>" if size == 12 else text, showarrow=False,
            font=dict(size=size, color=color), xref="x", yref="y",
        )  # fmt: skip
    fig.update_layout(
        height=height,
        margin=dict(l=4, r=4, t=4, b=4),
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
        showlegend=False,
        hovermode="closest",
        hoverlabel=dict(bgcolor="#FFFFFF", align="left"),
        xaxis=dict(range=[0, BACK_OFFSET + body_map.WIDTH], visible=False, fixedrange=True),
        yaxis=dict(range=[body_map.HEIGHT + 4, -14], visible=False, fixedrange=True, scaleanchor="x", scaleratio=1),
    )
    return fig
