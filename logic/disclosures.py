"""A1: the client's disclosed conditions must be reviewed before treatment, in one place.

The planner's `review_disclosures` flag, the risk profile's badge and the client list's
denormalized column all ask this one function.
"""

from __future__ import annotations

from collections.abc import Sequence


def disclosures_not_reviewed(disclosed_conditions: Sequence[str] | None, conditions_reviewed: bool | None) -> bool:
    """A1: conditions were disclosed and the therapist has not reviewed them yet."""
    return bool(disclosed_conditions) and not conditions_reviewed
