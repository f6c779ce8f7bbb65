"""Reaktionsguide's server: app.py served by Streamlit's ASGI app (`st.App`), with what a script cannot do.

Started by `streamlit run server.py` (`python3 dev.py start`): Streamlit finds the `app` below and serves
it with uvicorn, with the options of .streamlit/config.toml and the command line as usual.

- Sign-in hand-over (GET /session/start?token=...&next=...): the sign-in form has checked the password
  and stored a single-use token (logic/auth/browser_sessions.py); this route swaps it for the session
  secret, sets it as an HttpOnly, SameSite=Strict cookie (Secure over TLS) and sends the browser on to
  the page it asked for. A script cannot set an HttpOnly cookie; every page run reads it back from the
  websocket's handshake (ui/auth.begin_run).
- Sign-out (GET /session/end): ends every session of the cookie's account, deletes the cookie, and
  returns to the start page (through the clinic's single sign-on's own sign-out when it is configured).
- Every request: a Host header outside REAKTIONSGUIDE_ALLOWED_HOSTS is refused (HTTP and websocket;
  DNS rebinding), `/_stcore/metrics` is not served, and every response carries the security headers.
- Streamlit's media files (`/media/...`): only the exports of health data are stored there (ui/exports.py;
  no public page shows an image, audio, video or download), so a file is served only to a browser whose
  session cookie is valid now (not revoked, idle or expired, its account active); anything else gets 403.
- Readiness (GET /ready): 200 "ready" only while the database answers `SELECT 1` and its schema is at the
  migrations' head, else 503 "not ready" (never why: that goes to the log). A load balancer or the
  service manager asks it (deploy/); Streamlit's own /_stcore/health says only that the process answers.
- Warm-up at start (`lifespan`): while the first browser loads Streamlit's frontend, a thread imports what
  the first page run needs and opens (and migrates) the app's Storage and reads the clinic's settings,
  filling the same process-wide caches the pages use (ui/storage.py). The server answers meanwhile; a
  page run that comes first waits for the Storage being opened rather than opening a second one. A
  failed warm-up is logged and changes nothing else: the first page run then opens the Storage itself.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import gc
import hashlib
import importlib
import logging
import re
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING
from urllib.parse import quote

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Only what the routes' definitions need: the database layer and the settings (SQLAlchemy, pydantic)
# are imported by the warm-up beside the running server, not before it answers (`lifespan` below).
from logic.auth.session_cookie import COOKIE, HANDOVER_ROUTE, SIGN_OUT_ROUTE
from ui.scroll import csp_hashes as scroll_script_hashes  # the app's own inline scripts (standard library only)

if TYPE_CHECKING:
    from logic.storage import Storage

HANDOVER_PATH = HANDOVER_ROUTE
SIGN_OUT_PATH = SIGN_OUT_ROUTE
READY_PATH = "ready"
# A page to go on to: one of the app's url paths (never another site: no open redirect).
PAGE_PATH = re.compile(r"^[a-z0-9-]{0,40}$")
NOTICES = ("password_changed",)  # what a hand-over may ask the next page to say
MEDIA_ROUTE = "media/"  # Streamlit's media store, under server.baseUrlPath (its own fonts are in static/)
# What app.py and the start page (the self-check) import: the engine, pydantic, SQLAlchemy, the texts.
# The therapists' pages and their charts are left to the run that first needs them.
FIRST_PAGE_MODULES = ("ui.auth", "ui.state", "ui.user_text", "ui.widgets", "logic.reaction", "logic.tree_data")

log = logging.getLogger(__name__)


def _index_script_hashes() -> str:
    """CSP hashes of the inline scripts of Streamlit's index.html (one line that sets a flag)."""
    index = Path(st.__file__).parent / "static" / "index.html"
    try:
        html = index.read_text(encoding="utf-8")
    except OSError:
        return ""
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    return " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts)


# Streamlit's frontend styles its elements inline (emotion), so styles need 'unsafe-inline'; scripts do not.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    f"script-src 'self' {_index_script_hashes()} {scroll_script_hashes()}".strip(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])  # fmt: skip
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
# The app's own components (ui/a11y.py's page bridge) are framed by the app itself, and by nothing else.
COMPONENT_ROUTE = "component/"
FRAMED_BY_SELF = {
    b"content-security-policy": CONTENT_SECURITY_POLICY.replace(
        "frame-ancestors 'none'", "frame-ancestors 'self'"
    ).encode(),
    b"x-frame-options": b"SAMEORIGIN",
}


def host_name(host: str) -> str:
    """The name of a Host header without its port: "clinic.example:8501" -> "clinic.example"."""
    host = host.strip().lower()
    if host.startswith("["):  # an IPv6 address: "[::1]:8501"
        return host[: host.find("]") + 1] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class GuardMiddleware:
    """Host allow-list, no public metrics, media files for signed-in browsers only, and the security
    headers; for HTTP and the websocket."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.media = _base() + MEDIA_ROUTE
        self.components = _base() + COMPONENT_ROUTE

    @functools.cached_property
    def allowed(self) -> frozenset[str]:  # read at the first request, not at start (see imports)
        from logic.settings import get_settings

        return get_settings().allowed_host_names

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        if host_name(headers.get(b"host", b"").decode("latin-1")) not in self.allowed:
            await _refuse(scope, send, 400, b"This server does not answer to that host name.")
            return
        if scope["path"].endswith("/_stcore/metrics"):
            await _refuse(scope, send, 404, b"Not found.")
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        if scope["path"].startswith(self.media) and not await _signed_in(Request(scope).cookies.get(COOKIE)):
            await _refuse(scope, send, 403, b"Sign in to fetch this file.")
            return
        secure = scope.get("scheme") == "https"
        framed = scope["path"].startswith(self.components)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                present = {name.lower() for name, _ in message["headers"]}
                message["headers"] = list(message["headers"]) + [
                    (name, FRAMED_BY_SELF.get(name, value) if framed else value)
                    for name, value in SECURITY_HEADERS + ([HSTS] if secure else [])
                    if name not in present
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _refuse(scope: Scope, send: Send, status: int, body: bytes) -> None:
    if scope["type"] == "websocket":  # closing before accepting answers the handshake with 403
        await send({"type": "websocket.close", "code": 1008})
        return
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + SECURITY_HEADERS})
    await send({"type": "http.response.body", "body": body})


def _sessions() -> ModuleType:
    from logic.auth import browser_sessions  # SQLAlchemy: loaded by the warm-up (see imports)

    return browser_sessions


def _storage() -> Storage:
    from ui.storage import storage  # the app's own Storage of this process (opened and migrated once)

    return storage()


async def _signed_in(secret: str | None) -> bool:
    """Whether a cookie's secret is a valid browser session now (the check each page run makes)."""
    if not secret:
        return False
    return await run_in_threadpool(_valid_session, secret)


def _valid_session(secret: str) -> bool:
    try:
        store = _storage()
        idle = dt.timedelta(minutes=store.settings.idle_minutes)  # with the admin's overrides (ui/storage.py)
        return _sessions().check(store, secret, idle) is not None
    except Exception:  # the database is not reachable: no file of health data without a checked session
        log.exception("could not check a browser session for a media file; refused")
        return False


def _base() -> str:
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/" if base else "/"


def _no_store(response: RedirectResponse) -> RedirectResponse:
    response.headers["cache-control"] = "no-store"
    return response


async def session_start(request: Request) -> RedirectResponse:
    """The hand-over: a valid token becomes the session cookie, and the browser goes on to its page."""
    token = request.query_params.get("token", "")
    wanted = request.query_params.get("next", "")
    secret = await run_in_threadpool(_sessions().redeem_handover, _storage(), token) if token else None
    if secret is None:  # spent, expired or forged: the sign-in page again
        return _no_store(RedirectResponse(f"{_base()}sign-in", status_code=303))
    page = wanted if PAGE_PATH.match(wanted) else ""
    notice = request.query_params.get("notice", "")
    shown = f"?notice={notice}" if notice in NOTICES else ""  # said once on the page (ui/auth.notice)
    response = _no_store(RedirectResponse(f"{_base()}{quote(page)}{shown}", status_code=303))
    response.set_cookie(
        COOKIE, secret, httponly=True, samesite="strict", secure=request.url.scheme == "https", path=_base(),
    )  # fmt: skip
    return response


async def session_end(request: Request) -> RedirectResponse:
    """Sign-out: every session of this account ends, and this browser forgets its cookie."""
    await run_in_threadpool(_sessions().revoke_by_secret, _storage(), request.cookies.get(COOKIE))
    target = f"{_base()}auth/logout" if request.query_params.get("sso") == "1" else _base()
    response = _no_store(RedirectResponse(target, status_code=303))
    response.delete_cookie(COOKIE, httponly=True, samesite="strict", path=_base())
    return response


def _ready_now() -> bool:
    """Whether this replica can serve: its database answers and the schema is at the migrations' head."""
    try:
        from sqlalchemy import text

        from logic.storage.migrate import HEAD, current_revision

        engine = _storage().engine
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return current_revision(engine) == HEAD
    except Exception as error:  # the reason is for the log, not for whoever asks
        log.warning("not ready: %s", type(error).__name__)
        return False


async def ready(_request: Request) -> PlainTextResponse:
    """Readiness for a load balancer or the service manager: 200 or 503, no detail."""
    ok = await run_in_threadpool(_ready_now)
    return PlainTextResponse(
        "ready" if ok else "not ready", status_code=200 if ok else 503, headers={"cache-control": "no-store"}
    )


def warm_up() -> None:
    """Do at start what the server's first page run would otherwise do while a visitor waits: import its
    modules, open (and migrate) the Storage and read the settings with the admin's overrides, into the
    caches every page run reads (st.cache_resource is process-wide, not per session)."""
    collecting = gc.isenabled()
    gc.disable()  # as app.py does on a first run: these objects live as long as the process
    try:
        for name in FIRST_PAGE_MODULES:
            importlib.import_module(name)
        from ui.i18n import catalogs
        from ui.storage import app_settings

        catalogs()
        _storage()
        app_settings()
    except Exception:  # the first page run opens the Storage itself, and shows its own message if it fails
        log.exception("the warm-up at start failed; the first page run opens the storage instead")
    finally:
        if collecting:
            gc.enable()


@asynccontextmanager
async def lifespan(_app: st.App) -> AsyncIterator[dict[str, threading.Thread]]:
    """Starts the warm-up beside the server: the server answers at once (its health check, Streamlit's
    frontend) while the warm-up runs. The thread is in `app.state["warm_up"]`. A second thread keeps the
    heap frozen between full collections (keep_heap_frozen below), until the server stops."""
    thread = threading.Thread(target=warm_up, name="warm-up", daemon=True)
    thread.start()
    stop = threading.Event()
    threading.Thread(target=keep_heap_frozen, args=(stop,), name="heap-freezer", daemon=True).start()
    try:
        yield {"warm_up": thread}
    finally:
        stop.set()


# How often the server collects the whole heap and freezes what survives (lifespan's second thread).
HEAP_REFREEZE_S = 30.0


def keep_heap_frozen(stop: threading.Event, every_s: float = HEAP_REFREEZE_S) -> None:
    """Until `stop`: every `every_s` seconds one full collection, then freeze what survived it.

    Streamlit collects garbage after every script run, and that walks every object that is not frozen:
    with many sessions open, mostly their session states, so each run paid for all the other sessions
    (bench_load's profile: the collection grew with the sessions and became the largest part of a run).
    Frozen, what outlives a run is skipped by those collections; this loop is what still frees reference
    cycles among such objects, up to `every_s` late instead of at once."""
    while not stop.wait(every_s):
        gc.unfreeze()
        gc.collect()
        gc.freeze()


app = st.App(
    "app.py",
    lifespan=lifespan,
    routes=[
        Route(_base() + HANDOVER_PATH, session_start),
        Route(_base() + SIGN_OUT_PATH, session_end),
        Route(_base() + READY_PATH, ready),
    ],
    middleware=[Middleware(GuardMiddleware)],
)
