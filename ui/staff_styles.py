"""Styles of the signed-in staff pages (the app's own CSS, never user text): text contrast of at least
4.5:1 (WCAG 2.1 AA) where Streamlit's theme gives less.

Streamlit draws captions in grey at 60% opacity (about 3.9:1 on white) and a selected segmented button's
label in the theme colour on its own tint (about 4.2:1); both are darkened here. The main block's top
margin is smaller, so that the first screen of a laptop shows more of the list or the record.
"""

from __future__ import annotations

import streamlit as st

STAFF_CSS = """<style>
div[data-testid="stCaptionContainer"] { opacity: 1; }
div[data-testid="stCaptionContainer"], div[data-testid="stCaptionContainer"] p { color: #555864; }
section[data-testid="stSidebar"] div[data-testid="stCaptionContainer"] p { color: #4d505b; }
button[data-variant="segmented_control"] p { color: #31333f; }
button[data-variant="segmented_control"][data-selected="true"] p,
button[data-selected="true"] p { color: #1d4e4d; }
/* A laptop screen is for the clients and the record, not for Streamlit's default top margin. */
div[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
</style>"""


def staff_styles() -> None:
    st.html(STAFF_CSS)
