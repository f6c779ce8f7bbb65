"""Client records in a real browser (laptop): a therapist adds a client, marks the original pain on the
body map by clicking it, adds a session, runs a reaction check from the body map, and sees the check
on the record's chart. Screenshots: artifacts/screenshots/records-laptop-*.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from logic.auth import accounts
from logic.settings import ClinicSettings
from logic.storage import open_storage
from logic.tree_data import TREE
from tests.browser.browser_support import screenshot
from tests.browser.browser_support import settled as run_finished  # records' settled waits a moment first
from ui.i18n import translate

TIMEOUT = 30_000
CHART = '[data-testid="stPlotlyChart"]'
USER, PASSWORD = "thera", "therapist pass 1"
CLIENT = "Mette <b>Holm</b>"

# Scrolls the body map's point of a region into view and returns its centre on screen.
REGION_CENTRE = """(id) => {
  for (const plot of document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')) {
    for (const group of plot.querySelectorAll('.scatterlayer .trace')) {
      const trace = group.__data__[0].trace;
      if (trace.meta !== 'body-map-regions') continue;
      const index = Array.from(trace.customdata).indexOf(id);
      for (const point of group.querySelectorAll('.points path')) {
        if (point.__data__.i !== index) continue;
        point.scrollIntoView({block: 'center'});
        const box = point.getBoundingClientRect();
        return {x: box.x + box.width / 2, y: box.y + box.height / 2};
      }
    }
  }
  return null;
}"""
# The metas of the traces drawn in the reaction levels chart.
LEVEL_TRACES = """() => {
  const metas = [];
  for (const plot of document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')) {
    for (const group of plot.querySelectorAll('.scatterlayer .trace')) {
      const trace = group.__data__[0].trace;
      if (String(trace.meta).startsWith('level-')) metas.push([trace.meta, group.querySelectorAll('.points path').length]);
    }
  }
  return metas;
}"""


@pytest.fixture
def server(streamlit_server_factory, tmp_path: Path) -> str:
    """A server of the test's own: an empty clinic database with one therapist account."""
    data = tmp_path / "clinic"
    with open_storage(f"sqlite:///{data}/reaktionsguide.db", ClinicSettings(data_dir=data)) as store:
        accounts.create_user(store, USER, PASSWORD, "therapist")
    return streamlit_server_factory({"REAKTIONSGUIDE_DATA_DIR": str(data)})


def settled(page: Page) -> None:
    page.wait_for_timeout(150)
    run_finished(page)


def dismiss_notice(page: Page) -> None:
    close = page.get_by_role("dialog").get_by_role("button", name="Close")
    if close.count():  # a stray notice of the app shell must not block the clicks
        close.first.click()


def sign_in(page: Page, base: str) -> None:
    page.goto(f"{base}/sign-in")
    settled(page)
    dismiss_notice(page)
    if page.get_by_role("radio", name="English", exact=True).count():
        page.get_by_role("radio", name="English", exact=True).click()
        settled(page)
    page.get_by_label("User name").fill(USER)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {USER}").first).to_be_visible(timeout=TIMEOUT)


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option of a selectbox: type to filter the list, then click the option."""
    box = page.get_by_role("combobox", name=label)
    box.click()
    box.press_sequentially(option[:12])
    try:
        page.get_by_role("option", name=option, exact=True).click(timeout=5000)
    except Exception:
        screenshot(page, "debug-choose")
        raise


def open_tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    settled(page)


def click_region(page: Page, region: str) -> None:
    expect(page.locator(f"{CHART} .scatterlayer .trace").first).to_be_attached(timeout=TIMEOUT)
    centre = page.evaluate(REGION_CENTRE, region)
    assert centre, f"no point for {region} on the body map"
    page.mouse.click(centre["x"], centre["y"])
    settled(page)


def answer(page: Page, group: str, value: str) -> None:
    """Choose one answer of a question shown as radio buttons."""
    option = page.get_by_role("radiogroup", name=group).get_by_text(value, exact=True)
    option.click()
    expect(page.get_by_role("radiogroup", name=group).get_by_role("radio", name=value, exact=True)).to_be_checked()


def test_client_from_new_to_a_check_on_the_chart(server: str, laptop_page: Page) -> None:
    page = laptop_page
    sign_in(page, server)

    # --- A new client ---
    page.get_by_role("link", name="Clients").click()
    settled(page)
    expect(page.get_by_role("heading", name="Clients")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("There are no clients yet.")).to_be_visible()
    form = page.locator('[data-testid="stForm"]')
    # Missing consent: named, nothing created.
    form.get_by_label("Name").fill(CLIENT)
    form.get_by_role("spinbutton", name="Year of birth").fill("1961")
    choose(page, "Experience with massage", "First time")
    form.get_by_role("spinbutton", name="How long has the complaint lasted? (months)").fill("8")
    form.get_by_role("button", name="Add client").click()
    settled(page)
    expect(page.get_by_text("Consent: the client must consent to storing health data.")).to_be_visible()
    form.get_by_text("The client consents to the clinic storing health data").click()
    form.get_by_role("button", name="Add client").click()
    settled(page)

    # --- The record opens; the name is shown as typed, never as HTML ---
    expect(page).to_have_url(re.compile(r"/client\?id=\d+"), timeout=TIMEOUT)
    expect(page.get_by_role("heading", name=CLIENT)).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text(f"The client {CLIENT} has been added.")).to_be_visible()
    assert page.locator("b", has_text="Holm").count() == 0
    expect(page.get_by_text("No sessions or reaction checks yet.")).to_be_visible()
    screenshot(page, "records-laptop-new-client")

    # --- The original pain: click the back of the neck, choose the upper back in the list ---
    open_tab(page, "Body map")
    click_region(page, "neck_back")
    expect(page.get_by_role("button", name="Remove Back of the neck")).to_be_visible(timeout=TIMEOUT)
    choose(page, "Original pain (list)", "Upper back, between the shoulder blades")
    page.keyboard.press("Escape")
    settled(page)
    expect(page.get_by_role("button", name="Remove Upper back, between the shoulder blades")).to_be_visible()
    page.get_by_role("button", name="Save as the original pain").click()
    settled(page)
    expect(page.get_by_text("The original pain has been saved.")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Recorded ")).to_be_visible()
    page.locator(CHART).first.scroll_into_view_if_needed()
    screenshot(page, "records-laptop-body-map")

    # --- A session ---
    open_tab(page, "Sessions")
    choose(page, "Treatment", "Trigger-point therapy")
    page.get_by_role("spinbutton", name="Duration (min)").fill("45")
    page.get_by_role("spinbutton", name="Pressure (0-10)").fill("5")
    page.get_by_role("spinbutton", name="Pain before (0-10)").fill("7")
    page.get_by_role("spinbutton", name="Pain after (0-10)").fill("5")
    page.get_by_role("button", name="Save the session").click()
    settled(page)
    expect(page.get_by_text(re.compile(r"The session on \d{4}-\d\d-\d\d has been saved\."))).to_be_visible(
        timeout=TIMEOUT
    )
    expect(page.locator('[data-testid="stDataFrame"]')).to_be_visible()
    screenshot(page, "records-laptop-session")

    # --- A reaction check: pain now only where it was, so no new pain elsewhere ---
    open_tab(page, "Reaction check")
    expect(page.get_by_text("The check is linked to the latest session: 1.")).to_be_visible(timeout=TIMEOUT)
    page.get_by_text("Hurts now: nothing marked (open the body map)").click()  # the body map, folded
    click_region(page, "neck_back")
    expect(page.get_by_text("Hurts now: Back of the neck")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("No pain outside the original area: no new pain elsewhere.")).to_be_visible(timeout=TIMEOUT)
    q = TREE.questions
    # Treatment, neck and hours come from today's session, folded into one line: opened to change the hours.
    page.get_by_text("From the session: Trigger-point therapy, 0 hours ago", exact=False).click()
    page.get_by_role("spinbutton", name=q["q_hours"].therapist_text("en")).fill("20")
    page.get_by_text("No, none of these", exact=True).click()
    answer(page, q["q_trajectory"].therapist_text("en"), option_label("q_trajectory", "improving"))
    page.get_by_role("spinbutton", name="Pain now (0-10)").fill("5")
    answer(page, q["q_feels_like"].therapist_text("en"), option_label("q_feels_like", "bruise_or_irritation"))
    choose(page, "Soreness", "Moderate")
    page.get_by_role("heading", name="New reaction check").scroll_into_view_if_needed()
    screenshot(page, "records-laptop-check-form")
    page.get_by_role("button", name="Assess the reaction").click()
    settled(page)
    stored = page.get_by_text(re.compile(r"The reaction check has been stored: "))
    expect(stored).to_be_visible(timeout=TIMEOUT)
    # The result speaks to the therapist, and is on the screen with its confirmation.
    expect(page.get_by_text(translate("level.healing_crisis.therapist", "en"), exact=True)).to_be_in_viewport()
    expect(stored).to_be_in_viewport()
    screenshot(page, "records-laptop-check")

    # --- The check on the record's chart ---
    open_tab(page, "Overview")
    expect(page.get_by_text("Reactions over time")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(f"{CHART} .scatterlayer .trace").first).to_be_attached(timeout=TIMEOUT)
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stPlotlyChart\"]').length >= 3")
    assert page.evaluate(LEVEL_TRACES) == [["level-healing_crisis", 1]]
    page.get_by_text("Reactions over time").scroll_into_view_if_needed()
    screenshot(page, "records-laptop-overview")

    # --- The list shows the client with the latest level ---
    page.get_by_role("link", name="All clients").click()
    settled(page)
    page.get_by_label("Search by name").fill("holm")
    page.keyboard.press("Enter")
    settled(page)
    expect(page.get_by_text("Showing 1-1 of 1 clients")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Natural healing crisis")).to_be_visible()
    screenshot(page, "records-laptop-list")


def option_label(question: str, value: str) -> str:
    return next(o.label("en") for o in TREE.questions[question].options if o.value == value)
