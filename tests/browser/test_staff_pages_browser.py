"""The therapist's and the admin's pages in a real browser (issue 12).

- Click counts: the consultation and the record's check each reach their result in at most 10
  interactions (each click or typed field counts one), and the result with its confirmation is then on
  the screen, not below it.
- One screen: on a 1366x768 laptop each form is at most one screen tall, with both pain fields (0-10) in it.
- Screenshots of every therapist and admin page at 1366x768 and 390x844 in artifacts/screenshots/
  (staff-<page>-<viewport>.png), and axe-core on each, in Danish and English: no serious or critical
  violation.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from logic import demo
from logic.auth import accounts
from logic.planner import plan
from logic.settings import ClinicSettings
from logic.storage import open_storage
from logic.tree_data import TREE
from tests.browser.axe_support import assert_no_serious_violations
from tests.browser.browser_support import LAPTOP_VIEWPORT, PHONE_VIEWPORT, run_streamlit, screenshot, settled
from tests.browser.test_records_browser import REGION_CENTRE  # the body map's point of a region, on the screen
from ui.i18n import translate

TIMEOUT = 30_000
ADMIN, PASSWORD = "boss", "admin pass word 1"
ORIGINAL = ["neck_back", "upper_back"]
PROFILE = {
    "massage_experience": "regular", "condition_months": 14, "trigger_points": "many",
    "trigger_point_severity": "moderate", "stressors": False, "bad_experience_before": False,
    "known_fainting_tendency": False, "disclosed_conditions": ["diabetes"], "conditions_reviewed": True,
}  # fmt: skip
MAX_INTERACTIONS = 10


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A clinic with an admin (who may use the therapist's pages too), eight demo clients and Mette, who
    had a 40-minute session today, saved just now, after an older plan."""
    data = tmp_path_factory.mktemp("staff") / "clinic"
    with open_storage(f"sqlite:///{data}/reaktionsguide.db", ClinicSettings(data_dir=data)) as store:
        accounts.create_user(store, ADMIN, PASSWORD, "admin")
        demo.generate(store, clients=8, seed=3)
        mette = store.create_client({"name": "Mette Holm", "birth_year": 1980, "consent_health_data": True},
                                    PROFILE, ORIGINAL).id  # fmt: skip
        request = store.plan_request_for(mette, "relaxation_massage")
        store.save_plan(mette, {"request": request, "suggested": plan(request), "accepted": False,
                                "chosen_duration_min": 45, "chosen_pressure": 1, "chosen_interval_days": 14})  # fmt: skip
        store.add_session(mette, {
            "date": dt.date.today(), "treatment": "trigger_point_therapy", "duration_min": 40, "pressure": 4,
            "regions": ORIGINAL, "pain_before": 6, "pain_after": 4,
        })  # fmt: skip
    return {"data": data, "mette": mette}


@pytest.fixture(scope="module")
def server(clinic: dict, tmp_path_factory: pytest.TempPathFactory):
    with run_streamlit(
        tmp_path_factory.mktemp("staff-server") / "data", {"REAKTIONSGUIDE_DATA_DIR": str(clinic["data"])}
    ) as url:
        yield url


def signed_in(browser: Browser, base: str, lang: str, viewport: dict) -> Page:
    """A page in a browser of this language (the app follows the browser's), signed in as the admin."""
    context = browser.new_context(viewport=viewport, locale="da-DK" if lang == "da" else "en-GB")
    page = context.new_page()
    page.goto(f"{base}/sign-in")
    settled(page)
    close = page.get_by_role("dialog").get_by_role("button", name="Close")
    if close.count():  # a notice of the app shell (e.g. Streamlit's "page not found") must not block the form
        close.first.click()
    page.get_by_label(translate("auth.username", lang)).fill(ADMIN)
    page.get_by_label(translate("auth.password", lang), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=translate("auth.submit", lang)).click()
    expect(page.get_by_text(ADMIN).first).to_be_visible(timeout=TIMEOUT)
    settled(page)
    return page


def open_page(page: Page, base: str, path: str) -> None:
    page.goto(f"{base}/{path}")
    settled(page)
    expect(page.locator('[data-testid="stMainBlockContainer"]')).to_be_visible(timeout=TIMEOUT)
    page.wait_for_load_state("networkidle")  # the widgets' lazily loaded code is in: every element drawn
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=TIMEOUT)


def test_the_clients_page_shows_several_whole_clients_in_the_first_screen(server: str, browser: Browser) -> None:
    page = signed_in(browser, server, "en", LAPTOP_VIEWPORT)
    open_page(page, server, "clients")
    rows = page.locator('[class*="st-key-client-row-"]')
    expect(rows.first).to_be_visible(timeout=TIMEOUT)
    bottoms = [box["y"] + box["height"] for box in (row.bounding_box() for row in rows.all()) if box]
    assert sum(bottom <= LAPTOP_VIEWPORT["height"] for bottom in bottoms) >= 2, bottoms
    page.context.close()


class Counted:
    """The user's interactions with a page, counted: each click or typed field is one."""

    def __init__(self, page: Page) -> None:
        self.page, self.count = page, 0

    def click(self, target: Locator) -> None:
        target.click()
        self.count += 1

    def fill(self, target: Locator, text: str) -> None:
        target.fill(text)
        self.count += 1

    def answer(self, question: str, value: str, lang: str = "en") -> None:
        """One click on a radio button's label."""
        q = TREE.questions[question]
        label = next(o.label(lang) for o in q.options if o.value == value) if q.options else value
        group = self.page.get_by_role("radiogroup", name=q.therapist_text(lang))
        self.click(group.get_by_text(label, exact=True))

    def number(self, name: str, value: str) -> None:
        self.fill(self.page.get_by_role("spinbutton", name=name, exact=True), value)


def record_tab(mette: int, tab: str, lang: str = "en") -> str:
    return f"client?id={mette}&tab={urllib.parse.quote(translate(f'records.tab.{tab}', lang))}"


def test_the_consultation_reaches_its_result_in_at_most_ten_interactions(server: str, browser: Browser) -> None:
    page = signed_in(browser, server, "en", LAPTOP_VIEWPORT)
    open_page(page, server, "consultation")
    user = Counted(page)
    q = TREE.questions
    user.answer("q_treatment", "trigger_point_therapy")
    user.number(q["q_hours"].therapist_text("en"), "20")
    neck = page.get_by_role("radiogroup", name=q["q_neck"].therapist_text("en"))
    user.click(neck.get_by_text("No", exact=True))
    user.click(page.get_by_text("No, none of these", exact=True))
    user.number("Pain before (0-10)", "6")
    user.number("Pain now (0-10)", "3")
    user.answer("q_trajectory", "improving")
    user.answer("q_feels_like", "bruise_or_irritation")
    user.answer("q_new_pain", "none")
    user.click(page.get_by_role("button", name="Assess the reaction"))
    settled(page)
    result = page.locator(".st-key-consult-result")
    expect(result.get_by_text(translate("level.expected.therapist", "en"), exact=True)).to_be_in_viewport(
        timeout=TIMEOUT
    )
    assert user.count <= MAX_INTERACTIONS, user.count
    screenshot(page, "staff-consultation-result-laptop")
    page.context.close()


def test_the_records_check_is_saved_in_at_most_ten_interactions(server: str, browser: Browser, clinic: dict) -> None:
    page = signed_in(browser, server, "en", LAPTOP_VIEWPORT)
    open_page(page, server, record_tab(clinic["mette"], "check"))
    # Pre-filled from today's session: its treatment, pain before and the hours since it was saved.
    expect(page.get_by_role("spinbutton", name="Pain before (0-10)")).to_have_value("6", timeout=TIMEOUT)
    expect(page.get_by_text("From the session: Trigger-point therapy, 0 hours ago", exact=False)).to_be_visible()
    user = Counted(page)
    # Where it hurts now: open the body map, one click on it (the neck, inside the original pain).
    user.click(page.get_by_text("Hurts now: nothing marked (open the body map)"))
    expect(page.locator('[data-testid="stPlotlyChart"] .scatterlayer .trace').first).to_be_attached(timeout=TIMEOUT)
    centre = page.evaluate(REGION_CENTRE, "neck_back")
    page.mouse.click(centre["x"], centre["y"])
    user.count += 1
    settled(page)
    expect(page.get_by_text("No pain outside the original area: no new pain elsewhere.")).to_be_visible(timeout=TIMEOUT)
    user.click(page.get_by_text("No, none of these", exact=True))
    user.number("Pain now (0-10)", "3")
    user.answer("q_trajectory", "improving")
    user.answer("q_feels_like", "bruise_or_irritation")
    user.click(page.get_by_role("button", name="Assess the reaction"))
    settled(page)
    saved = page.locator(".st-key-check-result")
    expect(saved.get_by_text("The reaction check has been stored: ", exact=False)).to_be_in_viewport(timeout=TIMEOUT)
    expect(saved.get_by_text(translate("level.expected.therapist", "en"), exact=True)).to_be_visible()
    assert user.count <= MAX_INTERACTIONS, user.count
    screenshot(page, "staff-record-check-saved-laptop")
    page.context.close()


@pytest.mark.parametrize("where", ["consultation", "check"])
def test_each_form_is_one_laptop_screen_with_the_whole_pain_scale(
    server: str, browser: Browser, clinic: dict, where: str
) -> None:
    page = signed_in(browser, server, "en", LAPTOP_VIEWPORT)
    open_page(page, server, "consultation" if where == "consultation" else record_tab(clinic["mette"], "check"))
    form = page.locator('[data-testid="stForm"]').first
    expect(form).to_be_visible(timeout=TIMEOUT)
    bottom = form.bounding_box()["y"] + form.bounding_box()["height"]
    top = form.bounding_box()["y"]
    if where == "check":  # with the row above it: where it hurts now, and what that means for new pain
        top = page.locator(f".st-key-rc{clinic['mette']}n0-map").bounding_box()["y"]
    height = bottom - top
    assert height <= LAPTOP_VIEWPORT["height"], f"{where}: {height:.0f} px"
    for name in ("Pain before (0-10)", "Pain now (0-10)"):
        field = page.get_by_role("spinbutton", name=name, exact=True)
        assert (field.get_attribute("min"), field.get_attribute("max")) == ("0", "10")
    page.context.close()


def check_axe(page: Page, label: str) -> None:
    """axe-core on the whole page, the side menu included (its list markup is fixed in ui/a11y.py)."""
    assert_no_serious_violations(page, label)


# Every therapist and admin page (the record by each tab), by the name of its screenshot.
def staff_pages(mette: int, lang: str) -> dict[str, str]:
    pages = {
        "clients": "clients",
        "planner": "planner",
        "consultation": "consultation",
        "account": "account",
        "admin-users": "admin-users",
        "admin-settings": "admin-settings",
        "admin-audit": "admin-audit",
    }
    for tab in ("overview", "sessions", "check", "body_map", "planner", "export"):
        pages[f"record-{tab}"] = record_tab(mette, tab, lang)
    return pages


@pytest.mark.parametrize("lang", ["da", "en"])
def test_staff_pages_pass_axe_and_are_photographed(server: str, browser: Browser, clinic: dict, lang: str) -> None:
    problems = []  # every page is checked and photographed; the failures are reported together
    viewports = (
        ((LAPTOP_VIEWPORT, "laptop"), (PHONE_VIEWPORT, "phone")) if lang == "en" else ((LAPTOP_VIEWPORT, "laptop"),)
    )
    for viewport, size in viewports:
        page = signed_in(browser, server, lang, viewport)
        for name, path in staff_pages(clinic["mette"], lang).items():
            open_page(page, server, path)
            if lang == "en":
                screenshot(page, f"staff-{name}-{size}")
            if size == "laptop":
                try:
                    check_axe(page, f"{name} ({lang})")
                except AssertionError as failure:
                    problems.append(str(failure))
        page.context.close()
    assert not problems, "\n\n".join(problems)


def test_the_admins_erasure_names_the_client(server: str, browser: Browser, clinic: dict) -> None:
    page = signed_in(browser, server, "en", LAPTOP_VIEWPORT)
    open_page(page, server, "admin-audit")
    page.get_by_label(translate("auth.audit.client", "en")).fill(str(clinic["mette"]))
    page.keyboard.press("Enter")
    settled(page)
    expect(page.get_by_text(f"Client {clinic['mette']}: Mette Holm")).to_be_visible(timeout=TIMEOUT)
    erase = page.get_by_role("button", name=translate("auth.privacy.erase", "en"))
    expect(erase).to_be_disabled()
    # Still the wide layout after the rerun the client id started.
    assert page.locator('[data-testid="stMainBlockContainer"]').bounding_box()["width"] > 900
    screenshot(page, "staff-admin-audit-client-laptop")
    check_axe(page, "admin-audit with a client (en)")
    page.context.close()
