"""The client's side in a real browser: open a public page in a language, read which step of the
self-check is shown, and answer a question from a reaction report with the mouse or the keyboard alone.

The answers come from a full report (e.g. logic.figures.tree_layout.EXAMPLES), so a walk follows whatever
order the tree asks in, and every label is read from the tree and the catalogues in the page's language.
"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Locator, Page, expect

from logic.tree_data import TREE
from logic.tree_model import Question
from tests.browser.browser_support import settled
from ui.i18n import translate
from ui.widgets import RARER_SYMPTOMS, intensity_label

TIMEOUT = 30_000
LANGUAGE_NAME = {"en": "English", "da": "Dansk"}
BANNER = {"en": "In danger?", "da": "Akut fare?"}
STEP_HEADING = ".st-key-step-heading h2"
SHELL_STYLES_IN_PLACE = (
    "() => [...document.querySelectorAll('style')].some(s => s.textContent.includes('.st-key-page-bridge'))"
)


def open_app(page: Page, base_url: str, path: str = "", lang: str = "en") -> None:
    """Open a page and choose the language with the switch; `<html lang>` follows it."""
    page.goto(f"{base_url}/{path}")
    banner = page.get_by_test_id("stAlertContentError").first
    expect(banner).to_be_visible(timeout=TIMEOUT)
    settled(page)
    # Opening a page's URL directly may first show Streamlit's "Page not found" notice (its own
    # modal, which makes the page inert until closed); the page itself is there behind it.
    notice = page.get_by_role("dialog")
    if notice.count():
        notice.get_by_role("button", name=re.compile(r"^(Close|Luk)$")).click()  # its name in either language
        expect(notice).to_have_count(0, timeout=TIMEOUT)
    if BANNER[lang] not in banner.inner_text():
        switch_language(page, lang)
    expect(page.get_by_text(BANNER[lang])).to_be_visible(timeout=TIMEOUT)
    settled(page)
    bridged(page, lang)


def bridged(page: Page, lang: str) -> None:
    """Wait until the page bridge (ui/a11y.py) has put the page into `lang` and the shell's styles
    are in place: axe and the measurements see the page a visitor sees."""
    expect(page.locator("html")).to_have_attribute("data-page-bridge", lang, timeout=TIMEOUT)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.wait_for_function(SHELL_STYLES_IN_PLACE, timeout=TIMEOUT)


def switch_language(page: Page, lang: str) -> None:
    page.get_by_role("radio", name=LANGUAGE_NAME[lang], exact=True).click()
    expect(page.get_by_text(BANNER[lang])).to_be_visible(timeout=TIMEOUT)
    settled(page)
    bridged(page, lang)


def step_heading(page: Page) -> Locator:
    return page.locator(STEP_HEADING)


def shown_question(page: Page, lang: str) -> Question | None:
    """The question on screen, or None when the result is shown."""
    settled(page)
    heading = step_heading(page)
    expect(heading).to_be_visible(timeout=TIMEOUT)
    text = heading.inner_text().strip()
    return next((q for q in TREE.questions.values() if q.text(lang) == text), None)


def press_next_and_wait(page: Page, press) -> None:
    """`press()` the Next button (a click or a key); wait until the step's heading has changed."""
    before = step_heading(page).inner_text()
    press()
    expect(step_heading(page)).not_to_have_text(before, timeout=TIMEOUT)
    settled(page)


def _option_label(question: Question, value: str, lang: str) -> str:
    return next(o.label(lang) for o in question.options if o.value == value)


def answers_of(question: Question, report: dict[str, Any], lang: str) -> list[tuple[str, str, str]]:
    """What to choose for `question` given `report`: (kind of control, its group's name, the option's name).

    Kinds: "checkbox" (group unused), "radio" (a radio option by its label), "segment" (a button of a
    segmented control: group = the control's label), "number" (group = the field's label, option = the text).
    """
    tr = lambda key: translate(key, lang)  # noqa: E731
    field = question.fields[0]
    if question.kind == "flags":
        ticked = [o.label(lang) for o in question.options if report[field].get(o.value)]
        return [("checkbox", "", label) for label in ticked or [tr("widgets.flags.none")]]
    if question.kind == "yes_no":
        return [("radio", "", tr(f"widgets.answer.{'yes' if report[field] else 'no'}"))]
    if question.kind == "intensities":
        return [
            ("segment", _option_label(question, symptom, lang), intensity_label(intensity, lang))
            for symptom, intensity in report[field].items()
            if intensity != "none"
        ]
    if question.kind == "number":
        return [("number", tr("widgets.hours.label"), f"{report[field]:g}")]
    if question.kind == "choice":
        chosen = [("radio", "", _option_label(question, report[field], lang))]
        if "trajectory" in question.fields and report[field] == "worsening":
            chosen.append(("number", tr("widgets.worsening_hours.label"), f"{report['worsening_hours']:g}"))
        return chosen
    if question.kind == "pain":
        return [("segment", tr(f"widgets.pain.{f}"), str(report[f])) for f in question.fields]
    raise ValueError(question.kind)


def _control(page: Page, kind: str, group: str, option: str) -> Locator:
    answers = page.locator(".st-key-answers")
    if kind == "checkbox":
        return answers.get_by_role("checkbox", name=option, exact=True)
    if kind == "radio":
        return answers.get_by_role("radio", name=option, exact=True)
    if kind == "segment":
        return answers.get_by_role("radiogroup", name=group, exact=True).get_by_role("radio", name=option, exact=True)
    return answers.get_by_label(group, exact=True)


def _open_rarer_symptoms(page: Page, question: Question, report: dict[str, Any], keyboard: bool) -> None:
    if question.kind != "intensities" or not any(report["symptoms"].get(s, "none") != "none" for s in RARER_SYMPTOMS):
        return
    summary = page.locator(".st-key-answers details summary")
    if keyboard:
        tab_to(page, summary)
        page.keyboard.press("Enter")
    else:
        summary.click()
    expect(page.locator(".st-key-answers details")).to_have_attribute("open", "", timeout=TIMEOUT)


def answer_with_mouse(page: Page, question: Question, report: dict[str, Any], lang: str) -> None:
    _open_rarer_symptoms(page, question, report, keyboard=False)
    for kind, group, option in answers_of(question, report, lang):
        control = _control(page, kind, group, option)
        if kind == "number":
            control.fill(option)
            control.press("Enter")
            continue
        if kind == "segment":
            control.click()
            expect(control).to_have_attribute("aria-checked", "true")
        else:  # a checkbox's or a radio option's input is hidden under its label: tap the label
            control.locator("xpath=ancestor::label[1]").click()
            expect(control).to_be_checked()


def is_focused(locator: Locator) -> bool:
    """Whether the focus is on the element (or on one of the elements) `locator` finds."""
    return bool(locator.evaluate_all("es => es.includes(document.activeElement)"))


def tab_to(page: Page, target: Locator, limit: int = 80) -> int:
    """Press Tab until `target` (or one of its elements) has the focus; the number of presses."""
    expect(target.first).to_be_attached(timeout=TIMEOUT)
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if is_focused(target):
            return presses
    raise AssertionError(f"{limit} Tabs did not reach {target}")


def answer_with_keys(page: Page, question: Question, report: dict[str, Any], lang: str) -> int:
    """Answer with the keyboard alone (Tab, Space, typing, Enter); the number of key presses."""
    presses = 0
    _open_rarer_symptoms(page, question, report, keyboard=True)
    for kind, group_name, option in answers_of(question, report, lang):
        control = _control(page, kind, group_name, option)
        if kind in ("radio", "segment"):
            # A radio group (and a segmented control) is one Tab stop; the arrow keys move in it.
            answers = page.locator(".st-key-answers")
            group = answers if kind == "radio" else answers.get_by_role("radiogroup", name=group_name, exact=True)
            presses += tab_to(page, group.get_by_role("radio"))
            for _ in range(12):
                if is_focused(control):
                    break
                page.keyboard.press("ArrowDown" if kind == "radio" else "ArrowRight")
                presses += 1
        else:
            presses += tab_to(page, control)
        if kind == "number":
            page.keyboard.type(option)
            page.keyboard.press("Enter")
            presses += len(option) + 1
            expect(control).to_have_value(option)
            continue
        page.keyboard.press("Space")
        presses += 1
        if kind == "segment":
            expect(control).to_have_attribute("aria-checked", "true")
        else:
            expect(control).to_be_checked()
    return presses
