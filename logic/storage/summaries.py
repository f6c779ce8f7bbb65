"""Rules behind the client list's denormalized columns, shared by the storage and migration 0002."""

from __future__ import annotations

from ..planner import TREATMENTS_BEFORE_REVIEW, clinically_important_improvement


def no_progress_from(session_count: int, first_pain_before: int | None, latest_pain_before: int | None) -> bool:
    """The planner's H2 flag from three numbers, so it needs no more than the first and the latest session.

    H2 with X6 measures lasting change: at least three treatments and no clinically important fall from
    the first session's pain before to the latest session's pain before (sessions ordered by date, then
    id). Relief right after a session that is gone by the next is no progress (E2).
    """
    if session_count < TREATMENTS_BEFORE_REVIEW or first_pain_before is None or latest_pain_before is None:
        return False
    if first_pain_before == 0:
        return False
    return not clinically_important_improvement(first_pain_before, latest_pain_before)


def disclosures_not_reviewed(disclosed_conditions: list[str] | None, conditions_reviewed: bool | None) -> bool:
    """A1: conditions were disclosed and the therapist has not reviewed them yet."""
    return bool(disclosed_conditions) and not conditions_reviewed
