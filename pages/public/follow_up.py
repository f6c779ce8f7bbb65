"""Follow-up link (`/follow-up?t=TOKEN`, anyone): the self-check, started from the client's session.

A valid link fills in the treatment, whether the neck was treated and the hours since (counted from
now), and shows only the clinic and the treatment's date; at the result the client may send the
answers to the clinic (a box to tick, then Send). An unknown, expired, revoked or used-up link gets the
ordinary self-check with a short note, and nothing is stored. The self-check page itself runs here
(ui/follow_up.py), so the questions, their widgets and the result are the very same.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import streamlit as st

from logic.follow_up import TOKEN_PARAM
from ui import follow_up

SELF_CHECK = Path(__file__).with_name("self_check.py")

link = follow_up.open_link(st.query_params.get(TOKEN_PARAM))
with follow_up.running(link):
    runpy.run_path(str(SELF_CHECK), run_name="__main__")
