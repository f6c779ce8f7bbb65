"""server.py without a Streamlit runtime: the guard middleware around a stand-in app, and the session
cookie's attributes over TLS and plain HTTP (the browser tests run the real server on plain HTTP)."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route, WebSocketRoute
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

import server
from logic.auth import browser_sessions


@pytest.mark.parametrize(
    ("header", "name"),
    [("clinic.example:8501", "clinic.example"), ("Clinic.Example", "clinic.example"), ("[::1]:8501", "[::1]"),
     ("127.0.0.1", "127.0.0.1"), ("", "")],
)  # fmt: skip
def test_host_name_drops_the_port(header: str, name: str) -> None:
    assert server.host_name(header) == name


async def _ok(request) -> PlainTextResponse:
    return PlainTextResponse("ok")


async def _echo(websocket) -> None:
    await websocket.accept()
    await websocket.send_text("hello")
    await websocket.close()


@pytest.fixture
def guarded(monkeypatch: pytest.MonkeyPatch) -> Starlette:
    monkeypatch.setenv("REAKTIONSGUIDE_ALLOWED_HOSTS", "clinic.example")
    from logic.settings import get_settings

    get_settings.cache_clear()
    routes = [
        Route("/", _ok), Route("/_stcore/metrics", _ok), Route("/component/ui.a11y.page_bridge/index.html", _ok),
        WebSocketRoute("/_stcore/stream", _echo),
    ]  # fmt: skip
    yield Starlette(routes=routes, middleware=[Middleware(server.GuardMiddleware)])
    get_settings.cache_clear()


def test_allowed_hosts_headers_and_hsts_over_tls_only(guarded: Starlette) -> None:
    plain = TestClient(guarded, base_url="http://clinic.example").get("/")
    assert plain.status_code == 200 and plain.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in plain.headers["content-security-policy"]
    assert "strict-transport-security" not in plain.headers
    tls = TestClient(guarded, base_url="https://clinic.example").get("/")
    assert tls.headers["strict-transport-security"].startswith("max-age=")
    foreign = TestClient(guarded, base_url="http://localhost").get("/")  # not on this clinic's list
    assert foreign.status_code == 400 and "ok" not in foreign.text
    assert TestClient(guarded, base_url="http://clinic.example").get("/_stcore/metrics").status_code == 404


def test_the_apps_own_components_may_be_framed_by_the_app_only(guarded: Starlette) -> None:
    """The page bridge (ui/a11y.py) is an iframe of the app's own: framed by the same origin, by no other
    site; its scripts still come from 'self' only. Every other response may not be framed at all."""
    client = TestClient(guarded, base_url="http://clinic.example")
    component = client.get("/component/ui.a11y.page_bridge/index.html")
    assert component.headers["x-frame-options"] == "SAMEORIGIN"
    policy = component.headers["content-security-policy"]
    assert "frame-ancestors 'self'" in policy and "frame-ancestors 'none'" not in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    page = client.get("/")
    assert (
        page.headers["x-frame-options"] == "DENY"
        and "frame-ancestors 'none'" in page.headers["content-security-policy"]
    )


def test_the_websocket_of_a_foreign_host_is_refused(guarded: Starlette) -> None:
    client = TestClient(guarded)
    with client.websocket_connect("/_stcore/stream", headers={"host": "clinic.example"}) as ws:
        assert ws.receive_text() == "hello"
    with (
        pytest.raises(WebSocketDisconnect),
        client.websocket_connect("/_stcore/stream", headers={"host": "attacker.example"}),
    ):
        pass


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_the_handover_sets_an_httponly_strict_cookie_secure_over_tls(scheme: str, monkeypatch) -> None:
    monkeypatch.setattr(server, "_storage", lambda: None)
    monkeypatch.setattr(browser_sessions, "redeem_handover", lambda store, token: "s3cret" if token == "t" else None)
    app = Starlette(routes=[Route("/session/start", server.session_start)])
    client = TestClient(app, base_url=f"{scheme}://testserver", follow_redirects=False)
    good = client.get("/session/start", params={"token": "t", "next": "planner"})
    assert good.status_code == 303 and good.headers["location"] == "/planner"
    cookie = good.headers["set-cookie"]
    assert cookie.startswith(f"{server.COOKIE}=s3cret") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert ("Secure" in cookie) == (scheme == "https")
    elsewhere = client.get("/session/start", params={"token": "t", "next": "https://attacker.example"})
    assert elsewhere.headers["location"] == "/"  # never another site
    spent = client.get("/session/start", params={"token": "spent", "next": "planner"})
    assert spent.headers["location"] == "/sign-in" and "set-cookie" not in spent.headers
    said = client.get("/session/start", params={"token": "t", "next": "account", "notice": "password_changed"})
    assert said.headers["location"] == "/account?notice=password_changed"
    forged = client.get("/session/start", params={"token": "t", "next": "account", "notice": "<script>"})
    assert forged.headers["location"] == "/account"  # only the notices the app knows pass on


@pytest.fixture
def sessions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A clinic database with a therapist; server._storage is it (as ui.storage's is in the app)."""
    from logic.auth import accounts
    from logic.settings import ClinicSettings
    from logic.storage import open_storage

    data = tmp_path / "clinic"
    with open_storage(f"sqlite:///{data}/reaktionsguide.db", ClinicSettings(data_dir=data)) as store:
        accounts.create_user(store, "thera", "therapist pass 1", "therapist")
        monkeypatch.setattr(server, "_storage", lambda: store)
        yield store


def _signed_in_secret(store) -> str:
    return browser_sessions.redeem_handover(store, browser_sessions.start_handover(store, "thera"))


def _fetch(app: Starlette, path: str, cookie: str | None = None):
    client = TestClient(app, base_url="http://clinic.example")
    if cookie is not None:
        client.cookies.set(server.COOKIE, cookie)
    return client.get(path)


def test_media_files_only_for_a_valid_session(guarded: Starlette, sessions) -> None:
    guarded.router.routes.append(Route("/media/{name}", _ok))
    anonymous = _fetch(guarded, "/media/0123abcd.csv")
    assert anonymous.status_code == 403 and anonymous.text != "ok"
    assert anonymous.headers["x-frame-options"] == "DENY"
    assert _fetch(guarded, "/media/0123abcd.csv", "forged").status_code == 403
    secret = _signed_in_secret(sessions)
    served = _fetch(guarded, "/media/0123abcd.csv", secret)
    assert served.status_code == 200 and served.text == "ok"
    browser_sessions.revoke_user(sessions, "thera")  # signed out (or disabled) meanwhile
    revoked = _fetch(guarded, "/media/0123abcd.csv", secret)
    assert revoked.status_code == 403 and revoked.text != "ok"
    assert _fetch(guarded, "/").status_code == 200  # pages themselves are not gated


def test_media_files_are_refused_when_the_session_cannot_be_checked(guarded: Starlette, monkeypatch) -> None:
    def unreachable():
        raise ConnectionError("database down")

    monkeypatch.setattr(server, "_storage", unreachable)
    guarded.router.routes.append(Route("/media/{name}", _ok))
    assert _fetch(guarded, "/media/0123abcd.csv", "anything").status_code == 403


@pytest.fixture
def fresh_app_storage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The app's process-wide Storage and settings (ui/storage.py) on an empty data folder, and gone
    again afterwards."""
    from logic.settings import get_settings
    from ui import storage as app_storage

    monkeypatch.delenv("REAKTIONSGUIDE_DATABASE_URL", raising=False)
    monkeypatch.setenv("REAKTIONSGUIDE_DATA_DIR", str(tmp_path / "clinic"))
    monkeypatch.setenv("REAKTIONSGUIDE_ALLOWED_HOSTS", "testserver")
    get_settings.cache_clear()
    app_storage.storage.clear()
    app_storage.forget_settings()
    yield tmp_path / "clinic"
    app_storage.storage.clear()  # closes the Storage the warm-up opened
    app_storage.forget_settings()
    get_settings.cache_clear()


def test_the_server_opens_the_app_storage_at_start(fresh_app_storage: Path, monkeypatch) -> None:
    from ui import storage as app_storage

    with TestClient(server.app) as client:  # enters st.App's lifespan, as uvicorn does at start
        assert client.get("/_stcore/health").text == "ok"
        warm_up = server.app.state["warm_up"]
        warm_up.join(timeout=120)
        assert not warm_up.is_alive()
    assert (fresh_app_storage / "reaktionsguide.db").is_file()  # created and migrated at start

    def opened_again(*args, **kwargs):
        raise AssertionError("a page run opened a second Storage")

    monkeypatch.setattr(app_storage, "open_storage", opened_again)
    store = app_storage.storage()  # what a page run gets: the Storage the warm-up opened
    assert store.settings_source is app_storage.app_settings


def test_a_failed_warm_up_is_logged_and_the_server_serves(fresh_app_storage: Path, monkeypatch, caplog) -> None:
    from ui import storage as app_storage

    def unreachable(*args, **kwargs):
        raise ConnectionError("database down")

    monkeypatch.setattr(app_storage, "open_storage", unreachable)

    async def after_warm_up(request) -> PlainTextResponse:
        request.state.warm_up.join(timeout=120)  # the lifespan's state, as st.App passes it on
        return PlainTextResponse("ok")

    # st.App's runtime starts once per process (the test above), so its lifespan runs in a Starlette app.
    app = Starlette(routes=[Route("/", after_warm_up)], lifespan=server.lifespan)
    with caplog.at_level("ERROR", logger=server.log.name), TestClient(app) as client:
        assert client.get("/").text == "ok"
    assert "warm-up at start failed" in caplog.text and "database down" in caplog.text
    monkeypatch.undo()  # the database is back: the first page run opens the Storage itself
    assert app_storage.storage().settings_source is app_storage.app_settings


def test_the_heap_keeper_frees_cycles_and_keeps_the_survivors_frozen() -> None:
    """keep_heap_frozen: after a cycle, what survived is frozen (skipped by Streamlit's collection after
    each run) and a reference cycle that became garbage while frozen is freed by the next full collection."""
    import gc
    import threading
    import weakref

    class Node:
        pass

    gc.unfreeze()
    cycle = Node()
    cycle.me = cycle  # type: ignore[attr-defined]
    gone = weakref.ref(cycle)
    gc.freeze()  # as after an earlier pass: the cycle is among the frozen objects
    del cycle
    gc.collect()
    assert gone() is not None, "a frozen cycle is not collected by an ordinary collection"

    stop = threading.Event()
    passes = threading.Semaphore(0)
    real_freeze = gc.freeze

    def counted_freeze() -> None:
        real_freeze()
        passes.release()

    gc.freeze = counted_freeze  # type: ignore[assignment]
    try:
        keeper = threading.Thread(target=server.keep_heap_frozen, args=(stop, 0.01), daemon=True)
        keeper.start()
        assert passes.acquire(timeout=10), "the keeper never ran a pass"
        stop.set()
        keeper.join(timeout=10)
    finally:
        gc.freeze = real_freeze  # type: ignore[assignment]
    assert not keeper.is_alive(), "the keeper does not stop when told"
    assert gone() is None, "the keeper's full collection frees the cycle"
    assert gc.get_freeze_count() > 0, "what survived is frozen again"
    gc.unfreeze()
