"""Saving a consultation's check on a client's record, and handing that client over to the planner.

The check is attached to a client (found by name, or created here) and to one of that client's
sessions (today's preselected when there is one) or to none, and stored with the storage's own
`record_check`: the same call, validation and audit row as the record's own checks. The hand-over to
the planner carries only the client's and the check's ids: the planner reads the client's history,
this check included, from the storage.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st
from pydantic import ValidationError

from logic.models import Assessment, Language, ReactionReport
from logic.storage import CheckIn, Storage, StorageError

from . import records
from .client_picker import pick_client
from .i18n import translate
from .state import PLANNER_PREFILL
from .user_text import esc

PLANNER = "pages/therapist/planner.py"
WHO = ["existing", "new"]
NO_SESSION = 0  # the session choice meaning "not linked to a session"


def save_section(store: Storage, lang: Language, report: ReactionReport, assessment: Assessment, key: str) -> None:
    """Choose the client and the session, save; once saved, the way on to the planner and the record."""
    saved = st.session_state.get(f"{key}.saved")
    if saved and saved["answers"] == report.model_dump(mode="json"):
        handover(store, lang, saved, key)
        return
    created = st.session_state.pop(f"{key}.created", None)
    if created is not None:  # a client just created here: chosen (set before the widgets exist)
        st.session_state[f"{key}.who"] = "existing"
        st.session_state[f"{key}.pick.client"] = created
    st.markdown(f"#### {translate('consult.save.title', lang)}", anchors=False)
    who = st.radio(
        translate("consult.save.who", lang), WHO, format_func=lambda v: translate(f"consult.save.who.{v}", lang),
        horizontal=True, key=f"{key}.who",
    )  # fmt: skip
    if who == "new":
        new_client(store, lang, key)
        return
    # The client of the last save stays chosen for the next check of this consultation.
    client_id = pick_client(store, lang, f"{key}.pick", chosen=saved["client_id"] if saved else None)
    if client_id is None:
        return
    client = store.get_client(client_id)
    if not client.consent_health_data:
        st.warning(translate("consult.save.no_consent", lang), icon=":material/lock:")
        return
    sessions = store.list_sessions(client_id)
    numbers = {s.id: i + 1 for i, s in enumerate(sessions)}
    labels = {s.id: records.session_label(numbers[s.id], s, lang) for s in reversed(sessions)}
    labels[NO_SESSION] = translate("consult.save.no_session", lang)
    today = next((s.id for s in reversed(sessions) if s.date == dt.date.today()), NO_SESSION)
    options = list(labels)
    session_id = st.selectbox(
        translate("consult.save.session", lang), options, index=options.index(today),
        format_func=lambda ident: labels[ident], help=translate("consult.save.session.help", lang),
        key=f"{key}.session.{client_id}",
    )  # fmt: skip
    if st.button(translate("consult.save.button", lang), type="primary", icon=":material/save:", key=f"{key}.save"):
        check = CheckIn(report=report, assessment=assessment, session_id=session_id or None)
        try:
            stored = store.record_check(client_id, check)
        except StorageError as error:
            records.show_problems([translate(error.code, lang, **error.values)], lang)
            return
        st.session_state[f"{key}.saved"] = {
            "answers": report.model_dump(mode="json"), "client_id": client_id, "check_id": stored.id,
            "session": numbers.get(session_id),
        }  # fmt: skip
        st.rerun()


def new_client(store: Storage, lang: Language, key: str) -> None:
    """A new client's name, birth year, contact and consent; created, then chosen for the check."""
    nonce = st.session_state.setdefault(f"{key}.new.nonce", 0)
    form = f"{key}.new.{nonce}"
    with st.form(form, border=True):
        raw = records.client_inputs(form, lang)
        submitted = st.form_submit_button(translate("consult.save.create", lang), icon=":material/person_add:")
    if not submitted:
        return
    try:
        client = store.create_client(raw)
    except ValidationError as error:
        records.show_problems(records.problems(error, lang, "records.client"), lang)
        return
    except StorageError as error:
        records.show_problems([translate(error.code, lang, **error.values)], lang)
        return
    st.session_state[f"{key}.new.nonce"] = nonce + 1
    st.session_state[f"{key}.created"] = client.id
    st.rerun()


def handover(store: Storage, lang: Language, saved: dict[str, Any], key: str) -> None:
    client = store.get_client(saved["client_id"])
    where = (
        translate("consult.save.saved_session", lang, number=saved["session"])
        if saved.get("session")
        else translate("consult.save.saved_unlinked", lang)
    )
    st.success(
        translate("consult.save.saved", lang, name=esc(client.name), where=where), icon=":material/check_circle:"
    )
    st.page_link(
        records.RECORD_PAGE, label=translate("consult.save.open_record", lang), icon=":material/folder_open:",
        query_params={"id": str(client.id)},
    )  # fmt: skip
    if st.button(
        translate("consult.to_planner", lang), type="primary", icon=":material/event_note:", width="stretch",
        key="consult_to_planner",
    ):  # fmt: skip
        st.session_state[PLANNER_PREFILL] = {"client_id": client.id, "check_id": saved["check_id"]}
        st.switch_page(PLANNER)
