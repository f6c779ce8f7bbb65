"""Sessions bound to the browser, and the server's safe defaults, against a real server (server.py).

- a signed-in therapist reloads and opens a second tab and stays signed in; the cookie is HttpOnly and
  SameSite=Strict; a sign-in at a protected URL goes on to that page;
- a raw websocket client replaying the signed-in tab's Streamlit session id without the cookie sees no
  client data;
- sign-out in one tab signs out the other; after it, the decision tree and the next sign-in show
  nothing of the last user;
- a foreign Host header is refused (HTTP and websocket); the security headers are present; metrics
  are not served.
"""

from __future__ import annotations

import re
import socket
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from websockets.sync.client import connect

from logic.auth import accounts
from logic.settings import ClinicSettings
from logic.storage import open_storage
from tests.browser.browser_support import screenshot, settled

SECRET_CLIENT = "Zelda Hemmeligsen"
COOKIE = "reaktionsguide_session"


@pytest.fixture
def server(streamlit_server_factory, tmp_path: Path) -> str:
    data = tmp_path / "clinic"
    with open_storage(f"sqlite:///{data}/reaktionsguide.db", ClinicSettings(data_dir=data)) as store:
        store.create_client({"name": SECRET_CLIENT, "birth_year": 1960, "consent_health_data": True})
        accounts.create_user(store, "thera", "therapist pass 1", "therapist")
        accounts.create_user(store, "boss", "admin password 1", "admin")
    return streamlit_server_factory(
        {"REAKTIONSGUIDE_DATA_DIR": str(data), "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    )


@pytest.fixture
def context(browser) -> BrowserContext:
    context = browser.new_context(locale="en-GB")
    yield context
    context.close()


def dismiss_notice(page: Page) -> None:
    """Streamlit's frontend may first show 'Page not found' for a URL st.navigation serves; close it."""
    close = page.get_by_role("dialog").get_by_role("button", name="Close")
    if close.count():
        close.first.click()


def sign_in(page: Page, url: str, name: str, password: str) -> None:
    page.goto(url)
    settled(page)
    dismiss_notice(page)
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {name}").first).to_be_visible(timeout=30_000)
    settled(page)


def test_reload_and_a_second_tab_stay_signed_in(server: str, context: BrowserContext) -> None:
    page = context.new_page()
    sign_in(page, f"{server}/sign-in", "thera", "therapist pass 1")
    assert urlparse(page.url).path == "/clients"  # not left on the sign-in page
    expect(page.get_by_text(SECRET_CLIENT).first).to_be_visible(timeout=20_000)
    [cookie] = [c for c in context.cookies() if c["name"] == COOKIE]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert page.evaluate("document.cookie").find(COOKIE) == -1  # scripts cannot read it
    page.reload()
    expect(page.get_by_text("Signed in as thera").first).to_be_visible(timeout=30_000)
    expect(page.get_by_text(SECRET_CLIENT).first).to_be_visible(timeout=20_000)
    second = context.new_page()
    second.goto(f"{server}/clients")
    expect(second.get_by_text("Signed in as thera").first).to_be_visible(timeout=30_000)
    expect(second.get_by_text(SECRET_CLIENT).first).to_be_visible(timeout=20_000)
    screenshot(second, "sessions-second-tab")


def test_a_sign_in_at_a_protected_url_goes_on_to_that_page(server: str, context: BrowserContext) -> None:
    page = context.new_page()
    sign_in(page, f"{server}/planner", "thera", "therapist pass 1")
    assert urlparse(page.url).path == "/planner"


def test_sign_out_in_one_tab_signs_out_the_other(server: str, context: BrowserContext) -> None:
    first, second = context.new_page(), context.new_page()
    sign_in(first, f"{server}/sign-in", "thera", "therapist pass 1")
    second.goto(f"{server}/clients")
    expect(second.get_by_text(SECRET_CLIENT).first).to_be_visible(timeout=30_000)
    first.get_by_role("button", name="Sign out").click()
    expect(first.get_by_role("link", name="Sign in")).to_be_visible(timeout=30_000)
    assert not [c for c in context.cookies() if c["name"] == COOKIE]
    # The second tab's next run (a click in its menu, no reload) holds nobody.
    second.get_by_role("link", name=re.compile("^Clients$")).first.click()
    expect(second.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
    expect(second.get_by_text(SECRET_CLIENT)).to_have_count(0)
    expect(second.get_by_text("Signed in as thera")).to_have_count(0)


def test_after_sign_out_the_tree_and_the_next_sign_in_show_nothing_of_the_last_user(
    server: str, context: BrowserContext
) -> None:
    page = context.new_page()
    sign_in(page, f"{server}/sign-in", "thera", "therapist pass 1")
    page.get_by_role("link", name="Open record").first.click()  # the record of the last client
    expect(page).to_have_url(re.compile(r"/client\?id="), timeout=30_000)
    expect(page.get_by_role("heading", name=SECRET_CLIENT)).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible(timeout=30_000)
    page.get_by_role("link", name="Decision tree").click()
    settled(page)
    page.get_by_test_id("stSelectbox").first.click()
    options = page.get_by_role("option").all_inner_texts()
    assert options and not [o for o in options if "consultation" in o.lower()]
    page.keyboard.press("Escape")
    sign_in(page, f"{server}/sign-in", "boss", "admin password 1")
    assert urlparse(page.url).path == "/clients"  # not the previous user's last record
    expect(page.get_by_text("Signed in as thera")).to_have_count(0)


def test_replaying_the_session_id_without_the_cookie_sees_no_client_data(server: str, context: BrowserContext) -> None:
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    page = context.new_page()
    session_ids: list[str] = []

    def on_websocket(ws) -> None:
        def on_frame(payload) -> None:
            if isinstance(payload, bytes):
                msg = ForwardMsg()
                msg.ParseFromString(payload)
                if msg.WhichOneof("type") == "new_session" and msg.new_session.initialize.session_id:
                    session_ids.append(msg.new_session.initialize.session_id)

        ws.on("framereceived", on_frame)

    page.on("websocket", on_websocket)
    sign_in(page, f"{server}/sign-in", "thera", "therapist pass 1")
    expect(page.get_by_text(SECRET_CLIENT).first).to_be_visible(timeout=20_000)
    assert session_ids
    victim = session_ids[-1]

    stream = server.replace("http://", "ws://") + "/_stcore/stream"
    texts: list[str] = []
    resumed: list[str] = []
    with connect(stream, subprotocols=["streamlit", "no-xsrf", victim], open_timeout=20) as ws:
        rerun = BackMsg()
        rerun.rerun_script.page_name = "clients"
        rerun.rerun_script.query_string = ""
        ws.send(rerun.SerializeToString())
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(ws.recv(timeout=30))
            texts.append(str(msg))
            if msg.WhichOneof("type") == "new_session":
                resumed.append(msg.new_session.initialize.session_id)
            if msg.WhichOneof("type") == "script_finished":
                break
    received = "\n".join(texts)
    assert resumed == [victim]  # the server did hand the signed-in tab's Streamlit session over
    assert "Sign in" in received  # the run happened: it shows the sign-in form
    assert SECRET_CLIENT not in received
    assert "Signed in as thera" not in received


def _status(url: str, host: str | None = None) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}


def _websocket_handshake(base: str, host: str) -> str:
    parsed = urlparse(base)
    with socket.create_connection((parsed.hostname, parsed.port), timeout=10) as sock:
        sock.sendall((
            f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            f"Sec-WebSocket-Protocol: streamlit\r\nOrigin: http://{host}\r\n\r\n"
        ).encode())  # fmt: skip
        return sock.recv(200).decode("latin-1").split("\r\n")[0]


def test_a_foreign_host_is_refused_on_http_and_the_websocket(server: str) -> None:
    port = urlparse(server).port
    assert _status(f"{server}/")[0] == 200
    assert _status(f"{server}/", host=f"attacker.example:{port}")[0] == 400
    assert " 101 " in _websocket_handshake(server, f"127.0.0.1:{port}")
    assert " 101 " not in _websocket_handshake(server, f"attacker.example:{port}")


def test_the_security_headers_are_present_and_metrics_not_public(server: str) -> None:
    for path in ("/", "/clients", "/_stcore/health"):
        status, headers = _status(f"{server}{path}")
        assert status == 200
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert "strict-transport-security" not in headers  # plain HTTP here; sent over TLS only
    assert _status(f"{server}/_stcore/metrics")[0] == 404


def test_the_app_works_under_its_content_security_policy(server: str, context: BrowserContext) -> None:
    page = context.new_page()
    violations: list[str] = []

    def on_console(message) -> None:
        # Streamlit draws a Material icon favicon from fonts.gstatic.com; the policy keeps visitors'
        # browsers from calling a third party on every page, so that one image is blocked on purpose.
        if "Content Security Policy" in message.text and "fonts.gstatic.com" not in message.text:
            violations.append(message.text)

    page.on("console", on_console)
    page.goto(f"{server}/decision-tree")
    settled(page)
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=30_000)
    sign_in(page, f"{server}/sign-in", "thera", "therapist pass 1")
    assert violations == []
