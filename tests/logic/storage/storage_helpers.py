"""Builders of valid storage inputs for the storage tests; keyword arguments change single fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

from logic.models import RED_FLAG_KEYS


def client(**changes: Any) -> dict[str, Any]:
    data = {"name": "Anne Hansen", "birth_year": 1970, "contact": "+45 20 30 40 50", "consent_health_data": True}
    return data | changes


def profile(**changes: Any) -> dict[str, Any]:
    data = {
        "massage_experience": "regular",
        "condition_months": 8.0,
        "trigger_points": "many",
        "trigger_point_severity": "moderate",
        "stressors": False,
        "bad_experience_before": False,
        "known_fainting_tendency": False,
        "disclosed_conditions": [],
        "conditions_reviewed": False,
    }
    return data | changes


def session(day: int = 1, **changes: Any) -> dict[str, Any]:
    data = {
        "date": dt.date(2026, 9, 1) + dt.timedelta(days=day),
        "treatment": "trigger_point_therapy",
        "neck_treatment": False,
        "duration_min": 45,
        "pressure": 6,
        "regions": ["neck_back", "left_shoulder_blade"],
        "pain_before": 7,
        "pain_after": 5,
        "note": "Spændt trapezius",
    }
    return data | changes


def report(*, red_flags: dict[str, bool] | None = None, **changes: Any) -> dict[str, Any]:
    data = {
        "hours_since_treatment": 20,
        "treatment": "trigger_point_therapy",
        "neck_treatment": False,
        "symptoms": {"soreness": "mild"},
        "red_flags": {key: False for key in RED_FLAG_KEYS} | dict(red_flags or {}),
        "pain_before": 7,
        "pain_now": 5,
        "feels_like": "bruise_or_irritation",
        "trajectory": "improving",
        "worsening_hours": 0,
        "new_pain_elsewhere": "none",
        "known_fainting_tendency": False,
    }
    return data | changes


def check(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"report": report(), "regions_now": ["neck_back"]}
    return data | changes
