"""The plan view: the engine's plan for the next session, the same on the planner page and in the
client record's planner tab.

Three numbers with their change from the last session (a gentler change never shown as bad), the
suggested date with its calendar download, the flags as call-outs, every reason with the statements
it cites and the clinic defaults it used, and the chart of the sessions so far. Texts come from
ui/texts/planner.py and ui/texts/plan_view.py; user-typed conditions are escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import streamlit as st

from logic import next_session
from logic.figures.sessions import history_figure
from logic.models import Language, PastSession, Plan, PlanFlag, PlanRequest, Treatment
from logic.planner import flag_statements, suggestion_date
from logic.settings import ClinicSettings
from logic.texts.vocabulary import in_sentence

from .exports import export_button
from .i18n import catalogs, translate
from .user_text import esc
from .widgets import statement_list

# The expectation-talk script in the catalog cites these.
TALK_STATEMENTS = ["D2", "D3", "G3", "G5", "H1"]
# Call-outs by weight: a doctor's clearance first, then what to review, then what to talk about.
FLAG_ALERTS = {
    PlanFlag.medical_clearance_required: (st.error, ":material/medical_services:"),
    PlanFlag.review_disclosures: (st.warning, ":material/assignment_late:"),
    PlanFlag.consider_alternatives: (st.warning, ":material/alt_route:"),
    PlanFlag.expectation_talk: (st.info, ":material/forum:"),
}
CHART_CONFIG = {"displayModeBar": False, "scrollZoom": False}


def show(
    result: Plan,
    request: PlanRequest,
    lang: Language,
    settings: ClinicSettings,
    *,
    key: str,
    client: tuple[int, str] | None = None,
) -> None:
    """The plan `result` of `request`. `client` (id, name) names the client in the calendar event, whose
    download is then an audited export of that client's data; without it the event names nobody."""
    history = request.history
    if history:
        when = suggestion_date(history, result)
        st.markdown(translate("planner.plan.date", lang, date=when.isoformat(), days=result.interval_days))
        calendar_button(when, lang, settings, key=f"{key}.ics", client=client)
    else:
        st.caption(translate("planner.no_history", lang))
    metrics(result, history, lang)
    flags(result, request, lang)
    reasons(result, lang, settings)
    st.markdown(f"#### {translate('planner.chart.title', lang)}")
    st.plotly_chart(
        history_figure(history, result, lang, settings=settings),
        config=CHART_CONFIG,
        width="stretch",
        alt=translate("planner.chart.alt", lang),
        key=f"{key}.chart",
    )


def calendar_button(
    when: dt.date, lang: Language, settings: ClinicSettings, *, key: str, client: tuple[int, str] | None
) -> None:
    """The suggested day as an all-day event (.ics) for the clinic's calendar, built on the press."""
    from .storage import storage

    title = translate("plan_view.ics.summary", lang)
    if client is not None:
        client_id, name = client
        store = storage()
        named = translate("plan_view.ics.summary_client", lang, title=title, name=name)

        def build() -> str:
            return next_session.export_for_client(store, client_id, when, named, settings.clinic_name).decode("utf-8")
    else:

        def build() -> str:
            return next_session.next_session_ics(when, title, settings.clinic_name).decode("utf-8")

    export_button(
        translate("plan_view.ics.download", lang),
        build,
        f"reaktionsguide-next-session-{when.isoformat()}.ics",
        next_session.MIME,
        key,
        icon=":material/calendar_add_on:",
    )
    st.caption(translate("plan_view.ics.help", lang))


def metrics(result: Plan, history: Sequence[PastSession], lang: Language) -> None:
    last = history[-1] if history else None
    last_interval = (history[-1].date - history[-2].date).days if len(history) >= 2 else None
    duration, pressure, interval = st.columns(3)
    with duration:
        metric(
            "planner.metric.duration", translate("planner.unit.min", lang, value=result.duration_min),
            result.duration_min - last.duration_min if last else None, "planner.unit.min", lang, gentler_is_lower=True,
        )  # fmt: skip
    with pressure:
        metric(
            "planner.metric.pressure", translate("planner.unit.pressure", lang, value=result.pressure),
            result.pressure - last.pressure if last else None, "planner.unit.pressure", lang, gentler_is_lower=True,
        )  # fmt: skip
    with interval:
        metric(
            "planner.metric.interval", translate("planner.unit.days", lang, value=result.interval_days),
            result.interval_days - last_interval if last_interval is not None else None, "planner.unit.days", lang,
            gentler_is_lower=False,
        )  # fmt: skip
    st.caption(translate("planner.gentler_note", lang))


def metric(
    label_key: str, value: str, change: float | None, unit_key: str, lang: Language, gentler_is_lower: bool
) -> None:
    """A plan number with its change from last time; a gentler change is never shown as bad."""
    label, help_text = translate(label_key, lang), translate(f"{label_key}.help", lang)
    if change is None:
        st.metric(label, value, help=help_text, border=True)
    elif change == 0:
        st.metric(
            label, value, delta=translate("planner.delta.same", lang), delta_color="off", delta_arrow="off",
            help=help_text, border=True,
        )  # fmt: skip
    else:
        st.metric(
            label, value, delta=translate(unit_key, lang, value=f"{change:+g}"),
            delta_color="inverse" if gentler_is_lower else "normal",
            delta_description=translate("planner.delta.vs_last", lang), help=help_text, border=True,
        )  # fmt: skip


def flags(result: Plan, request: PlanRequest, lang: Language) -> None:
    if not result.flags:
        return
    st.markdown(f"#### {translate('planner.flags.title', lang)}")
    for flag in sorted(result.flags, key=list(FLAG_ALERTS).index):
        alert, icon = FLAG_ALERTS[flag]
        # The conditions are typed by a user: escaped, so they show as text, never as markup.
        values = (
            {"conditions": esc(", ".join(request.client.disclosed_conditions))}
            if flag == PlanFlag.review_disclosures
            else {}
        )
        alert(translate(f"planner.flag.{flag.value}", lang, **values), icon=icon)
        if flag == PlanFlag.expectation_talk:
            with st.container(border=True):
                st.markdown(f"**{translate('planner.talk.title', lang)}**")
                st.markdown(translate("planner.talk.script", lang))
                with st.expander(translate("planner.talk.statements", lang)):
                    statement_list(TALK_STATEMENTS, lang)
        elif ids := flag_statements(result, flag):
            with st.expander(translate("planner.reasons.why", lang, ids=", ".join(ids))):
                statement_list(ids, lang)


def reasons(result: Plan, lang: Language, settings: ClinicSettings) -> None:
    st.markdown(f"#### {translate('planner.reasons.title', lang)}")
    for reason in result.reasons:
        with st.container(border=True):
            st.markdown(reason.text)
            st.caption(translate("planner.reasons.cites", lang, ids=", ".join(reason.statement_ids)))
            if reason.clinic_defaults:
                items = "; ".join(policy_items(reason.clinic_defaults, lang, settings))
                st.caption(translate("planner.reasons.policy", lang, items=items))
            with st.expander(translate("planner.reasons.why", lang, ids=", ".join(reason.statement_ids))):
                statement_list(reason.statement_ids, lang)


def policy_items(names: Sequence[str], lang: Language, settings: ClinicSettings) -> list[str]:
    """The clinic defaults a rule used, in words with their current values."""
    items = []
    for name in names:
        if name.startswith("plan_starts."):
            treatment = Treatment(name.removeprefix("plan_starts."))
            start = settings.plan_starts[treatment]
            items.append(
                translate(
                    "planner.setting.plan_starts",
                    lang,
                    treatment=in_sentence(treatment, lang),
                    duration=start.duration_min,
                    pressure=start.pressure,
                    interval=start.interval_days,
                )
            )
        elif f"planner.setting.{name}" in catalogs()[lang]:
            items.append(translate(f"planner.setting.{name}", lang, value=f"{getattr(settings, name):g}"))
        else:
            items.append(name)
    return items
