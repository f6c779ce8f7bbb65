"""ui/widgets.py on its own: phone links, the route's breadcrumb, "not sure" answers, field labels, and
the questions of the reaction check read back from real widgets (AppTest on a one-question script)."""

from __future__ import annotations

from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from logic.tree_data import TREE
from ui.i18n import translate
from ui.widgets import (
    _link_numbers,
    field_errors,
    field_label,
    path_breadcrumb,
    questionnaire_length,
    tel_link,
    yes_no_answer,
    yes_no_options,
)


def test_a_phone_number_dials_its_digits_only() -> None:
    assert tel_link("+45 70 11 31 31") == "[+45 70 11 31 31](tel:+4570113131)"
    assert tel_link("112") == "[112](tel:112)"


def test_numbers_in_a_text_become_links_once_and_only_where_they_stand_alone() -> None:
    text = "Ring 112 nu. Lægevagten: 1813. Ikke 11200 eller 2112."
    linked = _link_numbers(text, ["112", "1813", "", "112"])
    assert linked == ("Ring [112](tel:112) nu. Lægevagten: [1813](tel:1813). Ikke 11200 eller 2112.")
    # The longer number first: a clinic number holding the emergency number is linked whole.
    assert _link_numbers("Ring +45 112 00", ["112", "+45 112 00"]) == "Ring [+45 112 00](tel:+4511200)"


def test_the_breadcrumb_names_the_route_root_first() -> None:
    leaf = next(iter(TREE.leaves.values()))
    crumb = path_breadcrumb([TREE.root, leaf.id, "not_a_node"], "en")
    assert crumb.split(" → ") == [TREE.nodes[TREE.root].label("en"), leaf.label("en"), "not_a_node"]


def test_the_questionnaire_is_at_least_as_long_as_the_red_flags_and_no_longer_than_every_question() -> None:
    assert 2 <= questionnaire_length() <= len(TREE.questions)


@pytest.mark.parametrize("question", [q for q in TREE.questions.values() if q.kind == "yes_no"], ids=lambda q: q.id)
def test_not_sure_is_offered_only_where_the_tree_says_what_it_means(question: Any) -> None:
    options = yes_no_options(question)
    assert options[:2] == ["yes", "no"]
    assert ("unsure" in options) == (question.unsure_means is not None)
    assert yes_no_answer(question, "yes") is True and yes_no_answer(question, "no") is False
    if question.unsure_means is not None:
        assert yes_no_answer(question, "unsure") is question.unsure_means


def test_field_labels_are_the_forms_words() -> None:
    flags = TREE.questions["q_red_flags"]
    dark_urine = next(o for o in flags.options if o.value == "dark_urine")
    assert field_label("red_flags.dark_urine", "da") == dark_urine.label("da")
    assert field_label("pain_now", "en") == translate("widgets.pain.pain_now", "en")
    assert field_label("no_such_field", "en") == "no_such_field"
    assert field_errors(["red_flags.dark_urine: is required", "input: 3 more problems", "no colon"], "en") == [
        f"{dark_urine.label('en')}: is required",
        "input: 3 more problems",
        "no colon",
    ]


def _one_question() -> None:
    import streamlit as st

    from logic.tree_data import TREE
    from ui.widgets import question_inputs, read_question

    question = TREE.questions[st.session_state["question"]]
    question_inputs(question, "en", {}, "t")
    st.session_state["read"] = read_question(question, "t")


def _start(question: str) -> AppTest:
    at = AppTest.from_function(_one_question, default_timeout=30)
    at.session_state["question"] = question
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_red_flags_need_a_tick_and_no_tick_may_contradict_none_of_these() -> None:
    at = _start("q_red_flags")
    assert at.session_state["read"] == (
        {},
        pytest.approx(at.session_state["read"][1]),
        ["widgets.error.flags_required"],
    )
    at.checkbox(key="t.q_red_flags._none").check().run()
    answers, _, problems = at.session_state["read"]
    assert problems == [] and answers == {"red_flags": dict.fromkeys(answers["red_flags"], False)}
    assert set(answers["red_flags"]) == {o.value for o in TREE.questions["q_red_flags"].options}
    at.checkbox(key="t.q_red_flags.fainted").check().run()
    assert at.session_state["read"][2] == ["widgets.error.flags_conflict"]
    at.checkbox(key="t.q_red_flags._none").uncheck().run()
    answers, _, problems = at.session_state["read"]
    assert problems == [] and answers["red_flags"]["fainted"] is True


def test_hours_are_a_number_within_the_forms_bounds() -> None:
    at = _start("q_hours")
    assert at.session_state["read"][2] == ["widgets.error.hours"]  # nothing entered yet
    at.number_input(key="t.q_hours").set_value(20).run()
    assert at.session_state["read"] == ({"hours_since_treatment": 20.0}, {"value": 20.0}, [])


def test_worsening_asks_since_when_and_not_sure_may_leave_it_open() -> None:
    at = _start("q_trajectory")
    assert at.session_state["read"][2] == ["widgets.error.choose"]
    at.radio(key="t.q_trajectory").set_value("improving").run()
    assert at.session_state["read"][0] == {"trajectory": "improving", "worsening_hours": 0.0}
    at.radio(key="t.q_trajectory").set_value("worsening").run()
    assert at.session_state["read"][2] == ["widgets.error.worsening_hours"]
    at.number_input(key="t.q_trajectory.worsening_hours").set_value(6).run()
    assert at.session_state["read"][0] == {"trajectory": "worsening", "worsening_hours": 6.0}
    at.radio(key="t.q_trajectory").set_value("unsure").run()
    answers, _, problems = at.session_state["read"]
    assert problems == [] and answers["trajectory"] == "unsure"
