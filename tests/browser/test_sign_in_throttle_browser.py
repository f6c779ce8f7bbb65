"""Sign-in throttling and the forced password change in a real browser, against a real server.

Browsers at different client addresses are two browser contexts whose requests carry X-Forwarded-For,
as a reverse proxy on the same machine sends it (the server trusts it from 127.0.0.1 only)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from logic.auth import accounts, audit
from logic.settings import ClinicSettings
from logic.storage import open_storage
from tests.browser.browser_support import LAPTOP_VIEWPORT, screenshot, settled

TIMEOUT = 30_000
ADMIN_PASSWORD = "violet ferry lantern 42"


@pytest.fixture
def clinic(streamlit_server_factory, tmp_path: Path) -> tuple[str, Path]:
    data = tmp_path / "clinic"
    with open_storage(settings=ClinicSettings(data_dir=data, database_url=None)) as store:
        accounts.create_user(store, "boss", ADMIN_PASSWORD, "admin")
        accounts.create_user(store, "anna", "pepper glacier 8 violin", "therapist")
    env = {"REAKTIONSGUIDE_DATA_DIR": str(data), "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    return streamlit_server_factory(env), data


@contextmanager
def browser_at(browser: Browser, address: str) -> Iterator[Page]:
    context = browser.new_context(viewport=LAPTOP_VIEWPORT, extra_http_headers={"X-Forwarded-For": address})
    try:
        yield context.new_page()
    finally:
        context.close()


def open_sign_in(page: Page, base: str) -> None:
    page.goto(base)
    settled(page)
    page.get_by_role("link", name="Sign in").click()
    expect(page.get_by_label("User name")).to_be_visible(timeout=TIMEOUT)


def submit(page: Page, name: str, password: str) -> None:
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    settled(page)


def test_twenty_wrong_passwords_do_not_stop_the_admin_in_another_browser(clinic, browser: Browser) -> None:
    base, data = clinic
    held_back = "Too many failed attempts. You can try again in"
    with browser_at(browser, "203.0.113.66") as stranger:
        open_sign_in(stranger, base)
        answers = []
        for attempt in range(20):
            submit(stranger, "boss", f"guess number {attempt}")
            expect(stranger.get_by_text("Signed in as")).to_have_count(0)
            answers.append("held back" if stranger.get_by_text(held_back).count() else "checked")
        # The first three are checked; after that the stranger waits (1 s, 2 s, 4 s ...) between checks.
        assert answers[:3] == ["checked"] * 3 and answers.count("held back") >= 5, answers
        screenshot(stranger, "sign-in-held-back")
        with browser_at(browser, "198.51.100.7") as admin:
            open_sign_in(admin, base)
            submit(admin, "boss", ADMIN_PASSWORD)
            expect(admin.get_by_text("Signed in as boss").first).to_be_visible(timeout=TIMEOUT)
    with open_storage(settings=ClinicSettings(data_dir=data, database_url=None)) as store:
        trail = audit.entries(store.engine, limit=100)
    counted = [e for e in trail if e.action == audit.SIGN_IN_FAILED and e.actor == "boss"]
    assert 3 <= len(counted) < 20  # held back attempts were not even checked, let alone counted


def test_after_an_admins_reset_the_next_sign_in_asks_for_a_new_password(clinic, browser: Browser) -> None:
    base, data = clinic
    with open_storage(settings=ClinicSettings(data_dir=data, database_url=None)) as store:
        temporary = accounts.reset_password(store, "anna")
    with browser_at(browser, "198.51.100.20") as page:
        open_sign_in(page, base)
        submit(page, "anna", temporary)
        expect(page.get_by_text("An admin has reset your password")).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_text("Signed in as")).to_have_count(0)
        page.get_by_role("textbox", name="The temporary password from the admin", exact=True).fill(temporary)
        page.get_by_role("textbox", name="New password", exact=True).fill("password1234")
        page.get_by_role("textbox", name="Repeat the new password", exact=True).fill("password1234")
        page.get_by_role("button", name="Save the new password").click()
        expect(page.get_by_text("The password is too easy to guess")).to_be_visible(timeout=TIMEOUT)
        screenshot(page, "password-forced-change-weak")
        page.get_by_role("textbox", name="The temporary password from the admin", exact=True).fill(temporary)
        page.get_by_role("textbox", name="New password", exact=True).fill("copper willow 19 canyon")
        page.get_by_role("textbox", name="Repeat the new password", exact=True).fill("copper willow 19 canyon")
        page.get_by_role("button", name="Save the new password").click()
        expect(page.get_by_text("Signed in as anna").first).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_text("Your password has been changed.")).to_be_visible()
    with open_storage(settings=ClinicSettings(data_dir=data, database_url=None)) as store:
        assert not accounts.get_user(store, "anna").must_change_password
