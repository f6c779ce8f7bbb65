"""The client list's risk badges and the rule that gives them (clinic settings decide who is elderly).

The storage keeps the columns they are read from up to date (a client's fainting tendency, whether
disclosures await review, whether treatment shows no progress); which badges a client carries, and in
what order, is decided here only.
"""

from __future__ import annotations

from enum import Enum


class Badge(str, Enum):
    """Flags on the client list, in the order they are shown."""

    elderly = "elderly"  # D5: age >= settings.elderly_age
    fainting_tendency = "fainting_tendency"  # F2
    disclosures_not_reviewed = "disclosures_not_reviewed"  # A1
    no_progress = "no_progress"  # H2 with X6, as logic.progress.no_progress


def is_elderly(age: int, elderly_age: int) -> bool:
    """D5: the clinic's elderly age reached (the record has a birth year only: this year's age)."""
    return age >= elderly_age


def badges(elderly: bool, fainting_tendency: bool, disclosures_not_reviewed: bool, no_progress: bool) -> list[Badge]:
    """The badges that hold, in Badge order."""
    held = (elderly, fainting_tendency, disclosures_not_reviewed, no_progress)
    return [badge for badge, on in zip(Badge, held, strict=True) if on]
