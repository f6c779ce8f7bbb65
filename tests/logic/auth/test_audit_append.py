"""The audit trail's append, on SQLite and PostgreSQL: the chain's end is one index probe, the row shares
the caller's transaction (ORM Session or Core Connection), and concurrent appenders keep one linear chain."""

from __future__ import annotations

import dataclasses
import threading

import pytest
import sqlalchemy as sa

from logic.auth import audit
from logic.storage import Storage
from logic.storage.engine import writer
from logic.storage.schema import Client
from tests.logic.storage import storage_helpers as h


def rows(storage: Storage) -> list[tuple[int, str, int | None]]:
    with storage.read() as s:
        return [tuple(r) for r in s.execute(sa.text("SELECT id, action, client_id FROM audit_log ORDER BY id"))]


def plan(storage: Storage) -> str:
    """The database's plan of the append's chain-end lookup."""
    engine = storage.engine
    sql = str(audit._LAST.compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            return "\n".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
        conn.exec_driver_sql("ANALYZE audit_log")
        return "\n".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {sql}"))


def test_the_chain_end_is_an_index_probe(storage: Storage) -> None:
    with writer(storage.engine).begin() as conn:
        for i in range(2000):
            audit.append(conn, audit.VIEW_CLIENT, i % 50, actor="bench")
    found = plan(storage)
    if storage.engine.dialect.name == "sqlite":
        # id is the rowid (INTEGER PRIMARY KEY): read backwards from the end, no sort.
        assert "TEMP B-TREE" not in found and "audit_log" in found, found
    else:
        assert "Index Scan Backward using pk_audit_log" in found and "Sort" not in found, found
    assert audit.verify(storage.engine) == audit.Verdict(True, 2000)


def test_append_shares_the_callers_transaction(storage: Storage) -> None:
    client = storage.create_client(h.client())  # row 1
    # A Core connection: the row commits with the caller's transaction, or not at all.
    with pytest.raises(RuntimeError), writer(storage.engine).begin() as conn:
        assert audit.append(conn, audit.VIEW_CLIENT, client.id) == 2
        raise RuntimeError("the caller fails")
    # An ORM session: its pending changes are flushed before the row (and roll back with it).
    with pytest.raises(RuntimeError), storage.write() as s:
        s.get(Client, client.id).name = "Changed Name"
        audit.append(s, audit.EXPORT_CLIENT, client.id, {"format": "json"})
        assert s.execute(sa.text("SELECT name FROM clients")).scalar_one() == "Changed Name"
        raise RuntimeError("the caller fails")
    assert rows(storage) == [(1, "create_client", client.id)]
    assert storage.get_client(client.id).name == client.name
    with storage.write() as s:
        assert audit.append(s, audit.EXPORT_CLIENT, client.id, {"format": "csv"}) == 2
    assert [e.detail for e in audit.entries(storage.engine, limit=1)] == [{"format": "csv"}]
    assert audit.verify(storage.engine) == audit.Verdict(True, 2)


def test_driver_errors_surface_as_sqlalchemy_errors(storage: Storage, monkeypatch: pytest.MonkeyPatch) -> None:
    """The append runs on the driver's cursor; its errors still arrive as SQLAlchemy's DBAPIError (the
    storage's retry of deadlocks reads their SQLSTATE), and the caller's transaction rolls back whole."""
    client = storage.create_client(h.client())  # row 1
    dialect = storage.engine.dialect
    broken = dataclasses.replace(audit._prepared(dialect), last="SELECT id, hash FROM no_such_table")
    monkeypatch.setitem(audit._statements, (dialect.name, dialect.driver, dialect.paramstyle), broken)
    with pytest.raises(sa.exc.DBAPIError, match="no_such_table") as caught:
        storage.update_client(client.id, h.client(name="Changed Name"))
    assert isinstance(caught.value.orig, dialect.loaded_dbapi.Error)
    with pytest.raises(sa.exc.DBAPIError, match="no_such_table"):  # a view row, on its own connection
        audit.record_view(storage, client.id)
    monkeypatch.undo()
    assert storage.get_client(client.id).name == client.name
    assert rows(storage) == [(1, "create_client", client.id)]
    for _ in range(3):  # every pooled connection came back without a transaction left open
        audit.record_view(storage, client.id)
    assert audit.verify(storage.engine) == audit.Verdict(True, 4)


def test_every_view_is_one_row_and_none_with_the_trail_off(storage: Storage) -> None:
    client = storage.create_client(h.client())
    with audit.acting_as("anna"):
        for _ in range(3):
            audit.record_view(storage, client.id)
    hook, storage.audit = storage.audit, None
    try:
        audit.record_view(storage, client.id)  # a storage without the trail installed
    finally:
        storage.audit = hook
    assert rows(storage) == [(1, "create_client", client.id)] + [(i, "view_client", client.id) for i in (2, 3, 4)]
    assert [e.actor for e in audit.entries(storage.engine, client_id=client.id)][:3] == ["anna"] * 3


def test_concurrent_views_and_writes_keep_one_linear_chain(storage: Storage) -> None:
    """6 threads at once, each viewing records and adding sessions: every row is in one unbroken chain
    (consecutive ids, each linked to the one before), none lost, none duplicated."""
    clients = [storage.create_client(h.client(name=f"Client {i}"), profile=h.profile()) for i in range(3)]
    threads, per_thread = 6, 25
    start = threading.Barrier(threads)
    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            start.wait()
            client_id = clients[index % len(clients)].id
            with audit.acting_as(f"user{index}"):
                for i in range(per_thread):
                    audit.record_view(storage, client_id)
                    if i % 5 == 0:
                        storage.add_session(client_id, h.session(day=(index * per_thread + i) % 365))
        except BaseException as error:
            errors.append(error)

    running = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    assert errors == []
    views = threads * per_thread
    sessions = threads * (per_thread // 5)
    found = rows(storage)
    assert [r[0] for r in found] == list(range(1, len(clients) + views + sessions + 1))
    assert sum(r[1] == "view_client" for r in found) == views
    assert sum(r[1] == "add_session" for r in found) == sessions == storage.count_rows()["sessions"]
    assert audit.verify(storage.engine) == audit.Verdict(True, len(found))
