"""The engine's public data: the pydantic models of interfaces.md, field for field.

Inputs forbid unknown fields so a typo is a clear error, never a silently ignored answer.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .text_rules import Condition

Language = Literal["da", "en"]


class Text(BaseModel):
    """A text in both of the product's languages."""

    model_config = ConfigDict(frozen=True)
    da: str
    en: str

    def __call__(self, lang: Language) -> str:
        return self.da if lang == "da" else self.en


class Treatment(str, Enum):
    relaxation_massage = "relaxation_massage"
    deep_massage = "deep_massage"
    trigger_point_therapy = "trigger_point_therapy"


class Intensity(str, Enum):
    none = "none"
    mild = "mild"
    moderate = "moderate"
    severe = "severe"

    @property
    def rank(self) -> int:
        return INTENSITY_ORDER.index(self)


INTENSITY_ORDER = [Intensity.none, Intensity.mild, Intensity.moderate, Intensity.severe]


class Level(str, Enum):
    """Assessment levels, least to most urgent."""

    expected = "expected"
    healing_crisis = "healing_crisis"
    contact_therapist = "contact_therapist"
    doctor_today = "doctor_today"
    emergency = "emergency"

    @property
    def rank(self) -> int:
        return LEVEL_ORDER.index(self)


LEVEL_ORDER = [
    Level.expected,
    Level.healing_crisis,
    Level.contact_therapist,
    Level.doctor_today,
    Level.emergency,
]


class FeelsLike(str, Enum):
    original_pain_worse = "original_pain_worse"
    bruise_or_irritation = "bruise_or_irritation"
    unsure = "unsure"


class Trajectory(str, Enum):
    improving = "improving"
    stable = "stable"
    worsening = "worsening"
    unsure = "unsure"


class NewPain(str, Enum):
    none = "none"
    similar_to_original = "similar_to_original"
    different = "different"


SYMPTOM_KEYS = (
    "soreness",
    "tiredness",
    "headache",
    "dizziness",
    "nausea",
    "vomiting",
    "sweating",
    "tinnitus",
    "heart_discomfort",
    "weakness",
    "visual_disturbance",
    "skin_marks",
    "bruising",
)

NEUROLOGICAL_RED_FLAGS = (
    "double_vision",
    "speech_difficulty",
    "swallowing_difficulty",
    "drop_attack",
    "one_sided_numbness_or_weakness",
    "unsteady_gait",
)
RED_FLAG_KEYS = (
    *NEUROLOGICAL_RED_FLAGS,
    "sudden_severe_headache_or_neck_pain",
    "chest_pain_or_breathlessness",
    "dark_urine",
    "swollen_painful_calf",
    "fainted",
)

_strict = ConfigDict(extra="forbid", hide_input_in_errors=True)  # no input value in an error's text
PainScore = Annotated[int, Field(ge=0, le=10, strict=True)]
# Hours and months: finite, and bounded far beyond any real case, so that every number the published
# schema admits is one the engine computes with (a JSON number like 1e400 is no number of hours).
MAX_QUANTITY = 1_000_000
NonNegative = Annotated[float, Field(ge=0, le=MAX_QUANTITY, allow_inf_nan=False)]
MAX_CONDITIONS = 50
MAX_HISTORY = 10_000


class Symptoms(BaseModel):
    """Intensity of each after-effect; a missing key means `none`."""

    model_config = _strict
    soreness: Intensity = Intensity.none
    tiredness: Intensity = Intensity.none
    headache: Intensity = Intensity.none
    dizziness: Intensity = Intensity.none
    nausea: Intensity = Intensity.none
    vomiting: Intensity = Intensity.none
    sweating: Intensity = Intensity.none
    tinnitus: Intensity = Intensity.none
    heart_discomfort: Intensity = Intensity.none
    weakness: Intensity = Intensity.none
    visual_disturbance: Intensity = Intensity.none
    skin_marks: Intensity = Intensity.none
    bruising: Intensity = Intensity.none


StrictBool = Annotated[bool, Field(strict=True)]


class RedFlags(BaseModel):
    """Every red flag must be answered: an unanswered flag is an error, never a silent `false`."""

    model_config = _strict
    double_vision: StrictBool
    speech_difficulty: StrictBool
    swallowing_difficulty: StrictBool
    drop_attack: StrictBool
    one_sided_numbness_or_weakness: StrictBool
    unsteady_gait: StrictBool
    sudden_severe_headache_or_neck_pain: StrictBool
    chest_pain_or_breathlessness: StrictBool
    dark_urine: StrictBool
    swollen_painful_calf: StrictBool
    fainted: StrictBool

    @classmethod
    def none_present(cls) -> RedFlags:
        return cls(**{key: False for key in RED_FLAG_KEYS})


class ReactionReport(BaseModel):
    """What a client reports after a treatment (interfaces.md section 1)."""

    model_config = _strict
    hours_since_treatment: NonNegative
    treatment: Treatment
    neck_treatment: StrictBool
    symptoms: Symptoms = Field(default_factory=Symptoms)
    red_flags: RedFlags
    pain_before: PainScore
    pain_now: PainScore
    feels_like: FeelsLike
    trajectory: Trajectory
    worsening_hours: NonNegative = 0
    new_pain_elsewhere: NewPain
    known_fainting_tendency: StrictBool = False


class Reason(BaseModel):
    statement_ids: list[str]
    text: str


class Advice(BaseModel):
    now: str
    escalate_if: list[str]
    recheck_after_hours: float | None = None
    phone: str | None = None
    # Optional addition to the contract: the statements the advice rests on.
    statement_ids: list[str] = Field(default_factory=list)


class Assessment(BaseModel):
    """The engine's answer to a reaction report."""

    level: Level
    progress_sign: bool
    reasons: list[Reason]
    advice: Advice
    path: list[str]
    # Optional additions to the contract.
    leaf: str
    engine_version: str


# --- Session planner (interfaces.md section 2) ---


class Experience(str, Enum):
    first_time = "first_time"
    long_ago = "long_ago"
    regular = "regular"


class TriggerPointCount(str, Enum):
    few = "few"
    many = "many"
    unknown = "unknown"


class TriggerPointSeverity(str, Enum):
    mild = "mild"
    moderate = "moderate"
    severe = "severe"
    unknown = "unknown"


class ClientProfile(BaseModel):
    model_config = _strict
    age: Annotated[int, Field(ge=0, le=120, strict=True)]
    massage_experience: Experience
    condition_months: NonNegative
    trigger_points: TriggerPointCount
    trigger_point_severity: TriggerPointSeverity
    stressors: StrictBool
    bad_experience_before: StrictBool
    known_fainting_tendency: StrictBool
    disclosed_conditions: list[Condition] = Field(default_factory=list, max_length=MAX_CONDITIONS)
    conditions_reviewed: StrictBool

    @field_validator("disclosed_conditions")
    @classmethod
    def _strip_blank(cls, value: list[str]) -> list[str]:
        return [item.strip() for item in value if item.strip()]


class PastSession(BaseModel):
    model_config = _strict
    date: dt.date
    treatment: Treatment
    duration_min: Annotated[float, Field(gt=0, le=240, allow_inf_nan=False)]
    pressure: Annotated[float, Field(ge=0, le=10, allow_inf_nan=False)]
    pain_before: PainScore
    pain_after: PainScore
    reaction_level: Level | None = None


class PlanRequest(BaseModel):
    model_config = _strict
    client: ClientProfile
    history: list[PastSession] = Field(default_factory=list, max_length=MAX_HISTORY)
    planned_treatment: Treatment


class PlanFlag(str, Enum):
    consider_alternatives = "consider_alternatives"
    review_disclosures = "review_disclosures"
    medical_clearance_required = "medical_clearance_required"
    expectation_talk = "expectation_talk"


class PlanReason(Reason):
    # Optional addition: the rule's id, and the clinic settings (policy, not evidence) it used.
    rule: str
    clinic_defaults: list[str] = Field(default_factory=list)


class Plan(BaseModel):
    duration_min: int
    pressure: int
    interval_days: int
    reasons: list[PlanReason]
    flags: list[PlanFlag]
