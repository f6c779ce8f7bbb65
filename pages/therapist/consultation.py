"""Consultation (therapist): the reaction check's questions as one compact form, all at once.

On submit the answers are validated as a ReactionReport (problems shown field by field in the user's
language, nothing in the input is changed) and assessed by the engine; the result shows the level
card and the route through the tree. The check is saved on a client's record (ui/consultation_save.py),
and the planner then opens with that client chosen.
"""

from __future__ import annotations

from ui.auth import require_role

require_role("therapist")


import streamlit as st
from pydantic import ValidationError

from logic.errors import explain
from logic.models import ReactionReport
from logic.reaction import assess
from ui.consultation_save import save_section
from ui.state import CONSULT_ANSWERS, current_language, t
from ui.storage import app_settings, storage
from ui.widgets import consultation_form, field_errors, level_card, path_breadcrumb

SAVE = "consult_save"  # the widgets and state of saving the check on a client's record
REJECTED = "consult_rejected"  # the last submitted input that did not validate, and the form's own problems


def problems_of(raw: dict, form_problems: list[str], lang: str) -> list[str]:
    """Every problem of a submitted form as one line each, in the user's language."""
    lines = [t(key) for key in form_problems]
    try:
        ReactionReport.model_validate(raw)
    except ValidationError as error:
        lines += field_errors(explain(error, lang), lang)
    return lines


lang = current_language()
settings = app_settings()  # thresholds and numbers, with an admin's overrides
st.set_page_config(layout="wide")  # form and result side by side on a clinic screen; stacked on a phone

st.subheader(t("consult.title"))
st.caption(t("consult.intro"))
form_column, result_column = st.columns([3, 2], gap="large")

with form_column:
    raw, submitted, form_problems = consultation_form(lang, key="consult")
if submitted:
    st.session_state.pop(CONSULT_ANSWERS, None)
    st.session_state.pop(REJECTED, None)
    if problems_of(raw, form_problems, lang):
        st.session_state[REJECTED] = (raw, form_problems)
    else:
        st.session_state[CONSULT_ANSWERS] = ReactionReport.model_validate(raw).model_dump(mode="json")

with result_column:
    if REJECTED in st.session_state:
        st.markdown(f"#### {t('consult.problems')}", anchors=False)
        for line in problems_of(*st.session_state[REJECTED], lang):
            st.error(line, icon=":material/error:")

    answers = st.session_state.get(CONSULT_ANSWERS)
    if not answers and REJECTED not in st.session_state:
        st.info(t("consult.empty"), icon=":material/assignment:")
    if answers:
        try:
            assessment = assess(ReactionReport.model_validate(answers), lang, settings)
        except ValidationError as error:  # answers kept from an older version of the form
            for line in field_errors(explain(error, lang), lang):
                st.error(line, icon=":material/error:")
        else:
            st.markdown(f"#### {t('consult.result')}", anchors=False)
            level_card(assessment, lang, settings)
            st.markdown(f"**{t('consult.path')}**")
            st.caption(path_breadcrumb(assessment.path, lang))
            save_section(storage(), lang, ReactionReport.model_validate(answers), assessment, SAVE)
