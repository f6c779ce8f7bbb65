"""Clinic settings: every number the source text does not give is a named clinic default here.

Values are clinic policy, not evidence. They load from the environment (prefix `REAKTIONSGUIDE_`,
e.g. `REAKTIONSGUIDE_EMERGENCY_PHONE`) or a `.env` file, and the clinic can change them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .models import Treatment


class TreatmentDefaults(BaseSettings):
    """Starting values of a session plan for one kind of treatment (clinic policy)."""

    duration_min: int = Field(ge=10, le=180)
    pressure: int = Field(ge=0, le=10)
    interval_days: int = Field(ge=1, le=90)


def _default_starts() -> dict[Treatment, TreatmentDefaults]:
    return {
        Treatment.relaxation_massage: TreatmentDefaults(duration_min=60, pressure=3, interval_days=14),
        Treatment.deep_massage: TreatmentDefaults(duration_min=60, pressure=6, interval_days=7),
        Treatment.trigger_point_therapy: TreatmentDefaults(duration_min=45, pressure=6, interval_days=7),
    }


class ClinicSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="REAKTIONSGUIDE_", env_file=".env", extra="ignore", env_nested_delimiter="__"
    )

    clinic_name: str = Field("Reaktionsguide", description="Shown in the app's header.")

    # Phone numbers (X1): external facts, editable because they differ by region.
    emergency_phone: str = Field("112", pattern=r"^\+?[0-9 ]{2,20}$", description="Emergency number (X1).")
    doctor_phone: str = Field(
        "1813", pattern=r"^\+?[0-9 ]{2,20}$", description="Out-of-hours medical line (X1; 1813 in the Capital Region)."
    )

    # Reaction check: thresholds the source names only in words.
    strong_worsening_hours: float = Field(
        6, gt=0, le=48, description="F4's 'more than a few hours' of strong worsening (clinic default)."
    )
    contact_recheck_hours: float = Field(
        24, gt=0, le=72, description="When to check again after telling the therapist (clinic default)."
    )

    # Session planner (clinic policy).
    plan_starts: dict[Treatment, TreatmentDefaults] = Field(default_factory=_default_starts)
    duration_step_min: int = Field(15, ge=0, le=60, description="One step shorter (clinic default).")
    pressure_step: int = Field(1, ge=0, le=5, description="One step gentler on the 0-10 scale (clinic default).")
    interval_step_days: int = Field(7, ge=0, le=30, description="One step longer between sessions (clinic default).")
    min_duration_min: int = Field(20, ge=5, le=180, description="Never plan a shorter session (clinic default).")
    min_pressure: int = Field(1, ge=0, le=10, description="Never plan a gentler pressure (clinic default).")
    max_interval_days: int = Field(42, ge=1, le=180, description="Never plan a longer interval (clinic default).")
    elderly_age: int = Field(65, ge=40, le=110, description="Age from which D5 applies (clinic default).")
    elderly_max_pressure: int = Field(5, ge=0, le=10, description="Pressure cap for elderly clients (clinic default).")
    long_condition_months: float = Field(
        6, ge=0, le=600, description="A complaint this old is 'long-standing' for D4 (clinic default)."
    )

    # Storage and app.
    database_url: str | None = Field(None, description="SQLAlchemy URL; empty means SQLite in data_dir.")
    data_dir: Path = Field(Path("data"), description="Folder of the SQLite database and backups.")
    idle_minutes: int = Field(30, ge=1, le=24 * 60, description="Sign out after this idle time.")
    retention_years: int = Field(10, ge=1, le=100, description="Keep client records this long.")
    # The server (server.py) answers only requests whose Host header names one of these (a defence
    # against DNS rebinding); the names a clinic's browsers use, comma-separated, without port.
    allowed_hosts: str = Field(
        "localhost,127.0.0.1,[::1]", max_length=2000, description="Host names the server answers to."
    )

    @property
    def allowed_host_names(self) -> frozenset[str]:
        return frozenset(name.strip().lower() for name in self.allowed_hosts.split(",") if name.strip())

    @model_validator(mode="after")
    def _consistent(self) -> ClinicSettings:
        missing = [t.value for t in Treatment if t not in self.plan_starts]
        if missing:
            raise ValueError(f"plan_starts lacks {', '.join(missing)}")
        return self


@lru_cache(maxsize=1)
def get_settings() -> ClinicSettings:
    """The process-wide settings, read once; tests and the settings page pass their own instead."""
    return ClinicSettings()
