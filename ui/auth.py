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

The sign-in form passes the client's address (`client_source`) for the throttling of failed sign-ins
(logic/auth/throttle.py), says how long to wait when an attempt is held back, and after an admin's
reset leads to `password_change_form`, which the My account page uses too.

logic.auth.accounts (and with it Argon2) is imported where an account is looked up, not at the start:
an anonymous visitor's page never needs it, and a server's first page comes up without it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import streamlit as st

from logic.auth import ADMIN, ANONYMOUS, THERAPIST, audit, browser_sessions

from .state import LANG, t
from .storage import app_settings, storage  # app_settings: also imported from here by app.py and pages
from .user_text import esc

AUTH_USER = "auth_user"
AUTH_SEEN = "auth_seen"
IDLE_OUT = "auth_idle_out"
SSO_REFUSED = "auth_sso_refused"  # the provider's e-mail that no active account has
MUST_CHANGE = "auth_must_change"  # the account whose right (temporary) password must be changed first
PASSWORD_CHANGED = "password_changed"  # the notice the page after a password change shows (server.NOTICES)
ACCOUNT_PAGE = "account"  # the url path of My account, where a change of one's own password leads back to
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
            with contextlib.suppress(KeyError):  # a widget's entry that went with another one
                del st.session_state[key]


def set_asked_page(url_path: str | None) -> None:
    """app.py: the protected page this run shows the sign-in form at (None: no such page)."""
    st.session_state[ASKED_PAGE] = url_path


def hand_over(username: str, next_page: str | None = None, notice: str | None = None) -> None:
    """After a verified sign-in: a single-use token, and the browser to the server's hand-over route,
    which sets the session cookie and goes on to `next_page`, the page asked for, or the clients list
    (saying `notice` there once, see notice())."""
    token = browser_sessions.start_handover(storage(), username)
    asked = next_page or st.session_state.get(ASKED_PAGE) or "clients"
    forget_session()  # the anonymous visit before (and anything older) stays behind
    said = f"&notice={quote(notice)}" if notice else ""
    navigate(_route(f"{browser_sessions.HANDOVER_ROUTE}?token={quote(token)}&next={quote(asked)}{said}"))
    st.info(t("auth.signing_in"))
    st.stop()


def sign_out(reason: str = "user") -> None:
    """Revoke every session of this account (other tabs are signed out at their next run), forget this
    session's state, and let the server's route clear the cookie (and the provider's sign-in)."""
    signed_in = user()
    with contextlib.suppress(Exception):  # the route revokes as well
        browser_sessions.revoke_by_secret(storage(), session_secret())
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
    """After st.login: map the provider's sign-in to an account once per browser, and hand over."""
    if user() is not None or not _sso_configured():
        return
    try:
        logged_in, email = st.user.is_logged_in, st.user.get("email")
    except Exception:
        return
    if logged_in and not st.session_state.get(SSO_TRIED):
        from logic.auth import accounts

        st.session_state[SSO_TRIED] = True
        # The account is found by the provider's subject once bound; the first time only by an e-mail
        # the provider says it verified (a provider that does not say is not trusted with it; some
        # send the claim as the string "true").
        outcome = accounts.sign_in_sso(
            storage(), email, verified=st.user.get("email_verified") in (True, "true"), issuer=st.user.get("iss"),
            subject=st.user.get("sub"),
        )  # fmt: skip
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


def client_source() -> str | None:
    """The client's address as the server sees it (None: the server itself), for sign-in throttling."""
    try:
        return st.context.ip_address
    except Exception:
        return None


def _wait_text(retry_after: Any) -> str:
    import datetime as dt
    import math

    seconds = max(1, math.ceil((retry_after - dt.datetime.now(dt.UTC)).total_seconds()))
    return t("auth.throttled", seconds=seconds)


def account_error_text(error: Exception) -> str:
    """An account change's refusal in the user's language (the logic's code and values, typed text escaped)."""
    from logic.auth import accounts

    if isinstance(error, accounts.AccountError):
        values = {k: esc(v) if isinstance(v, str) else v for k, v in error.values.items()}
        return t(f"{error.catalogue}.{error.code}", **values)
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
            hand_over(outcome.user.username)
        if outcome.reason == "change_password" and outcome.user is not None:
            st.session_state[MUST_CHANGE] = outcome.user.username
            st.rerun()
        # Not in the emergency line's red: a refused sign-in is no emergency.
        st.warning(
            _wait_text(outcome.retry_after) if outcome.reason == "throttled" else t("auth.failed"),
            icon=":material/info:",
        )
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
    else:  # every session of the account has ended (logic); this browser gets a new one
        st.session_state.pop(MUST_CHANGE, None)
        st.success(t("auth.password.changed"))
        hand_over(outcome.user.username, next_page=None if forced else ACCOUNT_PAGE, notice=PASSWORD_CHANGED)


def notice() -> None:
    """app.py: what the hand-over asked this page to say once (after a password change, the browser came
    back through the session route, so nothing of the page before is left to say it)."""
    if st.query_params.get("notice") == PASSWORD_CHANGED and user() is not None:
        st.success(t("auth.password.changed"))
    if "notice" in st.query_params:
        del st.query_params["notice"]


def _sso_refused() -> bool:
    return bool(st.session_state.get(SSO_REFUSED)) and user() is None and _sso_logged_in()


def sso_refusal() -> None:
    """Signed in at the clinic's provider but as nobody here (the provider sends the browser back to the
    start page): say so on every page, and offer to leave the provider's sign-in."""
    if _sso_configured() and _sso_refused():
        st.warning(t("auth.sso.refused", email=esc(st.session_state[SSO_REFUSED])), icon=":material/no_accounts:")
        st.button(t("auth.sso.sign_out"), on_click=st.logout, key="auth_sso_sign_out")
