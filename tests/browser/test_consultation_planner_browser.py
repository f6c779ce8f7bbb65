"""The consultation saved on a client's record, and the planner opened with that client, in a real
browser (laptop): assess, find the client by name, save on today's session (one check row), hand over,
and the planner shows the client's own record (no invented client) with the check's level.
Screenshots: artifacts/screenshots/consultation-saved-laptop.png, planner-handover-laptop.png.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from logic.auth import accounts
from logic.settings import ClinicSettings
from logic.storage import open_storage
from logic.tree_data import TREE
from tests.browser.browser_support import screenshot
from tests.browser.test_records_browser import PASSWORD, TIMEOUT, USER, choose, option_label, pick, settled, sign_in

CLIENT = "Karen Holm"
YEAR = dt.date.today().year
PROFILE = {
    "massage_experience": "regular", "condition_months": 6, "trigger_points": "few", "trigger_point_severity": "mild",
    "stressors": False, "bad_experience_before": False, "known_fainting_tendency": False,
    "disclosed_conditions": [], "conditions_reviewed": False,
}  # fmt: skip


@pytest.fixture
def clinic(streamlit_server_factory, tmp_path: Path) -> tuple[str, Path]:
    """A server of the test's own: one therapist, one client with a session today."""
    data = tmp_path / "clinic"
    with open_storage(f"sqlite:///{data}/reaktionsguide.db", ClinicSettings(data_dir=data)) as store:
        accounts.create_user(store, USER, PASSWORD, "therapist")
        client = store.create_client({"name": CLIENT, "birth_year": YEAR - 50, "consent_health_data": True}, PROFILE)
        store.add_session(client.id, {
            "date": dt.date.today(), "treatment": "deep_massage", "duration_min": 45, "pressure": 5,
            "pain_before": 5, "pain_after": 4,
        })  # fmt: skip
    return streamlit_server_factory({"REAKTIONSGUIDE_DATA_DIR": str(data)}), data


def stored_checks(data: Path) -> list:
    with open_storage(f"sqlite:///{data}/reaktionsguide.db", ClinicSettings(data_dir=data)) as store:
        [client] = store.search_clients(CLIENT).items
        return store.list_checks(client.id)


def test_consultation_saved_then_planned_for_that_client(clinic: tuple[str, Path], laptop_page: Page) -> None:
    server, data = clinic
    page = laptop_page
    sign_in(page, server)
    page.get_by_role("link", name="Consultation").click()
    settled(page)
    expect(page.get_by_role("button", name="Assess the reaction")).to_be_visible(timeout=TIMEOUT)

    # --- The check, assessed: a severe soreness after a deep massage ---
    q = TREE.questions
    choose(page, q["q_treatment"].therapist_text("en"), option_label("q_treatment", "deep_massage"))
    page.get_by_role("spinbutton", name=q["q_hours"].therapist_text("en")).fill("20")
    page.get_by_role("radiogroup", name=q["q_neck"].therapist_text("en")).get_by_text("No", exact=True).click()
    page.get_by_text("No, none of these", exact=True).click()
    choose(page, "Soreness", "Severe")
    choose(page, q["q_trajectory"].therapist_text("en"), option_label("q_trajectory", "improving"))
    pick(page, "Just before the treatment", "5")
    pick(page, "Now", "4")
    choose(page, q["q_feels_like"].therapist_text("en"), option_label("q_feels_like", "bruise_or_irritation"))
    choose(page, q["q_new_pain"].therapist_text("en"), option_label("q_new_pain", "none"))
    page.get_by_role("button", name="Assess the reaction").click()
    settled(page)
    expect(page.get_by_role("heading", name="Save on the client's record")).to_be_visible(timeout=TIMEOUT)
    assert stored_checks(data) == []  # assessing alone stores nothing

    # --- Saved on Karen's record, today's session ---
    page.get_by_label("Find a client").fill("kar")
    page.get_by_label("Find a client").press("Enter")
    settled(page)
    choose(page, "Client", f"{CLIENT} (50 years)")
    settled(page)
    today = f"1. {dt.date.today().isoformat()} · Deep massage"  # today's session, preselected
    expect(page.get_by_role("combobox", name="Session")).to_have_value(today, timeout=TIMEOUT)
    page.get_by_role("button", name="Save the check on the record").click()
    settled(page)
    expect(page.get_by_text(f"The check is saved on the record of {CLIENT} (session 1).")).to_be_visible(
        timeout=TIMEOUT
    )
    [check] = stored_checks(data)
    assert check.session_id is not None
    screenshot(page, "consultation-saved-laptop")

    # --- The hand-over: the planner with Karen chosen, from her record ---
    page.get_by_role("button", name="Plan the next session for this client").click()
    settled(page)
    expect(page).to_have_url(re.compile(r"/planner$"), timeout=TIMEOUT)
    assert check.level.value == "contact_therapist"
    handed_over = "The consultation's reaction check (Contact the therapist) is saved on the client's record"
    expect(page.get_by_text(handed_over)).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("spinbutton", name="Age (years)")).to_have_value("50")
    expect(page.get_by_text("Example client")).to_have_count(1)  # only the start option's name, no example shown
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(3, timeout=TIMEOUT)
    expect(page.get_by_role("button", name="Download as a calendar event (.ics)")).to_be_visible()
    screenshot(page, "planner-handover-laptop")
    assert len(stored_checks(data)) == 1
