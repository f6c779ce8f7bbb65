"""Users (admin): the clinic's accounts, a new account, unlock after a lockout."""

from __future__ import annotations

from ui.auth import require_role  # noqa: I001

require_role("admin")

import streamlit as st  # noqa: E402

from logic.auth import accounts  # noqa: E402
from ui.state import t  # noqa: E402
from ui.storage import storage  # noqa: E402

st.title(t("auth.users.title"))
users = accounts.list_users(storage())
st.dataframe(
    [{"user": u.username, "role": u.role, "active": u.active, "e-mail": u.email or "",
      "locked until": u.locked_until.isoformat() if u.locked_until else ""} for u in users],
    hide_index=True,
)  # fmt: skip
locked = [u.username for u in users if u.locked_until]
if locked:
    who = st.selectbox(t("auth.users.unlock"), locked)
    if st.button(t("auth.users.unlock")):
        accounts.update_user(storage(), who, unlock=True)
        st.rerun()
with st.form("add_user", clear_on_submit=True):
    st.subheader(t("auth.users.add"), anchor=False)
    name = st.text_input(t("auth.username"))
    password = st.text_input(t("auth.password"), type="password")
    role = st.selectbox(t("auth.users.role"), accounts.USER_ROLES, format_func=lambda r: t(f"auth.role.{r}"))
    email = st.text_input(t("auth.users.email"))
    if st.form_submit_button(t("auth.users.add")):
        try:
            created = accounts.create_user(storage(), name, password or None, role, email or None)
            st.success(t("auth.users.created", name=created.username))
        except accounts.AccountError as error:
            st.error(str(error))
