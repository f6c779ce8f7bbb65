"""The self-check page, driven through its widgets with Streamlit's AppTest.

A client answers one question at a time; these tests read which question is on screen from its
heading (as a person would), answer it with the page's own widgets, and press Next.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from logic.models import Level
from logic.settings import get_settings
from logic.texts.vocabulary import word
from logic.tree_data import TREE
from tests import REPO
from ui.i18n import translate
from ui.state import SELFCHECK_ANSWERS

PAGE = REPO / "pages" / "public" / "self_check.py"
NONE = "_none"

# Scenarios as a client would answer them: question id -> answer, in the page's own terms.
EMERGENCY = {"q_red_flags": ["one_sided_numbness_or_weakness"]}
DOCTOR_TODAY = {"q_red_flags": ["dark_urine"], "q_neck": "no"}
CONTACT_THERAPIST = {  # relaxation massage, clearly worse since
    "q_red_flags": [],
    "q_neck": "no",
    "q_symptoms": {"soreness": "moderate"},
    "q_hours": 10,
    "q_trajectory": ("worsening", 2),
    "q_pain": (3, 6),
    "q_feels_like": "bruise_or_irritation",
    "q_new_pain": "none",
    "q_treatment": "relaxation_massage",
}
HEALING_CRISIS = {  # trigger-point therapy, moderate soreness the day after
    "q_red_flags": [],
    "q_neck": "no",
    "q_symptoms": {"soreness": "moderate"},
    "q_hours": 20,
    "q_trajectory": "improving",
    "q_pain": (5, 4),
    "q_feels_like": "bruise_or_irritation",
    "q_new_pain": "none",
    "q_treatment": "trigger_point_therapy",
}
EXPECTED = {  # nothing to speak of
    "q_red_flags": [],
    "q_neck": "no",
    "q_symptoms": {},
    "q_hours": 20,
    "q_trajectory": "improving",
    "q_pain": (5, 3),
    "q_feels_like": "bruise_or_irritation",
    "q_new_pain": "none",
    "q_treatment": "trigger_point_therapy",
}


def start(lang: str = "da") -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=30)
    at.session_state["lang"] = lang
    return at.run()


def on_screen(at: AppTest, lang: str = "da") -> str | None:
    """The id of the question whose heading is shown, or None (a result is shown)."""
    headings = {m.value for m in at.markdown if m.value.startswith("## ")}
    found = [q.id for q in TREE.questions.values() if f"## {q.text(lang)}" in headings]
    assert len(found) <= 1
    return found[0] if found else None


def answer(at: AppTest, qid: str, value) -> None:
    """Set the widgets of the question on screen (without pressing Next)."""
    kind = TREE.questions[qid].kind
    if kind == "flags":
        for flag in value or [NONE]:
            at.checkbox(key=f"sc.{qid}.{flag}").check()
    elif kind in ("yes_no", "choice") and not isinstance(value, tuple):
        at.radio(key=f"sc.{qid}").set_value(value)
    elif kind == "choice":  # trajectory "worsening" also asks for how many hours
        choice, hours = value
        at.radio(key=f"sc.{qid}").set_value(choice).run()
        at.number_input(key=f"sc.{qid}.worsening_hours").set_value(hours)
    elif kind == "intensities":
        for symptom, intensity in value.items():
            at.segmented_control(key=f"sc.{qid}.{symptom}").set_value(intensity)
    elif kind == "number":
        at.number_input(key=f"sc.{qid}").set_value(value)
    elif kind == "pain":
        before, now = value
        at.segmented_control(key=f"sc.{qid}.pain_before").set_value(before)
        at.segmented_control(key=f"sc.{qid}.pain_now").set_value(now)


def press_next(at: AppTest) -> AppTest:
    at.button(key="sc_next").click().run()
    assert not at.exception
    return at


def complete(at: AppTest, scenario: dict, lang: str = "da") -> list[str]:
    """Answer questions until a result shows; returns the question ids asked, in order."""
    asked = []
    while (qid := on_screen(at, lang)) is not None:
        assert qid in scenario, f"the page asked {qid}, which the scenario does not expect"
        assert qid not in asked, f"{qid} was asked twice"
        asked.append(qid)
        answer(at, qid, scenario[qid])
        press_next(at)
        assert not at.warning or on_screen(at, lang) is None, [e.value for e in at.warning]
    return asked


def card_headline(at: AppTest) -> str:
    alerts = [*at.error, *at.warning, *at.info, *at.success]
    return " ".join(a.value for a in alerts)


def texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [card_headline(at)])


@pytest.mark.parametrize(
    ("scenario", "level", "phone"),
    [
        (EMERGENCY, "emergency", "emergency_phone"),
        (DOCTOR_TODAY, "doctor_today", "doctor_phone"),
        (CONTACT_THERAPIST, "contact_therapist", None),
        (HEALING_CRISIS, "healing_crisis", None),
        (EXPECTED, "expected", None),
    ],
    ids=["emergency", "doctor_today", "contact_therapist", "healing_crisis", "expected"],
)
@pytest.mark.parametrize("lang", ["da", "en"])
def test_reaches_each_level_through_its_widgets(scenario: dict, level: str, phone: str | None, lang: str) -> None:
    at = start(lang)
    asked = complete(at, scenario, lang)
    assert asked[0] == "q_red_flags"  # the red flags always come first
    settings = get_settings()
    words = word(Level(level), lang, "client", phone=settings.emergency_phone)
    assert words in card_headline(at)
    shown = texts(at)
    if phone:
        number = getattr(settings, phone)
        assert f"(tel:{number})" in shown
    assert translate("widgets.card.now", lang) in shown
    assert at.button(key="sc_restart").label == translate("selfcheck.restart", lang)
    assert at.progress[0].value == 100


def test_emergency_advice_is_shown_in_full_at_once() -> None:
    at = start()
    complete(at, EMERGENCY)
    advice_line = "Ring [112](tel:112) nu"
    # On the page itself, not inside the (collapsed) "why" expander.
    assert any(advice_line in m.value for m in at.markdown)
    why = at.expander[0]
    assert all(advice_line not in m.value for m in why.markdown)


def test_why_quotes_the_statements_without_their_codes() -> None:
    """A client reads the statements themselves; their codes (D3, E2) are for the clinic's staff."""
    at = start("en")
    complete(at, HEALING_CRISIS, "en")
    why = at.expander[0]
    assert why.label == "Why?"
    quoted = "\n".join(m.value for m in why.markdown)
    assert "a couple of days can pass before improvement" in quoted
    assert "D3" not in quoted and "E2" not in quoted


def test_problems_with_an_answer_are_not_in_the_emergency_red() -> None:
    at = start("en")
    press_next(at)
    assert translate("widgets.error.flags_required", "en") in [w.value for w in at.warning]
    assert not at.error


def test_progress_says_how_many_questions_at_most() -> None:
    at = start("en")
    label = at.progress[0].text
    assert label.startswith("Question 1 of at most ") and int(label.rsplit(" ", 1)[1]) >= 8


def test_red_flags_cannot_be_skipped() -> None:
    at = start()
    press_next(at)
    assert on_screen(at) == "q_red_flags"
    assert translate("widgets.error.flags_required", "da") in [e.value for e in at.warning]
    # Ticking a sign and "none of these" together is a contradiction, not an answer.
    at.checkbox(key="sc.q_red_flags.fainted").check()
    at.checkbox(key="sc.q_red_flags._none").check()
    press_next(at)
    assert on_screen(at) == "q_red_flags"
    assert translate("widgets.error.flags_conflict", "da") in [e.value for e in at.warning]
    assert at.session_state[SELFCHECK_ANSWERS] == {}


def test_a_question_needs_an_answer_and_hours_need_a_number() -> None:
    at = start("en")
    answer(at, "q_red_flags", [])
    press_next(at)
    press_next(at)  # neck: nothing chosen
    assert on_screen(at, "en") == "q_neck"
    assert translate("widgets.error.choose", "en") in [e.value for e in at.warning]
    answer(at, "q_neck", "no")
    press_next(at)
    press_next(at)  # symptoms: all "none" is an answer
    assert on_screen(at, "en") == "q_hours"
    press_next(at)  # hours left empty
    assert on_screen(at, "en") == "q_hours"
    assert translate("widgets.error.hours", "en") in [e.value for e in at.warning]
    answer(at, "q_hours", 30)
    press_next(at)
    assert on_screen(at, "en") == "q_trajectory"
    assert not at.warning


def test_back_keeps_answers_and_forward_asks_the_same_question() -> None:
    at = start()
    answer(at, "q_red_flags", [])
    press_next(at)
    answer(at, "q_neck", "yes")
    press_next(at)
    assert on_screen(at) == "q_symptoms"
    answer(at, "q_symptoms", {"headache": "mild"})

    at.button(key="sc_back").click().run()
    assert on_screen(at) == "q_neck"
    assert at.radio(key="sc.q_neck").value == "yes"  # the earlier answer is still selected

    at.button(key="sc_back").click().run()
    assert on_screen(at) == "q_red_flags"
    assert at.checkbox(key="sc.q_red_flags._none").value is True
    assert "sc_back" not in [b.key for b in at.button]  # nothing before the first question

    press_next(at)
    assert on_screen(at) == "q_neck"
    assert at.radio(key="sc.q_neck").value == "yes"
    press_next(at)
    assert on_screen(at) == "q_symptoms"
    assert at.session_state[SELFCHECK_ANSWERS]["neck_treatment"] is True


def test_back_from_the_result_and_start_again() -> None:
    at = start()
    complete(at, DOCTOR_TODAY)
    assert on_screen(at) is None
    at.button(key="sc_back").click().run()
    assert on_screen(at) == "q_neck"
    assert at.radio(key="sc.q_neck").value == "no"
    press_next(at)
    assert on_screen(at) is None
    at.button(key="sc_restart").click().run()
    assert on_screen(at) == "q_red_flags"
    assert at.checkbox(key="sc.q_red_flags.dark_urine").value is False
    assert at.session_state[SELFCHECK_ANSWERS] == {}


def test_changing_an_earlier_answer_changes_the_route() -> None:
    at = start()
    asked = complete(at, {**EXPECTED})
    assert word(Level.expected, "da", "client") in card_headline(at)
    # Back, question by question, to the treatment question; choose relaxation massage instead: the
    # answers the page keeps are exactly those on the new route.
    for _ in asked[asked.index("q_treatment") :]:
        at.button(key="sc_back").click().run()
    assert on_screen(at) == "q_treatment"
    answer(at, "q_treatment", "relaxation_massage")
    press_next(at)
    complete(at, {**EXPECTED, "q_treatment": "relaxation_massage"})
    assert on_screen(at) is None
    assert at.session_state[SELFCHECK_ANSWERS]["treatment"] == "relaxation_massage"


def test_fainting_tendency_not_sure_is_the_safer_answer() -> None:
    at = start("en")
    complete(at, {"q_red_flags": ["fainted"], "q_neck": "no", "q_symptoms": {}, "q_hours": 3,
                  "q_fainting_tendency": "unsure"}, "en")  # fmt: skip
    assert word(Level.doctor_today, "en", "client") in card_headline(at)
    assert at.session_state[SELFCHECK_ANSWERS]["known_fainting_tendency"] is False


def test_neck_not_sure_counts_as_treated() -> None:
    at = start("en")
    answer(at, "q_red_flags", [])
    press_next(at)
    answer(at, "q_neck", "unsure")
    press_next(at)
    assert at.session_state[SELFCHECK_ANSWERS]["neck_treatment"] is True
    # The neck's own check (F3, X2) comes next: after a neck treatment any vomiting means 112.
    answer(at, "q_symptoms", {"vomiting": "mild"})
    press_next(at)
    phone = get_settings().emergency_phone
    assert word(Level.emergency, "en", "client", phone=phone) in card_headline(at)


def test_pain_must_be_chosen_not_left_at_a_default() -> None:
    at = start("en")
    for qid, value in (("q_red_flags", []), ("q_neck", "no"), ("q_symptoms", {}), ("q_hours", 20),
                       ("q_trajectory", "improving")):  # fmt: skip
        assert on_screen(at, "en") == qid
        answer(at, qid, value)
        press_next(at)
    assert on_screen(at, "en") == "q_pain"
    at.segmented_control(key="sc.q_pain.pain_before").set_value(6)
    press_next(at)  # "now" left unanswered
    assert on_screen(at, "en") == "q_pain"
    assert translate("widgets.error.pain", "en") in [e.value for e in at.warning]
    assert "pain_before" not in at.session_state[SELFCHECK_ANSWERS]
    at.segmented_control(key="sc.q_pain.pain_now").set_value(7)
    press_next(at)
    assert on_screen(at, "en") == "q_feels_like"


def test_progress_grows_question_by_question() -> None:
    at = start()
    values = [at.progress[0].value]
    for qid in ["q_red_flags", "q_neck", "q_symptoms"]:
        answer(at, qid, EXPECTED[qid])
        press_next(at)
        values.append(at.progress[0].value)
    assert values == sorted(values) and values[0] == 0 and values[-1] < 100


def test_answers_the_questions_no_longer_fit_start_the_check_again() -> None:
    at = AppTest.from_file(str(PAGE), default_timeout=30)
    at.session_state["lang"] = "en"
    # A session from before an update: the route holds an answer in a shape the tree cannot read.
    at.session_state["selfcheck_asked"] = ["q_red_flags"]
    at.session_state["selfcheck_given"] = {"q_red_flags": {"answers": {"red_flags": {}}, "inputs": {}}}
    at.run()
    assert not at.exception
    assert translate("selfcheck.restarted", "en") in [i.value for i in at.info]
    assert on_screen(at, "en") == "q_red_flags"


def every_table_rows(engine) -> dict[str, int]:
    """Rows of every table in the database itself (not only those the models declare)."""
    from sqlalchemy import func, inspect, select, table

    with engine.connect() as conn:
        return {
            name: conn.execute(select(func.count()).select_from(table(name))).scalar_one()
            for name in inspect(conn).get_table_names()
        }


@pytest.mark.signed_in(None)
def test_the_self_check_stores_nothing(store) -> None:
    """A client's self-check lives in the session only: no table of the app's database gains a row,
    the audit trail included (the page itself reads the clinic's settings from that database)."""
    from logic.auth import accounts

    accounts.create_user(store, "boss", "long enough 1", "admin")
    before = every_table_rows(store.engine)
    assert {"clients", "checks", "users", "audit_log", "clinic_settings"} <= set(before)
    assert store.count_rows().items() <= before.items()  # the models' tables are among them
    at = start("en")
    asked = complete(at, CONTACT_THERAPIST, "en")
    assert len(asked) > 5 and at.progress[0].value == 100
    assert word(Level.contact_therapist, "en", "client") in card_headline(at)
    assert every_table_rows(store.engine) == before
