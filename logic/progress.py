"""Lasting progress over a course of treatments (H2 with X6), in one place.

The planner's flag, the client list's denormalized `no_progress` column, the record's overview and
the pain chart's band all read these functions, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

# X6: a fall of about 2 points or 30 % on the 0-10 scale is a clinically important change (a fact of
# the source, not a clinic default).
IMPORTANT_CHANGE_POINTS = 2
IMPORTANT_CHANGE_FRACTION = 0.30
# H2: no progress after the third treatment.
TREATMENTS_BEFORE_REVIEW = 3


class PainScores(Protocol):
    pain_before: int
    pain_after: int


def clinically_important_improvement(before: float, after: float) -> bool:
    """X6: the pain fell by at least 2 points or 30 % from `before` to `after`."""
    drop = before - after
    return drop >= IMPORTANT_CHANGE_POINTS or (before > 0 and drop >= IMPORTANT_CHANGE_FRACTION * before)


def important_change_threshold(first_pain: float) -> float:
    """The highest pain that counts as a clinically important fall from `first_pain` (X6): a fall of
    2 points or of 30 %, whichever is reached first."""
    if first_pain <= 0:
        return 0.0
    return round(max(0.0, first_pain - min(IMPORTANT_CHANGE_POINTS, IMPORTANT_CHANGE_FRACTION * first_pain)), 2)


def no_progress_from(session_count: int, first_pain_before: int | None, latest_pain_before: int | None) -> bool:
    """H2 with X6 from three numbers (so the client list needs only the first and the latest session):
    at least three treatments and no clinically important fall from the first session's pain before to
    the latest session's pain before. Relief right after a session that is gone by the next is no
    progress (E2). A first pain of 0 leaves nothing to improve: no flag."""
    if session_count < TREATMENTS_BEFORE_REVIEW or first_pain_before is None or latest_pain_before is None:
        return False
    if first_pain_before == 0:
        return False
    return not clinically_important_improvement(first_pain_before, latest_pain_before)


def no_progress(history: Sequence[PainScores]) -> bool:
    """H2 with X6 over the sessions, oldest first (E2: falling back to the original level is no net
    improvement, however much relief a session gave right after it)."""
    if not history:
        return False
    return no_progress_from(len(history), history[0].pain_before, history[-1].pain_before)


def relief_fades(history: Sequence[PainScores]) -> bool:
    """No lasting progress, though the latest treatment left the pain importantly below the first level."""
    return no_progress(history) and clinically_important_improvement(history[0].pain_before, history[-1].pain_after)
