"""The clinic's settings as the app uses them: environment/defaults overlaid with overrides an admin
saved in the database (table clinic_settings, one JSON value per field).

Every save is validated by ClinicSettings itself (the whole overlaid object must validate, so a
combination the model refuses is refused too) and each changed field is audited with old and new value.
Settings are no health data, so the values may appear in the trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from sqlalchemy import select

from ..settings import ClinicSettings
from ..storage.schema import ClinicSetting
from . import audit

if TYPE_CHECKING:
    from ..storage import Storage

# Fields an admin may change in the app (the database location stays with the deployment).
EDITABLE = (
    "clinic_name", "emergency_phone", "region", "out_of_hours_phones", "strong_worsening_hours",
    "contact_recheck_hours", "min_recheck_hours", "large_flare_rise_points", "large_flare_pain_level",
    "near_two_days_hours", "faint_right_after_hours", "plan_starts", "duration_step_min", "pressure_step",
    "interval_step_days", "min_duration_min", "min_pressure", "max_interval_days", "elderly_age",
    "elderly_max_pressure", "long_condition_months", "idle_minutes", "retention_years",
    "clinic_phone", "clinic_email", "clinic_opening_hours", "follow_up_days", "follow_up_max_reports",
)  # fmt: skip


class SettingsError(ValueError):
    pass


def overrides(storage: Storage) -> dict[str, Any]:
    with storage.read() as s:
        return {r.key: r.value for r in s.scalars(select(ClinicSetting)) if r.key in EDITABLE}


def overlay(base: ClinicSettings, changes: Mapping[str, Any]) -> ClinicSettings:
    """`base` with `changes` applied, validated by ClinicSettings (raises pydantic.ValidationError)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise SettingsError(f"not a clinic setting: {', '.join(sorted(unknown))}")
    data = base.model_dump(mode="json") | dict(changes)
    return ClinicSettings.model_validate(data)


def effective(storage: Storage, base: ClinicSettings) -> ClinicSettings:
    """What the app uses: `base` (environment and defaults) with the database's overrides. An override
    the model refuses now (saved before a bound existed, say a clinic name of a megabyte) is left out,
    so every page still opens; the admin's settings page shows the value in force and saves a valid one."""
    changes = overrides(storage)
    while True:
        try:
            return overlay(base, changes)
        except ValidationError as error:
            refused = {str(problem["loc"][0]) for problem in error.errors() if problem["loc"]} & set(changes)
            if not refused:
                raise
            changes = {key: value for key, value in changes.items() if key not in refused}


def save(storage: Storage, base: ClinicSettings, changes: Mapping[str, Any]) -> ClinicSettings:
    """Validate and store `changes` (field -> value); returns the new effective settings."""
    current = effective(storage, base)
    merged = overlay(current, changes)  # raises before anything is written
    old, new = current.model_dump(mode="json"), merged.model_dump(mode="json")
    changed = [k for k in changes if old[k] != new[k]]
    if not changed:
        return current
    now = dt.datetime.now(dt.UTC)
    with storage.write() as s:
        for key in changed:
            row = s.get(ClinicSetting, key)
            if row is None:
                s.add(ClinicSetting(key=key, value=new[key], updated_at=now, updated_by=audit.current_actor()))
            else:
                row.value, row.updated_at, row.updated_by = new[key], now, audit.current_actor()
            s.flush()
            audit.append(s, audit.SETTINGS_CHANGE, detail={"key": key, "old": old[key], "new": new[key]})
    return merged
