"""Session planner (therapist): the client's factors and earlier sessions in, the engine's plan out.

The input is validated as a PlanRequest (problems shown one per line in the user's language, and no
plan while anything is invalid); the plan, its reasons with the statements they cite, its flags and
the sessions chart all come from the engine (logic/planner.py, logic/figures/sessions.py).
"""

from __future__ import annotations

from ui.auth import require_role  # noqa: I001  (first: signed-in therapists and admins only)

require_role("therapist")

import datetime as dt
import math
from typing import Any

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from logic.errors import explain
from logic.figures.sessions import history_figure, suggestion_date
from logic.models import (
    LEVEL_ORDER,
    Experience,
    PlanFlag,
    PlanRequest,
    Treatment,
    TriggerPointCount,
    TriggerPointSeverity,
)
from logic.planner import flag_statements, plan
from ui.i18n import catalogs, translate
from ui.state import PLANNER_PREFILL, current_language, t
from ui.storage import app_settings
from ui.user_text import esc
from ui.widgets import statement_list

FORM = "planner_form"
EDITOR = "planner_history_editor"
# The rows the history table starts from (list of row dicts); the example history when absent.
HISTORY_START = "planner_history_start"
COLUMNS = ["date", "treatment", "duration_min", "pressure", "pain_before", "pain_after", "reaction_level"]
TALK_STATEMENTS = ["D2", "D3", "G3", "G5", "H1"]  # the expectation-talk script in the catalog cites these
FLAG_ALERTS = {
    PlanFlag.medical_clearance_required: (st.error, ":material/medical_services:"),
    PlanFlag.review_disclosures: (st.warning, ":material/assignment_late:"),
    PlanFlag.consider_alternatives: (st.warning, ":material/alt_route:"),
    PlanFlag.expectation_talk: (st.info, ":material/forum:"),
}

lang = current_language()
settings = app_settings()  # planner defaults, with an admin's overrides


def tr(key: str, **values: object) -> str:
    """A catalog text in the page's language (also safe in format functions run outside the script)."""
    return translate(key, lang, **values)


def example_history(today: dt.date) -> list[dict[str, Any]]:
    """Three weekly trigger-point sessions ending a week ago, with some progress: a sensible start."""
    rows = [(21, 60, 6, 7, 6, "healing_crisis"), (14, 45, 5, 6, 5, "expected"), (7, 45, 5, 5, 4, "expected")]
    return [
        {
            "date": today - dt.timedelta(days=days_ago),
            "treatment": Treatment.trigger_point_therapy.value,
            "duration_min": minutes,
            "pressure": pressure,
            "pain_before": before,
            "pain_after": after,
            "reaction_level": level,
        }
        for days_ago, minutes, pressure, before, after, level in rows
    ]


def start_rows() -> list[dict[str, Any]]:
    start = st.session_state[HISTORY_START] if HISTORY_START in st.session_state else None
    rows = [dict(row) for row in (start if start is not None else example_history(dt.date.today()))]
    for row in rows:
        if isinstance(row.get("date"), str):
            row["date"] = dt.date.fromisoformat(row["date"])
    return rows


def cell(value: Any) -> Any:
    """A table cell as plain JSON-like data: empty cells are left out (so they are reported missing),
    whole numbers become ints (the engine's pain scores are strictly whole numbers)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, (dt.date, dt.datetime)):
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def history_rows(table: pd.DataFrame) -> list[dict[str, Any]]:
    rows = []
    for record in table.to_dict("records"):
        row = {column: cell(record.get(column)) for column in COLUMNS}
        rows.append({k: v for k, v in row.items() if v is not None or k == "reaction_level"})
    return rows


def field_name(field: str) -> str:
    """An engine field name as the form calls it (e.g. history[2].pain_after -> Session 3, Pain after)."""
    head, _, tail = field.partition(".")
    if head.startswith("history[") and head.endswith("]"):
        row = int(head[len("history[") : -1]) + 1
        column = tail.split(".")[0]
        label = tr(f"planner.field.{column}") if column in COLUMNS else tail
        return tr("planner.row_field", row=row, field=label)
    if head == "client" and tail:
        key = f"planner.client.{tail.split('.')[0].split('[')[0]}"
        return tr(key) if key in catalogs()[lang] else field
    if head in ("history", "planned_treatment"):
        return tr(f"planner.{head}")
    return field


def problems(error: ValidationError) -> list[str]:
    lines = []
    for line in explain(error, lang):
        field, sep, message = line.partition(": ")
        lines.append(f"{field_name(field)}: {message}" if sep else line)
    return lines


def delta(value: float, unit_key: str) -> str | None:
    return tr(unit_key, value=f"{value:+g}") if value else None


def metric(column, label_key: str, value: str, change: float | None, unit_key: str, gentler_is_lower: bool) -> None:
    """A plan number with its change from last time; a gentler change is never shown as bad."""
    with column:
        if change is None:
            st.metric(tr(label_key), value, help=tr(f"{label_key}.help"), border=True)
        elif change == 0:
            st.metric(
                tr(label_key),
                value,
                delta=tr("planner.delta.same"),
                delta_color="off",
                delta_arrow="off",
                help=tr(f"{label_key}.help"),
                border=True,
            )
        else:
            st.metric(
                tr(label_key),
                value,
                delta=delta(change, unit_key),
                delta_color="inverse" if gentler_is_lower else "normal",
                delta_description=tr("planner.delta.vs_last"),
                help=tr(f"{label_key}.help"),
                border=True,
            )


def policy_items(names: list[str]) -> list[str]:
    """The clinic defaults a rule used, in words with their current values."""
    items = []
    for name in names:
        if name.startswith("plan_starts."):
            treatment = Treatment(name.removeprefix("plan_starts."))
            start = settings.plan_starts[treatment]
            items.append(
                tr(
                    "planner.setting.plan_starts",
                    treatment=tr(f"planner.treatment.{treatment.value}").lower(),
                    duration=start.duration_min,
                    pressure=start.pressure,
                    interval=start.interval_days,
                )
            )
        elif f"planner.setting.{name}" in catalogs()[lang]:
            items.append(tr(f"planner.setting.{name}", value=f"{getattr(settings, name):g}"))
        else:
            items.append(name)
    return items


# --- Input ---------------------------------------------------------------------------------------

st.subheader(t("planner.title"))
st.caption(t("planner.intro"))

rows = start_rows()
prefill = st.session_state.get(PLANNER_PREFILL) or {}
prefill_level = prefill.get("reaction_level")
if prefill_level in {level.value for level in LEVEL_ORDER} and rows:
    rows[-1]["reaction_level"] = prefill_level
    st.info(t("planner.prefill", level=tr(f"planner.level.{prefill_level}")), icon=":material/input:")

with st.form(FORM, border=True):
    st.markdown(f"**{t('planner.form.client')}**")
    left, right = st.columns(2)
    with left:
        age = st.number_input(t("planner.client.age"), min_value=0, max_value=120, value=58, step=1, key="planner.age")
        experience = st.selectbox(
            t("planner.client.massage_experience"),
            [e.value for e in Experience],
            index=2,
            format_func=lambda v: tr(f"planner.experience.{v}"),
            key="planner.experience",
        )
        months = st.number_input(
            t("planner.client.condition_months"), min_value=0.0, max_value=600.0, value=14.0, step=1.0,
            format="%g", key="planner.months",
        )  # fmt: skip
        trigger_points = st.selectbox(
            t("planner.client.trigger_points"),
            [c.value for c in TriggerPointCount],
            index=1,
            format_func=lambda v: tr(f"planner.tp.{v}"),
            key="planner.trigger_points",
        )
        severity = st.selectbox(
            t("planner.client.trigger_point_severity"),
            [s.value for s in TriggerPointSeverity],
            index=1,
            format_func=lambda v: tr(f"planner.severity.{v}"),
            key="planner.severity",
        )
    with right:
        stressors = st.checkbox(t("planner.client.stressors"), key="planner.stressors")
        bad_experience = st.checkbox(t("planner.client.bad_experience_before"), key="planner.bad_experience")
        fainting = st.checkbox(t("planner.client.known_fainting_tendency"), key="planner.fainting")
        disclosed = st.text_input(
            t("planner.client.disclosed_conditions"),
            value="diabetes",
            help=t("planner.client.disclosed_conditions.help"),
            key="planner.disclosed",
        )
        reviewed = st.checkbox(t("planner.client.conditions_reviewed"), value=True, key="planner.reviewed")
        planned = st.selectbox(
            t("planner.planned_treatment"),
            [tm.value for tm in Treatment],
            index=2,
            format_func=lambda v: tr(f"planner.treatment.{v}"),
            key="planner.planned",
        )

    st.markdown(f"**{t('planner.history')}**")
    st.caption(t("planner.history.help"))
    levels = [level.value for level in LEVEL_ORDER]
    table = st.data_editor(
        pd.DataFrame(rows, columns=COLUMNS),
        key=EDITOR,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            "date": st.column_config.DateColumn(
                t("planner.col.date"), required=True, format="YYYY-MM-DD", width="small"
            ),
            "treatment": st.column_config.SelectboxColumn(
                t("planner.col.treatment"),
                options=[tm.value for tm in Treatment],
                format_func=lambda v: tr(f"planner.treatment.{v}"),
                required=True,
                default=Treatment.trigger_point_therapy.value,
            ),
            "duration_min": st.column_config.NumberColumn(
                t("planner.col.duration_min"),
                help=t("planner.col.duration_min.help"),
                min_value=5,
                max_value=240,
                step=5,
                required=True,
            ),
            "pressure": st.column_config.NumberColumn(
                t("planner.col.pressure"),
                help=t("planner.col.pressure.help"),
                min_value=0,
                max_value=10,
                step=1,
                required=True,
            ),
            "pain_before": st.column_config.NumberColumn(
                t("planner.col.pain_before"),
                help=t("planner.col.pain_before.help"),
                min_value=0,
                max_value=10,
                step=1,
                required=True,
            ),
            "pain_after": st.column_config.NumberColumn(
                t("planner.col.pain_after"),
                help=t("planner.col.pain_after.help"),
                min_value=0,
                max_value=10,
                step=1,
                required=True,
            ),
            "reaction_level": st.column_config.SelectboxColumn(
                t("planner.col.reaction_level"),
                options=levels,
                format_func=lambda v: tr(f"planner.level.{v}"),
                help=t("planner.col.reaction_level.help"),
            ),
        },
    )
    st.form_submit_button(t("planner.form.submit"), type="primary", icon=":material/event_note:")

raw = {
    "client": {
        "age": int(age),
        "massage_experience": experience,
        "condition_months": float(months),
        "trigger_points": trigger_points,
        "trigger_point_severity": severity,
        "stressors": bool(stressors),
        "bad_experience_before": bool(bad_experience),
        "known_fainting_tendency": bool(fainting),
        "disclosed_conditions": [item.strip() for item in disclosed.split(",") if item.strip()],
        "conditions_reviewed": bool(reviewed),
    },
    "history": history_rows(table),
    "planned_treatment": planned,
}

try:
    request = PlanRequest.model_validate(raw)
except ValidationError as error:
    st.markdown(f"#### {t('planner.problems')}")
    for line in problems(error):
        st.error(line, icon=":material/error:")
    st.stop()

# --- The plan ------------------------------------------------------------------------------------

result = plan(request, lang, settings)
history = request.history
last = history[-1] if history else None

st.markdown(f"### {t('planner.plan.title')}")
if last is None:
    st.caption(t("planner.no_history"))
else:
    when = suggestion_date(history, result)
    st.markdown(t("planner.plan.date", date=when.isoformat(), days=result.interval_days))
last_interval = (history[-1].date - history[-2].date).days if len(history) >= 2 else None
duration_col, pressure_col, interval_col = st.columns(3)
metric(
    duration_col,
    "planner.metric.duration",
    tr("planner.unit.min", value=result.duration_min),
    result.duration_min - last.duration_min if last else None,
    "planner.unit.min",
    gentler_is_lower=True,
)
metric(
    pressure_col,
    "planner.metric.pressure",
    tr("planner.unit.pressure", value=result.pressure),
    result.pressure - last.pressure if last else None,
    "planner.unit.pressure",
    gentler_is_lower=True,
)
metric(
    interval_col,
    "planner.metric.interval",
    tr("planner.unit.days", value=result.interval_days),
    result.interval_days - last_interval if last_interval is not None else None,
    "planner.unit.days",
    gentler_is_lower=False,
)
st.caption(t("planner.gentler_note"))

if result.flags:
    st.markdown(f"#### {t('planner.flags.title')}")
    for flag in sorted(result.flags, key=list(FLAG_ALERTS).index):
        alert, icon = FLAG_ALERTS[flag]
        # The conditions are typed by a user: escaped, so they show as text, never as markup.
        values = {"conditions": esc(", ".join(request.client.disclosed_conditions))} if flag == PlanFlag.review_disclosures else {}
        alert(t(f"planner.flag.{flag.value}", **values), icon=icon)
        if flag == PlanFlag.expectation_talk:
            with st.container(border=True):
                st.markdown(f"**{t('planner.talk.title')}**")
                st.markdown(t("planner.talk.script"))
                with st.expander(t("planner.talk.statements")):
                    statement_list(TALK_STATEMENTS, lang)
        else:
            ids = flag_statements(result, flag)
            if ids:
                with st.expander(t("planner.reasons.why", ids=", ".join(ids))):
                    statement_list(ids, lang)

st.markdown(f"#### {t('planner.reasons.title')}")
for reason in result.reasons:
    with st.container(border=True):
        st.markdown(reason.text)
        st.caption(t("planner.reasons.cites", ids=", ".join(reason.statement_ids)))
        if reason.clinic_defaults:
            st.caption(t("planner.reasons.policy", items="; ".join(policy_items(reason.clinic_defaults))))
        with st.expander(t("planner.reasons.why", ids=", ".join(reason.statement_ids))):
            statement_list(reason.statement_ids, lang)

st.markdown(f"#### {t('planner.chart.title')}")
st.plotly_chart(
    history_figure(history, result, lang, settings=settings),
    config={"displayModeBar": False, "scrollZoom": False},
    width="stretch",
    alt=t("planner.chart.alt"),
    key="planner_chart",
)
