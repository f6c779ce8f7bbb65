"""The first request a freshly started server gets may be a deep link: it still opens inside the shell.

Streamlit runs its legacy pages/ router until some session has called st.navigation; page files sit in
subfolders of pages/ so that router never runs one on its own (without the emergency line and the
role check of app.py).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.browser_support import screenshot

TIMEOUT = 20_000


@pytest.mark.parametrize("url", ["admin-users", "consultation"])
def test_deep_link_as_first_request_opens_in_the_shell(streamlit_server_factory, laptop_page: Page, url: str) -> None:
    server = streamlit_server_factory({"STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"})
    page = laptop_page
    page.goto(f"{server}/{url}")
    expect(page.get_by_text("In danger?")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=TIMEOUT)
    # Only the pages an anonymous visitor may use are offered, under their titles, not file names.
    sidebar = page.get_by_test_id("stSidebarNav")
    expect(sidebar.get_by_role("link", name=re.compile("Self-check"))).to_be_visible(timeout=TIMEOUT)
    assert not sidebar.get_by_role("link", name=re.compile(r"users|audit|settings|admin|client", re.IGNORECASE)).count()
    screenshot(page, f"routing-first-request-{url}")
