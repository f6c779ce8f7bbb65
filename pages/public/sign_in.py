"""Sign in (also shown at every protected URL a visitor may not open): name and password, or the
clinic's single sign-on when configured. One message for every failure (ui/auth.py)."""

from __future__ import annotations

import streamlit as st

from ui import auth
from ui.state import t

signed_in = auth.user()
if signed_in is not None and st.session_state.get(auth.ASKED_PAGE) is None:  # /sign-in, signed in already
    st.switch_page("pages/therapist/clients.py")
if signed_in is not None:  # at a URL this role may not open
    st.title(t("auth.title"))
    st.success(t("auth.signed_in_as", name=signed_in["username"], role=t(f"auth.role.{signed_in['role']}")))
    st.warning(t("auth.forbidden"))
    st.stop()
auth.sign_in_form()
