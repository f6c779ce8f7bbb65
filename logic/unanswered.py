"""Which unanswered questions of a therapist's reaction check could change its result.

The therapist's form asks every question at once, but the tree needs an answer only where it can change
the way through it: with pain 6 -> 3 the quality of the pain (E1) decides nothing, since every branch that
reads it also needs the pain to have risen or not to have fallen. A choice left empty is therefore tried
with each of its answers; when every answer reaches the same leaf, the question is not required, and the
result is the one its safer answer ("not sure" where there is one) gives. When the answers disagree, the
question is required and named. Numbers (hours, pain) and the red flags are never filled in.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from .models import FeelsLike, NewPain, ReactionReport, Trajectory, Treatment
from .reaction import walk
from .settings import ClinicSettings, get_settings

# The report's choice fields a therapist may leave empty, with their answers; the safer answer first
# (what a "not sure" counts as), so that a result tried with it is the one shown.
OPTIONAL_CHOICES: dict[str, tuple[Any, ...]] = {
    "feels_like": (FeelsLike.unsure.value, FeelsLike.original_pain_worse.value, FeelsLike.bruise_or_irritation.value),
    "trajectory": tuple(
        t.value for t in (Trajectory.unsure, Trajectory.worsening, Trajectory.stable, Trajectory.improving)
    ),
    "new_pain_elsewhere": (NewPain.different.value, NewPain.similar_to_original.value, NewPain.none.value),
    "neck_treatment": (True, False),
    "treatment": tuple(t.value for t in Treatment),
}
# More combinations than this are not tried: the fields stay required (a form left mostly empty).
MAX_TRIALS = 256


@dataclass
class Completion:
    """The report to assess (None while something that matters is missing), the fields that were filled
    because no answer could change the result, and the empty fields whose answer can."""

    report: ReactionReport | None
    filled: list[str] = field(default_factory=list)
    required: list[str] = field(default_factory=list)


def complete(raw: dict[str, Any], settings: ClinicSettings | None = None) -> Completion:
    """Fill the empty choices of `raw` that cannot change the result; name those that can.

    `raw` is the form's input with unanswered fields left out. Any other problem (a missing number, a
    red flag unanswered, a value out of range) leaves the report None and `required` empty: the
    caller's validation names it."""
    settings = settings or get_settings()
    missing = [name for name in OPTIONAL_CHOICES if name not in raw]
    if not missing:
        return Completion(report=valid_report(raw))
    trials = [
        dict(zip(missing, values, strict=True)) for values in itertools.product(*(OPTIONAL_CHOICES[m] for m in missing))
    ]
    if len(trials) > MAX_TRIALS:
        return Completion(report=None, required=missing)
    reports = [valid_report(raw | trial) for trial in trials]
    if any(report is None for report in reports):
        return Completion(report=None)  # something else is wrong: the caller's validation says what
    leaves = [walk(report.model_dump(mode="json"), settings).leaf for report in reports]  # type: ignore[union-attr]
    required = [name for name in missing if _decides(name, trials, leaves)]
    if required:
        return Completion(report=None, required=required)
    return Completion(report=reports[0], filled=missing)


def _decides(name: str, trials: list[dict[str, Any]], leaves: list[Any]) -> bool:
    """Whether some combination of the other empty fields makes this field's answer change the leaf."""
    seen: dict[tuple[tuple[str, str], ...], str] = {}
    for trial, leaf in zip(trials, leaves, strict=True):
        rest = tuple(sorted((k, str(v)) for k, v in trial.items() if k != name))
        if seen.setdefault(rest, leaf.id) != leaf.id:
            return True
    return False


def valid_report(raw: dict[str, Any]) -> ReactionReport | None:
    try:
        return ReactionReport.model_validate(raw)
    except ValidationError:
        return None
