"""Properties of the session planner over the whole input space and over clinic settings.

- Adding any one risk factor never gives a longer session, more pressure or a shorter interval.
- The plan stays within the clinic's clamps, whatever the settings, except where the last session sets a
  tighter limit.
- After a negative reaction (G5) the next session is never longer nor firmer than the one that went wrong,
  and the interval stays longer than the last gap; after a reaction, plans return one step at a time.
- The flags are exactly those interfaces.md defines (H2 measured by lasting change).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from logic.knowledge import STATEMENTS
from logic.models import LEVEL_ORDER, Plan, PlanFlag, PlanRequest, Treatment
from logic.planner import RULES, plan
from logic.settings import ClinicSettings, TreatmentDefaults
from tests.strategies import plan_request_dicts

DEFAULT = ClinicSettings()
EXAMPLES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SEVERITY_RANK = {"mild": 0, "moderate": 1, "severe": 2, "unknown": 3}  # unknown counts as the riskier answer
LEVEL_RANK = {None: -1, **{lvl.value: lvl.rank for lvl in LEVEL_ORDER}}


@st.composite
def clinic_settings(draw: st.DrawFn) -> ClinicSettings:
    """Any valid clinic policy, within the bounds logic/settings.py allows."""
    starts = {
        t: TreatmentDefaults(
            duration_min=draw(st.integers(10, 180)),
            pressure=draw(st.integers(0, 10)),
            interval_days=draw(st.integers(1, 90)),
        )
        for t in Treatment
    }
    return ClinicSettings(
        plan_starts=starts,
        duration_step_min=draw(st.integers(0, 60)),
        pressure_step=draw(st.integers(0, 5)),
        interval_step_days=draw(st.integers(0, 30)),
        min_duration_min=draw(st.integers(5, 180)),
        min_pressure=draw(st.integers(0, 10)),
        max_interval_days=draw(st.integers(1, 180)),
        elderly_age=draw(st.integers(40, 110)),
        elderly_max_pressure=draw(st.integers(0, 10)),
        long_condition_months=draw(st.one_of(st.sampled_from([0, 6, 600]), st.floats(0, 600))),
    )


any_settings = st.one_of(st.just(DEFAULT), clinic_settings())

# --- Risk factors: each takes a request (JSON data) and returns it with one more risk, or None. ----

Mutation = Callable[[dict[str, Any], st.DataObject, ClinicSettings], dict[str, Any] | None]


def with_client(data: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return data | {"client": data["client"] | changes}


def older(data, draw, s):
    age = data["client"]["age"]
    return with_client(data, age=draw.draw(st.integers(age, 120))) if age < 120 else None


def older_than_elderly_age(data, draw, s):
    age = data["client"]["age"]
    return with_client(data, age=max(age, s.elderly_age)) if age < s.elderly_age else None


def less_experience(data, draw, s):
    if data["client"]["massage_experience"] != "regular":
        return None
    return with_client(data, massage_experience=draw.draw(st.sampled_from(["long_ago", "first_time"])))


def longer_condition(data, draw, s):
    months = data["client"]["condition_months"]
    return with_client(data, condition_months=draw.draw(st.floats(months, 1000)))


def more_trigger_points(data, draw, s):
    if data["client"]["trigger_points"] != "few":
        return None
    return with_client(data, trigger_points=draw.draw(st.sampled_from(["many", "unknown"])))


def more_severe(data, draw, s):
    rank = SEVERITY_RANK[data["client"]["trigger_point_severity"]]
    worse = [name for name, r in SEVERITY_RANK.items() if r > rank]
    return with_client(data, trigger_point_severity=draw.draw(st.sampled_from(worse))) if worse else None


def flag_on(name: str) -> Mutation:
    def mutation(data, draw, s):
        return None if data["client"][name] else with_client(data, **{name: True})

    mutation.__name__ = name
    return mutation


def unreviewed_disclosure(data, draw, s):
    conditions = [*data["client"]["disclosed_conditions"], draw.draw(st.sampled_from(["diabetes", "epilepsy"]))]
    return with_client(data, disclosed_conditions=conditions, conditions_reviewed=False)


def worse_last_reaction(data, draw, s):
    if not data["history"]:
        return None
    last = data["history"][-1]
    rank = LEVEL_RANK[last["reaction_level"]]
    worse = [lvl.value for lvl in LEVEL_ORDER if lvl.rank > rank]
    if not worse:
        return None
    history = [*data["history"][:-1], last | {"reaction_level": draw.draw(st.sampled_from(worse))}]
    return data | {"history": history}


MUTATIONS: list[Mutation] = [
    older,
    older_than_elderly_age,
    less_experience,
    longer_condition,
    more_trigger_points,
    more_severe,
    flag_on("stressors"),
    flag_on("bad_experience_before"),
    flag_on("known_fainting_tendency"),
    unreviewed_disclosure,
    worse_last_reaction,
]


def numbers(p: Plan) -> tuple[int, int, int]:
    return p.duration_min, p.pressure, p.interval_days


@EXAMPLES
@given(plan_request_dicts(), st.sampled_from(MUTATIONS), any_settings, st.data())
def test_adding_a_risk_factor_never_gives_a_longer_firmer_or_more_frequent_session(data, mutation, s, draw):
    riskier = mutation(data, draw, s)
    assume(riskier is not None)
    before = plan(PlanRequest.model_validate(data), "en", s)
    after = plan(PlanRequest.model_validate(riskier), "en", s)
    assert after.duration_min <= before.duration_min, (mutation.__name__, numbers(before), numbers(after))
    assert after.pressure <= before.pressure, (mutation.__name__, numbers(before), numbers(after))
    assert after.interval_days >= before.interval_days, (mutation.__name__, numbers(before), numbers(after))


@EXAMPLES
@given(plan_request_dicts(), any_settings)
def test_plan_stays_within_the_clinic_clamps(data, s):
    request = PlanRequest.model_validate(data)
    result = plan(request, "en", s)
    start = s.plan_starts[request.planned_treatment]
    last = request.history[-1] if request.history else None
    # Only the last session may hold the plan below the clinic's minimums (never longer nor firmer than it).
    min_duration = min(s.min_duration_min, math.floor(last.duration_min)) if last else s.min_duration_min
    min_pressure = min(s.min_pressure, math.floor(last.pressure)) if last else s.min_pressure
    assert min_duration <= result.duration_min <= max(start.duration_min, s.min_duration_min)
    assert min_pressure <= result.pressure <= max(start.pressure, s.min_pressure)
    gap = (last.date - request.history[-2].date).days if len(request.history) >= 2 else 0
    max_interval = max(s.max_interval_days, gap + max(s.interval_step_days, 1))
    assert min(start.interval_days, s.max_interval_days) <= result.interval_days <= max_interval
    assert all(isinstance(n, int) for n in numbers(result))


@EXAMPLES
@given(plan_request_dicts(), any_settings, st.sampled_from(["contact_therapist", "doctor_today", "emergency"]))
def test_after_a_negative_reaction_never_longer_nor_firmer_and_longer_apart(data, s, reaction):
    assume(data["history"])
    data["history"][-1]["reaction_level"] = reaction
    request = PlanRequest.model_validate(data)
    result = plan(request, "en", s)
    last = request.history[-1]
    assert result.duration_min <= last.duration_min, (last, numbers(result))
    assert result.pressure <= last.pressure, (last, numbers(result))
    if len(request.history) >= 2:
        assert result.interval_days > (last.date - request.history[-2].date).days, numbers(result)


@EXAMPLES
@given(plan_request_dicts(), any_settings)
def test_after_a_reaction_plans_return_one_step_at_a_time(data, s):
    request = PlanRequest.model_validate(data)
    history = request.history
    assume(any(h.reaction_level is not None and h.reaction_level.rank >= 2 for h in history[:-1]))
    result = plan(request, "en", s)
    last = history[-1]
    assert result.duration_min <= last.duration_min + s.duration_step_min
    assert result.pressure <= last.pressure + s.pressure_step
    assert result.interval_days >= (last.date - history[-2].date).days - s.interval_step_days


def expected_flags(request: PlanRequest) -> set[PlanFlag]:
    """interfaces.md section 2, written out independently of the planner."""
    client, history = request.client, request.history
    flags = set()
    if len(history) >= 3:
        # H2 measures lasting change: the pain before the latest treatment against the first (E2).
        first, last = history[0].pain_before, history[-1].pain_before
        drop = first - last
        if first > 0 and not (drop >= 2 or drop >= 0.3 * first):
            flags.add(PlanFlag.consider_alternatives)
    if any(c.strip() for c in client.disclosed_conditions) and not client.conditions_reviewed:
        flags.add(PlanFlag.review_disclosures)
    if (
        history
        and history[-1].reaction_level is not None
        and history[-1].reaction_level.value
        in (
            "doctor_today",
            "emergency",
        )
    ):
        flags.add(PlanFlag.medical_clearance_required)
    if client.massage_experience.value in ("first_time", "long_ago") or client.bad_experience_before:
        flags.add(PlanFlag.expectation_talk)
    return flags


@EXAMPLES
@given(plan_request_dicts(), any_settings)
def test_flags_are_exactly_those_of_the_interface(data, s):
    request = PlanRequest.model_validate(data)
    result = plan(request, "en", s)
    assert len(result.flags) == len(set(result.flags))
    assert set(result.flags) == expected_flags(request)


@EXAMPLES
@given(plan_request_dicts())
def test_reasons_cite_existing_statements_in_both_languages(data):
    request = PlanRequest.model_validate(data)
    da, en = plan(request, "da", DEFAULT), plan(request, "en", DEFAULT)
    assert numbers(da) == numbers(en) and da.flags == en.flags
    assert [r.rule for r in da.reasons] == [r.rule for r in en.reasons]
    assert en.reasons[0].rule == "clinic_defaults"
    for d, e in zip(da.reasons, en.reasons, strict=True):
        assert d.statement_ids and set(d.statement_ids) <= set(STATEMENTS)
        assert d.text.strip() and e.text.strip() and d.text != e.text
        assert set(d.clinic_defaults) <= set(ClinicSettings.model_fields) | {
            f"plan_starts.{t.value}" for t in Treatment
        }


def test_every_rule_is_gentler_only_and_cites_statements():
    for rule in RULES:
        assert rule.statement_ids and set(rule.statement_ids) <= set(STATEMENTS), rule.id
        assert rule.duration_steps <= 0 and rule.pressure_steps <= 0 and rule.interval_steps >= 0, rule.id
        for name in rule.settings_used:
            assert name in ClinicSettings.model_fields, (rule.id, name)
