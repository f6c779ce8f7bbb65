"""Properties of the reaction check's decision tree over the whole input space.

Safety: red flags, neurological signs, and monotonicity (a worse answer never gives a less urgent level).
Structure: every leaf is reachable, everything cites existing statements, no node reads an answer the
questionnaire has not asked on every way to it, and the questionnaire reaches the same leaf as the full
report. Output: reasons, path and the phone numbers of the clinic settings.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from logic.knowledge import STATEMENTS
from logic.models import (
    INTENSITY_ORDER,
    NEUROLOGICAL_RED_FLAGS,
    RED_FLAG_KEYS,
    SYMPTOM_KEYS,
    Intensity,
    Level,
    ReactionReport,
)
from logic.planner import RULES
from logic.reaction import assess, walk
from logic.settings import ClinicSettings
from logic.tree_data import TREE
from tests.strategies import hours, make_report, report_dict, report_dicts, reports

SETTINGS = ClinicSettings()
EXAMPLES = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TWO_DAYS = 48


def level(report: ReactionReport, s: ClinicSettings = SETTINGS) -> Level:
    return assess(report, "en", s).level


def changed(report: ReactionReport, **changes: Any) -> ReactionReport:
    data = report.model_dump(mode="json")
    for key, value in changes.items():
        if key in ("symptoms", "red_flags"):
            data[key] = data[key] | value
        else:
            data[key] = value
    return ReactionReport.model_validate(data)


# --- Safety ---------------------------------------------------------------------------------------


@EXAMPLES
@given(reports(), st.sets(st.sampled_from(RED_FLAG_KEYS), min_size=1))
def test_any_red_flag_means_a_doctor_today_at_least(report, raised):
    report = changed(report, red_flags={key: True for key in raised})
    got = level(report)
    true_flags = {k for k, on in report.red_flags.model_dump().items() if on}
    right_after = report.hours_since_treatment <= SETTINGS.faint_right_after_hours
    if true_flags == {"fainted"} and report.known_fainting_tendency and right_after:
        assert got.rank >= Level.contact_therapist.rank, (report, got)
    else:
        assert got.rank >= Level.doctor_today.rank, (true_flags, got)


@EXAMPLES
@given(reports(), st.sets(st.sampled_from(NEUROLOGICAL_RED_FLAGS), min_size=1))
def test_any_neurological_red_flag_means_emergency(report, raised):
    report = changed(report, red_flags={key: True for key in raised})
    assert level(report) is Level.emergency


@pytest.mark.parametrize("flag", RED_FLAG_KEYS)
def test_each_red_flag_alone(flag):
    for tendency in (False, True):
        got = level(make_report(red_flags={flag: True}, known_fainting_tendency=tendency))
        right_after = level(
            make_report(red_flags={flag: True}, known_fainting_tendency=tendency, hours_since_treatment=0.5)
        )
        if flag in NEUROLOGICAL_RED_FLAGS:
            assert got is right_after is Level.emergency
        elif flag == "fainted" and tendency:
            # F2's tendency explains a faint right after the treatment, not one many hours later.
            assert right_after is Level.contact_therapist and got is Level.doctor_today
        else:
            assert got.rank >= Level.doctor_today.rank and right_after.rank >= Level.doctor_today.rank


@EXAMPLES
@given(reports(), st.sampled_from(SYMPTOM_KEYS), st.sampled_from(INTENSITY_ORDER[1:]))
def test_adding_or_raising_a_symptom_never_lowers_the_level(report, key, higher):
    current = getattr(report.symptoms, key)
    assume(higher.rank > current.rank)
    worse = changed(report, symptoms={key: higher.value})
    assert level(worse).rank >= level(report).rank, (key, current.value, higher.value, level(report), level(worse))


@EXAMPLES
@given(reports(), st.sampled_from(RED_FLAG_KEYS))
def test_adding_a_red_flag_never_lowers_the_level(report, flag):
    assume(not getattr(report.red_flags, flag))
    worse = changed(report, red_flags={flag: True})
    assert level(worse).rank >= level(report).rank, (flag, level(report), level(worse))


@EXAMPLES
@given(
    reports(),
    st.one_of(st.sampled_from([0, 47.9999, 48, 48.0]), st.floats(min_value=0, max_value=TWO_DAYS)),
    st.one_of(st.sampled_from([48.0001, 49, 72, 1000]), st.floats(min_value=48.0001, max_value=1000)),
)
def test_passing_two_days_never_lowers_the_level(report, within, past):
    early, late = changed(report, hours_since_treatment=within), changed(report, hours_since_treatment=past)
    assert level(late).rank >= level(early).rank, (within, past, level(early), level(late))


# 'Not sure' forms of each answer that has one: the tree's own `unsure_means` for the yes/no questions.
UNSURE_FORMS: dict[str, Any] = {
    "trajectory": "unsure",
    "feels_like": "unsure",
    "neck_treatment": TREE.questions["q_neck"].unsure_means,
    "known_fainting_tendency": TREE.questions["q_fainting_tendency"].unsure_means,
}


@EXAMPLES
@given(reports(), st.sampled_from(sorted(UNSURE_FORMS)))
def test_not_sure_never_lowers_the_level(report, field):
    """Principle 2: 'not sure' is never safer than the worst answer it could stand for."""
    unsure = changed(report, **{field: UNSURE_FORMS[field]})
    assert level(unsure).rank >= level(report).rank, (field, getattr(report, field), level(report), level(unsure))


@EXAMPLES
@given(reports(), st.floats(min_value=0, max_value=48, allow_nan=False))
def test_hours_of_clear_worsening_count_whatever_the_trajectory(report, worsening):
    """Principle 2: hours of clear worsening count whatever the trajectory answer; past F4's few hours,
    no trajectory answer ends in reassurance."""
    answers = ("improving", "stable", "unsure", "worsening")
    levels = {t: level(changed(report, trajectory=t, worsening_hours=worsening)) for t in answers}
    if worsening >= SETTINGS.strong_worsening_hours:
        assert all(lvl.rank >= Level.contact_therapist.rank for lvl in levels.values()), levels
    elif worsening > 0:
        assert all(lvl is not Level.expected for lvl in levels.values()), levels


@EXAMPLES
@given(reports(), st.floats(min_value=0, max_value=1000, allow_nan=False), st.booleans())
def test_a_faint_later_than_right_after_means_a_doctor_whatever_the_tendency(report, hours, tendency):
    """Principle 12: F2's tendency explains only a faint during or right after the treatment."""
    fainted = changed(
        report, red_flags={"fainted": True}, hours_since_treatment=hours, known_fainting_tendency=tendency
    )
    got = level(fainted)
    if hours > SETTINGS.faint_right_after_hours or not tendency:
        assert got.rank >= Level.doctor_today.rank, (hours, tendency, got)
    else:
        assert got.rank >= Level.contact_therapist.rank


@EXAMPLES
@given(reports())
def test_a_large_flare_is_never_reassured(report):
    """Principle 1: a rise of the clinic's large step is at least 'contact the therapist', whatever it feels like."""
    before = min(report.pain_before, 10 - SETTINGS.large_flare_rise_points)
    flared = changed(report, pain_before=before, pain_now=before + SETTINGS.large_flare_rise_points)
    assert level(flared).rank >= Level.contact_therapist.rank


@EXAMPLES
@given(reports())
def test_like_the_original_only_worse_is_never_plain_expected(report):
    """Principle 3: the client's own E1 answer counts, whatever the two scores say."""
    assert level(changed(report, feels_like="original_pain_worse")) is not Level.expected


# --- Every leaf reachable -------------------------------------------------------------------------

# One answer each; a witness is the default report changed by at most two of them.
ATOMS: list[dict[str, Any]] = (
    [{"red_flags": {flag: True}} for flag in RED_FLAG_KEYS]
    + [{"symptoms": {key: i.value}} for key in SYMPTOM_KEYS for i in INTENSITY_ORDER[1:]]
    + [{"hours_since_treatment": h} for h in (0, TWO_DAYS, 60)]
    + [{"pain_before": b, "pain_now": n} for b, n in ((5, 7), (6, 6), (0, 0), (10, 10), (2, 9))]
    + [{"feels_like": f} for f in ("original_pain_worse", "unsure")]
    + [{"feels_like": "original_pain_worse", "hours_since_treatment": SETTINGS.near_two_days_hours}]
    + [{"known_fainting_tendency": True, "hours_since_treatment": SETTINGS.faint_right_after_hours}]
    + [{"trajectory": "worsening", "worsening_hours": SETTINGS.strong_worsening_hours}]
    + [{"trajectory": t} for t in ("worsening", "stable", "unsure")]
    + [{"new_pain_elsewhere": n} for n in ("similar_to_original", "different")]
    + [{"treatment": t} for t in ("relaxation_massage", "deep_massage")]
    + [{"neck_treatment": True}, {"known_fainting_tendency": True}]
)


def combine(*atoms: dict[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {"symptoms": {}, "red_flags": {}}
    for atom in atoms:
        for key, value in atom.items():
            merged[key] = merged[key] | value if key in ("symptoms", "red_flags") else value
    return merged


def leaf_witnesses() -> dict[str, ReactionReport]:
    """A constructive search: the first report (in a fixed order) that reaches each leaf."""
    found: dict[str, ReactionReport] = {}
    candidates = itertools.chain([()], ((a,) for a in ATOMS), itertools.combinations(ATOMS, 2))
    for atoms in candidates:
        report = make_report(**combine(*atoms))
        found.setdefault(walk(report.model_dump(mode="json"), SETTINGS).leaf.id, report)
        if len(found) == len(TREE.leaves):
            break
    return found


WITNESSES = leaf_witnesses()


def test_every_leaf_is_reachable():
    assert set(TREE.leaves) - set(WITNESSES) == set()


@pytest.mark.parametrize("leaf_id", sorted(TREE.leaves))
def test_leaf_witness(leaf_id):
    report = WITNESSES[leaf_id]
    result = assess(report, "en", SETTINGS)
    assert result.leaf == leaf_id
    assert result.level is TREE.leaves[leaf_id].level
    assert questionnaire(report)[0] == leaf_id


def test_every_node_lies_on_some_walk():
    on_paths = set().union(*(assess(r, "en", SETTINGS).path for r in WITNESSES.values()))
    assert set(TREE.nodes) - on_paths == set()


# --- Citations ------------------------------------------------------------------------------------


def cited_by_everything() -> list[tuple[str, list[str]]]:
    items: list[tuple[str, list[str]]] = []
    items += [(f"question {q.id}", q.statement_ids) for q in TREE.questions.values()]
    items += [(f"node {n.id}", n.statement_ids) for n in TREE.nodes.values()]
    items += [(f"leaf {leaf.id}", leaf.statement_ids) for leaf in TREE.leaves.values()]
    items += [(f"criterion {c.id}", c.statement_ids) for c in TREE.criteria]
    for lvl, advice in TREE.advice.items():
        items.append((f"advice {lvl.value}", advice.statement_ids))
        items += [(f"advice {lvl.value} escalation {i}", e.statement_ids) for i, e in enumerate(advice.escalate_if)]
    items += [(f"planner rule {r.id}", r.statement_ids) for r in RULES]
    return items


def test_everything_cites_existing_statements():
    for name, ids in cited_by_everything():
        assert ids, f"{name} cites nothing"
        assert set(ids) <= set(STATEMENTS), f"{name} cites unknown {set(ids) - set(STATEMENTS)}"


def test_advice_exists_for_every_level():
    assert set(TREE.advice) == set(Level)


# --- Structure ------------------------------------------------------------------------------------


def root_paths() -> dict[str, list[list[str]]]:
    """Every root-to-node path, for every node and leaf (the tree must be acyclic)."""
    paths: dict[str, list[list[str]]] = {}

    def visit(node_id: str, path: list[str]) -> None:
        assert node_id not in path, f"cycle through {node_id}: {path}"
        path = [*path, node_id]
        paths.setdefault(node_id, []).append(path)
        for child in TREE.children(node_id):
            visit(child, path)

    visit(TREE.root, [])
    return paths


PATHS = root_paths()


def test_every_node_and_leaf_is_connected_to_the_root():
    assert set(TREE.nodes) | set(TREE.leaves) == set(PATHS)


def test_nodes_read_only_answers_asked_on_every_path_to_them():
    problems = []
    for node_id, node in TREE.nodes.items():
        for path in PATHS[node_id]:
            asked = set().union(*(TREE.questions[TREE.nodes[n].question].fields for n in path))
            unasked = node.reads() - asked
            if unasked:
                problems.append(f"{node_id} reads {sorted(unasked)} not asked on {' > '.join(path)}")
    assert not problems, "\n".join(sorted(set(problems)))


def test_question_fields_are_report_fields():
    for question in TREE.questions.values():
        assert set(question.fields) <= set(ReactionReport.model_fields), question.id


# --- The questionnaire is the same tree -----------------------------------------------------------

# The trajectory question also asks how long it has been getting worse (worsening_hours).
FOLLOW_UPS = {"q_trajectory": ("worsening_hours",)}


def questionnaire(report: ReactionReport) -> tuple[str, list[str], list[str]]:
    """Answer the questions one by one from the report; the leaf, the questions asked, the final path."""
    full = report.model_dump(mode="json")
    answers: dict[str, Any] = {}
    asked: list[str] = []
    for _ in range(len(TREE.questions) + 1):
        result = walk(answers, SETTINGS)
        if result.done:
            return result.leaf.id, asked, result.path
        question = result.question
        assert question.id not in asked, f"{question.id} asked twice"
        asked.append(question.id)
        for name in (*question.fields, *FOLLOW_UPS.get(question.id, ())):
            answers[name] = full[name]
    raise AssertionError(f"the questionnaire did not finish: {asked}")


@EXAMPLES
@given(reports())
def test_questionnaire_reaches_the_same_leaf_and_asks_exactly_the_path(report):
    leaf, asked, path = questionnaire(report)
    result = assess(report, "en", SETTINGS)
    assert leaf == result.leaf
    assert path == result.path
    assert set(asked) == {TREE.nodes[n].question for n in result.path if n in TREE.nodes}
    assert asked[0] == "q_red_flags"


def test_answering_only_the_asked_fields_is_enough():
    """A questionnaire that fills in exactly the fields of each question it is asked must never fail."""
    report = make_report(trajectory="worsening", worsening_hours=SETTINGS.strong_worsening_hours + 1)
    full = report.model_dump(mode="json")
    answers: dict[str, Any] = {}
    for _ in range(len(TREE.questions) + 1):
        result = walk(answers, SETTINGS)  # must not raise on an unanswered field
        if result.done:
            break
        answers |= {name: full[name] for name in result.question.fields}
    assert result.done and result.leaf.id == assess(report, "en", SETTINGS).leaf


def test_red_flags_are_asked_first_and_the_root_asks_them():
    assert TREE.nodes[TREE.root].question == "q_red_flags"
    assert walk({}, SETTINGS).question.id == "q_red_flags"


# --- The assessment -------------------------------------------------------------------------------

PHONES = {Level.emergency: "emergency_phone", Level.doctor_today: "doctor_phone"}
OTHER_PHONES = ClinicSettings(
    emergency_phone="999",
    region="syddanmark",
    out_of_hours_phones=SETTINGS.out_of_hours_phones | {"syddanmark": "+45 7011 3131"},
)


@EXAMPLES
@given(reports(), st.sampled_from(["da", "en"]))
def test_assessment_shape(report, lang):
    result = assess(report, lang, SETTINGS)
    assert result.reasons
    for reason in result.reasons:
        assert reason.text.strip()
        assert reason.statement_ids and set(reason.statement_ids) <= set(STATEMENTS)
    assert result.path[0] == TREE.root and result.path[-1] == result.leaf
    for parent, child in itertools.pairwise(result.path):
        assert child in TREE.children(parent), (parent, child)
    assert result.level is TREE.leaves[result.leaf].level
    assert result.progress_sign == TREE.leaves[result.leaf].progress_sign
    expected_phone = getattr(SETTINGS, PHONES[result.level]) if result.level in PHONES else None
    assert result.advice.phone == expected_phone
    assert result.advice.now.strip()
    assert "{" not in result.advice.now and all("{" not in e for e in result.advice.escalate_if)


@EXAMPLES
@given(reports(), st.sampled_from(["da", "en"]))
def test_clinic_phone_numbers_reach_the_advice(report, lang):
    default, other = assess(report, lang, SETTINGS), assess(report, lang, OTHER_PHONES)
    assert (other.level, other.leaf, other.path) == (default.level, default.leaf, default.path)
    if other.level in PHONES:
        assert other.advice.phone == getattr(OTHER_PHONES, PHONES[other.level])
    else:
        assert other.advice.phone is None
    text = " ".join([other.advice.now, *other.advice.escalate_if])
    assert "999" in text
    assert SETTINGS.emergency_phone not in text.replace("999", "")
    assert (other.advice.now, other.advice.escalate_if) != (default.advice.now, default.advice.escalate_if)


def test_emergency_phone_setting_changes_phone_and_text():
    report = make_report(red_flags={"chest_pain_or_breathlessness": True})
    for lang in ("da", "en"):
        default = assess(report, lang, SETTINGS)
        custom = assess(report, lang, ClinicSettings(emergency_phone="999"))
        assert default.advice.phone == SETTINGS.emergency_phone and custom.advice.phone == "999"
        assert "999" in custom.advice.now and custom.advice.now != default.advice.now
    doctor = assess(make_report(red_flags={"dark_urine": True}), "en", OTHER_PHONES)
    assert doctor.advice.phone == OTHER_PHONES.doctor_phone and OTHER_PHONES.doctor_phone in doctor.advice.now


@settings(max_examples=60, deadline=None)
@given(report_dicts(), hours)
def test_recheck_hours_follow_the_settings(data, recheck):
    assume(0 < recheck <= 72)
    custom = ClinicSettings(contact_recheck_hours=recheck)
    result = assess(ReactionReport.model_validate(data), "en", custom)
    if result.level is Level.contact_therapist:
        assert result.advice.recheck_after_hours == recheck
    elif result.level in (Level.expected, Level.healing_crisis):
        # Counted from now: at E2's two-day mark, never sooner than the clinic's minimum.
        remaining = max(TWO_DAYS - result_hours(data), custom.min_recheck_hours)
        assert result.advice.recheck_after_hours == pytest.approx(remaining, abs=0.05)


def result_hours(data: dict[str, Any]) -> float:
    return float(data["hours_since_treatment"])


def test_report_helper_defaults_are_the_documented_ones():
    data = report_dict()
    assert data["pain_before"] == 5 and data["pain_now"] == 4
    assert not any(data["red_flags"].values()) and data["symptoms"] == {}
    assert assess(make_report(), "en", SETTINGS).level is Level.expected
    assert Intensity.severe.rank == 3
