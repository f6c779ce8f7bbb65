"""Who is signed in to this browser session, the idle timeout, and the role check of protected pages.

State lives in st.session_state only (server side): AUTH_USER = {"username", "role"}, AUTH_SEEN = the
time of the last script run. `begin_run()` (app.py, before navigation) signs the session out when it
has been idle longer than settings.idle_minutes, tells the audit trail who acts in this run, and
returns the role. `require_role(...)` at the top of each protected page checks again and stops the
page for anyone else (the navigation does not even register such pages for them).

The sign-in form passes the client's address (`client_source`) for the throttling of failed sign-ins
(logic/auth/throttle.py), says how long to wait when an attempt is held back, and after an admin's
reset leads to `password_change_form`, which the My account page uses too.

logic.auth.accounts (and with it Argon2) is imported where an account is looked up, not at the start:
an anonymous visitor's page never needs it, and a server's first page comes up without it.
"""

from __future__ import annotations

import time
from typing import Any

import streamlit as st

from logic.auth import ADMIN, ANONYMOUS, THERAPIST, audit

from .state import t
from .user_text import esc
from .storage import app_settings, storage  # app_settings: also imported from here by app.py and pages

AUTH_USER = "auth_user"
AUTH_SEEN = "auth_seen"
IDLE_OUT = "auth_idle_out"
SSO_REFUSED = "auth_sso_refused"  # the provider's e-mail that no active account has
MUST_CHANGE = "auth_must_change"  # the account whose right (temporary) password must be changed first
PASSWORD_CHANGED = "auth_password_changed"  # said once, on the page the change leads to
RANK = {ANONYMOUS: 0, THERAPIST: 1, ADMIN: 2}


def user() -> dict[str, Any] | None:
    found = st.session_state.get(AUTH_USER)
    return found if isinstance(found, dict) and found.get("role") in (THERAPIST, ADMIN) else None


def role() -> str:
    signed_in = user()
    return signed_in["role"] if signed_in else ANONYMOUS


def sign_in_session(username: str, user_role: str) -> None:
    st.session_state[AUTH_USER] = {"username": username, "role": user_role}
    st.session_state[AUTH_SEEN] = time.time()
    st.session_state.pop(IDLE_OUT, None)


def sign_out(reason: str = "user") -> None:
    signed_in = user()
    for key in (AUTH_USER, AUTH_SEEN):
        st.session_state.pop(key, None)
    if signed_in:
        try:
            with storage().write() as session:
                audit.append(session, audit.SIGN_OUT, actor=signed_in["username"], detail={"reason": reason})
        except Exception:
            pass
    if _sso_configured():
        try:
            if st.user.is_logged_in:
                st.logout()
        except Exception:
            pass


def _sso_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:
        return False


def _sso_map() -> None:
    """After st.login: map the provider's sign-in to an account, once per session."""
    if user() is not None or not _sso_configured():
        return
    try:
        logged_in, email = st.user.is_logged_in, st.user.get("email")
    except Exception:
        return
    if logged_in and not st.session_state.get("auth_sso_tried"):
        from logic.auth import accounts

        st.session_state["auth_sso_tried"] = True
        # The account is found by the provider's subject once bound; the first time only by an e-mail
        # the provider says it verified (a provider that does not say is not trusted with it; some
        # send the claim as the string "true").
        outcome = accounts.sign_in_sso(
            storage(), email, verified=st.user.get("email_verified") in (True, "true"), issuer=st.user.get("iss"),
            subject=st.user.get("sub"),
        )  # fmt: skip
        if outcome.ok and outcome.user:
            sign_in_session(outcome.user.username, outcome.user.role)
        else:
            st.session_state[SSO_REFUSED] = str(email or "?")


def begin_run() -> str:
    """Idle timeout, single sign-on mapping and the audit actor; returns this run's role."""
    _sso_map()
    now = time.time()
    if user() is not None:
        idle = app_settings().idle_minutes * 60
        if now - st.session_state.get(AUTH_SEEN, now) > idle:
            sign_out("idle")
            st.session_state[IDLE_OUT] = app_settings().idle_minutes
        else:
            st.session_state[AUTH_SEEN] = now
            _confirm_account()
    signed_in = user()
    audit.set_actor(signed_in["username"] if signed_in else "anonymous")
    return role()


def _confirm_account() -> None:
    """The account as the database has it now: an admin's disabling or change of role takes effect at
    the session's next run, on every replica, not only at sign-out."""
    from logic.auth import accounts

    signed_in = user()
    assert signed_in is not None
    account = accounts.get_user(storage(), signed_in["username"])
    if account is None or not account.active:
        sign_out("account disabled")
    elif account.role != signed_in["role"]:
        st.session_state[AUTH_USER] = {"username": account.username, "role": account.role}


def allowed(needed: str, current: str | None = None) -> bool:
    return RANK[current or role()] >= RANK[needed]


def require_role(needed: str) -> dict[str, Any]:
    """First line of every protected page: anyone below `needed` sees a note and nothing else."""
    if not allowed(needed):
        if user():
            st.warning(t("auth.forbidden"))
        else:
            sign_in_form()
        st.stop()
    signed_in = user()
    assert signed_in is not None
    audit.set_actor(signed_in["username"])
    return signed_in


def sign_out_button() -> None:
    signed_in = user()
    if not signed_in:
        return
    with st.sidebar:
        st.caption(t("auth.signed_in_as", name=signed_in["username"], role=t(f"auth.role.{signed_in['role']}")))
        if st.button(t("auth.sign_out"), key="auth_sign_out"):
            sign_out()
            st.rerun()


@st.fragment(run_every=60)
def idle_watch() -> None:
    """Once a minute: when the session has been idle too long, rerun the app, which signs it out."""
    if user() is None:
        return
    if time.time() - st.session_state.get(AUTH_SEEN, time.time()) > app_settings().idle_minutes * 60:
        st.rerun(scope="app")


VIEWED = "auth_viewed"
VIEW_AGAIN_AFTER_S = 600


def record_view(store: Any, client_id: int) -> None:
    """Audit a view of a client record: once when it is opened, not on every rerun of the page while
    the same record stays open (again after 10 minutes, or when another record was opened between)."""
    last = st.session_state.get(VIEWED)
    now = time.time()
    if isinstance(last, tuple) and last[0] == client_id and now - last[1] < VIEW_AGAIN_AFTER_S:
        return
    audit.record_view(store, client_id)
    st.session_state[VIEWED] = (client_id, now)


def client_source() -> str | None:
    """The client's address as the server sees it (None: the server itself), for sign-in throttling."""
    try:
        return st.context.ip_address
    except Exception:
        return None


def _wait_text(retry_after: Any) -> str:
    import datetime as dt
    import math

    seconds = max(1, math.ceil((retry_after - dt.datetime.now(dt.timezone.utc)).total_seconds()))
    return t("auth.throttled", seconds=seconds)


def account_error_text(error: Exception) -> str:
    """An account change's refusal in the user's language where the logic names its reason."""
    from logic.auth import accounts

    if isinstance(error, accounts.PasswordPolicyError):
        return t(f"auth.password.{error.code}", **error.values)
    return str(error)


def sign_in_form() -> None:
    """The sign-in form (pages/public/sign_in.py, and any protected page a visitor opens): one message for
    every failure, the wait when attempts are held back; the clinic's single sign-on as well when it is
    configured. After an admin's reset the right password leads to choosing a new one first."""
    from logic.auth import accounts, passwords

    st.title(t("auth.title"))
    if st.session_state.get(MUST_CHANGE):
        st.info(t("auth.password.must_change"))
        password_change_form(st.session_state[MUST_CHANGE], forced=True)
        if st.button(t("auth.password.back"), key="auth_change_back"):
            st.session_state.pop(MUST_CHANGE, None)
            st.rerun()
        return
    if st.session_state.get(IDLE_OUT):
        st.info(t("auth.idle_out", minutes=st.session_state[IDLE_OUT]))
    st.caption(t("auth.intro"))
    with st.form("sign_in", enter_to_submit=True):
        name = st.text_input(t("auth.username"), key="sign_in_name", autocomplete="username", max_chars=100)
        password = st.text_input(
            t("auth.password"), type="password", key="sign_in_password", autocomplete="current-password",
            max_chars=passwords.MAX_LENGTH,
        )  # fmt: skip
        submitted = st.form_submit_button(t("auth.submit"), type="primary")
    if submitted:
        outcome = accounts.sign_in(storage(), name, password, client_source())
        if outcome.ok and outcome.user is not None:
            sign_in_session(outcome.user.username, outcome.user.role)
            st.rerun()
        if outcome.reason == "change_password" and outcome.user is not None:
            st.session_state[MUST_CHANGE] = outcome.user.username
            st.rerun()
        st.error(_wait_text(outcome.retry_after) if outcome.reason == "throttled" else t("auth.failed"))
    if _sso_configured() and not _sso_refused():  # (a refused sign-in is answered by sso_refusal())
        st.button(t("auth.sso"), on_click=st.login)


def password_change_form(username: str, forced: bool = False) -> None:
    """Change a password with the old one (the account page; after an admin's reset, the temporary one).
    On success the user is signed in (again) and the app reruns; every refusal is said in words."""
    from logic.auth import accounts, passwords

    with st.form("password_change", clear_on_submit=True):
        old_label = "auth.password.temporary" if forced else "auth.password.old"
        old = st.text_input(t(old_label), type="password", autocomplete="current-password", key="password_old")
        new = st.text_input(
            t("auth.password.new"), type="password", autocomplete="new-password", key="password_new",
            help=t("auth.password.rules", min=passwords.MIN_LENGTH), max_chars=passwords.MAX_LENGTH,
        )  # fmt: skip
        repeat = st.text_input(
            t("auth.password.repeat"), type="password", autocomplete="new-password", key="password_repeat"
        )
        submitted = st.form_submit_button(t("auth.password.save"), type="primary")
    if not submitted:
        return
    if new != repeat:
        st.error(t("auth.password.mismatch"))
        return
    try:
        outcome = accounts.change_password(storage(), username, old, new, client_source())
    except accounts.AccountError as error:
        st.error(account_error_text(error))
        return
    if outcome.reason == "throttled":
        st.error(_wait_text(outcome.retry_after))
    elif not outcome.ok or outcome.user is None:
        st.error(t("auth.password.old_wrong"))
    else:
        st.session_state.pop(MUST_CHANGE, None)
        sign_in_session(outcome.user.username, outcome.user.role)
        st.session_state[PASSWORD_CHANGED] = True
        st.rerun()


def password_changed_note() -> None:
    if st.session_state.pop(PASSWORD_CHANGED, None):
        st.success(t("auth.password.changed"))


def _sso_refused() -> bool:
    return bool(st.session_state.get(SSO_REFUSED)) and user() is None and st.user.is_logged_in


def sso_refusal() -> None:
    """Signed in at the clinic's provider but as nobody here (the provider sends the browser back to the
    start page): say so on every page, and offer to leave the provider's sign-in."""
    if _sso_configured() and _sso_refused():
        st.error(t("auth.sso.refused", email=esc(st.session_state[SSO_REFUSED])), icon=":material/no_accounts:")
        st.button(t("auth.sso.sign_out"), on_click=st.logout, key="auth_sso_sign_out")
