"""UTCDateTime: aware UTC datetimes in and out on SQLite and PostgreSQL, whatever zone went in."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from logic.storage import engine as storage_engine
from logic.storage.schema import UTCDateTime

UTC = dt.UTC
CET = dt.timezone(dt.timedelta(hours=1))

meta = sa.MetaData()
stamps = sa.Table("stamps", meta, sa.Column("id", sa.Integer, primary_key=True), sa.Column("at", UTCDateTime))


def test_round_trip_is_aware_utc(database_url: str) -> None:
    engine = storage_engine.create(make_url(database_url))
    try:
        meta.create_all(engine)
        given = [
            dt.datetime(2026, 5, 1, 9, 30, tzinfo=UTC),
            dt.datetime(2026, 5, 1, 9, 30, 0, 123456, tzinfo=UTC),
            dt.datetime(2026, 5, 1, 10, 30, tzinfo=CET),  # the same instant as the first
            dt.datetime(2026, 5, 1, 9, 30),  # naive: taken as UTC
            None,
        ]
        with engine.begin() as conn:
            conn.execute(stamps.insert(), [{"id": i, "at": at} for i, at in enumerate(given)])
            got = conn.execute(sa.select(stamps.c.at).order_by(stamps.c.id)).scalars().all()
        assert got == [given[0], given[1], given[0], given[0], None]
        assert all(at.tzinfo is not None and at.utcoffset() == dt.timedelta(0) for at in got[:4])
    finally:
        engine.dispose()


def test_sqlite_reads_other_stored_forms() -> None:
    """The fast way reads what the storage writes; text in any other form takes the dialect's parser."""
    dialect = sa.create_engine("sqlite://").dialect
    read = UTCDateTime().dialect_impl(dialect).result_processor(dialect, None)
    at = dt.datetime(2026, 5, 1, 9, 30, tzinfo=UTC)
    assert read("2026-05-01 09:30:00.000000") == at and read("2026-05-01 09:30:00.000000").tzinfo is not None
    assert read("2026-05-01 09:30:00") == at
    assert read("2026-05-01 11:30:00+02:00") == at
    assert read(None) is None
