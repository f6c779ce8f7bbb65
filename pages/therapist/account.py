"""My account (any signed-in user): who is signed in, and a change of one's own password with the old one."""

from __future__ import annotations

from ui.auth import require_role

me = require_role("therapist")

import streamlit as st

from logic.auth import accounts
from ui.auth import password_change_form
from ui.state import t
from ui.storage import storage

st.title(t("auth.account.title"))
st.caption(t("auth.signed_in_as", name=me["username"], role=t(f"auth.role.{me['role']}")))
account = accounts.get_user(storage(), me["username"])
if account is not None and not account.has_password:
    st.info(t("auth.account.sso_only"))
else:
    st.subheader(t("auth.account.change"), anchor=False)
    password_change_form(me["username"])
