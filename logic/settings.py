"""Clinic settings: every number the source text does not give is a named clinic default here.

Values are clinic policy, not evidence. They load from the environment (prefix `REAKTIONSGUIDE_`,
e.g. `REAKTIONSGUIDE_EMERGENCY_PHONE`) or a `.env` file, and the clinic can change them.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .models import Language, Treatment
from .text_rules import line
from .texts import vocabulary


class Region(str, Enum):
    """The five Danish regions; each runs its own out-of-hours medical line (X1)."""

    hovedstaden = "hovedstaden"
    sjaelland = "sjaelland"
    syddanmark = "syddanmark"
    midtjylland = "midtjylland"
    nordjylland = "nordjylland"


CLINIC_NAME_MAX = 80
PHONE_MAX = 21  # "+" and 20 digits or spaces
PHONE_PATTERN = r"^\+?[0-9 ]{2,20}$"
EMAIL_MAX = 254
# One address, no spaces or angle brackets (it becomes a mailto: link); empty: the clinic gives none.
EMAIL_PATTERN = r"^$|^[^@\s<>()\[\],;:\"]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"
OPENING_HOURS_MAX = 200
# A phone number as a setting: each is checked on its own, so a refusal names the number that is wrong.
Phone = Annotated[str, Field(max_length=PHONE_MAX, pattern=PHONE_PATTERN)]


def _default_out_of_hours() -> dict[Region, str]:
    """Each region's out-of-hours line as the regions published it (X1, 2024); a clinic may correct them."""
    return {
        Region.hovedstaden: "1813",
        Region.sjaelland: "1818",
        Region.syddanmark: "70 11 07 07",
        Region.midtjylland: "70 11 31 31",
        Region.nordjylland: "70 15 03 00",
    }


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

    # Every text has a length bound: it is shown on every page (a 1 MB name made each take minutes).
    clinic_name: line(min_length=1, max_length=CLINIC_NAME_MAX) = Field(  # type: ignore[valid-type]  # built at run time (text_rules.line)
        "Reaktionsguide", description="Shown in the app's header."
    )

    # Phone numbers (X1): external facts, editable because they differ by region and may change.
    emergency_phone: str = Field(
        "112", max_length=PHONE_MAX, pattern=PHONE_PATTERN, description="Emergency number (X1)."
    )
    region: Region = Field(
        Region.hovedstaden, description="The clinic's region: whose out-of-hours line clients are given (X1)."
    )
    out_of_hours_phones: dict[Region, Phone] = Field(
        default_factory=_default_out_of_hours, description="Each region's out-of-hours medical line (X1)."
    )

    # How a client reaches the clinic (every "contact your therapist" result and the follow-up pages).
    clinic_phone: str = Field(
        "",
        max_length=PHONE_MAX,
        pattern=r"^$|" + PHONE_PATTERN.lstrip("^"),
        description="The clinic's phone (empty: none).",
    )
    clinic_email: str = Field(
        "", max_length=EMAIL_MAX, pattern=EMAIL_PATTERN, description="The clinic's e-mail (empty: none)."
    )
    clinic_opening_hours: line(max_length=OPENING_HOURS_MAX) = Field(  # type: ignore[valid-type]  # built at run time (text_rules.line)
        "", description="When the clinic answers, in the clinic's words (e.g. 'Mon-Fri 9-16')."
    )
    # Follow-up links (logic/follow_up.py): clinic policy; the address clients' phones open them at.
    public_url: str = Field(
        "http://localhost:8501",
        max_length=200,
        pattern=r"^https?://[^\s?#]+$",
        description="The app's address as clients reach it (printed, with the follow-up link, on the aftercare sheet).",
    )
    follow_up_days: int = Field(14, ge=1, le=90, description="A follow-up link works this many days (clinic default).")
    follow_up_max_reports: int = Field(
        3, ge=1, le=20, description="A follow-up link takes at most this many reports (clinic default)."
    )

    # Reaction check: thresholds the source names only in words.
    strong_worsening_hours: float = Field(
        6, gt=0, le=48, description="F4's 'more than a few hours' of strong worsening (clinic default)."
    )
    contact_recheck_hours: float = Field(
        24, gt=0, le=72, description="When to check again after telling the therapist (clinic default)."
    )
    min_recheck_hours: float = Field(
        4, gt=0, le=48, description="A recheck counted down to E2's two days never comes sooner (clinic default)."
    )
    # B5 reassures about *moderate* flare-ups only; a rise this large is not one (X6, F4, C5).
    large_flare_rise_points: int = Field(
        4,
        ge=2,
        le=10,
        description="A rise of the original pain by this many points (0-10) is a large flare-up (clinic default).",
    )
    large_flare_pain_level: int = Field(
        8,
        ge=1,
        le=10,
        description="A clinically important rise (X6: 2 points) to this level (0-10) is a large flare-up too (clinic default).",
    )
    near_two_days_hours: float = Field(
        36,
        gt=0,
        le=48,
        description="From this many hours E2's two days are near (X5: most reactions last at most 36 h; clinic default).",
    )
    faint_right_after_hours: float = Field(
        1,
        ge=0,
        le=12,
        description="F2's tendency explains a faint only this soon after the treatment (clinic default).",
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

    @model_validator(mode="before")
    @classmethod
    def _no_single_doctor_phone(cls, data: object) -> object:
        if isinstance(data, dict) and "doctor_phone" in data:
            raise ValueError(
                "doctor_phone is no setting any more: set region, and out_of_hours_phones for a correction"
            )
        return data

    @field_validator("out_of_hours_phones", mode="before")
    @classmethod
    def _every_region(cls, value: object) -> object:
        """A correction of one region's number (e.g. REAKTIONSGUIDE_OUT_OF_HOURS_PHONES__SJAELLAND) keeps
        the published numbers of the others."""
        if isinstance(value, dict):
            return {r.value: phone for r, phone in _default_out_of_hours().items()} | {
                getattr(k, "value", k): v for k, v in value.items()
            }
        return value

    @model_validator(mode="after")
    def _consistent(self) -> ClinicSettings:
        missing = [t.value for t in Treatment if t not in self.plan_starts]
        if missing:
            raise ValueError(f"plan_starts lacks {', '.join(missing)}")
        missing = [r.value for r in Region if r not in self.out_of_hours_phones]
        if missing:
            raise ValueError(f"out_of_hours_phones lacks {', '.join(missing)}")
        bad = [r.value for r, phone in self.out_of_hours_phones.items() if not re.match(PHONE_PATTERN, phone)]
        if bad:
            raise ValueError(f"out_of_hours_phones: not a phone number for {', '.join(bad)}")
        return self

    @property
    def doctor_phone(self) -> str:
        """The out-of-hours medical line of the clinic's region (X1)."""
        return self.out_of_hours_phones[self.region]

    def region_name(self, lang: Language) -> str:
        # X1: name the region wherever its number shows.
        return vocabulary.word(self.region, lang)

    def phone_values(self, lang: Language) -> dict[str, str]:
        """The placeholders every engine and catalogue text may use for a phone number or the region."""
        return {"emergency": self.emergency_phone, "doctor": self.doctor_phone, "region": self.region_name(lang)}

    def fill(self, text: str, lang: Language) -> str:
        """An engine text with its placeholders filled: phone numbers, the region and the clinic defaults a
        text names. No text of the tree holds a number of its own (principle 8)."""
        return text.format(
            **self.phone_values(lang),
            hours=f"{self.strong_worsening_hours:g}",
            flare_points=self.large_flare_rise_points,
            flare_level=self.large_flare_pain_level,
        )


@lru_cache(maxsize=1)
def get_settings() -> ClinicSettings:
    """The process-wide settings, read once; tests and the settings page pass their own instead."""
    return ClinicSettings()
