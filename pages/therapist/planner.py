"""Session planner (therapist): plan the next session from a chosen client's record, from scratch, or
from the labelled example.

The page starts empty. Choosing a client fills the form from the record (the storage's plan request:
risk profile, age, sessions with their reaction levels), and opening the planner from a saved
consultation chooses that client. The input is validated as a PlanRequest (problems one per line in
the user's language, no plan while anything is invalid); the plan is shown by ui/plan_view.py, the
same view as the record's planner tab.
"""

from __future__ import annotations

from ui.auth import require_role

require_role("therapist")

import datetime as dt

import streamlit as st
from pydantic import ValidationError

from logic.models import PlanRequest, Treatment
from logic.planner import plan
from logic.storage import ProfileMissing
from logic.texts.vocabulary import word
from ui import plan_view, planner_form
from ui.auth import record_view
from ui.client_picker import pick_client
from ui.i18n import translate
from ui.records import RECORD_PAGE
from ui.state import PLANNER_PREFILL, current_language, t
from ui.storage import app_settings, storage

SOURCE = "planner.source"  # where the form starts: empty, a client's record, or the example
SOURCES = ["empty", "client", "example"]
PICKER = "planner.pick"
HANDOVER = "planner.handover"  # the consultation's hand-over: {"client_id": ..., "check_id": ...}

lang = current_language()
settings = app_settings()  # planner defaults, with an admin's overrides
store = storage()

handover = st.session_state.pop(PLANNER_PREFILL, None)
if isinstance(handover, dict) and isinstance(handover.get("client_id"), int):
    st.session_state[SOURCE] = "client"
    st.session_state[f"{PICKER}.client"] = handover["client_id"]
    st.session_state[HANDOVER] = handover
st.session_state.setdefault(SOURCE, "empty")

st.subheader(t("planner.title"))
st.caption(t("planner.intro"))
source = st.radio(
    t("planner.start.label"),
    SOURCES,
    format_func=lambda v: translate(f"planner.start.{v}", lang),
    horizontal=True,
    key=SOURCE,
)

named: tuple[int, str] | None = None
if source == "client":
    client_id = pick_client(store, lang, PICKER)
    if client_id is None:
        st.info(t("planner.start.choose_client"), icon=":material/person_search:")
        st.stop()
    client = store.get_client(client_id)
    record_view(store, client.id)  # the audit trail: the planner shows the client's history
    st.page_link(RECORD_PAGE, label=t("planner.start.open_record"), icon=":material/folder_open:",
                 query_params={"id": str(client.id)})  # fmt: skip
    if not client.consent_health_data:  # as the record: no health data shown without consent
        st.warning(t("records.record.no_consent"), icon=":material/lock:")
        st.stop()
    sessions = store.list_sessions(client.id)
    treatment = sessions[-1].treatment if sessions else Treatment.trigger_point_therapy
    try:
        request = store.plan_request_for(client.id, treatment)
    except ProfileMissing:
        st.info(t("planner.start.no_profile"), icon=":material/info:")
        st.stop()
    given = st.session_state.get(HANDOVER) or {}
    if given.get("client_id") == client.id:
        check = next((c for c in store.list_checks(client.id) if c.id == given.get("check_id")), None)
        if check is not None:
            st.info(t("planner.handover", level=word(check.level, lang)), icon=":material/input:")
    start = planner_form.from_request(f"c{client.id}", request)
    named = (client.id, client.name)
elif source == "example":
    st.warning(t("planner.example.label"), icon=":material/science:")
    start = planner_form.example(dt.date.today())
else:
    start = planner_form.empty()

raw, submitted = planner_form.form(start, lang)
sent = f"planner.{start.name}.sent"
if submitted:
    st.session_state[sent] = True
if start.name == "empty" and not st.session_state.get(sent):
    st.info(t("planner.empty.hint"), icon=":material/edit_note:")
    st.stop()

try:
    request = PlanRequest.model_validate(raw)
except ValidationError as error:
    st.markdown(f"#### {t('planner.problems')}")
    for line in planner_form.problems(error, lang):
        st.error(line, icon=":material/error:")
    st.stop()

st.markdown(f"### {t('planner.plan.title')}")
plan_view.show(plan(request, lang, settings), request, lang, settings, key="planner.plan", client=named)
