"""Browser fixtures: a real Streamlit server and headless Chromium through Playwright's sync API.

- `streamlit_server`: base URL of one server for the whole session (fresh data dir, SQLite).
- `streamlit_server_factory`: `factory(env={...})` starts a server of the test's own, stopped after it.
- `browser`, `page` (1280x720), `phone_page` (390x844), `laptop_page` (1366x768).
- `screenshot(page, name)` (in browser_support) saves artifacts/screenshots/<name>.png.

Every test under tests/browser gets the `browser` marker.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.browser_support import LAPTOP_VIEWPORT, PHONE_VIEWPORT, launch_options, run_streamlit

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def streamlit_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with run_streamlit(tmp_path_factory.mktemp("server") / "data") as base_url:
        yield base_url


@pytest.fixture
def streamlit_server_factory(tmp_path: Path) -> Iterator[Callable[..., str]]:
    """Start servers with extra environment variables; each gets its own data dir under tmp_path."""
    numbers = itertools.count()
    with ExitStack() as stack:

        def start(env: dict[str, str] | None = None) -> str:
            data_dir = tmp_path / f"server-{next(numbers)}" / "data"
            return stack.enter_context(run_streamlit(data_dir, env))

        yield start


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        try:
            yield browser
        finally:
            browser.close()


def _page(browser: Browser, **context_options) -> Iterator[Page]:
    context = browser.new_context(**context_options)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    yield from _page(browser)


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, viewport=PHONE_VIEWPORT)


@pytest.fixture
def laptop_page(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, viewport=LAPTOP_VIEWPORT)
