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
from ui.check_form import check, not_needed_note, scroll_into_view, show_problems
from ui.consultation_save import save_section
from ui.state import CONSULT_ANSWERS, current_language, t
from ui.storage import app_settings, storage
from ui.widgets import consultation_form, field_errors, level_card, path_breadcrumb

SAVE = "consult_save"  # the widgets and state of saving the check on a client's record
REJECTED = "consult_rejected"  # the last submitted input that did not validate, and the form's own problems
NOT_NEEDED = "consult_not_needed"  # answers left empty that could not change the result
RESULT = "consult-result"  # the result's container, scrolled into view after an assessment

lang = current_language()
settings = app_settings()  # thresholds and numbers, with an admin's overrides
st.set_page_config(layout="wide")  # the whole form in one screen on a clinic laptop; stacked on a phone

st.subheader(t("consult.title"))
st.caption(t("consult.intro"))
form_column, result_column = st.container(), st.container(key=RESULT)

slots: dict = {}
with form_column:
    raw, submitted, form_problems = consultation_form(lang, key="consult", slots=slots)
if submitted:
    st.session_state.pop(CONSULT_ANSWERS, None)
    st.session_state.pop(REJECTED, None)
    checked = check(raw, form_problems, lang, settings)
    if checked.report is None:
        st.session_state[REJECTED] = (raw, form_problems)
    else:
        st.session_state[CONSULT_ANSWERS] = checked.report.model_dump(mode="json")
        st.session_state[NOT_NEEDED] = checked.not_needed
if REJECTED in st.session_state:  # kept as input, so the problems follow a change of language
    show_problems(slots, check(*st.session_state[REJECTED], lang, settings).problems, lang)

with result_column:
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
            level_card(assessment, lang, settings, audience="therapist")
            not_needed_note(st.session_state.get(NOT_NEEDED, []), lang)
            st.markdown(f"**{t('consult.path')}**")
            st.caption(path_breadcrumb(assessment.path, lang))
            save_section(storage(), lang, ReactionReport.model_validate(answers), assessment, SAVE)
            if submitted:
                scroll_into_view(RESULT)
