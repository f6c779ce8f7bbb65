"""Fixtures every test can use: the Hypothesis profile, a PostgreSQL server and fresh databases.

- `postgres_url`: a SQLAlchemy URL of a PostgreSQL database, from REAKTIONSGUIDE_TEST_POSTGRES_URL, or a
  throwaway local server (tests/pgcluster.py) when that is unset outside CI.
- `database_url`: parametrized over "sqlite" and "postgresql"; a fresh, empty database per test.
- every test runs with REAKTIONSGUIDE_DATA_DIR set to an empty folder of its own.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from hypothesis import settings
from sqlalchemy.engine import make_url

from tests import pgcluster

settings.register_profile(
    "ci", deadline=None, max_examples=int(os.environ.get("REAKTIONSGUIDE_TEST_MAX_EXAMPLES", "200"))
)
settings.load_profile("ci")

POSTGRES_URL_ENV = "REAKTIONSGUIDE_TEST_POSTGRES_URL"


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test touches the developer's own database: settings point at an empty data dir of the test's."""
    from logic.settings import get_settings

    monkeypatch.setenv("REAKTIONSGUIDE_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("REAKTIONSGUIDE_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    url = os.environ.get(POSTGRES_URL_ENV)
    if url:
        yield url
        return
    if os.environ.get("CI"):
        pytest.fail(f"{POSTGRES_URL_ENV} is not set; in CI PostgreSQL tests must run, not skip (see .ci/run)")
    bin_dir = pgcluster.find_bin_dir()
    if bin_dir is None:
        pytest.skip(f"no PostgreSQL: set {POSTGRES_URL_ENV} or install the postgresql server (initdb)")
    try:
        cluster = pgcluster.start(bin_dir=bin_dir)
    except pgcluster.ClusterError as exc:
        pytest.fail(f"could not start a throwaway PostgreSQL server: {exc}")
    try:
        yield cluster.url
    finally:
        pgcluster.stop(cluster.base, bin_dir)


def _psycopg_url(sqlalchemy_url: str) -> str:
    """The same database as a libpq URL (drops SQLAlchemy's `+psycopg` driver suffix)."""
    return make_url(sqlalchemy_url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A SQLAlchemy URL of a new, empty database; dropped after the test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/test.db"
        return
    server = request.getfixturevalue("postgres_url")
    admin_url = _psycopg_url(server)
    name = f"rg_test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
