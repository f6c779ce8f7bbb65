"""The consultation page: one form with every question, validated and assessed on submit."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from streamlit.testing.v1 import AppTest

from logic.errors import explain
from logic.models import Level, ReactionReport
from logic.texts.vocabulary import word
from logic.tree_data import TREE
from tests import REPO
from ui.i18n import translate
from ui.state import CONSULT_ANSWERS
from ui.widgets import field_errors

PAGE = REPO / "pages" / "therapist" / "consultation.py"
K = "consult"


def start(lang: str = "da") -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=30)
    at.session_state["lang"] = lang
    return at.run()


def fill(at: AppTest, *, flags=(), symptoms=None, treatment="trigger_point_therapy", hours=20, neck="no",
         trajectory="improving", pain=(5, 4), feels_like="bruise_or_irritation", new_pain="none") -> None:  # fmt: skip
    at.radio(key=f"{K}.treatment").set_value(treatment)
    at.radio(key=f"{K}.neck").set_value(neck)
    at.number_input(key=f"{K}.hours").set_value(hours)
    for flag in flags or ["_none"]:
        at.checkbox(key=f"{K}.flag.{flag}").check()
    for name, intensity in (symptoms or {}).items():
        at.selectbox(key=f"{K}.symptom.{name}").set_value(intensity)
    at.radio(key=f"{K}.trajectory").set_value(trajectory)
    at.number_input(key=f"{K}.pain_before").set_value(pain[0])
    at.number_input(key=f"{K}.pain_now").set_value(pain[1])
    at.radio(key=f"{K}.feels_like").set_value(feels_like)
    at.radio(key=f"{K}.new_pain").set_value(new_pain)


def submit(at: AppTest) -> AppTest:
    [button] = [b for b in at.button if b.key.startswith("FormSubmitter:")]
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def headline(at: AppTest) -> str:
    return " ".join(a.value for a in [*at.error, *at.warning, *at.info, *at.success])


def test_submits_to_a_result_with_its_path() -> None:
    at = start()
    fill(at, symptoms={"soreness": "moderate"})
    submit(at)
    assert word(Level.healing_crisis, "da", "therapist") in headline(at)
    path = [c.value for c in at.caption if "→" in c.value]
    assert path and path[0].startswith(f"{TREE.nodes[TREE.root].label('da')} → ")
    assert path[0].endswith(TREE.leaves["l_healing_crisis"].label("da"))
    stored = at.session_state[CONSULT_ANSWERS]
    assert stored["treatment"] == "trigger_point_therapy" and stored["symptoms"]["soreness"] == "moderate"
    assert ReactionReport.model_validate(stored)  # the full report, as the engine's contract has it


def test_emergency_in_the_form_shows_the_number_at_once() -> None:
    at = start("en")
    fill(at, flags=["chest_pain_or_breathlessness"])
    submit(at)
    assert "Emergency: the client must call 112 now" in headline(at)
    assert any("(tel:112)" in m.value for m in at.markdown)
    path = next(c.value for c in at.caption if "→" in c.value)
    assert path == f"{TREE.nodes[TREE.root].label('en')} → {TREE.leaves['l_emergency_chest'].label('en')}"


@pytest.mark.parametrize(("lang", "required"), [("da", "skal udfyldes"), ("en", "is required")])
def test_empty_form_shows_every_problem_in_the_users_language_and_no_result(lang: str, required: str) -> None:
    at = start(lang)
    submit(at)
    problems = [e.value for e in at.error]
    assert translate("widgets.error.flags_required_therapist", lang) in problems
    hours_label = "Timer siden behandling" if lang == "da" else "Hours since treatment"
    assert f"{hours_label}: {required}" in problems
    # hours, pain before, pain now: no default answer; an empty choice is judged once the rest is valid
    # (whether it can change the result, tests/pages/test_check_forms.py)
    assert len([p for p in problems if p.endswith(required)]) == 3
    assert CONSULT_ANSWERS not in at.session_state
    assert not [c for c in at.caption if "→" in c.value]
    assert "consult_to_planner" not in [b.key for b in at.button]


def test_a_bad_submit_hides_the_previous_result() -> None:
    at = start()
    fill(at)
    submit(at)
    assert CONSULT_ANSWERS in at.session_state
    at.checkbox(key=f"{K}.flag.dark_urine").check()  # with "none of these" still ticked: a contradiction
    submit(at)
    assert translate("widgets.error.flags_conflict", "da") in [e.value for e in at.error]
    assert CONSULT_ANSWERS not in at.session_state
    assert not [c for c in at.caption if "→" in c.value]


@pytest.mark.parametrize(
    ("lang", "bad", "line"),
    [
        ("da", {"pain_now": 11}, "Nu: må højst være 10"),
        ("en", {"pain_now": 11}, "Now: must be at most 10"),
        ("da", {"red_flags": {"dark_urine": False}}, "Jeg er besvimet: skal udfyldes"),
        ("en", {"hours_since_treatment": -1}, "Hours since treatment: must be at least 0"),
        (
            "en",
            {"symptoms": {"soreness": "extreme"}},
            "Soreness: must be one of: 'none', 'mild', 'moderate' or 'severe'",
        ),
    ],
)
def test_validation_lines_name_the_field_as_the_form_does(lang: str, bad: dict, line: str) -> None:
    report = {
        "hours_since_treatment": 20, "treatment": "deep_massage", "neck_treatment": False,
        "red_flags": {k: False for k in ReactionReport.model_fields["red_flags"].annotation.model_fields},
        "pain_before": 5, "pain_now": 4, "feels_like": "unsure", "trajectory": "stable",
        "new_pain_elsewhere": "none",
    }  # fmt: skip
    report.update(bad)
    with pytest.raises(ValidationError) as caught:
        ReactionReport.model_validate(report)
    # (A float bound reads "0.0" in logic.errors' message; the label is what this page adds.)
    assert any(shown.startswith(line) for shown in field_errors(explain(caught.value, lang), lang))


def test_worsening_without_its_hours_is_refused_not_read_as_zero() -> None:
    at = start("en")
    fill(at, trajectory="worsening")
    submit(at)
    assert translate("widgets.error.worsening_hours", "en") in [e.value for e in at.error]
    assert CONSULT_ANSWERS not in at.session_state
    at.number_input(key=f"{K}.worsening_hours").set_value(30)
    submit(at)
    assert at.session_state[CONSULT_ANSWERS]["worsening_hours"] == 30


@pytest.mark.parametrize("trajectory", ["improving", "stable", "unsure"])
def test_hours_of_worsening_count_whatever_the_trajectory(trajectory: str) -> None:
    """Principle 2: an answer beside hours of clear worsening is read as worsening (F4), never dropped."""
    at = start("en")
    fill(at, trajectory=trajectory)
    at.number_input(key=f"{K}.worsening_hours").set_value(30)
    submit(at)
    assert at.session_state[CONSULT_ANSWERS]["worsening_hours"] == 30
    assert word(Level.contact_therapist, "en", "therapist") in headline(at)


def test_no_hours_of_worsening_given_is_none() -> None:
    at = start("en")
    fill(at, trajectory="stable")
    submit(at)
    assert at.session_state[CONSULT_ANSWERS]["worsening_hours"] == 0


@pytest.mark.parametrize(("neck", "treated"), [("yes", True), ("no", False), ("unsure", True)])
def test_neck_not_sure_counts_as_treated(neck: str, treated: bool) -> None:
    at = start("en")
    fill(at, neck=neck)
    submit(at)
    assert at.session_state[CONSULT_ANSWERS]["neck_treatment"] is treated
