"""The client's pages for everyone (WCAG 2.1 AA), in a real browser on a phone (390x844):

- axe-core finds no violation of impact serious or critical on the self-check (the start, every
  question on the way, each result level), the decision tree and sign-in, in Danish and English;
- every question fits in one and a half screens, no page scrolls sideways, the 0-10 pain scale is
  whole on screen (0 and 10 both visible);
- the emergency result shows a full-width call button first, with the clinic's number;
- the keyboard alone walks the self-check to a result, focus landing on each new question;
- the decision tree is a list on a phone: one tap opens a node, no statement codes, no open menu.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from logic.figures.tree_layout import EXAMPLES
from logic.models import Level
from logic.texts.vocabulary import word
from logic.tree_data import TREE
from tests.browser.axe_support import assert_no_serious_violations
from tests.browser.browser_support import LAPTOP_VIEWPORT, PHONE_VIEWPORT, screenshot, settled
from tests.browser.client_support import (
    TIMEOUT,
    answer_with_keys,
    answer_with_mouse,
    bridged,
    open_app,
    press_next_and_wait,
    shown_question,
    step_heading,
    switch_language,
    tab_to,
)
from ui.i18n import translate

SCREEN = PHONE_VIEWPORT["height"]
MAX_QUESTION_HEIGHT = 1.5 * SCREEN
# One example per result level (logic/figures/tree_layout.py), each walked in one language; the result is
# checked in both.
LEVEL_WALKS = [
    ("emergency", "da"),
    ("doctor_today", "en"),
    ("contact_therapist", "da"),
    ("healing_crisis", "en"),
    ("expected", "da"),
]
OTHER = {"da": "en", "en": "da"}
# Statement codes as the knowledge base numbers them (A1 ... H2, X1 ...), as whole words.
STATEMENT_CODE = re.compile(r"\b[A-HX][0-9]{1,2}\b")

# The page's layout measured in the browser: the height of the main area's content, and whether
# anything is wider than the window (a sideways scroll).
# A question's height: from the page's top to the bottom of its Next button (the privacy note and the
# clinic's contact below it are the page's footer, not the question); the whole page where there is none.
LAYOUT = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const next = document.querySelector('.st-key-sc_next');
  const top = main.getBoundingClientRect().top - main.scrollTop;
  return {
    height: next ? next.getBoundingClientRect().bottom - top : main.scrollHeight,
    sideways: Math.max(document.documentElement.scrollWidth, main.scrollWidth) > window.innerWidth,
  };
}"""


def assert_fits_a_phone(page: Page, label: str) -> None:
    layout = page.evaluate(LAYOUT)
    assert not layout["sideways"], f"{label} scrolls sideways at {page.viewport_size['width']} px"
    assert layout["height"] <= MAX_QUESTION_HEIGHT, (
        f"{label} is {layout['height']} px tall (at most {MAX_QUESTION_HEIGHT})"
    )


def assert_pain_scale_whole(page: Page, lang: str) -> None:
    """Both scales in view at once with their 0 and 10, none cut at the side."""
    first = page.locator('[class*="st-key-pain-scale"]').first
    first.scroll_into_view_if_needed()
    for field in ("pain_before", "pain_now"):
        group = page.get_by_role("radiogroup", name=translate(f"widgets.pain.{field}", lang), exact=True)
        for value in ("0", "10"):
            expect(group.get_by_role("radio", name=value, exact=True)).to_be_in_viewport(ratio=1.0)
        box = group.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE_VIEWPORT["width"]
    sizes = page.locator('[class*="st-key-pain-scale"] button').evaluate_all(
        "bs => bs.map(b => [b.getBoundingClientRect().width, b.getBoundingClientRect().height])"
    )
    assert len(sizes) == 22 and all(w >= 44 and h >= 44 for w, h in sizes), sizes


@pytest.mark.parametrize(("example", "lang"), LEVEL_WALKS, ids=[f"{e}-{lang}" for e, lang in LEVEL_WALKS])
def test_self_check_to_each_level_is_accessible_and_fits_a_phone(
    streamlit_server: str, phone_page: Page, example: str, lang: str
) -> None:
    page = phone_page
    report = EXAMPLES[example].report
    open_app(page, streamlit_server, lang=lang)
    asked = []
    while (question := shown_question(page, lang)) is not None:
        assert question.id not in asked and len(asked) < len(TREE.questions), asked
        asked.append(question.id)
        label = f"self-check {example} {lang}, question {len(asked)} ({question.id})"
        assert_no_serious_violations(page, label)
        assert_fits_a_phone(page, label)
        if question.kind == "pain":
            assert_pain_scale_whole(page, lang)
        answer_with_mouse(page, question, report, lang)
        press_next_and_wait(page, lambda: page.get_by_role("button", name=translate("selfcheck.next", lang)).click())
    assert asked[0] == "q_red_flags"
    level = EXAMPLES[example].level.value
    for shown_lang in (lang, OTHER[lang]):
        if shown_lang != lang:
            switch_language(page, shown_lang)
        expect(step_heading(page)).to_have_text(translate("selfcheck.result", shown_lang), timeout=TIMEOUT)
        words = word(Level(level), shown_lang, "client", phone="112")
        expect(page.get_by_text(words, exact=True)).to_be_visible(timeout=TIMEOUT)
        assert_no_serious_violations(page, f"self-check result {level} {shown_lang}")
        assert not page.evaluate(LAYOUT)["sideways"]
        assert not STATEMENT_CODE.search(page.locator('[data-testid="stMain"]').inner_text()), (
            "no statement codes for a client"
        )
    screenshot(page, f"selfcheck-phone-result-{level}")


def test_emergency_result_puts_a_call_button_first(streamlit_server_factory, phone_page: Page) -> None:
    """The clinic's number from the settings (never a literal), as a full-width button of at least
    48 px, above everything but the emergency line, and stronger than that line."""
    base_url = streamlit_server_factory(env={"REAKTIONSGUIDE_EMERGENCY_PHONE": "+45 112"})
    page = phone_page
    open_app(page, base_url, lang="da")
    answer_with_mouse(page, TREE.questions["q_red_flags"], EXAMPLES["doctor_today"].report | {
        "red_flags": {"one_sided_numbness_or_weakness": True}}, "da")  # fmt: skip
    press_next_and_wait(page, lambda: page.get_by_role("button", name="Næste").click())
    call = page.get_by_role("link", name="Ring +45 112 nu")
    expect(call).to_have_attribute("href", "tel:+45112")
    settled(page)
    box = call.bounding_box()
    main = page.locator('[data-testid="stMainBlockContainer"]').bounding_box()
    assert box and main
    assert box["height"] >= 48
    assert box["width"] >= main["width"] - 2 * 16 - 2, "full width of the content column"
    expect(call).to_be_in_viewport(ratio=1.0)
    # First on the screen after the emergency line: above the page's title and the result.
    title = page.get_by_role("heading", level=1).first.bounding_box()
    assert title and box["y"] < title["y"]
    assert box["y"] < step_heading(page).bounding_box()["y"]
    # Stronger than the line above: a filled, larger button, not a light alert.
    style = call.evaluate("e => { const s = getComputedStyle(e); return [s.backgroundColor, s.color] }")
    assert style == ["rgb(179, 38, 30)", "rgb(255, 255, 255)"], style
    line_text = page.get_by_test_id("stAlertContentError").first.locator("p").first
    assert float(call.locator("p").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) > float(
        line_text.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    )
    assert_no_serious_violations(page, "emergency result, da")
    screenshot(page, "selfcheck-phone-emergency-call")


def test_the_keyboard_alone_reaches_a_result_with_focus_on_each_new_question(
    streamlit_server: str, phone_page: Page
) -> None:
    page = phone_page
    lang = "en"
    report = EXAMPLES["healing_crisis"].report
    open_app(page, streamlit_server, lang=lang)
    page.reload()  # a fresh page: focus starts at the top, as a visitor's does
    expect(step_heading(page)).to_be_visible(timeout=TIMEOUT)
    settled(page)
    bridged(page, lang)
    # The first Tab stops are on the page, not in the collapsed side menu (off screen).
    for _ in range(3):
        page.keyboard.press("Tab")
        inside_menu = page.evaluate("() => !!document.activeElement.closest('[data-testid=\"stSidebar\"]')")
        assert not inside_menu, "a Tab stop in the collapsed side menu"
    next_button = page.get_by_role("button", name="Next")
    asked, presses = [], 0
    while (question := shown_question(page, lang)) is not None:
        asked.append(question.id)
        if len(asked) > 1:  # after Next: focus is on the new question's heading (announced)
            expect(step_heading(page)).to_be_focused(timeout=TIMEOUT)
            expect(step_heading(page)).to_have_text(question.text(lang))
        presses += answer_with_keys(page, question, report, lang)
        presses += tab_to(page, next_button)
        press_next_and_wait(page, lambda: page.keyboard.press("Enter"))
        presses += 1
    assert len(asked) >= 6, asked
    expect(step_heading(page)).to_be_focused(timeout=TIMEOUT)
    expect(step_heading(page)).to_have_text("Your result")
    expect(page.get_by_text(word(Level.healing_crisis, lang, "client"), exact=True)).to_be_visible()
    print(f"keyboard walk: {len(asked)} questions in {presses} key presses")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_decision_tree_on_a_phone_is_a_list(streamlit_server: str, phone_page: Page, lang: str) -> None:
    page = phone_page
    open_app(page, streamlit_server, "decision-tree", lang=lang)
    expect(page.get_by_role("heading", name=translate("tree.title", lang))).to_be_visible(timeout=TIMEOUT)
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_be_hidden()
    assert page.locator('[data-testid="stSidebar"]').get_attribute("data-collapsed") == "true"
    assert_no_serious_violations(page, f"decision tree, {lang}")
    assert not page.evaluate(LAYOUT)["sideways"]
    # One tap on a node opens its detail right below it.
    node = TREE.nodes["n_red_flags"]
    item = page.locator(".st-key-tree-pick-n_red_flags button")
    expect(item).to_contain_text(node.label(lang))
    item.click()
    detail = page.locator(".st-key-tree-detail")
    expect(detail).to_contain_text(TREE.questions[node.question].text(lang), timeout=TIMEOUT)
    settled(page)
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert not STATEMENT_CODE.search(text), STATEMENT_CODE.findall(text)
    assert TREE.questions[node.question].therapist_text(lang) not in text
    assert_no_serious_violations(page, f"decision tree with a node open, {lang}")
    assert not page.evaluate(LAYOUT)["sideways"]
    # Its buttons are tap targets of at least 44 px, and the text is not cut at the right edge.
    sizes = page.locator('[class*="st-key-tree-pick-"] button').evaluate_all(
        "bs => bs.map(b => [b.getBoundingClientRect().right, b.getBoundingClientRect().height, b.scrollWidth <= b.clientWidth])"
    )
    assert sizes and all(right <= PHONE_VIEWPORT["width"] and h >= 44 and whole for right, h, whole in sizes)
    item.scroll_into_view_if_needed()
    screenshot(page, f"tree-phone-list-{lang}")


def test_decision_tree_opened_from_the_side_menu_leaves_it_closed(streamlit_server: str, phone_page: Page) -> None:
    page = phone_page
    open_app(page, streamlit_server, lang="en")
    page.get_by_role("button", name="Expand sidebar").click()
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar).to_have_attribute("data-collapsed", "false", timeout=TIMEOUT)
    sidebar.get_by_role("link", name="Decision tree").click()
    expect(page.get_by_role("heading", name="The decision tree")).to_be_visible(timeout=TIMEOUT)
    expect(sidebar).to_have_attribute("data-collapsed", "true", timeout=TIMEOUT)


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("viewport", ["phone", "laptop"])
def test_sign_in_is_accessible(streamlit_server: str, browser, viewport: str, lang: str) -> None:
    size = PHONE_VIEWPORT if viewport == "phone" else LAPTOP_VIEWPORT
    context = browser.new_context(viewport=size)
    try:
        page = context.new_page()
        open_app(page, streamlit_server, "sign-in", lang=lang)
        expect(page.get_by_label(translate("auth.username", lang), exact=True)).to_be_visible(timeout=TIMEOUT)
        settled(page)
        assert_no_serious_violations(page, f"sign-in, {viewport}, {lang}")
        assert not page.evaluate(LAYOUT)["sideways"]
    finally:
        context.close()


PUBLIC_PAGES = [("", "self-check"), ("decision-tree", "decision-tree"), ("sign-in", "sign-in")]


@pytest.mark.parametrize("viewport", ["phone", "laptop"])
def test_screenshots_of_every_public_page(streamlit_server: str, browser, viewport: str) -> None:
    """artifacts/screenshots/public-<page>-<viewport>-<lang>.png (git-ignored); no page scrolls
    sideways on a phone; axe on a laptop; the banner's number is a tap target of at least 44x44 px."""
    size = PHONE_VIEWPORT if viewport == "phone" else LAPTOP_VIEWPORT
    context = browser.new_context(viewport=size)
    try:
        page = context.new_page()
        for path, name in PUBLIC_PAGES:
            for lang in ("da", "en"):
                open_app(page, streamlit_server, path, lang=lang)
                settled(page)
                link = page.get_by_test_id("stAlertContentError").first.get_by_role("link", name="112")
                box = link.bounding_box()
                assert box and box["width"] >= 44 and box["height"] >= 44, box
                if viewport == "phone":
                    assert not page.evaluate(LAYOUT)["sideways"], f"/{path} scrolls sideways"
                else:  # the phone's pages are checked above; here the laptop's (the tree as a figure)
                    assert_no_serious_violations(page, f"/{path} on a laptop, {lang}")
                screenshot(page, f"public-{name}-{viewport}-{lang}")
    finally:
        context.close()
