"""server.py's readiness route (GET /ready): 200 only while the database answers and its schema is at the
migrations' head; 503 with no detail otherwise. Against real SQLite and PostgreSQL databases."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient

import server
from logic.settings import ClinicSettings
from logic.storage import Storage, open_storage
from tests.storage_fixtures import database_url  # noqa: F401  (the fixture: SQLite and PostgreSQL)


@pytest.fixture
def opened(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Storage]:  # noqa: F811
    store = open_storage(database_url, ClinicSettings(data_dir=tmp_path / "data"))
    monkeypatch.setattr(server, "_storage", lambda: store)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def client() -> TestClient:
    return TestClient(Starlette(routes=[Route("/ready", server.ready)]))


def test_ready_when_the_database_answers_at_head(opened: Storage, client: TestClient) -> None:
    answer = client.get("/ready")
    assert (answer.status_code, answer.text) == (200, "ready")
    assert answer.headers["cache-control"] == "no-store"


def test_not_ready_when_the_schema_is_behind(opened: Storage, client: TestClient) -> None:
    with opened.engine.begin() as conn:  # a database another release left one migration behind
        conn.execute(text("UPDATE alembic_version SET version_num = '0009'"))
    answer = client.get("/ready")
    assert (answer.status_code, answer.text) == (503, "not ready")


def test_not_ready_without_a_database_and_no_detail_leaks(client: TestClient, monkeypatch, caplog) -> None:
    def unreachable():
        raise ConnectionError("password authentication failed for user clinic at db.internal:5432")

    monkeypatch.setattr(server, "_storage", unreachable)
    with caplog.at_level("WARNING", logger=server.log.name):
        answer = client.get("/ready")
    assert (answer.status_code, answer.text) == (503, "not ready")
    assert "db.internal" not in answer.text and "ConnectionError" in caplog.text


def test_the_app_serves_the_route() -> None:
    assert any(getattr(route, "path", None) == "/ready" for route in server.app._user_routes)
