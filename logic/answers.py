"""How a questionnaire's raw answers become the engine's report fields, in one place for every form.

The self-check (one question at a time) and the therapist's consultation form both read their
widgets through these rules, so "not sure" and the hours of worsening mean the same everywhere.
"""

from __future__ import annotations

from .models import Trajectory

YES, NO, UNSURE = "yes", "no", "unsure"


def yes_no_choices(unsure_means: bool | None) -> list[str]:
    """A yes/no question's choices: "not sure" only where the tree says which answer it counts as."""
    return [YES, NO] + ([UNSURE] if unsure_means is not None else [])


def yes_no_value(choice: str, unsure_means: bool | None) -> bool:
    """A yes/no answer; "not sure" counts as the tree's `unsure_means` (always the safer answer:
    a neck perhaps treated counts as treated, F3/X2; a fainting tendency not known as none, F2)."""
    if choice == UNSURE:
        if unsure_means is None:
            raise ValueError("this question offers no 'not sure'")
        return unsure_means
    return choice == YES


def asks_worsening_hours(trajectory: str | None) -> bool:
    """Which trajectory answers ask how long it has been getting worse: a clear worsening (then the
    hours are required) and "not sure" (optional: any hours given still count, F4)."""
    return trajectory in (Trajectory.worsening.value, Trajectory.unsure.value)


def worsening_hours_required(trajectory: str | None) -> bool:
    """After "clearly getting worse" the hours are required: left empty, they are not read as 0 (F4)."""
    return trajectory == Trajectory.worsening.value


def worsening_hours_value(trajectory: str | None, given: float | None) -> float | None:
    """The report's `worsening_hours` (F4): hours of clear worsening count whatever the trajectory
    answer beside them (the engine reads them as worsening, never as reassurance); none given is 0,
    except after "clearly getting worse", where the hours are required: None means missing, never
    read as 0 hours."""
    if given is not None:
        return float(given)
    return None if worsening_hours_required(trajectory) else 0.0
