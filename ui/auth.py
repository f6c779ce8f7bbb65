"""Who is signed in to this browser, the idle timeout, and the role check of protected pages.

A signed-in role lives in the database (logic/auth/browser_sessions.py), bound to the browser by an
HttpOnly cookie that only the server's routes set and clear (server.py). `begin_run()` (app.py, before
navigation) reads the cookie of this session's websocket handshake on every run and asks the database
who it belongs to: a Streamlit session id alone, or a session whose cookie was revoked (sign-out in
another tab, an admin's disabling) or idle too long, holds nobody. st.session_state only mirrors the
answer for the pages: AUTH_USER = {"username", "role", "session"}, AUTH_SEEN = the last checked run.
When the signed-in person changes or leaves, the whole session state goes (`forget_session`), so the
next person at the screen sees nothing of the last one.

Signing in: the form checks the password, stores a single-use hand-over token and sends the browser to
the server's hand-over route, which sets the cookie and goes on to the page asked for (`hand_over`).
Signing out: the sessions are revoked, the state forgotten, and the server's sign-out route clears the
cookie. `require_role(...)` at the top of each protected page checks the role again.

logic.auth.accounts (and with it Argon2) is imported where an account is looked up, not at the start:
an anonymous visitor's page never needs it, and a server's first page comes up without it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import streamlit as st

from logic.auth import ADMIN, ANONYMOUS, THERAPIST, audit, browser_sessions

from .state import LANG, t
from .user_text import esc
from .storage import app_settings, storage  # app_settings: also imported from here by app.py and pages

AUTH_USER = "auth_user"
AUTH_SEEN = "auth_seen"
IDLE_OUT = "auth_idle_out"
SSO_REFUSED = "auth_sso_refused"  # the provider's e-mail that no active account has
SSO_TRIED = "auth_sso_tried"
ASKED_PAGE = "auth_asked_page"  # url path of the protected page this run shows the sign-in form at
# What forget_session() keeps: the language, and that this browser's provider sign-in was mapped once
# (else an idle time-out would sign a provider's user straight in again).
KEPT = (LANG, SSO_TRIED)
RANK = {ANONYMOUS: 0, THERAPIST: 1, ADMIN: 2}


def user() -> dict[str, Any] | None:
    found = st.session_state.get(AUTH_USER)
    return found if isinstance(found, dict) and found.get("role") in (THERAPIST, ADMIN) else None


def role() -> str:
    signed_in = user()
    return signed_in["role"] if signed_in else ANONYMOUS


def cookie_secret() -> str | None:
    """This browser's session cookie, as its websocket handshake carried it."""
    try:
        value = st.context.cookies.get(browser_sessions.COOKIE)
    except Exception:  # no browser (a bare script run)
        return None
    return value if isinstance(value, str) else None


# Where begin_run() reads the browser's secret: the cookie. AppTests, which have no cookies, replace it.
session_secret: Callable[[], str | None] = cookie_secret


def _go(url: str) -> None:
    """Send the browser to `url` with a full page load (the message st.login's redirect uses)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is not None:
        message = ForwardMsg()
        message.auth_redirect.url = url
        ctx.enqueue(message)


# How the browser is sent to the server's routes; AppTests replace it to see where it would go.
navigate: Callable[[str], None] = _go


def _route(path: str) -> str:
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/{path}" if base else f"/{path}"


def forget_session() -> None:
    """Everything this Streamlit session holds but the language: nothing of the last person stays."""
    for key in list(st.session_state.keys()):
        if key not in KEPT:
            try:
                del st.session_state[key]
            except KeyError:  # a widget's entry that went with another one
                pass


def set_asked_page(url_path: str | None) -> None:
    """app.py: the protected page this run shows the sign-in form at (None: no such page)."""
    st.session_state[ASKED_PAGE] = url_path


def hand_over(username: str) -> None:
    """After a verified sign-in: a single-use token, and the browser to the server's hand-over route,
    which sets the session cookie and goes on to the page asked for, or the clients list."""
    token = browser_sessions.start_handover(storage(), username)
    asked = st.session_state.get(ASKED_PAGE) or "clients"
    forget_session()  # the anonymous visit before (and anything older) stays behind
    navigate(_route(f"{browser_sessions.HANDOVER_ROUTE}?token={quote(token)}&next={quote(asked)}"))
    st.info(t("auth.signing_in"))
    st.stop()


def sign_out(reason: str = "user") -> None:
    """Revoke every session of this account (other tabs are signed out at their next run), forget this
    session's state, and let the server's route clear the cookie (and the provider's sign-in)."""
    signed_in = user()
    try:
        browser_sessions.revoke_by_secret(storage(), session_secret())
    except Exception:  # the route revokes as well
        pass
    _audit_sign_out(signed_in, reason)
    sso = _sso_configured() and _sso_logged_in()
    forget_session()
    navigate(_route(browser_sessions.SIGN_OUT_ROUTE + ("?sso=1" if sso else "")))
    st.stop()


def _audit_sign_out(signed_in: dict[str, Any] | None, reason: str) -> None:
    if signed_in:
        try:
            with storage().write() as session:
                audit.append(session, audit.SIGN_OUT, actor=signed_in["username"], detail={"reason": reason})
        except Exception:
            pass


def _sso_logged_in() -> bool:
    try:
        return bool(st.user.is_logged_in)
    except Exception:
        return False


def _sso_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:
        return False


def _sso_map() -> None:
    """After st.login: map the provider's e-mail to an account once per browser, and hand over."""
    if user() is not None or not _sso_configured():
        return
    try:
        logged_in, email = st.user.is_logged_in, st.user.get("email")
    except Exception:
        return
    if logged_in and not st.session_state.get(SSO_TRIED):
        from logic.auth import accounts

        st.session_state[SSO_TRIED] = True
        # A provider that says the e-mail is unconfirmed is not trusted with it; one that does not say
        # (Microsoft Entra ID, for one) vouches for the address by issuing it.
        verified = st.user.get("email_verified") is not False
        outcome = accounts.sign_in_sso(storage(), email, verified=verified)
        if outcome.ok and outcome.user:
            hand_over(outcome.user.username)
        else:
            st.session_state[SSO_REFUSED] = str(email or "?")


def begin_run() -> str:
    """The browser's session check, single sign-on mapping and the audit actor; returns this run's role."""
    _check_browser_session()
    _sso_map()
    signed_in = user()
    audit.set_actor(signed_in["username"] if signed_in else "anonymous")
    return role()


def _check_browser_session() -> None:
    """Who this browser's cookie belongs to now, in the database (every replica sees the same):
    the account's current role, or nobody, and then nothing of the signed-in session stays."""
    held = user()
    secret = session_secret()
    idle_minutes = app_settings().idle_minutes
    found = browser_sessions.check(storage(), secret, dt.timedelta(minutes=idle_minutes)) if secret else None
    if found is None:
        if held is not None:
            idle = time.time() - st.session_state.get(AUTH_SEEN, 0) > idle_minutes * 60
            _audit_sign_out(held, "idle" if idle else "session ended")
            forget_session()
            if idle:
                st.session_state[IDLE_OUT] = idle_minutes
        return
    if held is not None and held.get("session") != found.session_id:
        forget_session()  # another account signed in in this browser since
    st.session_state[AUTH_USER] = {"username": found.username, "role": found.role, "session": found.session_id}
    st.session_state[AUTH_SEEN] = time.time()
    st.session_state.pop(IDLE_OUT, None)


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


def sign_in_form() -> None:
    """The sign-in form (pages/public/sign_in.py, and any protected page a visitor opens): one message for
    every failure; the clinic's single sign-on as well when it is configured."""
    from logic.auth import accounts

    st.title(t("auth.title"))
    if st.session_state.get(IDLE_OUT):
        st.info(t("auth.idle_out", minutes=st.session_state[IDLE_OUT]))
    st.caption(t("auth.intro"))
    with st.form("sign_in", enter_to_submit=True):
        name = st.text_input(t("auth.username"), key="sign_in_name", autocomplete="username")
        password = st.text_input(
            t("auth.password"), type="password", key="sign_in_password", autocomplete="current-password"
        )
        submitted = st.form_submit_button(t("auth.submit"), type="primary")
    if submitted:
        outcome = accounts.sign_in(storage(), name, password)
        if outcome.ok and outcome.user is not None:
            hand_over(outcome.user.username)
        st.error(t("auth.failed"))
    if _sso_configured() and not _sso_refused():  # (a refused sign-in is answered by sso_refusal())
        st.button(t("auth.sso"), on_click=st.login)


def _sso_refused() -> bool:
    return bool(st.session_state.get(SSO_REFUSED)) and user() is None and _sso_logged_in()


def sso_refusal() -> None:
    """Signed in at the clinic's provider but as nobody here (the provider sends the browser back to the
    start page): say so on every page, and offer to leave the provider's sign-in."""
    if _sso_configured() and _sso_refused():
        st.error(t("auth.sso.refused", email=esc(st.session_state[SSO_REFUSED])), icon=":material/no_accounts:")
        st.button(t("auth.sso.sign_out"), on_click=st.logout, key="auth_sso_sign_out")
