"""Audit trail (admin): newest rows first, filtered by client; verify the chain; export (built on the
press of a download button) or erase one client."""

from __future__ import annotations

from ui.auth import require_role

require_role("admin")

import streamlit as st

from logic.auth import audit, privacy
from logic.storage import NotFound
from ui.exports import export_button
from ui.i18n import catalogs
from ui.state import current_language, t
from ui.storage import storage


def action_words(action: str) -> str:
    """An audited action in the admin's language (a row from a newer version keeps its code)."""
    key = f"auth.audit.action.{action}"
    return t(key) if key in catalogs()[current_language()] else action


st.title(t("auth.audit.title"))
raw = st.text_input(t("auth.audit.client"), key="audit_client")
client_id = int(raw) if raw.strip().isdigit() else None
rows = audit.entries(storage().engine, client_id=client_id, limit=500)
st.dataframe(
    [{t("auth.audit.col.id"): e.id, t("auth.audit.col.at"): e.at.isoformat(timespec="seconds"),
      t("auth.audit.col.who"): e.actor, t("auth.audit.col.action"): action_words(e.action),
      t("auth.audit.col.client"): e.client_id, t("auth.audit.col.detail"): str(e.detail)} for e in rows],
    hide_index=True,
)  # fmt: skip
if st.button(t("auth.audit.verify")):
    verdict = audit.verify(storage().engine)
    (st.success if verdict.ok else st.error)(verdict.text(current_language()))

st.subheader(t("auth.privacy.title"), anchor=False)
if client_id is None:
    st.caption(t("auth.privacy.choose"))
    st.stop()

# The export holds the client's health data: each press of a download button builds one file and writes
# its audit row (ui/exports.py); showing the buttons builds nothing. They are drawn after the erase
# button has had its say, so an erased client's buttons are gone in the same run.
store = storage()
st.caption(t("auth.privacy.export_note"))
export_area = st.container(horizontal=True)
confirm = st.checkbox(t("auth.privacy.confirm"), key="erase_confirm")
erasing = st.button(t("auth.privacy.erase"), type="primary", disabled=not confirm, key="privacy_erase")
if erasing:
    try:
        privacy.erase_client(store, client_id)
        st.success(t("auth.privacy.erased", id=client_id))
    except NotFound:
        st.info(t("auth.privacy.not_found"))
with export_area:
    try:
        store.get_client(client_id)
    except NotFound:
        if not erasing:  # the erase said so already
            st.info(t("auth.privacy.not_found"))
    else:
        export_button(
            t("auth.privacy.export_json"), lambda: privacy.export_text(store, client_id, "json"),
            f"client-{client_id}.json", "application/json", "privacy_json", icon=":material/data_object:",
        )  # fmt: skip
        export_button(
            t("auth.privacy.export_csv"), lambda: privacy.export_text(store, client_id, "csv"),
            f"client-{client_id}.csv", "text/csv", "privacy_csv", icon=":material/table:",
        )  # fmt: skip
