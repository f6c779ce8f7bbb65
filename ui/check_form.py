"""The therapist's reaction-check form around `ui.widgets.consultation_form`: which answers are required
(only those that can change the result, logic/unanswered.py), each problem shown beside its field, and a
saved or assessed result scrolled into view.

Used by the consultation and the record's check. No clinical logic here: the engine decides what an
answer changes; this module only says so in the form.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import streamlit as st
from pydantic import ValidationError

from logic.errors import explain
from logic.models import Language, ReactionReport
from logic.reaction import walk
from logic.settings import ClinicSettings
from logic.texts.vocabulary import in_sentence
from logic.unanswered import OPTIONAL_CHOICES, complete, valid_report

from . import scroll
from .i18n import translate
from .widgets import field_label

# The form's own problems (catalog keys of ui.widgets.consultation_form) by the field they concern.
FORM_PROBLEM_FIELDS = {
    "widgets.error.worsening_hours": "worsening_hours",
    "widgets.error.flags_conflict": "red_flags",
    "widgets.error.flags_required_therapist": "red_flags",
    "records.check.new_pain.required": "new_pain_elsewhere",
}


@dataclass
class Checked:
    """A submitted form: the report to assess (None while anything is wrong), the answers left empty
    that could not change the result, and each field's problems (by report field; "_form" for the rest)."""

    report: ReactionReport | None
    not_needed: list[str] = field(default_factory=list)
    problems: dict[str, list[str]] = field(default_factory=dict)


def check(raw: dict[str, Any], form_problems: list[str], lang: Language, settings: ClinicSettings) -> Checked:
    """Validate a submitted form; empty answers that cannot change the result are not required."""
    problems: dict[str, list[str]] = {}
    for key in form_problems:
        problems.setdefault(FORM_PROBLEM_FIELDS.get(key, "_form"), []).append(translate(key, lang))
    completion = complete(raw, settings)
    if completion.report is not None and not problems:
        return Checked(report=completion.report, not_needed=completion.filled)
    for name in completion.required:
        levels = _levels_between(raw, name, lang, settings)
        problems.setdefault(name, []).append(translate("staff.required", lang, levels=levels))
    if completion.report is None and not completion.required:
        # Something else is wrong: the model names it. An empty choice is named only when nothing else is,
        # since whether it matters can be known only once the rest is valid.
        missing_choices = {name for name in OPTIONAL_CHOICES if name not in raw}
        try:
            ReactionReport.model_validate(raw)
        except ValidationError as error:
            for line in explain(error, lang):
                name, sep, message = line.partition(": ")
                head = re.split(r"[.\[]", name, maxsplit=1)[0]
                if head in missing_choices:
                    continue
                text = f"{field_label(name, lang)}: {message}" if sep else line
                problems.setdefault(head if sep else "_form", []).append(text)
    return Checked(report=None, problems=problems)


def _levels_between(raw: dict[str, Any], name: str, lang: Language, settings: ClinicSettings) -> str:
    """The levels one empty choice decides between, in words, with the other empty choices at their safer answer."""
    base = {k: v[0] for k, v in OPTIONAL_CHOICES.items() if k not in raw and k != name}
    levels = []
    for value in OPTIONAL_CHOICES[name]:
        report = valid_report(raw | base | {name: value})
        leaf = walk(report.model_dump(mode="json"), settings).leaf if report else None
        if leaf is not None and leaf.level not in levels:
            levels.append(leaf.level)
    return ", ".join(in_sentence(level, lang) for level in levels)


def show_problems(slots: Mapping[str, Any], problems: Mapping[str, list[str]], lang: Language) -> None:
    """Each field's problems in its placeholder beside it; the rest, and a summary, above the button."""
    general = [translate("staff.problems", lang)]
    for name, lines in problems.items():
        slot = slots.get(name)
        if slot is None or name == "_form":
            general += lines
            continue
        with slot.container():
            for line in lines:
                st.error(line, icon=":material/error:")
    if problems and "_form" in slots:
        with slots["_form"].container():
            for index, line in enumerate(general):
                (st.warning if index == 0 else st.error)(line, icon=":material/error:")


def not_needed_note(fields: list[str], lang: Language) -> None:
    if fields:
        names = ", ".join(field_label(name, lang) for name in fields)
        st.caption(translate("staff.not_needed", lang, fields=names))


def scroll_into_view(key: str) -> None:
    """Scroll the container with this key (one of ui.scroll.TARGETS) to the top of the screen after a
    save or an assessment, so the result and its confirmation are seen, not the form above them."""
    with st.container(key=f"scroll-{key}"):
        st.iframe(f"<script>{scroll.script(key)}</script>", height=1)
    # Below Streamlit's header bar, so the confirmation at the result's top is not hidden under it.
    st.html(f"<style>.st-key-scroll-{key} {{ display: none; }} .st-key-{key} {{ scroll-margin-top: 4.5rem; }}</style>")
