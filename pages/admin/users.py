"""Users (admin): the clinic's accounts, a new account, end the delay after failed sign-ins, change an
account's role, reset its password (a temporary one, shown once, to be changed at the next sign-in),
disable or enable an account. Every change is audited by logic/auth/accounts.py; nobody disables their
own account (the logic refuses it, and the page does not offer it)."""

from __future__ import annotations

from ui.auth import require_role

me = require_role("admin")

import streamlit as st

from logic.auth import accounts
from ui.auth import account_error_text
from ui.i18n import translate
from ui.state import current_language, t
from ui.storage import storage
from ui.user_text import esc

DONE = "users_done"  # the message of the change just made, shown after the rerun that lists it
lang = current_language()


def _role(role: str) -> str:
    """A role in words (also safe in format functions run outside the script)."""
    return translate(f"auth.role.{role}", lang)


def _change(key: str, username: str, **change: object) -> None:
    """Apply one change to an account and rerun, so the table shows it; a refusal is shown instead."""
    try:
        accounts.update_user(storage(), username, **change)  # type: ignore[arg-type]
    except accounts.AccountError as error:
        st.error(account_error_text(error))
        return
    values = {"name": esc(username)}
    if "role" in change:
        values["role"] = _role(str(change["role"]))
    st.session_state[DONE] = t(key, **values)
    st.rerun()


st.title(t("auth.users.title"))
if DONE in st.session_state:
    st.success(st.session_state.pop(DONE))
users = accounts.list_users(storage())
st.dataframe(
    [{t("auth.users.col.user"): u.username, t("auth.users.col.role"): _role(u.role), t("auth.users.col.active"): u.active,
      t("auth.users.col.email"): u.email or "",
      t("auth.users.col.held_back"): u.throttled_until.isoformat(timespec="seconds") if u.throttled_until else ""}
     for u in users],
    hide_index=True,
)  # fmt: skip
held_back = [u.username for u in users if u.throttled_until]
if held_back:
    who = st.selectbox(t("auth.users.throttled"), held_back, key="users_held_back")
    if st.button(t("auth.users.unlock"), key="users_unlock", help=t("auth.users.unlock_help")):
        accounts.update_user(storage(), who, unlock=True)
        st.rerun()

if users:
    st.subheader(t("auth.users.change"), anchor=False)
    by_name = {u.username: u for u in users}
    inactive = t("auth.users.inactive")
    who = st.selectbox(
        t("auth.users.account"),
        list(by_name),
        format_func=lambda n: f"{n} ({_role(by_name[n].role)}{'' if by_name[n].active else ', ' + inactive})",
        key="users_account",
    )
    chosen = by_name[who]
    with st.container(horizontal=True, vertical_alignment="bottom"):
        new_role = st.selectbox(
            t("auth.users.role"), accounts.USER_ROLES, index=accounts.USER_ROLES.index(chosen.role),
            format_func=_role, key=f"users_role.{who}",
        )  # fmt: skip
        if st.button(t("auth.users.save_role"), key="users_save_role", disabled=new_role == chosen.role):
            _change("auth.users.role_changed", who, role=new_role)
    if st.button(t("auth.users.reset"), key="users_reset", help=t("auth.users.reset_help")):
        try:
            temporary = accounts.reset_password(storage(), who)
        except accounts.AccountError as error:
            st.error(account_error_text(error))
        else:  # shown on this run only: not kept in the session for the next
            st.success(t("auth.users.reset_done", name=esc(who), password=temporary))
    yourself = who == me["username"]
    if chosen.active:
        if st.button(
            t("auth.users.disable"), key="users_disable", disabled=yourself,
            help=t("auth.refused.own_account") if yourself else t("auth.users.disable_help"),
        ):  # fmt: skip
            _change("auth.users.disabled", who, active=False)
    elif st.button(t("auth.users.enable"), key="users_enable"):
        _change("auth.users.enabled", who, active=True)

with st.form("add_user", clear_on_submit=True):
    st.subheader(t("auth.users.add"), anchor=False)
    name = st.text_input(t("auth.username"))
    password = st.text_input(t("auth.password"), type="password")
    role = st.selectbox(t("auth.users.role"), accounts.USER_ROLES, format_func=_role)
    email = st.text_input(t("auth.users.email"), max_chars=accounts.EMAIL_LENGTH)
    if st.form_submit_button(t("auth.users.add")):
        try:
            created = accounts.create_user(storage(), name, password or None, role, email or None)
            st.success(t("auth.users.created", name=created.username))
        except accounts.AccountError as error:
            st.error(account_error_text(error))
