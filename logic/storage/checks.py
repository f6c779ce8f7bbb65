"""Reaction checks: store one (the client's latest level follows the newest check), list them.

Functions of one open database session, run by `Storage` inside its transactions. The assessment is
given: the storage never words one itself (see Storage.record_check for a report given without one).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Assessment
from . import clients
from .errors import NotFound
from .records import CheckIn, CheckRecord
from .schema import Client, ReactionCheck, TreatmentSession


def insert(
    s: Session, client: Client, reaction: CheckIn, assessment: Assessment, session_id: int | None, now: dt.datetime
) -> ReactionCheck:
    """A check of the locked `client`, linked to `session_id` (or to none)."""
    checked_at = reaction.checked_at or now
    answers = reaction.report.model_dump(mode="json") if reaction.report is not None else dict(reaction.answers or {})
    row = ReactionCheck(
        client_id=client.id,
        session_id=session_id,
        checked_at=checked_at,
        report=answers,
        complete=reaction.report is not None,
        level=assessment.level.value,
        progress_sign=assessment.progress_sign,
        path=list(assessment.path),
        reasons=[r.model_dump(mode="json") for r in assessment.reasons],
        engine_version=assessment.engine_version,
        regions_now=list(reaction.regions_now),
        created_at=now,
        source=reaction.source,
    )
    s.add(row)
    s.flush()
    if client.latest_check_at is None or checked_at >= client.latest_check_at:
        client.latest_level = row.level
        client.latest_check_at = checked_at
    return row


def check_session_owner(s: Session, client_id: int, session_id: int) -> None:
    """A check names a session of its own client only."""
    owner = s.scalar(select(TreatmentSession.client_id).where(TreatmentSession.id == session_id))
    if owner != client_id:
        raise NotFound("session", session_id, client_id)


def listed(s: Session, client_id: int, session_id: int | None = None) -> list[CheckRecord]:
    """The client's reaction checks, oldest first; only one session's when session_id is given."""
    clients.get(s, client_id)
    query = select(ReactionCheck).where(ReactionCheck.client_id == client_id)
    if session_id is not None:
        query = query.where(ReactionCheck.session_id == session_id)
    rows = s.scalars(query.order_by(ReactionCheck.checked_at, ReactionCheck.id))
    return [record(r) for r in rows]


def record(row: ReactionCheck) -> CheckRecord:
    return CheckRecord(
        id=row.id,
        client_id=row.client_id,
        session_id=row.session_id,
        checked_at=row.checked_at,
        report=row.report if row.complete else None,
        answers=dict(row.report),
        level=row.level,
        progress_sign=row.progress_sign,
        path=list(row.path),
        reasons=list(row.reasons),
        engine_version=row.engine_version,
        regions_now=list(row.regions_now),
        source=row.source,
        seen_at=row.seen_at,
    )
