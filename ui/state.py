"""Session state shared by the pages: the language, its texts, and the keys pages hand each other.

Everything here lives in `st.session_state` only: nothing is written to disk or logged.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from logic.models import Language

from .i18n import LANGUAGES, language_from_locale, translate

# --- Keys other pages read (interfaces between pages) ---
LANG = "lang"
# The running self-check's answers, exactly those on its current route: walk(answers) gives the
# question shown (or the result), so the decision-tree page can highlight the same path.
SELFCHECK_ANSWERS = "selfcheck_answers"
# The last consultation check's full report answers (a ReactionReport as JSON-like dict).
CONSULT_ANSWERS = "consult_answers"
# Carried from the consultation to the planner: {"client_id": int, "check_id": int}, the client the
# consultation's check was saved on (the planner opens with that client chosen) and that check.
PLANNER_PREFILL = "planner_prefill"

# --- The self-check's own bookkeeping ---
# Question ids answered on the current route, in the order they were asked (the Back stack).
SELFCHECK_ASKED = "selfcheck_asked"
# Every answer given in this self-check, per question id, kept when going back so the question is
# asked again with the earlier answer pre-filled: {qid: {"answers": {...}, "inputs": {...}}}.
SELFCHECK_GIVEN = "selfcheck_given"


def _browser_language() -> Language:
    locale = None
    try:
        locale = st.context.locale
        if not locale:
            header = st.context.headers.get("Accept-Language") or ""
            locale = header.split(",")[0].split(";")[0].strip() or None
    except Exception:  # no browser context (e.g. a bare script run): fall back to Danish
        locale = None
    return language_from_locale(locale)


def current_language() -> Language:
    """The visitor's language: chosen with the switch, else from the browser, else Danish."""
    lang = st.session_state.get(LANG)
    if lang not in LANGUAGES:
        lang = _browser_language()
        st.session_state[LANG] = lang
    return lang


def set_language(lang: Language) -> None:
    if lang in LANGUAGES:
        st.session_state[LANG] = lang


def t(key: str, **values: object) -> str:
    """The catalog text `key` in the current language, with `{placeholders}` filled from values."""
    return translate(key, current_language(), **values)


# --- Self-check route ---


def selfcheck_asked() -> list[str]:
    asked: list[str] = st.session_state.setdefault(SELFCHECK_ASKED, [])
    return asked


def selfcheck_given() -> dict[str, dict[str, Any]]:
    given: dict[str, dict[str, Any]] = st.session_state.setdefault(SELFCHECK_GIVEN, {})
    return given


def selfcheck_answers() -> dict[str, Any]:
    """The answers on the current route (what `walk` sees), rebuilt from the stack."""
    given = selfcheck_given()
    answers: dict[str, Any] = {}
    for qid in selfcheck_asked():
        answers.update(given.get(qid, {}).get("answers", {}))
    st.session_state[SELFCHECK_ANSWERS] = answers
    return answers


def selfcheck_answer(qid: str, answers: dict[str, Any], inputs: dict[str, Any]) -> None:
    """Record the answer to the question on screen and move on."""
    selfcheck_given()[qid] = {"answers": answers, "inputs": inputs}
    asked = selfcheck_asked()
    if qid not in asked:
        asked.append(qid)
    selfcheck_answers()


def selfcheck_back() -> None:
    """Return to the previous question; its earlier answer stays remembered for pre-filling."""
    asked = selfcheck_asked()
    if asked:
        asked.pop()
    selfcheck_answers()


def selfcheck_inputs(qid: str) -> dict[str, Any]:
    """The widget values given earlier to this question (empty when it is asked the first time)."""
    inputs: dict[str, Any] = selfcheck_given().get(qid, {}).get("inputs", {})
    return inputs


def selfcheck_reset() -> None:
    for key in (SELFCHECK_ASKED, SELFCHECK_GIVEN, SELFCHECK_ANSWERS):
        st.session_state.pop(key, None)
