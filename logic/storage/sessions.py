"""Treatment sessions: add, correct (keeping the version replaced), list with each session's level.

Functions of one open database session, run by `Storage` inside its transactions.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Level, Treatment
from . import clients
from .errors import NotFound
from .records import SessionIn, SessionRecord, SessionVersionRecord
from .schema import Client, ReactionCheck, SessionVersion, TreatmentSession
from .summaries import no_progress_from

SESSION_FIELDS = (
    "date", "treatment", "neck_treatment", "duration_min", "pressure", "regions", "pain_before", "pain_after", "note",
)  # fmt: skip
VERSION_FIELDS = (*SESSION_FIELDS, "session_id", "version", "saved_at", "replaced_at", "replaced_by")


def add(s: Session, client: Client, data: SessionIn, now: dt.datetime) -> TreatmentSession:
    """A new session of the locked `client`; its session count and no-progress flag follow."""
    row = TreatmentSession(client_id=client.id, created_at=now, updated_at=now)
    _apply(row, data)
    s.add(row)
    s.flush()
    client.session_count = client.session_count + 1  # read-then-write, under the client lock
    _refresh_no_progress(s, client)
    return row


def update(s: Session, session_id: int, data: SessionIn, now: dt.datetime, actor: str) -> SessionRecord:
    """Correct a session; a change keeps the version it replaces (who replaced it: `actor`)."""
    owner = s.scalar(select(TreatmentSession.client_id).where(TreatmentSession.id == session_id))
    if owner is None:
        raise NotFound("session", session_id)
    client = clients.lock(s, owner, health_data=True)
    row = s.get(TreatmentSession, session_id, populate_existing=True)
    assert row is not None
    before = {name: getattr(row, name) for name in SESSION_FIELDS}
    _apply(row, data)
    if any(getattr(row, name) != value for name, value in before.items()):  # keep the version it replaces
        version = s.scalar(
            select(func.count()).select_from(SessionVersion).where(SessionVersion.session_id == session_id)
        )
        s.add(SessionVersion(
            session_id=session_id, client_id=owner, version=(version or 0) + 1, **before,
            saved_at=row.updated_at, replaced_at=now, replaced_by=actor[:100],
        ))  # fmt: skip
        row.updated_at = now
    s.flush()
    _refresh_no_progress(s, client)
    return record(row, levels(s, owner, [session_id]).get(session_id))


def versions(s: Session, client_id: int) -> dict[int, list[SessionVersionRecord]]:
    """The earlier versions of the client's changed sessions, by session id, oldest first."""
    clients.get(s, client_id)
    rows = s.scalars(
        select(SessionVersion)
        .where(SessionVersion.client_id == client_id)
        .order_by(SessionVersion.session_id, SessionVersion.version)
    )
    found: dict[int, list[SessionVersionRecord]] = {}
    for row in rows:
        values = {name: getattr(row, name) for name in VERSION_FIELDS}
        values.update(treatment=Treatment(row.treatment), regions=list(row.regions))
        # Built without re-validation, like a session: the values were valid when they were saved.
        found.setdefault(row.session_id, []).append(SessionVersionRecord.model_construct(**values))
    return found


def listed(s: Session, client_id: int, client: Client | None = None) -> list[SessionRecord]:
    """The client's sessions, oldest first (date, then order of entry), each with its latest level."""
    if client is None:
        clients.get(s, client_id)
    rows = s.scalars(
        select(TreatmentSession)
        .where(TreatmentSession.client_id == client_id)
        .order_by(TreatmentSession.date, TreatmentSession.id)
    ).all()
    found = levels(s, client_id) if rows else {}
    return [record(r, found.get(r.id)) for r in rows]


def levels(s: Session, client_id: int, session_ids: list[int] | None = None) -> dict[int, Level]:
    """Each session's latest reaction level (the client's checks only: an indexed, bounded read)."""
    query = select(ReactionCheck.session_id, ReactionCheck.level).where(
        ReactionCheck.client_id == client_id, ReactionCheck.session_id.is_not(None)
    )
    if session_ids is not None:
        query = query.where(ReactionCheck.session_id.in_(session_ids))
    found: dict[int, Level] = {}
    for session_id, level in s.execute(query.order_by(ReactionCheck.checked_at, ReactionCheck.id)):
        if session_id is not None:  # the query's own condition; says so to the type checker
            found[session_id] = Level(level)
    return found


def record(row: TreatmentSession, level: Level | str | None) -> SessionRecord:
    # Built without re-validation (the row was validated on the way in): the record page lists many.
    return SessionRecord.model_construct(
        id=row.id,
        client_id=row.client_id,
        date=row.date,
        treatment=Treatment(row.treatment),
        neck_treatment=row.neck_treatment,
        duration_min=row.duration_min,
        pressure=row.pressure,
        regions=list(row.regions),
        pain_before=row.pain_before,
        pain_after=row.pain_after,
        note=row.note,
        created_at=row.created_at,
        updated_at=row.updated_at,
        reaction_level=Level(level) if level is not None else None,
    )


def _apply(row: TreatmentSession, data: SessionIn) -> None:
    row.date = data.date
    row.treatment = data.treatment.value
    row.neck_treatment = data.neck_treatment
    row.duration_min = data.duration_min
    row.pressure = data.pressure
    row.regions = list(data.regions)
    row.pain_before = data.pain_before
    row.pain_after = data.pain_after
    row.note = data.note


def _refresh_no_progress(s: Session, client: Client) -> None:
    """H2 from the first and the latest session only (pain before each): two indexed single-row reads."""
    first = s.scalar(
        select(TreatmentSession.pain_before)
        .where(TreatmentSession.client_id == client.id)
        .order_by(TreatmentSession.date, TreatmentSession.id)
        .limit(1)
    )
    last = s.scalar(
        select(TreatmentSession.pain_before)
        .where(TreatmentSession.client_id == client.id)
        .order_by(TreatmentSession.date.desc(), TreatmentSession.id.desc())
        .limit(1)
    )
    client.no_progress = no_progress_from(client.session_count, first, last)
