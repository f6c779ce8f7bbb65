"""What the storage accepts (`...In`) and returns (`...Record`, `ClientSummary`): typed pydantic models.

Every method of `Storage` validates its input with these models before it opens a transaction, so
invalid input raises `pydantic.ValidationError` (show it with `logic.errors.explain`) and changes nothing.
Inputs forbid unknown fields, like the engine's own models.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from .. import body_map
from ..badges import Badge
from ..disclosures import disclosures_not_reviewed
from ..models import (
    MAX_CONDITIONS,
    Assessment,
    Experience,
    Level,
    NonNegative,
    PainScore,
    Plan,
    PlanRequest,
    ReactionReport,
    Reason,
    StrictBool,
    Treatment,
    TriggerPointCount,
    TriggerPointSeverity,
)
from ..text_rules import Condition, line, multiline

# An error's text (which may reach a server log) never repeats the value: it is health data.
_input = ConfigDict(extra="forbid", str_strip_whitespace=True, hide_input_in_errors=True)
_record = ConfigDict(frozen=True)

UTC = dt.UTC


def utcnow() -> dt.datetime:
    return dt.datetime.now(UTC)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """Timestamps are stored in UTC; a naive one is taken to be UTC already."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _regions(value: list[str]) -> list[str]:
    unknown = body_map.unknown_regions(value)
    if unknown:
        raise ValueError(f"unknown body region: {', '.join(unknown)}")
    # Each region once, in the map's order, so equal sets are stored equally.
    chosen = set(value)
    return [r.id for r in body_map.REGIONS if r.id in chosen]


RegionList = Annotated[list[str], AfterValidator(_regions)]
Timestamp = Annotated[dt.datetime, AfterValidator(_aware)]


def current_year() -> int:
    return dt.date.today().year


# --- Inputs ---


class ClientIn(BaseModel):
    """A client's identity and consent. Health data may only be stored with consent."""

    model_config = _input
    name: line(min_length=1, max_length=200)  # type: ignore[valid-type]  # built at run time (text_rules.line)
    birth_year: Annotated[int, Field(strict=True)]
    contact: line(max_length=200) | None = None  # type: ignore[valid-type]  # built at run time (text_rules.line)
    consent_health_data: StrictBool = False
    consent_date: dt.date | None = None

    @field_validator("birth_year")
    @classmethod
    def _plausible(cls, value: int) -> int:
        # The planner accepts ages 0-120 (interfaces.md), so birth years must give such an age.
        year = current_year()
        if not year - 120 <= value <= year:
            raise ValueError(f"must be between {year - 120} and {year}")
        return value

    @field_validator("contact")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None

    @model_validator(mode="after")
    def _consent_dated(self) -> ClientIn:
        if self.consent_health_data and self.consent_date is None:
            self.consent_date = dt.date.today()
        if not self.consent_health_data:
            self.consent_date = None
        return self


class RiskProfileIn(BaseModel):
    """interfaces.md's `client` fields, except age (from birth_year), plus when disclosures were reviewed."""

    model_config = _input
    massage_experience: Experience
    condition_months: NonNegative
    trigger_points: TriggerPointCount
    trigger_point_severity: TriggerPointSeverity
    stressors: StrictBool
    bad_experience_before: StrictBool
    known_fainting_tendency: StrictBool
    disclosed_conditions: list[Condition] = Field(default_factory=list, max_length=MAX_CONDITIONS)
    conditions_reviewed: StrictBool
    # When the therapist reviewed the disclosures; filled in with the time of saving when omitted.
    reviewed_at: Timestamp | None = None

    @field_validator("disclosed_conditions")
    @classmethod
    def _strip_blank(cls, value: list[str]) -> list[str]:
        seen: list[str] = []
        for item in (v.strip() for v in value):
            if item and item not in seen:
                seen.append(item)
        return seen

    @model_validator(mode="after")
    def _reviewed(self) -> RiskProfileIn:
        if not self.conditions_reviewed and self.reviewed_at is not None:
            self.reviewed_at = None
        return self

    @property
    def disclosures_not_reviewed(self) -> bool:
        return disclosures_not_reviewed(self.disclosed_conditions, self.conditions_reviewed)


class PainMapIn(BaseModel):
    """The original pain marked on the body map (E3)."""

    model_config = _input
    regions: RegionList = Field(min_length=1)
    recorded_at: Timestamp | None = None


class SessionIn(BaseModel):
    model_config = _input
    date: dt.date
    treatment: Treatment
    neck_treatment: StrictBool = False
    duration_min: Annotated[float, Field(gt=0, le=240, allow_inf_nan=False)]
    pressure: Annotated[float, Field(ge=0, le=10, allow_inf_nan=False)]
    regions: RegionList = Field(default_factory=list)
    pain_before: PainScore
    pain_after: PainScore
    note: multiline(max_length=4000) = ""  # type: ignore[valid-type]  # built at run time (text_rules.line)


def _answer_adapters() -> dict[str, TypeAdapter[Any]]:
    """One validator per report field, so partial questionnaire answers are checked field by field."""
    adapters: dict[str, TypeAdapter[Any]] = {}
    for name, info in ReactionReport.model_fields.items():
        kind: Any = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        adapters[name] = TypeAdapter(kind)
    return adapters


_ANSWERS = _answer_adapters()


class CheckIn(BaseModel):
    """A reaction check: the client's report and the assessment the engine gave.

    Give either the full `report`, or the questionnaire's `answers` when it reached a result before
    every question was asked (an emergency at the first question); then `assessment` is required.
    With a full report and no assessment the storage runs `logic.reaction.assess` itself.
    """

    model_config = _input
    report: ReactionReport | None = None
    answers: dict[str, Any] | None = None
    assessment: Assessment | None = None
    regions_now: RegionList = Field(default_factory=list)
    session_id: Annotated[int, Field(gt=0, strict=True)] | None = None
    checked_at: Timestamp | None = None
    # Who answered: the therapist with the client, or the client through a follow-up link (logic/follow_up.py).
    source: Literal["therapist", "client"] = "therapist"

    @field_validator("answers")
    @classmethod
    def _known_answers(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is None:
            return None
        unknown = sorted(set(value) - set(_ANSWERS))
        if unknown:
            raise ValueError(f"unknown answer: {', '.join(unknown)}")
        clean, problems = {}, []
        for key, raw in value.items():
            try:
                clean[key] = _ANSWERS[key].dump_python(_ANSWERS[key].validate_python(raw), mode="json")
            except ValidationError as error:
                problems += [f"{key}: {p['msg']}" for p in error.errors()]
        if problems:
            raise ValueError("; ".join(problems))
        return clean

    @model_validator(mode="after")
    def _one_source(self) -> CheckIn:
        if (self.report is None) == (self.answers is None):
            raise ValueError("give either the full report or the questionnaire's answers")
        if self.answers is not None and self.assessment is None:
            raise ValueError("answers without a full report need the assessment the questionnaire reached")
        return self


class PlanIn(BaseModel):
    """A plan as the engine suggested it and what the therapist chose."""

    model_config = _input
    request: PlanRequest
    suggested: Plan
    chosen_duration_min: Annotated[int, Field(ge=5, le=240, strict=True)]
    chosen_pressure: Annotated[int, Field(ge=0, le=10, strict=True)]
    chosen_interval_days: Annotated[int, Field(ge=1, le=365, strict=True)]
    accepted: StrictBool
    created_at: Timestamp | None = None


class ClientQuery(BaseModel):
    """A search of the client list: words that start words of the name, latest level(s), badges (all must hold)."""

    model_config = _input
    query: line(max_length=200) = ""  # type: ignore[valid-type]  # built at run time (text_rules.line)
    level: Level | list[Level] | None = None  # one level, or any of several (an empty list: any level)
    flags: list[Badge] = Field(default_factory=list)
    limit: Annotated[int, Field(ge=1, le=500)] = 25
    offset: Annotated[int, Field(ge=0)] = 0

    @property
    def levels(self) -> list[Level]:
        chosen = [self.level] if isinstance(self.level, Level) else set(self.level or [])
        return sorted(chosen, key=lambda level: level.rank)


# --- Records ---


class RiskProfile(RiskProfileIn):
    model_config = ConfigDict(frozen=True)
    updated_at: dt.datetime


class ClientRecord(BaseModel):
    model_config = _record
    id: int
    name: str
    birth_year: int
    age: int  # the age reached this year (the record has no birth date): the elderly flag errs early, not late
    contact: str | None
    consent_health_data: bool
    consent_date: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime
    profile: RiskProfile | None
    original_pain_regions: list[str]
    original_pain_recorded_at: dt.datetime | None
    session_count: int
    latest_level: Level | None
    latest_check_at: dt.datetime | None
    badges: list[Badge]


class SessionRecord(SessionIn):
    model_config = ConfigDict(frozen=True)
    id: int
    client_id: int
    created_at: dt.datetime
    updated_at: dt.datetime
    reaction_level: Level | None = None  # the level of the session's latest reaction check


class SessionVersionRecord(SessionIn):
    """A session as it was before a change: `version` 1 is as first saved, valid from `saved_at` until
    `replaced_at`, when `replaced_by` changed it."""

    model_config = ConfigDict(frozen=True)
    session_id: int
    version: int
    saved_at: dt.datetime
    replaced_at: dt.datetime
    replaced_by: str


class CheckRecord(BaseModel):
    model_config = _record
    id: int
    client_id: int
    session_id: int | None
    checked_at: dt.datetime
    report: ReactionReport | None  # None when the questionnaire ended early; see `answers`
    answers: dict[str, Any]  # the report's fields as answered (all of them for a full report)
    level: Level
    progress_sign: bool
    path: list[str]
    reasons: list[Reason]
    engine_version: str
    regions_now: list[str]
    source: Literal["therapist", "client"] = "therapist"
    seen_at: dt.datetime | None = None  # a client's report: when a therapist marked it seen


class PlanRecord(BaseModel):
    model_config = _record
    id: int
    client_id: int
    created_at: dt.datetime
    request: PlanRequest
    suggested: Plan
    chosen_duration_min: int
    chosen_pressure: int
    chosen_interval_days: int
    accepted: bool


class ClientSummary(BaseModel):
    """One row of the client list."""

    model_config = _record
    id: int
    name: str
    age: int
    latest_level: Level | None
    latest_check_at: dt.datetime | None
    session_count: int
    badges: list[Badge]


class ClientPage(BaseModel):
    model_config = _record
    items: list[ClientSummary]
    total: int  # matches of the whole query, counted up to search.count_bound(); bound + 1 means more
    limit: int
    offset: int
