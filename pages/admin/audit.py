"""Audit trail (admin): newest rows first, filtered by client; verify the chain; export (on request) or
erase one client."""

from __future__ import annotations

from ui.auth import require_role  # noqa: I001

require_role("admin")

import streamlit as st  # noqa: E402

from logic.auth import audit, privacy  # noqa: E402
from logic.storage import NotFound  # noqa: E402
from ui.state import t  # noqa: E402
from ui.storage import storage  # noqa: E402

st.title(t("auth.audit.title"))
raw = st.text_input(t("auth.audit.client"), key="audit_client")
client_id = int(raw) if raw.strip().isdigit() else None
rows = audit.entries(storage()._engine, client_id=client_id, limit=500)
st.dataframe(
    [{"id": e.id, "at": e.at.isoformat(timespec="seconds"), "who": e.actor, "action": e.action,
      "client": e.client_id, "detail": str(e.detail)} for e in rows],
    hide_index=True,
)  # fmt: skip
if st.button(t("auth.audit.verify")):
    verdict = audit.verify(storage()._engine)
    (st.success if verdict.ok else st.error)(verdict.message())

st.subheader(t("auth.privacy.title"), anchor=False)
if client_id is None:
    st.caption(t("auth.privacy.choose"))
    st.stop()

# The export holds the client's health data: it is built, and audited, only when the admin asks for it,
# and offered for download in that run only (downloading does not rerun the page; anything else does,
# and the files are gone from the page again).
st.caption(t("auth.privacy.export_note"))
if st.button(t("auth.privacy.export", id=client_id), key="privacy_export", icon=":material/download:"):
    try:
        data = privacy.export_client(storage(), client_id, "json+csv")
    except NotFound:
        st.info(t("auth.privacy.not_found"))
    else:
        with st.container(horizontal=True):
            st.download_button(
                t("auth.privacy.export_json"), privacy.to_json(data), f"client-{client_id}.json", "application/json",
                on_click="ignore", key="privacy_json", icon=":material/data_object:",
            )  # fmt: skip
            st.download_button(
                t("auth.privacy.export_csv"), privacy.to_csv(data), f"client-{client_id}.csv", "text/csv",
                on_click="ignore", key="privacy_csv", icon=":material/table:",
            )  # fmt: skip
confirm = st.checkbox(t("auth.privacy.confirm"), key="erase_confirm")
if st.button(t("auth.privacy.erase"), type="primary", disabled=not confirm, key="privacy_erase"):
    try:
        privacy.erase_client(storage(), client_id)
        st.success(t("auth.privacy.erased", id=client_id))
    except NotFound:
        st.info(t("auth.privacy.not_found"))
