"""The planner page's form: the client's factors, the planned treatment and the earlier sessions.

The form starts from a `Start`: empty, a chosen client's record (the storage's plan request), or the
labelled example. Its widgets' keys carry the start's name, so choosing another start gives fresh
widgets with that start's values. `read` returns the raw request for PlanRequest; `problems` names
each invalid field as the form shows it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from logic.errors import explain
from logic.models import (
    LEVEL_ORDER,
    Experience,
    Language,
    Level,
    PlanRequest,
    Treatment,
    TriggerPointCount,
    TriggerPointSeverity,
)
from logic.texts.vocabulary import word

from .i18n import catalogs, translate

COLUMNS = ["date", "treatment", "duration_min", "pressure", "pain_before", "pain_after", "reaction_level"]


@dataclass
class Start:
    """What the form starts from: `name` keys its widgets; None values leave a field empty."""

    name: str
    client: dict[str, Any] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)
    planned_treatment: str | None = None


def empty() -> Start:
    return Start("empty")


def from_request(name: str, request: PlanRequest) -> Start:
    """A client's record as the storage maps it to the planner's input."""
    data = request.model_dump(mode="python")
    return Start(name, data["client"], data["history"], request.planned_treatment.value)


def example(today: dt.date) -> Start:
    """An invented client, shown only under the example's label: three weekly trigger-point sessions
    ending a week ago, with some progress."""
    sessions = [(21, 60, 6, 7, 6, "healing_crisis"), (14, 45, 5, 6, 5, "expected"), (7, 45, 5, 5, 4, "expected")]
    client = {
        "age": 58, "massage_experience": Experience.regular.value, "condition_months": 14.0,
        "trigger_points": TriggerPointCount.many.value, "trigger_point_severity": TriggerPointSeverity.moderate.value,
        "stressors": False, "bad_experience_before": False, "known_fainting_tendency": False,
        "disclosed_conditions": ["diabetes"], "conditions_reviewed": True,
    }  # fmt: skip
    history = [
        {
            "date": today - dt.timedelta(days=days_ago),
            "treatment": Treatment.trigger_point_therapy.value,
            "duration_min": minutes,
            "pressure": pressure,
            "pain_before": before,
            "pain_after": after,
            "reaction_level": level,
        }
        for days_ago, minutes, pressure, before, after, level in sessions
    ]
    return Start("example", client, history, Treatment.trigger_point_therapy.value)


def _value(value: Any) -> Any:
    return getattr(value, "value", value)


def _index(options: list[str], value: Any) -> int | None:
    value = _value(value)
    return options.index(value) if value in options else None


def _rows(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for session in history:
        row = {column: _value(session.get(column)) for column in COLUMNS}
        if isinstance(row["date"], str):
            row["date"] = dt.date.fromisoformat(row["date"])
        rows.append(row)
    return rows


def form(start: Start, lang: Language) -> tuple[dict[str, Any], bool]:
    """The form, filled from `start`; (the raw request, submitted?)."""
    key = f"planner.{start.name}"
    c = start.client

    def tr(text_key: str) -> str:
        return translate(text_key, lang)

    experiences = [e.value for e in Experience]
    counts = [n.value for n in TriggerPointCount]
    severities = [s.value for s in TriggerPointSeverity]
    treatments = [tm.value for tm in Treatment]
    with st.form(key, border=True):
        st.markdown(f"**{tr('planner.form.client')}**")
        left, right = st.columns(2)
        with left:
            age = st.number_input(
                tr("planner.client.age"), min_value=0, max_value=120, value=c.get("age"), step=1, key=f"{key}.age"
            )
            experience = st.selectbox(
                tr("planner.client.massage_experience"), experiences, index=_index(experiences, c.get("massage_experience")),
                format_func=lambda v: word(Experience(v), lang), key=f"{key}.experience",
            )  # fmt: skip
            months = st.number_input(
                tr("planner.client.condition_months"), min_value=0.0, max_value=600.0, value=c.get("condition_months"),
                step=1.0, format="%g", key=f"{key}.months",
            )  # fmt: skip
            trigger_points = st.selectbox(
                tr("planner.client.trigger_points"), counts, index=_index(counts, c.get("trigger_points")),
                format_func=lambda v: word(TriggerPointCount(v), lang), key=f"{key}.trigger_points",
            )  # fmt: skip
            severity = st.selectbox(
                tr("planner.client.trigger_point_severity"), severities,
                index=_index(severities, c.get("trigger_point_severity")),
                format_func=lambda v: word(TriggerPointSeverity(v), lang), key=f"{key}.severity",
            )  # fmt: skip
        with right:
            stressors = st.checkbox(
                tr("planner.client.stressors"), value=bool(c.get("stressors")), key=f"{key}.stressors"
            )
            bad_experience = st.checkbox(
                tr("planner.client.bad_experience_before"), value=bool(c.get("bad_experience_before")),
                key=f"{key}.bad_experience",
            )  # fmt: skip
            fainting = st.checkbox(
                tr("planner.client.known_fainting_tendency"), value=bool(c.get("known_fainting_tendency")),
                key=f"{key}.fainting",
            )  # fmt: skip
            disclosed = st.text_input(
                tr("planner.client.disclosed_conditions"), value=", ".join(c.get("disclosed_conditions") or []),
                help=tr("planner.client.disclosed_conditions.help"), key=f"{key}.disclosed",
            )  # fmt: skip
            reviewed = st.checkbox(
                tr("planner.client.conditions_reviewed"),
                value=bool(c.get("conditions_reviewed")),
                key=f"{key}.reviewed",
            )
            planned = st.selectbox(
                tr("planner.planned_treatment"), treatments, index=_index(treatments, start.planned_treatment),
                format_func=lambda v: word(Treatment(v), lang), placeholder=tr("planner.choose"),
                key=f"{key}.planned",
            )  # fmt: skip

        st.markdown(f"**{tr('planner.history')}**")
        st.caption(tr("planner.history.help"))
        table = st.data_editor(
            pd.DataFrame(_rows(start.history), columns=COLUMNS),
            key=f"{key}.history",
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            column_config=_columns(lang),
        )
        submitted = st.form_submit_button(tr("planner.form.submit"), type="primary", icon=":material/event_note:")

    raw_client: dict[str, Any] = {
        "age": None if age is None else int(age),
        "massage_experience": experience,
        "condition_months": None if months is None else float(months),
        "trigger_points": trigger_points,
        "trigger_point_severity": severity,
        "stressors": bool(stressors),
        "bad_experience_before": bool(bad_experience),
        "known_fainting_tendency": bool(fainting),
        "disclosed_conditions": [item.strip() for item in disclosed.split(",") if item.strip()],
        "conditions_reviewed": bool(reviewed),
    }
    raw: dict[str, Any] = {
        "client": {k: v for k, v in raw_client.items() if v is not None},
        "history": history_rows(table),
    }
    if planned is not None:
        raw["planned_treatment"] = planned
    return raw, submitted


def _columns(lang: Language) -> dict[str, Any]:
    column = st.column_config

    def tr(text_key: str) -> str:
        return translate(text_key, lang)

    def scale(name: str, low: int, high: int, step: int) -> Any:
        return column.NumberColumn(
            tr(f"planner.col.{name}"), help=tr(f"planner.col.{name}.help"), min_value=low, max_value=high, step=step,
            required=True,
        )  # fmt: skip

    return {
        "date": column.DateColumn(tr("planner.col.date"), required=True, format="YYYY-MM-DD", width="small"),
        "treatment": column.SelectboxColumn(
            tr("planner.col.treatment"),
            options=[tm.value for tm in Treatment],
            format_func=lambda v: word(Treatment(v), lang),
            required=True,
            default=Treatment.trigger_point_therapy.value,
        ),
        "duration_min": scale("duration_min", 5, 240, 5),
        "pressure": scale("pressure", 0, 10, 1),
        "pain_before": scale("pain_before", 0, 10, 1),
        "pain_after": scale("pain_after", 0, 10, 1),
        "reaction_level": column.SelectboxColumn(
            tr("planner.col.reaction_level"),
            options=[level.value for level in LEVEL_ORDER],
            format_func=lambda v: word(Level(v), lang),
            help=tr("planner.col.reaction_level.help"),
        ),
    }


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


def field_name(field: str, lang: Language) -> str:
    """An engine field name as the form calls it (e.g. history[2].pain_after -> Session 3, Pain after)."""
    head, _, tail = field.partition(".")
    if head.startswith("history[") and head.endswith("]"):
        row = int(head[len("history[") : -1]) + 1
        column = tail.split(".")[0]
        label = translate(f"planner.field.{column}", lang) if column in COLUMNS else tail
        return translate("planner.row_field", lang, row=row, field=label)
    if head == "client" and tail:
        key = f"planner.client.{tail.split('.')[0].split('[')[0]}"
        return translate(key, lang) if key in catalogs()[lang] else field
    if head in ("history", "planned_treatment"):
        return translate(f"planner.{head}", lang)
    return field


def problems(error: ValidationError, lang: Language) -> list[str]:
    lines = []
    for line in explain(error, lang):
        name, sep, message = line.partition(": ")
        lines.append(f"{field_name(name, lang)}: {message}" if sep else line)
    return lines
