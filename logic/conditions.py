"""Conditions of the decision tree, as data.

A condition reads a plain JSON-like dict of answers (a reaction report's `model_dump(mode="json")` or
the questionnaire's partial answers). Each condition can list the fields it reads, so tests can prove
that a node never looks at an answer the questionnaire has not asked yet.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .models import INTENSITY_ORDER, Intensity
from .progress import IMPORTANT_CHANGE_POINTS
from .settings import ClinicSettings

Answers = dict[str, Any]
_RANK = {level.value: rank for rank, level in enumerate(INTENSITY_ORDER)}


def read(answers: Answers, path: str) -> Any:
    """The value at a dotted path; a symptom nobody reported is `none` (interfaces.md)."""
    head, _, tail = path.partition(".")
    value = answers[head]
    if not tail:
        return value
    if head == "symptoms":
        return value.get(tail, "none")
    return value[tail]


class _Condition(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    def fields(self) -> set[str]:
        """Top-level answer fields this condition reads."""
        raise NotImplementedError

    def holds(self, answers: Answers, settings: ClinicSettings) -> bool:
        raise NotImplementedError


class AnyFlag(_Condition):
    """True when any of the yes/no answers is yes."""

    op: Literal["any_flag"] = "any_flag"
    paths: tuple[str, ...]

    def fields(self) -> set[str]:
        return {p.split(".")[0] for p in self.paths}

    def holds(self, answers: Answers, settings: ClinicSettings) -> bool:
        return any(read(answers, p) is True for p in self.paths)


class AnySymptomAtLeast(_Condition):
    """True when any of the named symptoms is at least this intensity."""

    op: Literal["symptom_at_least"] = "symptom_at_least"
    symptoms: tuple[str, ...]
    intensity: Intensity

    def fields(self) -> set[str]:
        return {"symptoms"}

    def holds(self, answers: Answers, settings: ClinicSettings) -> bool:
        threshold = _RANK[self.intensity.value]
        found = answers["symptoms"]
        return any(_RANK[found.get(s, "none")] >= threshold for s in self.symptoms)


class OneOf(_Condition):
    op: Literal["one_of"] = "one_of"
    path: str
    values: tuple[str, ...]

    def fields(self) -> set[str]:
        return {self.path.split(".")[0]}

    def holds(self, answers: Answers, settings: ClinicSettings) -> bool:
        return read(answers, self.path) in self.values


class Above(_Condition):
    """A number above a threshold: a fixed value from the source, or a named clinic default."""

    op: Literal["above"] = "above"
    path: str
    value: float | None = None
    setting: str | None = None
    inclusive: bool = False

    def fields(self) -> set[str]:
        return {self.path.split(".")[0]}

    def threshold(self, settings: ClinicSettings) -> float:
        if self.setting:
            return float(getattr(settings, self.setting))
        if self.value is None:
            raise ValueError(f"{self.path}: a threshold needs a value or a setting")
        return self.value

    def holds(self, answers: Answers, settings: ClinicSettings) -> bool:
        number, limit = read(answers, self.path), self.threshold(settings)
        return bool(number >= limit if self.inclusive else number > limit)


class PainRose(_Condition):
    """The original complaint hurts more now than just before the treatment."""

    op: Literal["pain_rose"] = "pain_rose"

    def fields(self) -> set[str]:
        return {"pain_before", "pain_now"}

    def holds(self, answers: Answers, settings: ClinicSettings) -> bool:
        return bool(answers["pain_now"] > answers["pain_before"])


class NoNetImprovement(_Condition):
    """E2: the complaint is back at (or above) its intensity before the treatment."""

    op: Literal["no_net_improvement"] = "no_net_improvement"

    def fields(self) -> set[str]:
        return {"pain_before", "pain_now"}

    def holds(self, answers: Answers, settings: ClinicSettings) -> bool:
        return bool(answers["pain_before"] > 0 and answers["pain_now"] >= answers["pain_before"])


class LargeFlare(_Condition):
    """The original complaint rose by at least the clinic's 'large' step, or by a clinically important
    step (X6) to at least the clinic's 'large' level.

    B5 reassures about moderate flare-ups only; both thresholds are named clinic defaults (X6, F4, C5)."""

    op: Literal["large_flare"] = "large_flare"

    def fields(self) -> set[str]:
        return {"pain_before", "pain_now"}

    def holds(self, answers: Answers, settings: ClinicSettings) -> bool:
        rise, now = answers["pain_now"] - answers["pain_before"], answers["pain_now"]
        return bool(
            rise >= settings.large_flare_rise_points
            or (rise >= IMPORTANT_CHANGE_POINTS and now >= settings.large_flare_pain_level)
        )


class PainNotBelowBefore(_Condition):
    """E2's 'no net improvement' read safely: the complaint is not below its level before the treatment."""

    op: Literal["pain_not_below_before"] = "pain_not_below_before"

    def fields(self) -> set[str]:
        return {"pain_before", "pain_now"}

    def holds(self, answers: Answers, settings: ClinicSettings) -> bool:
        return bool(answers["pain_now"] >= answers["pain_before"])


class AllOf(_Condition):
    op: Literal["all"] = "all"
    of: tuple[Condition, ...]

    def fields(self) -> set[str]:
        return set().union(*(c.fields() for c in self.of))

    def holds(self, answers: Answers, settings: ClinicSettings) -> bool:
        return all(c.holds(answers, settings) for c in self.of)


class AnyOf(_Condition):
    op: Literal["any"] = "any"
    of: tuple[Condition, ...]

    def fields(self) -> set[str]:
        return set().union(*(c.fields() for c in self.of))

    def holds(self, answers: Answers, settings: ClinicSettings) -> bool:
        return any(c.holds(answers, settings) for c in self.of)


Condition = Annotated[
    AnyFlag
    | AnySymptomAtLeast
    | OneOf
    | Above
    | PainRose
    | NoNetImprovement
    | LargeFlare
    | PainNotBelowBefore
    | AllOf
    | AnyOf,
    Field(discriminator="op"),
]
AllOf.model_rebuild()
AnyOf.model_rebuild()
