"""Assess a client's reaction report and record the check, with the assessment the user saw."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..models import Assessment, Language, ReactionReport
from ..reaction import assess
from ..settings import ClinicSettings
from ..storage import CheckIn, CheckRecord, Storage


@dataclass(frozen=True)
class RecordedCheck:
    assessment: Assessment  # worded in the language asked for
    record: CheckRecord


def assess_and_record(
    storage: Storage,
    client_id: int,
    report: ReactionReport,
    lang: Language,
    settings: ClinicSettings | None = None,
    *,
    regions_now: Iterable[str] = (),
    session_id: int | None = None,
    checked_at: dt.datetime | None = None,
) -> RecordedCheck:
    """Assess `report` under `settings` (default: the storage's) in `lang`, and store it as a check of
    the client, linked to `session_id` when given. Storage errors (no consent, unknown client or
    session) are raised as they are, and then nothing is stored."""
    assessment = assess(report, lang, settings or storage.settings)
    check = CheckIn(
        report=report, assessment=assessment, regions_now=list(regions_now), session_id=session_id,
        checked_at=checked_at,
    )  # fmt: skip
    return RecordedCheck(assessment, storage.record_check(client_id, check))
