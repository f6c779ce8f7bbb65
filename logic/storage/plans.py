"""Saved plans: the engine's suggestion with what the therapist chose.

Functions of one open database session, run by `Storage` inside its transactions.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import clients
from .records import PlanIn, PlanRecord
from .schema import SavedPlan


def save(s: Session, client_id: int, data: PlanIn, now: dt.datetime) -> PlanRecord:
    clients.lock(s, client_id, health_data=True)
    row = SavedPlan(
        client_id=client_id,
        created_at=data.created_at or now,
        request=data.request.model_dump(mode="json"),
        suggested=data.suggested.model_dump(mode="json"),
        chosen_duration_min=data.chosen_duration_min,
        chosen_pressure=data.chosen_pressure,
        chosen_interval_days=data.chosen_interval_days,
        accepted=data.accepted,
    )
    s.add(row)
    s.flush()
    return record(row)


def listed(s: Session, client_id: int) -> list[PlanRecord]:
    """The client's saved plans, oldest first."""
    clients.get(s, client_id)
    rows = s.scalars(
        select(SavedPlan).where(SavedPlan.client_id == client_id).order_by(SavedPlan.created_at, SavedPlan.id)
    )
    return [record(r) for r in rows]


def record(row: SavedPlan) -> PlanRecord:
    return PlanRecord(
        id=row.id,
        client_id=row.client_id,
        created_at=row.created_at,
        request=row.request,
        suggested=row.suggested,
        chosen_duration_min=row.chosen_duration_min,
        chosen_pressure=row.chosen_pressure,
        chosen_interval_days=row.chosen_interval_days,
        accepted=row.accepted,
    )
