"""Self-check for a client, on a phone: one question at a time, as the decision tree asks them.

The engine decides everything: `walk(answers)` gives the next question or the result. This page only
shows the question, reads its widgets, and renders the result. Answers live in st.session_state only.
"""

from __future__ import annotations

import streamlit as st

from logic.models import Level
from logic.reaction import assessment_for, walk
from logic.tree_data import TREE
from ui import follow_up, state
from ui.a11y import announce_step, self_check_styles, step_heading
from ui.state import current_language, t
from ui.storage import app_settings
from ui.widgets import (
    ANSWERS_KEY,
    answers_styles,
    call_button,
    level_card,
    question_inputs,
    questionnaire_length,
    read_question,
)

PREFIX = "sc"
ERROR = "selfcheck_error"


def _next(qid: str) -> None:
    answers, inputs, problems = read_question(TREE.questions[qid], PREFIX)
    if problems:
        st.session_state[ERROR] = problems
        return
    st.session_state.pop(ERROR, None)
    state.selfcheck_answer(qid, answers, inputs)


def _back() -> None:
    st.session_state.pop(ERROR, None)
    state.selfcheck_back()


def _restart() -> None:
    st.session_state.pop(ERROR, None)
    state.selfcheck_reset()


lang = current_language()
settings = app_settings()  # the clinic's numbers, with an admin's overrides
restarted = False
known = follow_up.prefill()  # through a follow-up link: what the session already tells (else nothing)
try:
    result = walk(state.selfcheck_answers() | known, settings)
except (KeyError, TypeError, ValueError):  # answers kept from an older version of the questions
    state.selfcheck_reset()
    result, restarted = walk(state.selfcheck_answers() | known, settings), True
asked = state.selfcheck_asked()

answers_styles()
self_check_styles()
if result.done:
    assessment = assessment_for(result, lang, settings)
    emergency = assessment.level == Level.emergency
    if emergency:  # first on the screen, before anything else the page says
        call_button(settings.emergency_phone, t("selfcheck.call", phone=settings.emergency_phone))
follow_up.intro(settings)  # a follow-up link's clinic and treatment date (pages/public/follow_up.py)
with st.container(key="selfcheck-title"):
    st.markdown(f"# {t('selfcheck.title')}", anchors=False)
if restarted:
    st.info(t("selfcheck.restarted"), icon=":material/restart_alt:")

if result.done:
    heading = t("selfcheck.result")
    st.progress(1.0, text=t("selfcheck.progress.done"))
    step_heading(heading, level=2)
    level_card(assessment, lang, settings, heading_level=3, emergency_call_shown=emergency, codes=False)
    follow_up.send_block(result, settings)
    st.button(t("selfcheck.restart"), on_click=_restart, type="primary", width="stretch", key="sc_restart")
    st.button(t("selfcheck.back"), on_click=_back, width="stretch", key="sc_back", icon=":material/arrow_back:")
else:
    question = result.question
    heading = question.text(lang)
    total = max(questionnaire_length(), len(asked) + 1)
    st.progress(len(asked) / total, text=t("selfcheck.progress", number=len(asked) + 1, total=total))
    if not asked:
        st.markdown(t("selfcheck.intro"))
    step_heading(heading, level=2)
    if question.kind == "flags":
        st.caption(t("selfcheck.flags_hint"))
    elif question.kind == "intensities":
        st.caption(t("selfcheck.intensities_hint"))
    with st.container(key=ANSWERS_KEY):
        question_inputs(question, lang, state.selfcheck_inputs(question.id), PREFIX, collapse_rarer=True)
    for problem in st.session_state.get(ERROR, []):
        # A problem with an answer is not an emergency: not in the emergency line's red.
        st.warning(t(problem), icon=":material/info:")
    st.button(
        t("selfcheck.next"),
        on_click=_next,
        args=(question.id,),
        type="primary",
        width="stretch",
        key="sc_next",
        icon=":material/arrow_forward:",
        icon_position="right",
    )
    if asked:
        st.button(t("selfcheck.back"), on_click=_back, width="stretch", key="sc_back", icon=":material/arrow_back:")

st.caption(t(follow_up.privacy_key()))
follow_up.footer_contact(result, settings, lang)

# A new step starts at its top, with focus on its heading (announced by a screen reader).
announce_step(result.leaf.id if result.done else f"{question.id}-{len(asked)}", heading)
