"""Session-planner vignettes written from shared/domain/knowledge.md, one row per case.

Expected numbers are computed from the clinic settings the plan uses (clinic defaults, not evidence),
never written in as bare numbers, so the rows stay right when a clinic changes its defaults. Every row
runs in Danish and in English.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from logic.knowledge import STATEMENTS
from logic.models import PlanFlag, PlanRequest, Treatment
from logic.planner import plan
from logic.settings import ClinicSettings, TreatmentDefaults
from tests.strategies import client_dict, make_plan_request, session_dict

DEFAULT = ClinicSettings()
TPT = Treatment.trigger_point_therapy

Numbers = Callable[[ClinicSettings], tuple[float, float, float]]


@dataclass(frozen=True)
class PlanVignette:
    id: str
    statements: tuple[str, ...]
    description: str
    request: PlanRequest
    numbers: Numbers  # settings -> (duration_min, pressure, interval_days)
    flags: frozenset[PlanFlag]
    rules: frozenset[str]  # planner rules that must fire (besides clinic_defaults)
    settings: ClinicSettings


def start(s: ClinicSettings, treatment: Treatment = TPT) -> TreatmentDefaults:
    return s.plan_starts[treatment]


def clamp(s: ClinicSettings, duration: float, pressure: float, interval: float) -> tuple[float, float, float]:
    """The planner's documented clamps: never shorter, gentler or longer apart than the clinic's limits."""
    return max(duration, s.min_duration_min), max(pressure, s.min_pressure), min(interval, s.max_interval_days)


def steps(duration: int = 0, pressure: int = 0, interval: int = 0, treatment: Treatment = TPT) -> Numbers:
    """Start values moved by whole clinic steps (negative = shorter / gentler, positive = longer apart)."""

    def numbers(s: ClinicSettings) -> tuple[float, float, float]:
        st = start(s, treatment)
        return clamp(
            s,
            st.duration_min + duration * s.duration_step_min,
            st.pressure + pressure * s.pressure_step,
            st.interval_days + interval * s.interval_step_days,
        )

    return numbers


def pv(
    id, statements, description, numbers, flags=(), rules=(), settings=DEFAULT, client=None, history=None, treatment=TPT
) -> PlanVignette:
    request = make_plan_request(
        client=client_dict(**(client or {})), history=history, planned_treatment=treatment.value
    )
    return PlanVignette(
        id, tuple(statements.split()), description, request, numbers, frozenset(flags), frozenset(rules), settings
    )


def three_sessions(
    first_before: int, last_after: int, last_before: int | None = None, **last: Any
) -> list[dict[str, Any]]:
    """Three weekly sessions; the pain before the latest one is the first level unless given."""
    latest_before = first_before if last_before is None else last_before
    return [
        session_dict(0, pain_before=first_before, pain_after=first_before),
        session_dict(1, pain_before=first_before, pain_after=first_before),
        session_dict(2, pain_before=latest_before, pain_after=last_after, **last),
    ]


def after_reaction(last_duration: float, last_pressure: float, gap_days: int | None = None) -> Numbers:
    """G5 after a negative reaction: one step below the last session, never above it even below the clinic's
    minimum; the interval one step longer than the last gap, even beyond the clinic's maximum."""

    def numbers(s: ClinicSettings) -> tuple[float, float, float]:
        st = start(s)
        below_last_duration = max(last_duration - s.duration_step_min, min(last_duration, s.min_duration_min))
        below_last_pressure = max(last_pressure - s.pressure_step, min(last_pressure, s.min_pressure))
        duration = min(max(st.duration_min, s.min_duration_min), below_last_duration)
        pressure = min(max(st.pressure, s.min_pressure), below_last_pressure)
        interval = min(st.interval_days + s.interval_step_days, s.max_interval_days)
        if gap_days is not None:
            interval = max(interval, gap_days + s.interval_step_days)
        return duration, pressure, interval

    return numbers


def one_step_up(last_duration: float, last_pressure: float, gap_days: int) -> Numbers:
    """G5 after a gentler plan that went well: at most one step back toward the clinic's defaults."""

    def numbers(s: ClinicSettings) -> tuple[float, float, float]:
        st = start(s)
        return (
            min(st.duration_min, last_duration + s.duration_step_min),
            min(st.pressure, last_pressure + s.pressure_step),
            max(st.interval_days, gap_days - s.interval_step_days),
        )

    return numbers


def elderly_numbers(treatment: Treatment) -> Numbers:
    def numbers(s: ClinicSettings) -> tuple[float, float, float]:
        st = start(s, treatment)
        return clamp(s, st.duration_min, min(st.pressure - s.pressure_step, s.elderly_max_pressure), st.interval_days)

    return numbers


def last_healing_crisis(s: ClinicSettings) -> tuple[float, float, float]:
    st = start(s)
    return clamp(s, st.duration_min, min(st.pressure, 4), st.interval_days)


def last_contact(s: ClinicSettings) -> tuple[float, float, float]:
    st = start(s)
    last_duration, last_pressure = 40, 5
    return clamp(
        s,
        min(st.duration_min, last_duration - s.duration_step_min),
        min(st.pressure, last_pressure - s.pressure_step),
        st.interval_days + s.interval_step_days,
    )


def last_contact_after_long_gap(s: ClinicSettings) -> tuple[float, float, float]:
    st = start(s)
    gap_days = 28
    return clamp(
        s,
        min(st.duration_min, 45 - s.duration_step_min),
        min(st.pressure, 6 - s.pressure_step),
        max(st.interval_days, gap_days) + s.interval_step_days,
    )


def last_contact_minimum(s: ClinicSettings) -> tuple[float, float, float]:
    st = start(s)
    last_duration, last_pressure = 20, 1
    return clamp(
        s,
        min(st.duration_min, last_duration - s.duration_step_min),
        min(st.pressure, last_pressure - s.pressure_step),
        st.interval_days + s.interval_step_days,
    )


def last_doctor(s: ClinicSettings) -> tuple[float, float, float]:
    st = start(s)
    last_duration, last_pressure = 45, 6
    return clamp(
        s,
        min(st.duration_min, last_duration - s.duration_step_min),
        min(st.pressure - s.pressure_step, last_pressure - s.pressure_step),
        st.interval_days + s.interval_step_days,
    )


def every_risk(s: ClinicSettings) -> tuple[float, float, float]:
    # new to massage, bad experience and long-standing each one duration step; pressure: elderly, new,
    # many, severe, long-standing, stressors, bad experience, fainting = 8 steps; interval: bad experience.
    st = start(s)
    return clamp(
        s,
        st.duration_min - 3 * s.duration_step_min,
        min(st.pressure - 8 * s.pressure_step, s.elderly_max_pressure),
        st.interval_days + s.interval_step_days,
    )


CUSTOM = ClinicSettings(
    plan_starts={
        Treatment.relaxation_massage: TreatmentDefaults(duration_min=50, pressure=2, interval_days=21),
        Treatment.deep_massage: TreatmentDefaults(duration_min=90, pressure=8, interval_days=10),
        Treatment.trigger_point_therapy: TreatmentDefaults(duration_min=75, pressure=9, interval_days=5),
    },
    duration_step_min=10,
    pressure_step=2,
    interval_step_days=4,
    min_duration_min=30,
    min_pressure=2,
    max_interval_days=12,
    elderly_age=80,
    elderly_max_pressure=4,
    long_condition_months=24,
)

PLAN_VIGNETTES: list[PlanVignette] = [
    pv("P01", "H1", "Regular client, short complaint, few mild trigger points: the clinic defaults", steps()),
    pv(
        "P02",
        "D5 C1",
        "74-year-old, trigger-point therapy: less pressure, capped for the elderly",
        elderly_numbers(TPT),
        rules={"elderly"},
        client={"age": 74},
    ),
    pv(
        "P03",
        "D5",
        "Exactly the clinic's elderly age, deep massage",
        elderly_numbers(Treatment.deep_massage),
        rules={"elderly"},
        client={"age": DEFAULT.elderly_age},
        treatment=Treatment.deep_massage,
    ),
    pv(
        "P04",
        "D5",
        "One year below the elderly age: no D5 adjustment",
        steps(),
        client={"age": DEFAULT.elderly_age - 1},
    ),
    pv(
        "P05",
        "D2 B3 G3",
        "First-timer: shorter, milder, and align expectations",
        steps(-1, -1),
        flags={PlanFlag.expectation_talk},
        rules={"new_to_massage"},
        client={"massage_experience": "first_time"},
    ),
    pv(
        "P06",
        "D2 B3",
        "Massage long ago: as a first-timer",
        steps(-1, -1),
        flags={PlanFlag.expectation_talk},
        rules={"new_to_massage"},
        client={"massage_experience": "long_ago"},
    ),
    pv(
        "P07",
        "G5 G3",
        "Earlier bad experience: shorter, less pressure, fewer sessions (longer interval)",
        steps(-1, -1, 1),
        flags={PlanFlag.expectation_talk},
        rules={"bad_experience"},
        client={"bad_experience_before": True},
    ),
    pv(
        "P08",
        "F2",
        "Known fainting tendency: less pressure",
        steps(0, -1),
        rules={"fainting_tendency"},
        client={"known_fainting_tendency": True},
    ),
    pv(
        "P09",
        "C2 C4",
        "Many trigger points: less pressure",
        steps(0, -1),
        rules={"many_trigger_points"},
        client={"trigger_points": "many"},
    ),
    pv(
        "P10",
        "C2 C4",
        "Unknown number of trigger points counts as many",
        steps(0, -1),
        rules={"many_trigger_points"},
        client={"trigger_points": "unknown"},
    ),
    pv(
        "P11",
        "C4 C5",
        "Severe trigger points: less pressure",
        steps(0, -1),
        rules={"severe_trigger_points"},
        client={"trigger_point_severity": "severe"},
    ),
    pv(
        "P12",
        "C4 C5",
        "Unknown severity counts as severe",
        steps(0, -1),
        rules={"severe_trigger_points"},
        client={"trigger_point_severity": "unknown"},
    ),
    pv("P13", "C4", "Moderate severity: no adjustment", steps(), client={"trigger_point_severity": "moderate"}),
    pv(
        "P14",
        "D4 C5",
        "Long-standing complaint: several milder, shorter treatments",
        steps(-1, -1),
        rules={"long_standing"},
        client={"condition_months": DEFAULT.long_condition_months},
    ),
    pv(
        "P15",
        "B3",
        "Stressors lower the pain threshold: less pressure",
        steps(0, -1),
        rules={"stressors"},
        client={"stressors": True},
    ),
    pv(
        "P16",
        "A1",
        "Disclosed diabetes, not reviewed yet: flag it",
        steps(),
        flags={PlanFlag.review_disclosures},
        rules={"disclosures_not_reviewed"},
        client={"disclosed_conditions": ["diabetes"], "conditions_reviewed": False},
    ),
    pv(
        "P17",
        "A1",
        "Disclosed diabetes, reviewed: no flag",
        steps(),
        client={"disclosed_conditions": ["diabetes"], "conditions_reviewed": True},
    ),
    pv(
        "P18",
        "A1",
        "Only blank disclosures, not reviewed: nothing to review",
        steps(),
        client={"disclosed_conditions": ["  "], "conditions_reviewed": False},
    ),
    pv(
        "P19",
        "B5 C3 C5",
        "Last session gave a healing crisis at pressure 4: no firmer than last time",
        last_healing_crisis,
        rules={"last_healing_crisis"},
        history=[session_dict(0, pressure=4, reaction_level="healing_crisis")],
    ),
    pv(
        "P20",
        "G5 E1 E2",
        "Last session (40 min, pressure 5) gave a negative reaction: gentler than last time",
        last_contact,
        rules={"last_negative_reaction"},
        history=[session_dict(0, duration_min=40, pressure=5, reaction_level="contact_therapist")],
    ),
    pv(
        "P21",
        "F1 F2 F3",
        "Last reaction needed a doctor today: medical clearance first, milder still",
        last_doctor,
        flags={PlanFlag.medical_clearance_required},
        rules={"last_negative_reaction", "last_needed_doctor"},
        history=[session_dict(0, reaction_level="doctor_today")],
    ),
    pv(
        "P22",
        "F1 F3",
        "Last reaction was an emergency: medical clearance first",
        last_doctor,
        flags={PlanFlag.medical_clearance_required},
        rules={"last_negative_reaction", "last_needed_doctor"},
        history=[session_dict(0, reaction_level="emergency")],
    ),
    pv(
        "P23",
        "H2 X6",
        "Exactly three sessions, pain 8 -> 7 (1 point, 12 %): consider other options",
        steps(),
        flags={PlanFlag.consider_alternatives},
        rules={"no_progress"},
        history=three_sessions(8, 7),
    ),
    pv(
        "P24",
        "H2 X6",
        "Three sessions, pain before them 3 -> 2: a lasting 30 % fall is an important change",
        steps(),
        history=three_sessions(3, 2, last_before=2),
    ),
    pv(
        "P25",
        "H2 X6",
        "Three sessions, pain before them 8 -> 6: a lasting 2-point fall is an important change",
        steps(),
        history=three_sessions(8, 5, last_before=6),
    ),
    pv("P26", "H1 H2", "Two sessions without progress: too early to judge", steps(), history=three_sessions(8, 8)[1:]),
    pv(
        "P27",
        "H2 X6",
        "Four sessions, pain went up 5 -> 6",
        steps(),
        flags={PlanFlag.consider_alternatives},
        rules={"no_progress"},
        history=[*three_sessions(5, 5), session_dict(3, pain_before=5, pain_after=6)],
    ),
    pv(
        "P28",
        "D5 D2 C2 C4 C5 D4 B3 G5 F2 A1",
        "Every risk at once: the clinic's minimum clamps hold",
        every_risk,
        flags={PlanFlag.expectation_talk, PlanFlag.review_disclosures},
        rules={
            "elderly",
            "new_to_massage",
            "many_trigger_points",
            "severe_trigger_points",
            "long_standing",
            "stressors",
            "bad_experience",
            "fainting_tendency",
            "disclosures_not_reviewed",
        },
        client={
            "age": 90,
            "massage_experience": "first_time",
            "condition_months": 120,
            "trigger_points": "unknown",
            "trigger_point_severity": "unknown",
            "stressors": True,
            "bad_experience_before": True,
            "known_fainting_tendency": True,
            "disclosed_conditions": ["asthma"],
            "conditions_reviewed": False,
        },
    ),
    pv(
        "P29",
        "G5 E1",
        "Last session at the clinic's minimums, then a negative reaction: the minimums, not longer",
        last_contact_minimum,
        rules={"last_negative_reaction"},
        history=[session_dict(0, duration_min=20, pressure=1, reaction_level="contact_therapist")],
    ),
    pv(
        "P37",
        "G5",
        "Sessions 28 days apart, then a negative reaction: a longer interval than the last gap",
        last_contact_after_long_gap,
        rules={"last_negative_reaction"},
        history=[session_dict(0), session_dict(4, reaction_level="contact_therapist")],
    ),
    # Principle 9 (G5): never longer nor firmer than the session that went wrong, even below the minimums.
    pv(
        "P38",
        "G5 E1 E2",
        "A 15-minute session at pressure 1 caused a negative reaction: not 20 minutes next",
        after_reaction(15, 1),
        rules={"last_negative_reaction"},
        history=[session_dict(0, duration_min=15, pressure=1, reaction_level="contact_therapist")],
    ),
    pv(
        "P39",
        "G5",
        "Sessions 49 days apart, then a negative reaction: longer than the gap, past the clinic maximum",
        after_reaction(45, 6, gap_days=49),
        rules={"last_negative_reaction"},
        history=[session_dict(0), session_dict(7, reaction_level="contact_therapist")],
    ),
    pv(
        "P40",
        "G5 F1 F2",
        "A 10-minute session at pressure 0 needed a doctor: not longer, not firmer, clearance first",
        after_reaction(10, 0),
        flags={PlanFlag.medical_clearance_required},
        rules={"last_negative_reaction", "last_needed_doctor"},
        history=[session_dict(0, duration_min=10, pressure=0, reaction_level="doctor_today")],
    ),
    # Principle 10 (G5): after a gentler plan that went well, one step back toward the defaults per session.
    pv(
        "P41",
        "G5",
        "Negative reaction, then a gentle 15-minute session at pressure 1 that went well: one step up",
        one_step_up(15, 1, 14),
        rules={"recovering_from_reaction"},
        history=[
            session_dict(0, reaction_level="contact_therapist"),
            session_dict(2, duration_min=15, pressure=1, reaction_level="expected"),
        ],
    ),
    pv(
        "P42",
        "G5",
        "Two steps up over two good sessions: still one step per session",
        one_step_up(30, 2, 7),
        rules={"recovering_from_reaction"},
        history=[
            session_dict(0, reaction_level="contact_therapist"),
            session_dict(2, duration_min=15, pressure=1, reaction_level="expected"),
            session_dict(3, duration_min=30, pressure=2, pain_before=4, reaction_level=None),
        ],
    ),
    pv(
        "P43",
        "G5",
        "Back at the defaults after a reaction long ago: the defaults, no further cap",
        steps(),
        rules={"recovering_from_reaction"},
        history=[session_dict(0, reaction_level="contact_therapist"), session_dict(1), session_dict(2, pain_before=4)],
    ),
    # Principle 11 (H2 with X6 and E2): relief that is gone by the next session is no progress.
    pv(
        "P44",
        "H2 X6 E2",
        "Three sessions, 8 -> 4 right after each, but 8 again before the third: no progress",
        steps(),
        flags={PlanFlag.consider_alternatives},
        rules={"relief_fades"},
        history=three_sessions(8, 4),
    ),
    pv(
        "P45",
        "H2 X6",
        "Three sessions, neither lasting nor immediate change (8 before, 7 after the third)",
        steps(),
        flags={PlanFlag.consider_alternatives},
        rules={"no_progress"},
        history=three_sessions(8, 7, last_before=8),
    ),
    # Clinic settings changes propagate (custom ClinicSettings).
    pv("P30", "H1", "Custom clinic defaults for trigger-point therapy", steps(), settings=CUSTOM),
    pv(
        "P31",
        "D5",
        "Custom elderly age 80: a 74-year-old is not elderly here",
        steps(),
        settings=CUSTOM,
        client={"age": 74},
    ),
    pv(
        "P32",
        "D5",
        "Custom elderly age 80 and cap 4",
        elderly_numbers(TPT),
        rules={"elderly"},
        settings=CUSTOM,
        client={"age": 85},
    ),
    pv(
        "P33",
        "G5",
        "Custom steps and interval limit: bad experience",
        steps(-1, -1, 1),
        flags={PlanFlag.expectation_talk},
        rules={"bad_experience"},
        settings=CUSTOM,
        client={"bad_experience_before": True},
    ),
    pv(
        "P34",
        "D4",
        "Custom long-standing threshold of 24 months: 18 months is not long-standing",
        steps(),
        settings=CUSTOM,
        client={"condition_months": 18},
    ),
    pv(
        "P35",
        "D5 D2 C2 C4 C5 D4 B3 G5 F2",
        "Custom minimums hold under every risk",
        every_risk,
        flags={PlanFlag.expectation_talk},
        rules={
            "elderly",
            "new_to_massage",
            "many_trigger_points",
            "severe_trigger_points",
            "long_standing",
            "stressors",
            "bad_experience",
            "fainting_tendency",
        },
        settings=CUSTOM,
        client={
            "age": 90,
            "massage_experience": "long_ago",
            "condition_months": 120,
            "trigger_points": "many",
            "trigger_point_severity": "severe",
            "stressors": True,
            "bad_experience_before": True,
            "known_fainting_tendency": True,
        },
    ),
    pv(
        "P36",
        "H1",
        "Custom defaults for relaxation massage",
        steps(treatment=Treatment.relaxation_massage),
        settings=CUSTOM,
        treatment=Treatment.relaxation_massage,
    ),
]


def test_enough_planner_vignettes_with_unique_ids():
    assert len(PLAN_VIGNETTES) >= 15
    assert len({p.id for p in PLAN_VIGNETTES}) == len(PLAN_VIGNETTES)
    assert set().union(*(p.statements for p in PLAN_VIGNETTES)) <= set(STATEMENTS)


def test_custom_settings_really_differ_from_the_defaults():
    for name in (
        "duration_step_min",
        "pressure_step",
        "interval_step_days",
        "min_duration_min",
        "min_pressure",
        "max_interval_days",
        "elderly_age",
        "elderly_max_pressure",
        "long_condition_months",
    ):
        assert getattr(CUSTOM, name) != getattr(DEFAULT, name), name
    for treatment in Treatment:
        assert CUSTOM.plan_starts[treatment] != DEFAULT.plan_starts[treatment]


@pytest.mark.parametrize("pv_", PLAN_VIGNETTES, ids=lambda p: p.id)
def test_plan_vignette(pv_: PlanVignette):
    results = {lang: plan(pv_.request, lang, pv_.settings) for lang in ("da", "en")}
    en, da = results["en"], results["da"]
    duration, pressure, interval = pv_.numbers(pv_.settings)
    got = (en.duration_min, en.pressure, en.interval_days)
    assert got == (round(duration), round(pressure), round(interval)), f"{pv_.id} {pv_.description}"
    assert set(en.flags) == pv_.flags, f"{pv_.id} {pv_.description}"
    assert len(en.flags) == len(set(en.flags))
    fired = {r.rule for r in en.reasons}
    assert pv_.rules <= fired, f"{pv_.id}: rules {pv_.rules - fired} did not fire"
    assert "clinic_defaults" in fired
    if not pv_.rules:
        assert fired == {"clinic_defaults"}, f"{pv_.id}: unexpected rules {fired}"

    # Same plan in both languages; only the texts differ.
    assert (da.duration_min, da.pressure, da.interval_days, da.flags) == (*got, en.flags)
    assert [r.rule for r in da.reasons] == [r.rule for r in en.reasons]
    for result in results.values():
        for reason in result.reasons:
            assert reason.text.strip() and "{" not in reason.text
            assert reason.statement_ids and set(reason.statement_ids) <= set(STATEMENTS)
    assert all(d.text != e.text for d, e in zip(da.reasons, en.reasons, strict=True))
    # Every statement the row checks is cited by some reason of the plan (except bare defaults rows).
    cited = set().union(*(r.statement_ids for r in en.reasons))
    if pv_.rules:
        assert set(pv_.statements) <= cited, f"{pv_.id}: {set(pv_.statements) - cited} not cited"


@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_progress_says_which_comparison_it_rests_on(lang):
    fades = plan(make_plan_request(history=three_sessions(8, 4)), lang, DEFAULT)
    neither = plan(make_plan_request(history=three_sessions(8, 7)), lang, DEFAULT)
    [fades_reason] = [r for r in fades.reasons if r.rule == "relief_fades"]
    [neither_reason] = [r for r in neither.reasons if r.rule == "no_progress"]
    assert "E2" in fades_reason.statement_ids and "relief_fades" not in {r.rule for r in neither.reasons}
    for number in ("8", "4"):
        assert number in fades_reason.text
    assert "8" in neither_reason.text and "7" in neither_reason.text


def test_settings_change_the_texts_too():
    request = make_plan_request(client=client_dict(age=90))
    default_text = {r.rule: r.text for r in plan(request, "en", DEFAULT).reasons}
    custom_text = {r.rule: r.text for r in plan(request, "en", CUSTOM).reasons}
    assert str(CUSTOM.elderly_max_pressure) in custom_text["elderly"]
    assert default_text["elderly"] != custom_text["elderly"]
    assert default_text["clinic_defaults"] != custom_text["clinic_defaults"]
