"""One engine behind every entry point: the consultation form, the record's check and the self-check give
the same level for the same answers, on the hard cases of the reaction check (a large flare-up, 'not sure'
beside hours of worsening, the client's own E1 answer, a flare after massage, a faint hours later)."""

from __future__ import annotations

from typing import Any

import pytest

from logic.models import Level, ReactionReport
from logic.reaction import assess
from logic.storage import Storage
from logic.texts.vocabulary import word
from tests.pages.test_client_record_page import ORIGINAL, open_record, rerun
from tests.pages.test_client_record_page import submit as submit_record
from tests.pages.test_consultation import K, headline
from tests.pages.test_consultation import start as start_consultation
from tests.pages.test_consultation import submit as submit_consultation
from tests.pages.test_self_check import card_headline, complete
from tests.pages.test_self_check import start as start_self_check

NO_FLAGS = {flag: False for flag in ReactionReport.model_fields["red_flags"].annotation.model_fields}
BASE: dict[str, Any] = {
    "hours_since_treatment": 20, "treatment": "trigger_point_therapy", "neck_treatment": False, "symptoms": {},
    "red_flags": NO_FLAGS, "pain_before": 6, "pain_now": 5, "feels_like": "bruise_or_irritation",
    "trajectory": "improving", "worsening_hours": 0, "new_pain_elsewhere": "none", "known_fainting_tendency": False,
}  # fmt: skip
CASES = {
    "large_flare": ({"pain_before": 3, "pain_now": 10, "hours_since_treatment": 4}, Level.contact_therapist),
    "unsure_with_hours_of_worsening": ({"trajectory": "unsure", "worsening_hours": 8, "pain_now": 7},
                                       Level.contact_therapist),
    "like_the_original_scores_equal": ({"feels_like": "original_pain_worse", "pain_now": 6}, Level.healing_crisis),
    "flare_after_deep_massage": ({"treatment": "deep_massage", "pain_now": 7}, Level.contact_therapist),
    "faint_hours_later": ({"red_flags": NO_FLAGS | {"fainted": True}, "known_fainting_tendency": True,
                           "hours_since_treatment": 30}, Level.doctor_today),
}  # fmt: skip


def report(case: str) -> dict[str, Any]:
    return BASE | CASES[case][0]


def self_check_answers(data: dict[str, Any]) -> dict[str, Any]:
    """The same report as a client answers it, question by question, in the page's own terms."""
    yes_no = {True: "yes", False: "no"}
    trajectory = data["trajectory"]
    return {
        "q_red_flags": [flag for flag, on in data["red_flags"].items() if on],
        "q_neck": yes_no[data["neck_treatment"]],
        "q_symptoms": data["symptoms"],
        "q_hours": data["hours_since_treatment"],
        "q_fainting_tendency": yes_no[data["known_fainting_tendency"]],
        "q_trajectory": (trajectory, data["worsening_hours"]) if data["worsening_hours"] else trajectory,
        "q_pain": (data["pain_before"], data["pain_now"]),
        "q_feels_like": data["feels_like"],
        "q_new_pain": data["new_pain_elsewhere"],
        "q_treatment": data["treatment"],
    }


def fill_form(at, key: str, data: dict[str, Any]) -> None:
    """The therapist's form (consultation and record), every field from the report."""
    at.radio(key=f"{key}.treatment").set_value(data["treatment"])
    at.radio(key=f"{key}.neck").set_value("yes" if data["neck_treatment"] else "no")
    at.number_input(key=f"{key}.hours").set_value(data["hours_since_treatment"])
    flags = [flag for flag, on in data["red_flags"].items() if on]
    for flag in flags or ["_none"]:
        at.checkbox(key=f"{key}.flag.{flag}").check()
    if data["known_fainting_tendency"]:
        at.checkbox(key=f"{key}.fainting").check()
    else:
        at.checkbox(key=f"{key}.fainting").uncheck()
    for name, intensity in data["symptoms"].items():
        at.selectbox(key=f"{key}.symptom.{name}").set_value(intensity)
    at.radio(key=f"{key}.trajectory").set_value(data["trajectory"])
    if data["worsening_hours"]:
        at.number_input(key=f"{key}.worsening_hours").set_value(data["worsening_hours"])
    at.number_input(key=f"{key}.pain_before").set_value(data["pain_before"])
    at.number_input(key=f"{key}.pain_now").set_value(data["pain_now"])
    at.radio(key=f"{key}.feels_like").set_value(data["feels_like"])


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_engine_gives_the_level_the_principles_call_for(case: str) -> None:
    assert assess(ReactionReport.model_validate(report(case)), "en").level is CASES[case][1]


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("lang", ["da", "en"])
def test_self_check_gives_the_engines_level(case: str, lang: str) -> None:
    at = start_self_check(lang)
    complete(at, self_check_answers(report(case)), lang)
    level = CASES[case][1]
    assert word(level, lang, "client", phone="112") in card_headline(at)


@pytest.mark.parametrize("case", sorted(CASES))
def test_consultation_form_gives_the_engines_level(case: str) -> None:
    at = start_consultation("en")
    fill_form(at, K, report(case))
    at.radio(key=f"{K}.new_pain").set_value("none")
    submit_consultation(at)
    level = CASES[case][1]
    assert word(level, "en", "therapist", phone="112") in headline(at)  # the therapist's words


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_records_check_stores_the_engines_level(store: Storage, anne: int, case: str) -> None:
    at = open_record(anne, "en", "check")
    key = f"rc{anne}n0"
    at.multiselect(key=f"{key}.now.regions").set_value(ORIGINAL)  # the original pain only: no new pain
    rerun(at)
    fill_form(at, key, report(case))
    before = len(store.list_checks(anne))
    submit_record(at, key)
    checks = store.list_checks(anne)
    assert len(checks) == before + 1, [e.value for e in at.error]
    assert checks[-1].level is CASES[case][1]
    assert checks[-1].report.model_dump(mode="json") == ReactionReport.model_validate(report(case)).model_dump(
        mode="json"
    )


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_doctor_result_names_the_regions_out_of_hours_line_beside_its_number(lang: str) -> None:
    at = start_self_check(lang)
    complete(at, self_check_answers(report("faint_hours_later")), lang)
    call = [m.value for m in at.markdown if m.value.startswith("### :material/call:")]
    assert len(call) == 1 and "Region Hovedstaden" in call[0] and "(tel:1813)" in call[0], call
    assert "8-16" in call[0]
