"""The page bridge: a tiny component of the app's own (ui/a11y_frontend/) for what a script cannot do
in the page itself: `<html lang>` following the language, Streamlit's English accessible names in the
page's language, the side menu's list markup, and moving focus to a new step's heading
(so that a screen reader announces the new question) after scrolling it to the top.

Its iframe is served by the app (`/component/...`, scripts from 'self' only, as the Content Security
Policy asks) and hidden; it has no input and returns nothing.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

from logic.models import Language

from .i18n import translate

FRONTEND = Path(__file__).resolve().parent / "a11y_frontend"
_bridge = components.declare_component("page_bridge", path=str(FRONTEND))
# The key of the container a step's heading is written in (focus_heading_key below).
STEP_HEADING_KEY = "step-heading"
# Static CSS of the app's own (never user text), on every page: what WCAG 2.1 AA asks of the shell.
SHELL_A11Y_CSS = """<style>
/* The bridges' iframes have no content: they take no room and no Tab stop. */
.st-key-page-bridge, .st-key-step-bridge { display: none; }
/* Captions at 4.5:1 or more (Streamlit's grey is 3.9:1 on white). */
[data-testid="stCaptionContainer"] { opacity: 1; color: #555962; }
/* A collapsed side menu is out of view: out of the Tab order too (visibility also hides it from
   screen readers until it is opened). */
section[data-testid="stSidebar"][data-collapsed="true"] { visibility: hidden; }
/* The emergency number in the line at the top: a tap target of at least 44x44 px. */
.st-key-emergency-line a[href^="tel:"] {
  display: inline-flex; align-items: center; justify-content: center;
  min-width: 44px; min-height: 44px; padding: 0 0.5rem; margin: -0.6rem 0;
  font-weight: 700; text-decoration: underline;
}
</style>"""
# The self-check's own outline and phone layout.
SELF_CHECK_CSS = """<style>
/* The page's outline is h1 (the check) > h2 (the question or the result) > h3 (the result's
   sections); the h1 keeps the size of a small title. */
.st-key-selfcheck-title h1 { font-size: 1.15rem; font-weight: 600; padding: 0.25rem 0 0; }
.st-key-step-heading h2 { font-size: 1.45rem; padding: 0.5rem 0 0.25rem; }
.st-key-step-heading h2:focus { outline: 2px solid #2F6B6A; outline-offset: 4px; }
/* "No, none of these" in bold, by style rather than markdown asterisks. */
.st-key-flags-none p { font-weight: 700; }
/* A question on a phone in at most one and a half screens: less blank space around the page, and
   the answers' rows (each a tap target of at least 44 px) closer together. */
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-top: 4.25rem; padding-bottom: 2rem; }
  [data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] { gap: 0.7rem; }
}
.st-key-answers { gap: 0.35rem; }
.st-key-answers div[data-testid="stCheckbox"] label { min-height: 44px; align-items: center; padding: 0.1rem 0; }
.st-key-answers hr { margin: 0.25rem 0; }
/* The 0-10 scale whole on a phone: two even rows (0-5, 6-10) of 44 px targets instead of 0-7 and
   a wide 8, 9, 10; one row where the screen is wide enough. */
[class*="st-key-pain-scale"] div[data-testid="stButtonGroup"] > div {
  display: grid !important; grid-template-columns: repeat(11, minmax(0, 1fr)); gap: 0.25rem; width: 100%;
}
@media (max-width: 640px) {
  [class*="st-key-pain-scale"] div[data-testid="stButtonGroup"] > div { grid-template-columns: repeat(6, minmax(0, 1fr)); }
}
[class*="st-key-pain-scale"] div[data-testid="stButtonGroup"] button { min-height: 44px; min-width: 0; width: 100%; margin: 0; }
/* The call button of an emergency result: full width, at least 48 px, stronger than the line above. */
.st-key-emergency-call a {
  min-height: 56px; font-size: 1.3rem; font-weight: 700;
  background-color: #B3261E; border-color: #B3261E; color: #fff;
}
.st-key-emergency-call a:hover, .st-key-emergency-call a:focus-visible { background-color: #8C1D18; color: #fff; }
.st-key-emergency-call a p { font-size: 1.3rem; font-weight: 700; color: #fff; }
</style>"""


# Streamlit's English accessible names (the catalogue's English entries are exactly Streamlit's words).
NAME_KEYS = (
    "expand_sidebar", "collapse_sidebar", "main_menu", "sidebar", "app_pages", "show_password", "hide_password",
    "link_to_heading", "open", "close", "choose_an_option", "progress",
)  # fmt: skip
PREFIX_KEYS = ("help_for",)  # "Help for <the widget's label>"


def page_language(lang: Language) -> None:
    """`<html lang>` of the page follows the app's language (Streamlit's own page says "en"), and
    Streamlit's English accessible names are said in it; the side menu's list markup is repaired."""
    names = {translate(f"a11y.name.{k}", "en"): translate(f"a11y.name.{k}", lang) for k in NAME_KEYS}
    prefixes = [[translate(f"a11y.name.{k}", "en"), translate(f"a11y.name.{k}", lang)] for k in PREFIX_KEYS]
    st.html(SHELL_A11Y_CSS)
    with st.container(key="page-bridge"):
        _bridge(lang=lang, names=names, prefixes=prefixes, key="page-bridge-lang", default=None)


def self_check_styles() -> None:
    st.html(SELF_CHECK_CSS)


def step_heading(text: str, level: int = 3) -> None:
    """A step's heading, written where `announce_step` finds it."""
    with st.container(key=STEP_HEADING_KEY):
        st.markdown(f"{'#' * level} {text}", anchors=False)


def announce_step(step: str, heading_text: str) -> None:
    """When `step` differs from the step shown before in this browser tab: scroll to the top and move
    focus to the heading written by `step_heading(heading_text)` (nothing on the page's first view)."""
    with st.container(key="step-bridge"):
        _bridge(
            step=step, heading_key=STEP_HEADING_KEY, heading_text=heading_text, key="step-bridge-frame", default=None
        )
