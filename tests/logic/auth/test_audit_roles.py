"""PostgreSQL with two roles: migrations run as the schema's owner (REAKTIONSGUIDE_MIGRATION_DATABASE_URL),
the app as a role that may only SELECT and INSERT on the audit trail, so it cannot update, delete,
truncate or disable the triggers of the trail, while every write of the app still works.

Creating roles needs a role with CREATEROLE. The test server's own role (REAKTIONSGUIDE_TEST_POSTGRES_URL)
has none; the cluster's superuser `postgres` is reached through the Unix socket of the cluster that
tests/pgcluster.py started (its folder in PGCLUSTER_DIR, which .ci/run exports), else a throwaway
cluster of this module's own.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from logic.auth import audit, privacy
from logic.settings import ClinicSettings
from logic.storage import migrate, open_storage
from tests import pgcluster
from tests.logic.storage import storage_helpers as h

pytestmark = pytest.mark.postgres


@dataclass(frozen=True)
class Server:
    admin: str  # libpq conninfo of a role that may create roles and databases
    host: str
    port: int


def _can_create_roles(conninfo: str) -> bool:
    with psycopg.connect(conninfo, autocommit=True) as conn:
        row = conn.execute("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
    return bool(row and row[0])


@pytest.fixture(scope="module")
def server(postgres_url: str) -> Iterator[Server]:
    url = make_url(postgres_url)
    own = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    if _can_create_roles(own):
        yield Server(own, url.host or "127.0.0.1", url.port or 5432)
        return
    folder = os.environ.get("PGCLUSTER_DIR")
    if folder:
        yield Server(
            f"host={folder} port={url.port or 5432} user=postgres dbname=postgres", "127.0.0.1", url.port or 5432
        )
        return
    if os.environ.get("CI"):
        pytest.fail("PGCLUSTER_DIR is not set: .ci/run exports it, so the tests can create roles as `postgres`")
    cluster = pgcluster.start()
    try:
        yield Server(
            f"host={cluster.base} port={cluster.port} user=postgres dbname=postgres", "127.0.0.1", cluster.port
        )
    finally:
        pgcluster.stop(cluster.base)


@dataclass(frozen=True)
class Roles:
    owner_url: str
    app_url: str
    app: str


@pytest.fixture
def roles(server: Server) -> Iterator[Roles]:
    tag = secrets.token_hex(4)
    owner, app, database = f"rg_owner_{tag}", f"rg_app_{tag}", f"rg_roles_{tag}"
    password = secrets.token_hex(12)
    with psycopg.connect(server.admin, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {owner} LOGIN PASSWORD '{password}'")
        conn.execute(f"CREATE ROLE {app} LOGIN PASSWORD '{password}'")
        conn.execute(f"CREATE DATABASE {database} OWNER {owner}")
    base = f"postgresql+psycopg://{{role}}:{password}@{server.host}:{server.port}/{database}"
    try:
        yield Roles(base.format(role=owner), base.format(role=app), app)
    finally:
        with psycopg.connect(server.admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            conn.execute(f"DROP ROLE IF EXISTS {app}")
            conn.execute(f"DROP ROLE IF EXISTS {owner}")


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def test_the_apps_role_can_only_read_and_append_to_the_trail(
    roles: Roles, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(migrate.MIGRATION_DATABASE_URL_ENV, roles.owner_url)
    settings = ClinicSettings(data_dir=tmp_path / "data", database_url=None)
    with open_storage(roles.app_url, settings) as storage:
        assert migrate.current_revision(storage.engine) == migrate.script_head()
        # Every write of the app works as the app's role, erasure included.
        client = storage.create_client(h.client(), profile=h.profile())
        session = storage.add_session(client.id, h.session(), check=h.check())
        storage.update_session(session.id, h.session(note="changed"))
        other = storage.create_client(h.client(name="Other Person"))
        privacy.erase_client(storage, other.id)
        assert audit.verify(storage.engine).ok
        rows = storage.count_rows()["audit_log"]

    refused = {
        "UPDATE audit_log SET actor = 'mallory'": "permission denied",
        "DELETE FROM audit_log": "permission denied",
        "TRUNCATE audit_log": "permission denied",
        "ALTER TABLE audit_log DISABLE TRIGGER USER": "must be owner",
        "DROP TABLE audit_log": "must be owner",
        "DROP TRIGGER audit_log_no_change ON audit_log": "must be owner",
    }
    with psycopg.connect(_libpq(roles.app_url), autocommit=True) as conn:
        for statement, message in refused.items():
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match=message):
                conn.execute(statement)
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == rows
    # The owner is still held by the triggers (and could lift them: the chain's key is what protects then).
    with (
        psycopg.connect(_libpq(roles.owner_url), autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"),
    ):
        conn.execute("DELETE FROM audit_log")


def test_without_the_owners_url_the_app_role_cannot_migrate(roles: Roles, tmp_path) -> None:
    settings = ClinicSettings(data_dir=tmp_path / "data", database_url=None)
    with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
        open_storage(roles.app_url, settings)
