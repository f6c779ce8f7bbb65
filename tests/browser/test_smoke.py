"""The browser infrastructure works end to end: a real Streamlit server, seen by headless Chromium."""

from __future__ import annotations

from browser_support import screenshot
from playwright.sync_api import Page, expect


def test_app_shows_its_title(streamlit_server: str, page: Page) -> None:
    page.goto(streamlit_server)
    expect(page.get_by_text("Reaktionsguide").first).to_be_visible(timeout=30_000)
    assert "Reaktionsguide" in page.title()
    screenshot(page, "smoke-default")


def test_phone_viewport(streamlit_server: str, phone_page: Page) -> None:
    phone_page.goto(streamlit_server)
    expect(phone_page.get_by_text("Reaktionsguide").first).to_be_visible(timeout=30_000)
    assert phone_page.viewport_size == {"width": 390, "height": 844}
    screenshot(phone_page, "smoke-phone")


def test_server_factory_gives_own_server(streamlit_server: str, streamlit_server_factory, laptop_page: Page) -> None:
    own = streamlit_server_factory(env={"REAKTIONSGUIDE_CLINIC_NAME": "Reaktionsguide"})
    assert own != streamlit_server
    laptop_page.goto(own)
    expect(laptop_page.get_by_text("Reaktionsguide").first).to_be_visible(timeout=30_000)
