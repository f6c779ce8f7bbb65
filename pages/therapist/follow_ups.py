"""Follow-ups (therapist): the checks clients sent through their follow-up links, not yet seen.

Most urgent first (a doctor- or emergency-level report highlighted), then the longest waiting. Opening
one goes to the client's record; marking one seen is audited, and so is each client whose reports the
list shows (once per browser session and set of reports).
"""

from __future__ import annotations

from ui.auth import require_role

require_role("therapist")

import streamlit as st

from logic.storage import follow_ups
from ui import records
from ui.follow_up import level_is_urgent, local
from ui.records import RECORD_PAGE
from ui.state import current_language, t
from ui.storage import storage
from ui.user_text import esc

VIEWED = "followup.list.viewed"  # the report ids whose view is in the audit trail already

lang = current_language()
store = storage()

st.subheader(t("followup.list.title"), anchor=False)
records.show_flash(lang)
reports = follow_ups.unseen_reports(store)
if not reports:
    st.info(t("followup.list.empty"), icon=":material/inbox:")
    st.stop()

viewed: set[int] = st.session_state.setdefault(VIEWED, set())
if not {r.check_id for r in reports} <= viewed:
    follow_ups.record_list_view(store, [r for r in reports if r.check_id not in viewed])
    viewed.update(r.check_id for r in reports)


def mark_seen(check_id: int) -> None:
    if follow_ups.mark_seen(store, check_id):
        records.flash("followup.list.marked")


for report in reports:
    urgent = level_is_urgent(report.level)
    values = {
        "name": esc(report.client_name),
        "level": records.level_label(report.level, lang),
        "when": local(report.checked_at),
    }
    with st.container(border=True, key=f"follow-up-{report.check_id}"):
        if urgent:
            st.error(t("followup.list.urgent", **values), icon=":material/priority_high:")
        else:
            st.markdown(t("followup.list.row", **values))
        with st.container(horizontal=True, vertical_alignment="center"):
            st.page_link(
                RECORD_PAGE, label=t("followup.list.open"), icon=":material/folder_open:",
                query_params={"id": str(report.client_id), "tab": "check"},
            )  # fmt: skip
            st.button(
                t("followup.list.seen"), key=f"followup.seen.{report.check_id}", on_click=mark_seen,
                args=(report.check_id,), icon=":material/done:",
            )  # fmt: skip
