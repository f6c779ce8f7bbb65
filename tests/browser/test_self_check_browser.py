"""A client on a phone, in a real browser: the self-check to a result, the emergency line on every
page without scrolling, and the language switch."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests import REPO
from tests.browser.browser_support import PHONE_VIEWPORT, screenshot, settled

TIMEOUT = 30_000
# Every URL path of the app, with a page file that must exist for it.
URL_PATHS = [
    ("", "pages/public/self_check.py"),
    ("self-check", "pages/public/self_check.py"),
    ("decision-tree", "pages/public/decision_tree.py"),
    ("consultation", "pages/therapist/consultation.py"),
    ("planner", "pages/therapist/planner.py"),
]


def open_app(page: Page, base_url: str, path: str = "", lang: str = "en") -> None:
    """Open a page and choose the language with the switch (the browser's own locale may differ)."""
    page.goto(f"{base_url}/{path}")
    banner = page.get_by_test_id("stAlertContentError").first
    expect(banner).to_be_visible(timeout=TIMEOUT)
    wanted = {"en": "In danger?", "da": "Akut fare?"}[lang]
    if wanted not in banner.inner_text():
        page.get_by_role("radio", name={"en": "English", "da": "Dansk"}[lang], exact=True).click()
    expect(page.get_by_text(wanted)).to_be_visible(timeout=TIMEOUT)
    settled(page)


def question(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", name=text)).to_be_visible(timeout=TIMEOUT)


def tick(page: Page, label: str) -> None:
    page.get_by_test_id("stCheckbox").get_by_text(label, exact=True).click()


def choose(page: Page, label: str) -> None:
    option = page.get_by_test_id("stRadioOption").filter(has=page.get_by_text(label, exact=True))
    option.click()
    expect(option.locator("input")).to_be_checked()


def next_question(page: Page) -> None:
    page.get_by_role("button", name="Next").click()


def in_viewport(page: Page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] and box["x"] >= 0


def test_client_on_a_phone_reaches_emergency(streamlit_server: str, phone_page: Page) -> None:
    page = phone_page
    open_app(page, streamlit_server)
    question(page, "Do you have any of these signs right now?")
    tick(page, "Sudden numbness or weakness of the face, an arm or a leg")
    next_question(page)
    expect(page.get_by_text("Emergency: call 112 now")).to_be_visible(timeout=TIMEOUT)
    call = page.get_by_role("link", name="Call 112 now")
    expect(call).to_have_attribute("href", "tel:112")
    settled(page)  # measured once the run has finished laying out the page, without any scrolling
    assert in_viewport(page, call), "the number to call is on screen at once"
    screenshot(page, "selfcheck-phone-emergency")


def set_intensity(page: Page, symptom: str, intensity: str) -> None:
    option = page.get_by_role("radiogroup", name=symptom).get_by_role("radio", name=intensity)
    option.click()
    expect(option).to_have_attribute("aria-checked", "true")


def set_pain(page: Page, before: str, now: str) -> None:
    for label, value in (("Just before the treatment", before), ("Now", now)):
        set_intensity(page, label, value)


def type_hours(page: Page, hours: str) -> None:
    box = page.get_by_label("Number of hours")
    box.fill(hours)
    box.press("Enter")


# A client with nothing to speak of: one answer per question heading, whatever order the tree asks in.
NOTHING_TO_SPEAK_OF = {
    "Do you have any of these signs right now?": lambda p: tick(p, "No, none of these"),
    "Was your neck treated or manipulated?": lambda p: choose(p, "No"),
    "How strongly do you feel each of these?": lambda p: set_intensity(p, "Soreness", "Mild"),
    "How many hours ago did the treatment end?": lambda p: type_hours(p, "20"),
    "How is it developing?": lambda p: choose(p, "Getting better"),
    "How much did your original complaint hurt": lambda p: set_pain(p, before="5", now="4"),
    "What does the pain you feel now feel like?": lambda p: choose(
        p, "More like a bruise or an irritation, or not worse"
    ),
    "Has new pain appeared somewhere else in your body?": lambda p: choose(p, "No"),
    "Which treatment did you have?": lambda p: choose(p, "Trigger-point therapy"),
}


def shown_question(page: Page) -> str | None:
    settled(page)
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    return next((q for q in NOTHING_TO_SPEAK_OF for h in headings if h.startswith(q)), None)


def test_client_on_a_phone_reaches_expected(streamlit_server: str, phone_page: Page) -> None:
    page = phone_page
    open_app(page, streamlit_server)
    question(page, "Do you have any of these signs right now?")
    asked = []
    while (current := shown_question(page)) is not None:
        assert current not in asked and len(asked) < len(NOTHING_TO_SPEAK_OF), asked
        asked.append(current)
        NOTHING_TO_SPEAK_OF[current](page)
        next_question(page)
        expect(page.get_by_role("heading", name=current)).to_have_count(0, timeout=TIMEOUT)
    assert asked[0] == "Do you have any of these signs right now?"
    expect(page.get_by_text("Expected after-effect", exact=True)).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("heading", name="What to do now")).to_be_visible()
    settled(page)
    screenshot(page, "selfcheck-phone-expected")
    # Back returns to the last question with its answer still chosen.
    page.get_by_role("button", name="Back").click()
    question(page, asked[-1])
    chosen = {
        "Which treatment did you have?": "Trigger-point therapy",
        "Has new pain appeared somewhere else in your body?": "No",
    }
    if asked[-1] in chosen:
        option = page.get_by_test_id("stRadioOption").filter(has=page.get_by_text(chosen[asked[-1]], exact=True))
        expect(option.locator("input")).to_be_checked()


@pytest.mark.parametrize(("path", "source"), URL_PATHS, ids=[p or "root" for p, _ in URL_PATHS])
def test_emergency_line_is_visible_without_scrolling_on_every_page(
    streamlit_server: str, phone_page: Page, path: str, source: str
) -> None:
    if not (REPO / source).exists():
        pytest.skip(f"{source} is not part of the app yet")
    page = phone_page
    open_app(page, streamlit_server, path, lang="da")
    assert page.url.rstrip("/").endswith(f"/{path}".rstrip("/")), "no redirect to another page"
    expect(page.get_by_text("Page not found")).to_have_count(0)
    line = page.get_by_text("Akut fare?")
    assert in_viewport(page, line), f"the emergency line of /{path} is off screen: {line.bounding_box()}"
    link = page.get_by_test_id("stAlertContentError").first.get_by_role("link", name="112")
    expect(link).to_have_attribute("href", "tel:112")
    assert in_viewport(page, link)
    assert page.viewport_size == PHONE_VIEWPORT
    settled(page)
    screenshot(page, f"shell-phone-{path or 'root'}")


def test_language_switch_changes_the_texts(streamlit_server: str, phone_page: Page) -> None:
    page = phone_page
    open_app(page, streamlit_server, lang="da")
    question(page, "Har du lige nu et eller flere af disse tegn?")
    expect(page.get_by_text("Beslutningsstøtte, ikke en diagnose.", exact=False)).to_be_visible()
    page.get_by_role("radio", name="English", exact=True).click()
    question(page, "Do you have any of these signs right now?")
    expect(page.get_by_text("In danger?")).to_be_visible()
    expect(page.get_by_text("Decision support, not a diagnosis.", exact=False)).to_be_visible()
    expect(page.get_by_text("Akut fare?")).to_have_count(0)
    settled(page)
    screenshot(page, "shell-phone-english")
    page.get_by_role("radio", name="Dansk", exact=True).click()
    question(page, "Har du lige nu et eller flere af disse tegn?")


def test_clinic_settings_reach_the_shell(streamlit_server_factory, page: Page) -> None:
    """A server of its own with another clinic's name and emergency number: the tab title and the
    emergency line follow the settings (also on a laptop-sized window)."""
    base_url = streamlit_server_factory(
        env={"REAKTIONSGUIDE_CLINIC_NAME": "Klinik Nord", "REAKTIONSGUIDE_EMERGENCY_PHONE": "+45 112"}
    )
    open_app(page, base_url, lang="da")
    expect(page.get_by_text("Klinik Nord", exact=True)).to_be_visible()
    assert "Klinik Nord" in page.title()
    link = page.get_by_test_id("stAlertContentError").first.get_by_role("link", name="+45 112")
    expect(link).to_have_attribute("href", "tel:+45112")
    assert in_viewport(page, link)
    settled(page)
    screenshot(page, "shell-laptop-clinic-settings")
