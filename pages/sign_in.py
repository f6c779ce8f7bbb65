"""Sign in (also shown at every protected URL a visitor may not open): name and password, or the
clinic's single sign-on when configured. One message for every failure."""

from __future__ import annotations

import streamlit as st

from logic.auth import accounts
from ui import auth
from ui.state import t
from ui.storage import storage

st.title(t("auth.title"))
if auth.user() is not None:
    st.warning(t("auth.forbidden"))
    st.stop()
if st.session_state.get(auth.IDLE_OUT):
    st.info(t("auth.idle_out", minutes=st.session_state[auth.IDLE_OUT]))
st.caption(t("auth.intro"))
with st.form("sign_in", enter_to_submit=True):
    name = st.text_input(t("auth.username"), key="sign_in_name", autocomplete="username")
    password = st.text_input(t("auth.password"), type="password", key="sign_in_password", autocomplete="current-password")
    submitted = st.form_submit_button(t("auth.submit"), type="primary")
if submitted:
    outcome = accounts.sign_in(storage(), name, password)
    if outcome.ok and outcome.user is not None:
        auth.sign_in_session(outcome.user.username, outcome.user.role)
        st.rerun()
    st.error(t("auth.failed"))
if auth._sso_configured():
    st.button(t("auth.sso"), on_click=st.login)
