"""Client record (therapist): one client's history, sessions, reaction checks, body map, plan and export.

The client comes from the URL (`/client?id=7`) or, without one, the record opened last. Tabs run
only when open (their choice is kept in the URL as `tab`). Every input is validated by the storage's
models or the engine's before anything is written; problems are shown one per line in the user's
language and change nothing.
"""

from __future__ import annotations

from ui.auth import record_view, require_role

require_role("therapist")

import datetime as dt

import streamlit as st
from pydantic import ValidationError

from logic import body_map
from logic.auth import privacy
from logic.figures.records import level_figure, load_figure, pain_figure
from logic.form_starts import hours_since_session, next_session_start
from logic.models import Treatment
from logic.progress import clinically_important_improvement, important_change_threshold
from logic.reaction import assess
from logic.services.checks import assess_and_record
from logic.services.planning import plan_for_client
from logic.storage import ClientRecord, NotFound, ProfileMissing, SessionRecord, StorageError
from logic.tree_data import TREE
from ui import follow_up, plan_view, records
from ui.auth import app_settings
from ui.check_form import check as check_answers
from ui.check_form import not_needed_note, scroll_into_view, show_problems
from ui.exports import export_button
from ui.i18n import translate
from ui.record_today import today_summary
from ui.records import CLIENTS_PAGE, RECORD_ID
from ui.state import current_language, t
from ui.storage import storage
from ui.widgets import consultation_form, level_card

TABS = ["overview", "sessions", "check", "body_map", "planner", "follow_up", "export"]
CHART_CONFIG = {"displayModeBar": False, "scrollZoom": False}
CHECK_MAP_HEIGHT = 420  # px: the body map of the check, folded above its form
CHECK_RESULT = "check-result"  # the saved check's result, scrolled into view with its confirmation
SAVED_NOTE = "record-saved"  # a save's confirmation, scrolled into view after the rerun
CHECK_SAVED = "record.check.saved"  # the confirmation of the check just saved, shown with its result

lang = current_language()
settings = app_settings()  # the clinic's settings with an admin's overrides (phone numbers, thresholds)
store = storage()


def client_id() -> int | None:
    """The client in the URL, else the one opened last (then written into the URL)."""
    raw = st.query_params.get("id")
    if raw is not None:
        try:
            ident = int(raw)
        except ValueError:
            return None
        st.session_state[RECORD_ID] = ident
        return ident
    ident = st.session_state.get(RECORD_ID)
    if isinstance(ident, int):
        st.query_params["id"] = str(ident)
        return ident
    return None


def nonce(name: str) -> int:
    """A counter in widget keys: raising it gives a form fresh widgets after a successful save."""
    return st.session_state.setdefault(f"record.{name}.nonce", 0)


def renew(name: str) -> None:
    st.session_state[f"record.{name}.nonce"] = nonce(name) + 1


def saved(name: str, message_key: str, **values: object) -> None:
    renew(name)
    records.flash(message_key, **values)
    st.rerun()


# --- Tabs ----------------------------------------------------------------------------------------


def overview(client: ClientRecord, sessions: list[SessionRecord]) -> None:
    checks = store.list_checks(client.id)
    if not sessions and not checks:
        st.info(t("records.overview.empty"), icon=":material/info:")
        return
    if sessions:
        first, last = sessions[0], sessions[-1]
        threshold = important_change_threshold(first.pain_before)
        reached = clinically_important_improvement(first.pain_before, last.pain_after)
        count, pain, change = st.columns(3)
        count.metric(t("records.overview.sessions"), len(sessions), border=True)
        pain.metric(
            t("records.overview.pain"), f"{first.pain_before} → {last.pain_after}", border=True,
            help=t("records.overview.pain.help"),
        )  # fmt: skip
        change.metric(
            t("records.overview.x6"),
            t("records.overview.x6.reached" if reached else "records.overview.x6.not_yet"),
            border=True,
            help=t("records.overview.x6.help", threshold=f"{threshold:g}"),
        )
    if sessions:
        st.markdown(f"**{t('records.chart.pain')}**")
        st.plotly_chart(
            pain_figure(sessions, lang), config=CHART_CONFIG, width="stretch", key="chart-pain",
            alt=t("records.chart.pain.alt"),
        )  # fmt: skip
        st.caption(
            t("records.chart.pain.caption", threshold=f"{important_change_threshold(sessions[0].pain_before):g}")
        )
    st.markdown(f"**{t('records.chart.levels')}**")
    if checks:
        st.plotly_chart(
            level_figure(checks, lang), config=CHART_CONFIG, width="stretch", key="chart-levels",
            alt=t("records.chart.levels.alt"),
        )  # fmt: skip
        st.caption(t("records.chart.levels.caption"))
    else:
        st.caption(t("records.chart.no_checks"))
    if sessions:
        st.markdown(f"**{t('records.chart.load')}**")
        st.plotly_chart(
            load_figure(sessions, lang), config=CHART_CONFIG, width="stretch", key="chart-load",
            alt=t("records.chart.load.alt"),
        )  # fmt: skip
    if client.original_pain_regions:
        st.caption(t("records.overview.original", regions=records.region_names(client.original_pain_regions, lang)))


def session_start(client: ClientRecord, sessions: list[SessionRecord]) -> dict:
    """A new session starts from the plan made after the last session, else the last session, else nothing."""
    return next_session_start(sessions, store.list_plans(client.id), client.original_pain_regions, dt.date.today())


def sessions_tab(client: ClientRecord, sessions: list[SessionRecord]) -> None:
    if sessions:
        records.sessions_table(sessions, lang)
        session_history(client, sessions)
    else:
        st.info(t("records.sessions.empty"), icon=":material/info:")

    st.markdown(f"#### {t('records.sessions.add')}")
    raw, submitted = records.session_form(
        f"record.add.{client.id}.{nonce('add')}", lang, "records.sessions.add.submit", session_start(client, sessions)
    )
    if submitted:
        try:
            store.add_session(client.id, raw)
        except ValidationError as error:
            records.show_problems(records.problems(error, lang, "records.session"), lang)
        except StorageError as error:
            records.show_problems([translate(error.code, lang, **error.values)], lang)
        else:
            saved("add", "records.sessions.added", date=raw["date"].isoformat())
    if sessions:
        edit_session(client, sessions)


def session_history(client: ClientRecord, sessions: list[SessionRecord]) -> None:
    """The earlier versions of corrected sessions, in an expander (only when a session was corrected)."""
    versions = store.session_versions(client.id)
    if not versions:
        return
    numbers = {s.id: i + 1 for i, s in enumerate(sessions)}
    by_id = {s.id: s for s in sessions}
    with st.expander(t("records.sessions.history", count=sum(map(len, versions.values()))), icon=":material/history:"):
        for session_id, earlier in versions.items():
            st.markdown(f"**{records.session_label(numbers[session_id], by_id[session_id], lang)}**")
            records.session_versions_table(earlier, lang, key=f"record.history.{session_id}")


def edit_session(client: ClientRecord, sessions: list[SessionRecord]) -> None:
    numbers = {s.id: i + 1 for i, s in enumerate(sessions)}
    by_id = {s.id: s for s in sessions}
    with st.expander(t("records.sessions.edit"), icon=":material/edit:"):
        chosen = st.selectbox(
            t("records.sessions.edit.choose"),
            list(reversed(list(by_id))),
            format_func=lambda sid: records.session_label(numbers[sid], by_id[sid], lang),
            key=f"record.edit.{client.id}.choice",
        )
        session = by_id[chosen]
        start = session.model_dump(include={"date", "treatment", "neck_treatment", "duration_min", "pressure",
                                            "regions", "pain_before", "pain_after", "note"})  # fmt: skip
        raw, submitted = records.session_form(
            f"record.edit.{client.id}.{chosen}.{nonce('edit')}", lang, "records.sessions.edit.submit", start
        )
        if submitted:
            try:
                store.update_session(chosen, raw)
            except ValidationError as error:
                records.show_problems(records.problems(error, lang, "records.session"), lang)
            except StorageError as error:
                records.show_problems([translate(error.code, lang, **error.values)], lang)
            else:
                saved("edit", "records.sessions.updated", number=numbers[chosen])


def new_pain_question(key: str, original: list[str], now: list[str]) -> str | None:
    """E3 from the body map: no region outside the original pain means no new pain; otherwise the only
    question left is whether the new pain feels like the original. None while that is unanswered."""
    new = body_map.new_regions(original, now)
    if not new:
        st.caption(t("records.check.no_new_pain"))
        return "none"
    st.info(t("records.check.new_pain", regions=records.region_names(new, lang)), icon=":material/add_location_alt:")
    options = {o.value: o.label(lang) for o in TREE.questions["q_new_pain"].options if o.value != "none"}
    return st.radio(
        t("records.check.new_pain.question"),
        list(options),
        index=None,
        format_func=lambda v: options[v],
        key=f"{key}.quality",
    )


def check_tab(client: ClientRecord, sessions: list[SessionRecord]) -> None:
    key = f"rc{client.id}n{nonce('check')}"
    last = sessions[-1] if sessions else None
    checks = store.list_checks(client.id)
    shown = st.session_state.get(f"record.check.{client.id}.shown")
    check = next((c for c in checks if c.id == shown), None)
    if check is not None and check.report is not None:
        with st.container(key=CHECK_RESULT):
            confirmation = st.session_state.pop(CHECK_SAVED, None)
            if confirmation:
                st.success(confirmation, icon=":material/check_circle:")
            st.markdown(f"#### {t('records.check.result')}")
            level_card(assess(check.report, lang, settings), lang, settings, audience="therapist")
            not_needed_note(st.session_state.get(f"record.check.{client.id}.not_needed", []), lang)
        if confirmation:
            scroll_into_view(CHECK_RESULT)

    st.markdown(f"#### {t('records.check.new')}")
    hours = hours_since_session(last) if last is not None else None
    if last is not None:
        linked = records.session_label(len(sessions), last, lang)
        note = t("records.check.linked", session=linked) + " "
        if hours is not None:
            note += t("staff.hours_from_session", time=last.created_at.astimezone().strftime("%H:%M"))
        else:
            note += t("staff.hours_unknown")
        st.caption(note)
    else:
        st.info(t("records.check.no_session"), icon=":material/info:")
    original = list(client.original_pain_regions)
    derived: str | None = None
    now: list[str] = []
    if original:
        # Where it hurts now: on the body map, folded (the list below it is the keyboard's way), and what
        # that means for new pain (E3) beside it; the form below is then one laptop screen.
        map_column, new_pain_column = st.columns([2, 3], vertical_alignment="center")
        with map_column:
            marked = st.session_state.get(f"{key}.now.regions") or []
            summary = records.region_names(marked, lang) if marked else t("staff.where_now.none")
            with st.expander(
                t("staff.where_now", regions=summary), icon=":material/accessibility_new:", key=f"{key}-map"
            ):
                st.caption(t("records.check.where_now.help", regions=records.region_names(original, lang)))
                now = records.body_map_picker(
                    f"{key}.now", lang, "records.check.regions_now.list", original=original, height=CHECK_MAP_HEIGHT
                )
        with new_pain_column:
            derived = new_pain_question(key, original, now)
            new_pain_slot = st.empty()
        # The form's own new-pain question is answered by the map (and the question above): hidden.
        st.session_state[f"{key}.new_pain"] = derived
        st.html(f"<style>.st-key-{key}-new_pain {{ display: none; }}</style>")
    else:
        st.warning(t("records.check.no_original"), icon=":material/location_off:")

    prefill = {f"{key}.fainting": bool(client.profile and client.profile.known_fainting_tendency)}
    known = None
    if last is not None:
        prefill.update({f"{key}.treatment": last.treatment.value, f"{key}.neck": "yes" if last.neck_treatment else "no",
                        f"{key}.pain_before": last.pain_before})  # fmt: skip
        if hours is not None:
            prefill[f"{key}.hours"] = hours
            known = t(
                "staff.known", treatment=records.treatment_name(last.treatment, lang), hours=f"{hours:g}",
                neck=t("staff.known.neck" if last.neck_treatment else "staff.known.no_neck"),
                fainting=t("staff.known.fainting" if prefill[f"{key}.fainting"] else "staff.known.no_fainting"),
            )  # fmt: skip
    for name, value in prefill.items():
        st.session_state.setdefault(name, value)
    slots: dict = {}
    raw, submitted, form_problems = consultation_form(lang, key=key, slots=slots, known=known)
    if original:
        slots["new_pain_elsewhere"] = new_pain_slot

    st.markdown(f"#### {t('records.check.earlier')}")
    if checks:
        records.checks_table(checks, sessions, lang)
    else:
        st.caption(t("records.check.none"))

    if not submitted:
        return
    if original:
        raw.pop("new_pain_elsewhere", None)
        if derived is not None:
            raw["new_pain_elsewhere"] = derived
        else:
            form_problems = [*form_problems, "records.check.new_pain.required"]
    checked = check_answers(raw, form_problems, lang, settings)
    if checked.report is None:
        show_problems(slots, checked.problems, lang)
        return
    report = checked.report
    try:
        stored = assess_and_record(
            store, client.id, report, lang, settings, regions_now=now, session_id=last.id if last else None
        ).record
    except StorageError as error:
        show_problems(slots, {"_form": [translate(error.code, lang, **error.values)]}, lang)
        return
    st.session_state[f"record.check.{client.id}.shown"] = stored.id
    st.session_state[f"record.check.{client.id}.not_needed"] = checked.not_needed
    st.session_state[CHECK_SAVED] = t("records.check.stored", level=records.level_words(stored.level, lang))
    renew("check")
    st.rerun()


def body_map_tab(client: ClientRecord) -> None:
    key = f"record.map.{client.id}.{nonce('map')}"
    st.caption(t("records.map.intro"))
    regions = records.body_map_picker(
        key, lang, "records.map.regions", start=client.original_pain_regions, original=client.original_pain_regions
    )
    changed = set(regions) != set(client.original_pain_regions)
    lines: list[str] = []
    with st.container(horizontal=True, vertical_alignment="center"):
        if st.button(
            t("records.map.save"), type="primary", icon=":material/save:", disabled=not changed, key=f"{key}.save"
        ):
            try:
                store.set_original_pain(client.id, regions)
            except ValidationError as error:
                lines = records.problems(error, lang, "records.map")
            except StorageError as error:
                lines = [translate(error.code, lang, **error.values)]
            else:
                saved("map", "records.map.saved")
        when = client.original_pain_recorded_at
        if client.original_pain_regions and when:
            st.caption(t("records.map.recorded_at", date=when.astimezone().strftime("%Y-%m-%d %H:%M")), width="content")
        elif not client.original_pain_regions:
            st.caption(t("records.map.none"), width="content")
    records.show_problems(lines, lang)
    st.caption(t("records.map.why"))


def profile_section(client: ClientRecord, expanded: bool) -> None:
    with st.expander(t("records.profile.title"), icon=":material/assignment_ind:", expanded=expanded):
        key = f"record.profile.{client.id}.{nonce('profile')}"
        with st.form(key, border=False):
            raw = records.profile_inputs(key, lang, client.profile)
            submitted = st.form_submit_button(t("records.profile.save"), type="primary", icon=":material/save:")
        if submitted:
            try:
                store.set_risk_profile(client.id, raw)
            except ValidationError as error:
                records.show_problems(records.problems(error, lang, "records.profile"), lang)
            except StorageError as error:
                records.show_problems([translate(error.code, lang, **error.values)], lang)
            else:
                saved("profile", "records.profile.saved")


def planner_tab(client: ClientRecord, sessions: list[SessionRecord]) -> None:
    profile_section(client, expanded=client.profile is None)
    if client.profile is None:
        st.info(t("records.plan.no_profile"), icon=":material/info:")
        return
    treatments = [tm.value for tm in Treatment]
    default = sessions[-1].treatment.value if sessions else Treatment.trigger_point_therapy.value
    planned = st.selectbox(
        t("records.plan.treatment"), treatments, index=treatments.index(default),
        format_func=lambda v: records.treatment_name(v, lang), key=f"record.plan.{client.id}.treatment",
    )  # fmt: skip
    try:
        planned_for = plan_for_client(store, client.id, planned, lang, settings)
    except (ProfileMissing, NotFound) as error:
        st.info(translate(error.code, lang, **error.values), icon=":material/info:")
        return
    request, suggested = planned_for.request, planned_for.plan
    st.markdown(f"#### {t('records.plan.title')}")
    plan_view.show(suggested, request, lang, settings, key=f"record.plan.{client.id}", client=(client.id, client.name))
    follow_up.planner_note(store, client.id)  # the history counts the client's own reports too

    key = f"record.plan.{client.id}.{planned}.{suggested.duration_min}.{suggested.pressure}.{suggested.interval_days}.{nonce('plan')}"
    raw, submitted = records.plan_choice_form(key, lang, suggested)
    if submitted:
        accepted = (raw.get("chosen_duration_min"), raw.get("chosen_pressure"), raw.get("chosen_interval_days")) == (
            suggested.duration_min, suggested.pressure, suggested.interval_days,
        )  # fmt: skip
        data = {"request": request, "suggested": suggested, "accepted": accepted, **raw}
        try:
            store.save_plan(client.id, data)
        except ValidationError as error:
            records.show_problems(records.problems(error, lang, "records.plan"), lang)
        except StorageError as error:
            records.show_problems([translate(error.code, lang, **error.values)], lang)
        else:
            saved("plan", "records.plan.saved_accepted" if accepted else "records.plan.saved_adjusted")
    plans = store.list_plans(client.id)
    if plans:
        st.markdown(f"#### {t('records.plan.saved_title')}")
        records.plans_table(plans, lang)


def export_tab(client: ClientRecord) -> None:
    st.markdown(t("records.export.intro"))
    st.caption(t("records.export.privacy"))
    export_button(
        t("records.export.download"),
        lambda: privacy.export_history(store, client.id),
        f"reaktionsguide-client-{client.id}-{dt.date.today().isoformat()}.csv",
        "text/csv",
        f"record.export.{client.id}",
        icon=":material/download:",
        type="primary",
    )


# --- The page ------------------------------------------------------------------------------------

st.page_link(CLIENTS_PAGE, label=t("records.back"), icon=":material/arrow_back:")
ident = client_id()
if ident is None:
    st.subheader(t("records.nav.record"), anchor=False)
    st.info(t("records.record.choose"), icon=":material/info:")
    st.stop()
try:
    client = store.get_client(ident)
except NotFound as error:
    st.subheader(t("records.nav.record"), anchor=False)
    st.error(translate(error.code, lang, **error.values), icon=":material/error:")
    st.session_state.pop(RECORD_ID, None)
    st.stop()

record_view(store, client.id)  # the audit trail: who opened which record (ui/auth.py)
records.record_header(client, lang)
flashed = records.FLASH in st.session_state
with st.container(key=SAVED_NOTE):
    records.show_flash(lang)
if flashed:  # a form was saved further down: its confirmation, and the record it changed, in view
    scroll_into_view(SAVED_NOTE)
if not client.consent_health_data:
    st.warning(t("records.record.no_consent"), icon=":material/lock:")
    st.stop()

sessions = store.list_sessions(client.id)
today_summary(client, sessions, store.list_checks(client.id), store.list_plans(client.id), lang)
labels = [translate(f"records.tab.{name}", lang) for name in TABS]
tabs = dict(zip(TABS, st.tabs(labels, key="tab", bind="query-params"), strict=True))
with tabs["overview"]:
    if tabs["overview"].open:
        overview(client, sessions)
with tabs["sessions"]:
    if tabs["sessions"].open:
        sessions_tab(client, sessions)
with tabs["check"]:
    if tabs["check"].open:
        check_tab(client, sessions)
with tabs["body_map"]:
    if tabs["body_map"].open:
        body_map_tab(client)
with tabs["planner"]:
    if tabs["planner"].open:
        planner_tab(client, sessions)
with tabs["follow_up"]:
    if tabs["follow_up"].open:
        follow_up.record_tab(store, client, sessions, lang)
with tabs["export"]:
    if tabs["export"].open:
        export_tab(client)
