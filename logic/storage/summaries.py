"""The client list's denormalized columns (storage and migrations 0002, 0010) follow the domain's
rules: H2 with X6 (logic/progress.py) and A1 (logic/disclosures.py). Nothing is decided here."""

from __future__ import annotations

from ..disclosures import disclosures_not_reviewed
from ..progress import no_progress_from

__all__ = ["disclosures_not_reviewed", "no_progress_from"]
