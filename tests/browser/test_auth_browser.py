"""Sign-in and roles in a real browser: protected URLs opened directly, user text shown as text (the
throttling of failed sign-ins: test_sign_in_throttle_browser.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from logic.auth import accounts
from logic.settings import ClinicSettings
from logic.storage import open_storage
from tests.browser.browser_support import screenshot

SECRET_CLIENT = "Zelda Hemmeligsen"
XSS = "<img src=x onerror=alert(1)>"
THERAPIST_URLS = ["consultation", "planner", "clients", "client"]
ADMIN_URLS = ["admin-users", "admin-settings", "admin-audit"]


@pytest.fixture
def server(streamlit_server_factory, tmp_path: Path) -> str:
    data = tmp_path / "clinic"
    with open_storage(f"sqlite:///{data}/reaktionsguide.db", ClinicSettings(data_dir=data)) as store:
        store.create_client({"name": SECRET_CLIENT, "birth_year": 1960, "consent_health_data": True})
        store.create_client({"name": XSS, "birth_year": 1970, "consent_health_data": True})
        accounts.create_user(store, "thera", "therapist pass 1", "therapist")
        accounts.create_user(store, "boss", "admin password 1", "admin")
    # No file watcher: files edited in the tree meanwhile must not rerun or re-scan the app mid-test.
    return streamlit_server_factory(
        {"REAKTIONSGUIDE_DATA_DIR": str(data), "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    )


def sign_in(page: Page, base: str, name: str, password: str) -> None:
    page.goto(base)
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def close_not_found(page: Page) -> None:
    """Streamlit's frontend first matches a URL against the pages/ folder and may show a 'Page not
    found' notice before st.navigation takes over; it only covers the page, close it."""
    page.wait_for_timeout(1500)
    if page.get_by_text("Page not found").count():
        page.keyboard.press("Escape")


def test_visitor_sees_sign_in_at_every_protected_url(server: str, page: Page) -> None:
    for url in THERAPIST_URLS + ADMIN_URLS:
        page.goto(f"{server}/{url}")
        expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=20_000)
        assert SECRET_CLIENT not in page.content()
    screenshot(page, "auth-visitor-admin-url")


def test_therapist_cannot_reach_admin_pages(server: str, page: Page) -> None:
    sign_in(page, server, "thera", "therapist pass 1")
    expect(page.get_by_text("Signed in as thera").first).to_be_visible(timeout=20_000)
    for name in ("Users", "Clinic settings", "Audit trail"):  # not in the therapist's navigation
        expect(page.get_by_role("link", name=re.compile(f"^{name}$", re.I))).to_have_count(0)
    for url in ADMIN_URLS:  # and opening the URL (still signed in: the cookie) shows no admin page
        page.goto(f"{server}/{url}")
        close_not_found(page)
        expect(page.get_by_text("Your role does not give access to this page.")).to_be_visible(timeout=20_000)
        expect(page.get_by_role("heading", name="Audit trail")).to_have_count(0)
        expect(page.get_by_role("heading", name="Users")).to_have_count(0)


def test_client_name_with_html_is_shown_as_text(server: str, page: Page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, server, "thera", "therapist pass 1")
    expect(page.get_by_text("Signed in as thera").first).to_be_visible(timeout=20_000)
    page.get_by_role("link", name=re.compile("^clients$", re.I)).first.click()
    expect(page.get_by_text(XSS).first).to_be_visible(timeout=20_000)
    page.wait_for_timeout(1000)
    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0
    screenshot(page, "auth-html-name-as-text")
