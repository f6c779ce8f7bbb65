"""Widgets of the client list and the client record: rows, badges, forms, the body map, tables.

The pages (pages/therapist/clients.py, pages/therapist/client_record.py) read these widgets, call the storage and the
engine, and render. Everything a user typed (names, contact, notes, disclosed conditions) is shown as
plain text: escaped before it goes into markdown, or in a dataframe cell. Texts come from
ui/texts/records.py; format functions use the `lang` they are given, never session state, since
Streamlit may call them outside the script run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from logic import body_map
from logic.errors import explain
from logic.figures.levels import LEVEL_GLYPHS
from logic.figures.records import BODY_MAP_CONFIG, body_map_figure
from logic.models import (
    LEVEL_ORDER,
    Experience,
    Language,
    Level,
    Plan,
    Treatment,
    TriggerPointCount,
    TriggerPointSeverity,
)
from logic.storage import Badge, CheckRecord, ClientRecord, ClientSummary, PlanRecord, RiskProfile, SessionRecord
from logic.storage.records import SessionVersionRecord
from logic.storage.repository import Storage
from logic.storage.search import count_bound
from logic.texts.vocabulary import word

from .i18n import catalogs, translate
from .user_text import esc
from .widgets import LEVEL_COLOR, LEVEL_ICON

CLIENTS_PAGE = "pages/therapist/clients.py"
RECORD_PAGE = "pages/therapist/client_record.py"
# The client whose record was opened last (the record page falls back to it without ?id=).
RECORD_ID = "records_client_id"
# A one-time note for the next run of a page: (catalog key, values).
FLASH = "records_flash"

PAGE_SIZE = 25
BADGE_ICON = {
    Badge.elderly: ":material/elderly:",
    Badge.fainting_tendency: ":material/airline_seat_flat:",
    Badge.disclosures_not_reviewed: ":material/assignment_late:",
    Badge.no_progress: ":material/trending_flat:",
}

# --- Validation problems -------------------------------------------------------------------------


def labelled(lines: Iterable[str], lang: Language, prefix: str) -> list[str]:
    """`explain` lines ("field: problem") with the field's name replaced by its label in the form."""
    table = catalogs()[lang]
    out = []
    for line in lines:
        field, sep, message = line.partition(": ")
        head = field.split(".")[0].split("[")[0]
        key = f"{prefix}.{head}"
        out.append(f"{table[key]}: {message}" if sep and key in table else line)
    return out


def problems(error: ValidationError, lang: Language, prefix: str) -> list[str]:
    return labelled(explain(error, lang), lang, prefix)


def show_problems(lines: Sequence[str], lang: Language) -> None:
    if lines:
        st.markdown(f"**{translate('records.problems', lang)}**")
        for line in lines:
            st.error(line, icon=":material/error:")


def flash(message_key: str, **values: object) -> None:
    """Show a note on the next run (after st.rerun or a page switch)."""
    st.session_state[FLASH] = (message_key, values)


def show_flash(lang: Language) -> None:
    note = st.session_state.pop(FLASH, None)
    if note:
        key, values = note
        st.success(translate(key, lang, **values), icon=":material/check_circle:")


# --- Levels and badges ---------------------------------------------------------------------------


def level_words(level: Level | None, lang: Language) -> str:
    return word(level, lang, "record") if level else translate("records.level.none", lang)


def level_label(level: Level | None, lang: Language) -> str:
    """The level as shape and words, for tables and lists (never colour alone)."""
    if level is None:
        return translate("records.level.none", lang)
    return f"{LEVEL_GLYPHS[level]} {level_words(level, lang)}"


def level_badge(level: Level | None, lang: Language) -> None:
    if level is None:
        st.badge(level_words(None, lang), icon=":material/remove:", color="gray")
    else:
        st.badge(level_words(level, lang), icon=LEVEL_ICON[level], color=LEVEL_COLOR[level])


def badge_words(badge: Badge, lang: Language) -> str:
    return translate(f"records.badge.{badge.value}", lang)


def client_badges(badges: Sequence[Badge], lang: Language) -> None:
    for badge in badges:
        st.badge(
            badge_words(badge, lang),
            icon=BADGE_ICON[badge],
            color="gray",
            help=translate(f"records.badge.{badge.value}.help", lang),
        )


# --- The client list -----------------------------------------------------------------------------


def search(
    store: Storage, query: str, levels: Sequence[str], flags: Sequence[str], offset: int, limit: int = PAGE_SIZE
) -> tuple[list[ClientSummary], int, bool]:
    """A page of the client list (any of the chosen latest levels, all chosen badges) and how many match:
    (items, total, more). The storage counts only so far (count_bound); `more` says that more than
    `total` match, and that a next page exists."""
    page = store.search_clients(query, levels or None, flags, limit=limit, offset=offset)
    bound = count_bound(offset, limit)
    if page.total > bound:
        return list(page.items), bound, True
    return list(page.items), page.total, False


def client_row(client: ClientSummary, lang: Language) -> None:
    """One row of the list: name and age, latest level, badges, and a link to the record."""
    with st.container(border=True, key=f"client-row-{client.id}"):
        who, badges, link = st.columns([3, 7, 2], vertical_alignment="center")  # badges side by side
        with who:
            details = translate("records.row.age_sessions", lang, age=client.age, sessions=client.session_count)
            st.markdown(f"**{esc(client.name)}**  \n:gray[{details}]")
        with badges, st.container(horizontal=True, gap="small"):
            level_badge(client.latest_level, lang)
            client_badges(client.badges, lang)
        with link:
            st.page_link(
                RECORD_PAGE,
                label=translate("records.row.open", lang),
                icon=":material/folder_open:",
                query_params={"id": str(client.id)},
            )


# --- Client and risk profile inputs --------------------------------------------------------------


def client_inputs(key: str, lang: Language) -> dict[str, Any]:
    """Name, birth year, contact and consent (inside a form); the raw values for ClientIn."""
    left, right = st.columns([3, 2])
    name = left.text_input(translate("records.client.name", lang), max_chars=200, key=f"{key}.name")
    birth_year = right.number_input(
        translate("records.client.birth_year", lang), value=None, step=1, placeholder=translate("records.client.birth_year.placeholder", lang),
        key=f"{key}.birth_year",
    )  # fmt: skip
    contact = st.text_input(
        translate("records.client.contact", lang),
        max_chars=200,
        help=translate("records.client.contact.help", lang),
        key=f"{key}.contact",
    )
    consent = st.checkbox(translate("records.client.consent_health_data", lang), key=f"{key}.consent")
    consent_date = st.date_input(
        translate("records.client.consent_date", lang), value=dt.date.today(), max_value=dt.date.today(), format="YYYY-MM-DD",
        key=f"{key}.consent_date",
    )  # fmt: skip
    raw: dict[str, Any] = {
        "name": name,
        "birth_year": birth_year,
        "contact": contact or None,
        "consent_health_data": consent,
        "consent_date": consent_date if consent else None,
    }
    return {k: v for k, v in raw.items() if v is not None}


def _index(options: list[str], value: Any) -> int | None:
    value = getattr(value, "value", value)
    return options.index(value) if value in options else None


def profile_inputs(key: str, lang: Language, start: RiskProfile | None = None) -> dict[str, Any]:
    """The risk profile the planner uses (inside a form); the raw values for RiskProfileIn."""
    experiences = [e.value for e in Experience]
    counts = [c.value for c in TriggerPointCount]
    severities = [s.value for s in TriggerPointSeverity]
    left, right = st.columns(2)
    with left:
        experience = st.selectbox(
            translate("records.profile.massage_experience", lang), experiences,
            index=_index(experiences, start.massage_experience if start else None),
            format_func=lambda v: word(Experience(v), lang), placeholder=translate("records.choose", lang),
            key=f"{key}.experience",
        )  # fmt: skip
        months = st.number_input(
            translate("records.profile.condition_months", lang), value=start.condition_months if start else None, step=1.0,
            format="%g", placeholder=translate("records.profile.condition_months.placeholder", lang), key=f"{key}.months",
        )  # fmt: skip
        trigger_points = st.selectbox(
            translate("records.profile.trigger_points", lang), counts,
            index=_index(counts, start.trigger_points if start else TriggerPointCount.unknown),
            format_func=lambda v: word(TriggerPointCount(v), lang), key=f"{key}.trigger_points",
        )  # fmt: skip
        severity = st.selectbox(
            translate("records.profile.trigger_point_severity", lang), severities,
            index=_index(severities, start.trigger_point_severity if start else TriggerPointSeverity.unknown),
            format_func=lambda v: word(TriggerPointSeverity(v), lang), key=f"{key}.severity",
        )  # fmt: skip
    with right:
        stressors = st.checkbox(
            translate("records.profile.stressors", lang), value=bool(start and start.stressors), key=f"{key}.stressors"
        )
        bad = st.checkbox(
            translate("records.profile.bad_experience_before", lang), value=bool(start and start.bad_experience_before),
            key=f"{key}.bad",
        )  # fmt: skip
        fainting = st.checkbox(
            translate("records.profile.known_fainting_tendency", lang), value=bool(start and start.known_fainting_tendency),
            key=f"{key}.fainting",
        )  # fmt: skip
        disclosed = st.text_area(
            translate("records.profile.disclosed_conditions", lang),
            value="\n".join(start.disclosed_conditions) if start else "",
            help=translate("records.profile.disclosed_conditions.help", lang), height=96, key=f"{key}.disclosed",
        )  # fmt: skip
        reviewed = st.checkbox(
            translate("records.profile.conditions_reviewed", lang), value=bool(start and start.conditions_reviewed),
            key=f"{key}.reviewed",
        )  # fmt: skip
    raw: dict[str, Any] = {
        "massage_experience": experience,
        "condition_months": months,
        "trigger_points": trigger_points,
        "trigger_point_severity": severity,
        "stressors": stressors,
        "bad_experience_before": bad,
        "known_fainting_tendency": fainting,
        "disclosed_conditions": [line.strip() for line in disclosed.splitlines() if line.strip()],
        "conditions_reviewed": reviewed,
    }
    return {k: v for k, v in raw.items() if v is not None}


# --- The record's header -------------------------------------------------------------------------


def record_header(client: ClientRecord, lang: Language) -> None:
    st.subheader(esc(client.name), anchor=False)
    facts = [translate("records.header.age", lang, age=client.age, year=client.birth_year)]
    facts.append(translate("records.header.sessions", lang, count=client.session_count))
    if client.consent_health_data and client.consent_date:
        facts.append(translate("records.header.consent", lang, date=client.consent_date.isoformat()))
    st.caption(" · ".join(facts))
    if client.contact:
        st.text(f"{translate('records.header.contact', lang)}: {client.contact}")  # plain text: no markdown, no links
    with st.container(horizontal=True, gap="small", key="record-badges"):
        level_badge(client.latest_level, lang)
        client_badges(client.badges, lang)


# --- The body map --------------------------------------------------------------------------------


def region_names(regions: Iterable[str], lang: Language) -> str:
    return ", ".join(body_map.label(r, lang) for r in regions)


def _in_map_order(regions: Iterable[str]) -> list[str]:
    chosen = set(regions)
    return [r.id for r in body_map.REGIONS if r.id in chosen]


def body_map_picker(
    key: str,
    lang: Language,
    label_key: str,
    start: Iterable[str] = (),
    original: Iterable[str] = (),
    height: int | None = None,
) -> list[str]:
    """Regions chosen on the body map: click a point to mark or unmark it, or draw a box or lasso
    around several; the list below the figure does the same and is the keyboard way.

    `original` regions (the original pain) are drawn outlined in blue for comparison.
    """
    state = f"{key}.regions"
    chart = f"{key}.figure"
    if state not in st.session_state:
        st.session_state[state] = _in_map_order(start)

    def picked() -> None:
        event = st.session_state.get(chart) or {}
        points = (event.get("selection") or {}).get("points", [])
        ids = [p.get("customdata") for p in points if p.get("customdata") in body_map.REGION_IDS]
        current = list(st.session_state.get(state) or [])
        if len(ids) == 1:  # a click toggles that region
            current = [r for r in current if r != ids[0]] if ids[0] in current else current + ids
        else:  # a box or lasso adds every region inside it
            current += ids
        st.session_state[state] = _in_map_order(current)

    selected = list(st.session_state[state])
    st.plotly_chart(
        body_map_figure(lang, selected=selected, original=original, **({"height": height} if height else {})),
        key=chart,
        on_select=picked,
        selection_mode=("points", "box", "lasso"),
        config=BODY_MAP_CONFIG,
        width="stretch",
    )
    legend = [translate("records.map.legend.marked", lang)] + [translate("records.map.legend.original", lang)] * bool(
        list(original)
    )
    st.caption(" · ".join(legend))
    st.multiselect(
        translate(label_key, lang),
        [r.id for r in body_map.REGIONS],
        format_func=lambda r: body_map.label(r, lang),
        placeholder=translate("records.map.placeholder", lang),
        key=state,
    )
    return list(st.session_state[state])


# --- Sessions ------------------------------------------------------------------------------------


def treatment_name(value: Treatment | str, lang: Language) -> str:
    return word(Treatment(value), lang)


def session_label(number: int, session: SessionRecord, lang: Language) -> str:
    return translate(
        "records.session.label", lang, number=number, date=session.date.isoformat(),
        treatment=treatment_name(session.treatment, lang),
    )  # fmt: skip


def session_form(
    key: str, lang: Language, submit_key: str, start: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], bool]:
    """A session's fields in one form; (the raw values for SessionIn, submitted?).

    Numbers are not bounded by the widgets: SessionIn validates them and the page explains problems.
    """
    start = start or {}
    treatments = [t.value for t in Treatment]
    with st.form(key, border=True):
        first, second = st.columns([2, 3])
        date = first.date_input(
            translate("records.session.date", lang), value=start.get("date", dt.date.today()), format="YYYY-MM-DD",
            key=f"{key}.date",
        )  # fmt: skip
        treatment = second.selectbox(
            translate("records.session.treatment", lang), treatments, index=_index(treatments, start.get("treatment")),
            format_func=lambda v: treatment_name(v, lang), placeholder=translate("records.choose", lang), key=f"{key}.treatment",
        )  # fmt: skip
        first, second, third, fourth = st.columns(4)
        duration = first.number_input(
            translate("records.session.duration_min", lang), value=start.get("duration_min"), step=5.0, format="%g",
            key=f"{key}.duration",
        )  # fmt: skip
        pressure = second.number_input(
            translate("records.session.pressure", lang), value=start.get("pressure"), step=1.0, format="%g",
            help=translate("records.session.pressure.help", lang), key=f"{key}.pressure",
        )  # fmt: skip
        pain_before = third.number_input(
            translate("records.session.pain_before", lang), value=start.get("pain_before"), step=1,
            help=translate("records.session.pain.help", lang), key=f"{key}.pain_before",
        )  # fmt: skip
        pain_after = fourth.number_input(
            translate("records.session.pain_after", lang), value=start.get("pain_after"), step=1,
            help=translate("records.session.pain.help", lang), key=f"{key}.pain_after",
        )  # fmt: skip
        neck = st.checkbox(
            translate("records.session.neck_treatment", lang),
            value=bool(start.get("neck_treatment")),
            key=f"{key}.neck",
        )
        regions = st.multiselect(
            translate("records.session.regions", lang), [r.id for r in body_map.REGIONS], default=start.get("regions", []),
            format_func=lambda r: body_map.label(r, lang), placeholder=translate("records.map.placeholder", lang),
            key=f"{key}.regions",
        )  # fmt: skip
        note = st.text_area(
            translate("records.session.note", lang),
            value=start.get("note", ""),
            max_chars=4000,
            height=80,
            key=f"{key}.note",
        )
        submitted = st.form_submit_button(translate(submit_key, lang), type="primary", icon=":material/save:")
    raw: dict[str, Any] = {
        "date": date,
        "treatment": treatment,
        "neck_treatment": neck,
        "duration_min": duration,
        "pressure": pressure,
        "regions": list(regions),
        "pain_before": pain_before,
        "pain_after": pain_after,
        "note": note,
    }
    return {k: v for k, v in raw.items() if v is not None}, submitted


def _session_cells(s: SessionRecord | SessionVersionRecord, lang: Language) -> dict[str, Any]:
    return {
        "date": s.date,
        "treatment": treatment_name(s.treatment, lang),
        "duration": s.duration_min,
        "pressure": s.pressure,
        "pain_before": s.pain_before,
        "pain_after": s.pain_after,
        "regions": region_names(s.regions, lang),
        "note": s.note,
    }


def _session_columns(lang: Language) -> dict[str, Any]:
    column = st.column_config
    return {
        "date": column.DateColumn(translate("records.session.date", lang), format="YYYY-MM-DD"),
        "treatment": column.TextColumn(translate("records.session.treatment", lang)),
        "duration": column.NumberColumn(translate("records.session.duration_min", lang), format="%g"),
        "pressure": column.NumberColumn(translate("records.session.pressure", lang), format="%g"),
        "pain_before": column.NumberColumn(translate("records.session.pain_before", lang)),
        "pain_after": column.NumberColumn(translate("records.session.pain_after", lang)),
        "level": column.TextColumn(translate("records.session.level", lang)),
        "regions": column.TextColumn(translate("records.session.regions", lang)),
        "note": column.TextColumn(translate("records.session.note", lang)),
    }


def sessions_table(sessions: Sequence[SessionRecord], lang: Language) -> None:
    rows = [
        {"number": i + 1, **_session_cells(s, lang), "level": level_label(s.reaction_level, lang)}
        for i, s in enumerate(sessions)
    ]
    columns = [
        "number", "date", "treatment", "duration", "pressure", "pain_before", "pain_after", "level", "regions", "note"
    ]  # fmt: skip
    st.dataframe(
        pd.DataFrame(rows, columns=columns),
        hide_index=True,
        width="stretch",
        column_config={"number": st.column_config.NumberColumn("#", width=40), **_session_columns(lang)},
        key="sessions-table",
        height="content",  # every session, not the first ten behind a scrollbar
    )


def session_versions_table(versions: Sequence[SessionVersionRecord], lang: Language, key: str) -> None:
    """A corrected session's earlier versions, oldest first: each as it was saved, when it was
    replaced and by whom."""
    rows = [
        {
            "version": v.version,
            "saved_at": v.saved_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            "replaced_at": v.replaced_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            "replaced_by": v.replaced_by,
            **_session_cells(v, lang),
        }
        for v in versions
    ]
    column = st.column_config
    session_columns = _session_columns(lang)
    del session_columns["level"]  # a version has no reaction level of its own
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={
            "version": column.NumberColumn(translate("records.sessions.history.version", lang), width=60),
            "saved_at": column.TextColumn(translate("records.sessions.history.saved_at", lang)),
            "replaced_at": column.TextColumn(translate("records.sessions.history.replaced_at", lang)),
            "replaced_by": column.TextColumn(translate("records.sessions.history.replaced_by", lang)),
            **session_columns,
        },
        key=key,
    )


# --- Reaction checks -----------------------------------------------------------------------------


def checks_table(checks: Sequence[CheckRecord], sessions: Sequence[SessionRecord], lang: Language) -> None:
    numbers = {s.id: i + 1 for i, s in enumerate(sessions)}
    rows = [
        {
            "checked_at": c.checked_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            "session": translate("records.check.session_number", lang, number=numbers[c.session_id])
            if c.session_id in numbers
            else "",
            "level": level_label(c.level, lang),
            "progress": translate("records.answer.yes", lang) if c.progress_sign else "",
            "regions_now": region_names(c.regions_now, lang),
            "source": translate(f"followup.source.{c.source}", lang),
        }
        for c in reversed(checks)
    ]
    column = st.column_config
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={
            "checked_at": column.TextColumn(translate("records.check.checked_at", lang)),
            "session": column.TextColumn(translate("records.check.session", lang)),
            "level": column.TextColumn(translate("records.check.level", lang)),
            "progress": column.TextColumn(translate("records.check.progress", lang)),
            "regions_now": column.TextColumn(translate("records.check.regions_now", lang)),
            "source": column.TextColumn(translate("followup.source.column", lang)),
        },
        key="checks-table",
    )


# --- The plan ------------------------------------------------------------------------------------


def plan_choice_form(key: str, lang: Language, suggested: Plan) -> tuple[dict[str, Any], bool]:
    """The therapist's choice: the suggestion as it is, or adjusted; (raw values, submitted?)."""
    with st.form(key, border=True):
        st.markdown(f"**{translate('records.plan.choose', lang)}**")
        st.caption(translate("records.plan.choose.help", lang))
        duration, pressure, interval = st.columns(3)
        chosen_duration = duration.number_input(
            translate("records.plan.chosen_duration_min", lang),
            value=suggested.duration_min,
            step=5,
            key=f"{key}.duration",
        )
        chosen_pressure = pressure.number_input(
            translate("records.plan.chosen_pressure", lang), value=suggested.pressure, step=1, key=f"{key}.pressure"
        )
        chosen_interval = interval.number_input(
            translate("records.plan.chosen_interval_days", lang),
            value=suggested.interval_days,
            step=1,
            key=f"{key}.interval",
        )
        submitted = st.form_submit_button(translate("records.plan.save", lang), type="primary", icon=":material/save:")
    raw = {
        "chosen_duration_min": chosen_duration,
        "chosen_pressure": chosen_pressure,
        "chosen_interval_days": chosen_interval,
    }
    return {k: v for k, v in raw.items() if v is not None}, submitted


def plans_table(plans: Sequence[PlanRecord], lang: Language) -> None:
    rows = [
        {
            "created_at": p.created_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            "treatment": treatment_name(p.request.planned_treatment, lang),
            "duration": p.chosen_duration_min,
            "pressure": p.chosen_pressure,
            "interval": p.chosen_interval_days,
            "accepted": translate("records.plan.accepted" if p.accepted else "records.plan.adjusted", lang),
        }
        for p in reversed(plans)
    ]
    column = st.column_config
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={
            "created_at": column.TextColumn(translate("records.plan.created_at", lang)),
            "treatment": column.TextColumn(translate("records.session.treatment", lang)),
            "duration": column.NumberColumn(translate("records.plan.chosen_duration_min", lang)),
            "pressure": column.NumberColumn(translate("records.plan.chosen_pressure", lang)),
            "interval": column.NumberColumn(translate("records.plan.chosen_interval_days", lang)),
            "accepted": column.TextColumn(translate("records.plan.choice", lang)),
        },
        key="plans-table",
    )


def levels_in_order() -> list[str]:
    return [level.value for level in LEVEL_ORDER]
