"""The database fixtures reach real servers: PostgreSQL via postgres_url, and both backends via database_url."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, inspect, select, text


@pytest.mark.postgres
def test_postgres_url_answers(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("select 1")).scalar_one() == 1
            assert conn.dialect.name == "postgresql"
    finally:
        engine.dispose()


def test_database_url_is_fresh_and_writable(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        assert inspect(engine).get_table_names() == []
        metadata = MetaData()
        clients = Table("clients", metadata, Column("id", Integer, primary_key=True), Column("name", String(50)))
        metadata.create_all(engine)
        with engine.begin() as conn:
            conn.execute(clients.insert(), [{"name": "Anna"}, {"name": "Bo"}])
        with engine.connect() as conn:
            assert conn.execute(select(clients.c.name).order_by(clients.c.id)).scalars().all() == ["Anna", "Bo"]
        assert inspect(engine).get_table_names() == ["clients"]
    finally:
        engine.dispose()
