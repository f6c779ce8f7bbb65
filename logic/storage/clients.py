"""Client rows: read, lock, create and change a client, the risk profile and the original pain.

Functions of one open database session (`Storage` runs them inside its transactions, with retries and
the audit row); results are the frozen records of records.py.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ..badges import badges, is_elderly
from . import names
from .changes import changes
from .errors import ConsentRequired, NotFound
from .records import ClientIn, ClientRecord, PainMapIn, RiskProfile, RiskProfileIn, current_year
from .schema import Client, ClientNamePrefix, name_prefix_rows


def get(s: Session, client_id: int) -> Client:
    row = s.get(Client, client_id)
    if row is None:
        raise NotFound("client", client_id)
    return row


def lock(s: Session, client_id: int, health_data: bool = False) -> Client:
    """Read the client row with a write lock (FOR NO KEY UPDATE; SQLite holds the database lock)."""
    row = s.scalars(
        select(Client)
        .where(Client.id == client_id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    ).one_or_none()
    if row is None:
        raise NotFound("client", client_id)
    if health_data and not row.consent_health_data:
        raise ConsentRequired(client_id)
    return row


def create(
    s: Session, now: dt.datetime, data: ClientIn, risk: RiskProfileIn | None, pain: PainMapIn | None, elderly_age: int
) -> ClientRecord:
    row = Client(
        created_at=now,
        updated_at=now,
        known_fainting_tendency=False,
        disclosed_conditions=[],
        conditions_reviewed=False,
        original_pain_regions=[],
        session_count=0,
        no_progress=False,
        disclosures_not_reviewed=False,
    )
    _apply_client(row, data)
    if risk:
        _apply_profile(row, risk, now)
    if pain:
        _apply_pain(row, pain, now)
    s.add(row)
    s.flush()
    _insert_prefixes(s, row.id, row.name)
    return record(row, elderly_age)


def update(s: Session, client_id: int, data: ClientIn, now: dt.datetime, elderly_age: int) -> ClientRecord:
    row = lock(s, client_id)
    old_norm = row.name_norm
    _apply_client(row, data)
    row.updated_at = now
    if row.name_norm != old_norm:  # every prefix row carries the name: replace them all
        s.execute(delete(ClientNamePrefix).where(ClientNamePrefix.client_id == client_id))
        _insert_prefixes(s, client_id, row.name)
    return record(row, elderly_age)


def remove(s: Session, client_id: int) -> None:
    lock(s, client_id)
    s.execute(delete(Client).where(Client.id == client_id))
    changes(s)["deleted"]["clients"] = 1  # a Core delete, which the flush does not see


def set_profile(s: Session, client_id: int, risk: RiskProfileIn, now: dt.datetime, elderly_age: int) -> ClientRecord:
    row = lock(s, client_id, health_data=True)
    _apply_profile(row, risk, now)
    row.updated_at = now
    return record(row, elderly_age)


def set_pain(s: Session, client_id: int, pain: PainMapIn, now: dt.datetime, elderly_age: int) -> ClientRecord:
    row = lock(s, client_id, health_data=True)
    _apply_pain(row, pain, now)
    row.updated_at = now
    return record(row, elderly_age)


def record(row: Client, elderly_age: int) -> ClientRecord:
    profile = None
    if row.massage_experience is not None:
        profile = RiskProfile(
            massage_experience=row.massage_experience,
            condition_months=row.condition_months,
            trigger_points=row.trigger_points,
            trigger_point_severity=row.trigger_point_severity,
            stressors=row.stressors,
            bad_experience_before=row.bad_experience_before,
            known_fainting_tendency=row.known_fainting_tendency,
            disclosed_conditions=list(row.disclosed_conditions),
            conditions_reviewed=row.conditions_reviewed,
            reviewed_at=row.reviewed_at,
            updated_at=row.profile_updated_at,
        )
    age = current_year() - row.birth_year
    return ClientRecord(
        id=row.id,
        name=row.name,
        birth_year=row.birth_year,
        age=age,
        contact=row.contact,
        consent_health_data=row.consent_health_data,
        consent_date=row.consent_date,
        created_at=row.created_at,
        updated_at=row.updated_at,
        profile=profile,
        original_pain_regions=list(row.original_pain_regions),
        original_pain_recorded_at=row.original_pain_recorded_at,
        session_count=row.session_count,
        latest_level=row.latest_level,
        latest_check_at=row.latest_check_at,
        badges=badges(
            is_elderly(age, elderly_age), row.known_fainting_tendency, row.disclosures_not_reviewed, row.no_progress
        ),
    )


def _insert_prefixes(s: Session, client_id: int, name: str) -> None:
    rows = name_prefix_rows(client_id, name)
    if rows:  # a name of punctuation alone has no words, and is found by no search word
        s.execute(insert(ClientNamePrefix), rows)


def _apply_client(row: Client, data: ClientIn) -> None:
    row.name = data.name
    row.name_norm = names.normalize(data.name)
    row.birth_year = data.birth_year
    row.contact = data.contact
    row.consent_health_data = data.consent_health_data
    row.consent_date = data.consent_date


def _apply_profile(row: Client, risk: RiskProfileIn, now: dt.datetime) -> None:
    row.massage_experience = risk.massage_experience.value
    row.condition_months = risk.condition_months
    row.trigger_points = risk.trigger_points.value
    row.trigger_point_severity = risk.trigger_point_severity.value
    row.stressors = risk.stressors
    row.bad_experience_before = risk.bad_experience_before
    row.known_fainting_tendency = risk.known_fainting_tendency
    row.disclosed_conditions = list(risk.disclosed_conditions)
    if risk.conditions_reviewed:
        row.reviewed_at = risk.reviewed_at or (row.reviewed_at if row.conditions_reviewed else None) or now
    else:
        row.reviewed_at = None
    row.conditions_reviewed = risk.conditions_reviewed
    row.disclosures_not_reviewed = risk.disclosures_not_reviewed
    row.profile_updated_at = now


def _apply_pain(row: Client, pain: PainMapIn, now: dt.datetime) -> None:
    row.original_pain_regions = list(pain.regions)
    row.original_pain_recorded_at = pain.recorded_at or now
