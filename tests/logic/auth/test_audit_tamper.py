"""The keyed audit chain and its checkpoints against someone who can change the database but holds
neither the key nor the checkpoint file, on SQLite and PostgreSQL: every tamper case makes
`python -m logic audit verify` exit non-zero and say what it found; an untouched trail verifies.

The trail is opened with the process's own settings (REAKTIONSGUIDE_DATA_DIR of the test), so the
command line, run in this process on the same database, finds the same key and checkpoint file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from logic.auth import accounts, audit
from logic.cli import main
from logic.settings import get_settings
from logic.storage import Storage, open_storage
from tests.logic.storage import storage_helpers as h

TRAIL = audit.AuditEntry.__table__


@pytest.fixture(autouse=True)
def _actor_restored() -> Iterator[None]:
    """The command line, run in this process, acts as "cli" from then on: later tests act as before."""
    with audit.acting_as(audit.current_actor()):
        yield


@pytest.fixture
def trail_storage(database_url: str) -> Iterator[Storage]:
    store = open_storage(database_url, get_settings())
    try:
        yield store
    finally:
        store.close()


def populate(storage: Storage) -> int:
    """Six rows, the first five anchored by a checkpoint, the sixth after it."""
    for i in range(3):
        storage.create_client(h.client(name=f"Client {i}"))
    accounts.create_user(storage, "anna", "right password")
    accounts.sign_in(storage, "anna", "wrong")
    assert audit.checkpoint(storage.engine).rows == 5
    storage.update_client(1, h.client(name="Client Renamed"))
    return 6


def verify_cli(storage: Storage, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    url = storage.engine.url.render_as_string(hide_password=False)
    code = main(["audit", "verify", "--database-url", url])
    out = capsys.readouterr()
    return code, out.out + out.err


def tamper(storage: Storage, *statements: str, params: list[dict] | None = None) -> None:
    """Change the trail as the database's owner could: triggers off first."""
    with storage.write() as s:
        if storage.engine.dialect.name == "sqlite":
            s.execute(sa.text("DROP TRIGGER IF EXISTS audit_log_no_update"))
            s.execute(sa.text("DROP TRIGGER IF EXISTS audit_log_no_delete"))
        else:
            s.execute(sa.text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        for statement in statements:
            s.execute(sa.text(statement), params or {})


def rehash_from(storage: Storage, first: int) -> None:
    """Recompute the chain from row `first` on with the published algorithm (SHA-256, no key)."""
    with storage.write() as s:
        rows = s.execute(sa.select(TRAIL).order_by(TRAIL.c.id)).all()
        prev = audit.GENESIS
        for row in rows:
            if row.id >= first:
                new = audit.row_hash(prev, row.id, row.at, row.actor, row.action, row.client_id, row.detail)
                s.execute(sa.text("UPDATE audit_log SET prev_hash = :p, hash = :h WHERE id = :i"),
                          {"p": prev, "h": new, "i": row.id})  # fmt: skip
                prev = new
            else:
                prev = row.hash


def test_an_untouched_trail_verifies(trail_storage: Storage, capsys: pytest.CaptureFixture[str]) -> None:
    rows = populate(trail_storage)
    verdict = audit.verify(trail_storage.engine)
    assert verdict.ok and verdict.checked == rows and verdict.anchored == 5, verdict
    code, said = verify_cli(trail_storage, capsys)
    assert code == 0 and f"audit trail intact: {rows} rows, the newest checkpoint covers" in said, said
    # The command line's own close anchored the sixth row (it reads; the head had moved since row 5).
    assert audit.verify(trail_storage.engine).anchored == rows


def test_the_key_and_checkpoints_are_private_files(trail_storage: Storage) -> None:
    populate(trail_storage)
    folder = get_settings().data_dir
    for name in (audit.KEY_FILE, audit.CHECKPOINT_FILE):
        assert stat.S_IMODE(os.stat(folder / name).st_mode) == 0o600, name
    key = (folder / audit.KEY_FILE).read_text().strip()
    assert len(key) == 64
    with trail_storage.read() as s:  # the key is nowhere in the database
        everything = " ".join(str(r) for r in s.execute(sa.text("SELECT * FROM audit_log")))
    assert key not in everything


@pytest.mark.parametrize(
    "case, statements, first_bad, found",
    [
        ("delete the last rows", ["DELETE FROM audit_log WHERE id > 3"], 4, "rows (4 to 5) are missing since the checkpoint"),
        ("delete every row", ["DELETE FROM audit_log"], 1, "5 rows (1 to 5) are missing since the checkpoint"),
        ("an edited detail", ["UPDATE audit_log SET detail = '{\"role\":\"admin\"}' WHERE id = 4"], 4, "does not match its MAC"),
        ("an edited actor", ["UPDATE audit_log SET actor = 'mallory' WHERE id = 2"], 2, "does not match its MAC"),
        ("swapped rows", ["UPDATE audit_log SET id = 100 WHERE id = 2", "UPDATE audit_log SET id = 2 WHERE id = 3",
                          "UPDATE audit_log SET id = 3 WHERE id = 100"], 2, "does not link to the previous row's MAC"),
        ("a deleted row", ["DELETE FROM audit_log WHERE id = 3"], 3, "row 3 is missing (next row is 4)"),
    ],
)  # fmt: skip
def test_tampering_is_found(
    trail_storage: Storage, capsys: pytest.CaptureFixture[str], case: str, statements: list[str], first_bad: int,
    found: str,
) -> None:  # fmt: skip
    populate(trail_storage)  # six rows, a checkpoint at five
    tamper(trail_storage, *statements)
    verdict = audit.verify(trail_storage.engine)
    assert not verdict.ok and verdict.broken_id == first_bad and found in verdict.text(), (case, verdict)
    code, said = verify_cli(trail_storage, capsys)
    assert code == 1 and f"broken at row {first_bad}" in said and found in said, (case, said)


def test_every_row_deleted_names_the_checkpoint(trail_storage: Storage, capsys: pytest.CaptureFixture[str]) -> None:
    populate(trail_storage)
    tamper(trail_storage, "DELETE FROM audit_log")
    code, said = verify_cli(trail_storage, capsys)
    assert code == 1 and "5 rows (1 to 5) are missing since the checkpoint of 20" in said and "the trail has 0" in said


def test_an_edited_row_rehashed_with_the_published_algorithm(trail_storage: Storage, capsys) -> None:
    populate(trail_storage)
    tamper(trail_storage, "UPDATE audit_log SET actor = 'mallory' WHERE id = 3")
    rehash_from(trail_storage, 3)
    code, said = verify_cli(trail_storage, capsys)
    assert code == 1 and "broken at row 3: content does not match its MAC" in said, said


def test_a_deleted_row_renumbered_and_rehashed(trail_storage: Storage, capsys) -> None:
    populate(trail_storage)
    tamper(trail_storage, "DELETE FROM audit_log WHERE id = 3", "UPDATE audit_log SET id = id - 1 WHERE id > 3")
    rehash_from(trail_storage, 3)
    code, said = verify_cli(trail_storage, capsys)
    assert code == 1 and "broken at row 3: content does not match its MAC" in said, said


def test_a_forged_row_appended(trail_storage: Storage, capsys) -> None:
    """INSERT passes the triggers; a row MACed with anything but the key does not pass verify."""
    populate(trail_storage)
    with trail_storage.write() as s:
        prev = s.execute(sa.text("SELECT hash FROM audit_log WHERE id = 6")).scalar_one()
        at = dt.datetime.now(dt.UTC)
        detail = json.dumps({"role": "admin", "user": "mallory"})
        forged = audit.row_hash(prev, 7, at, "boss", audit.USER_CHANGE, None, detail)
        s.execute(
            sa.insert(audit.AuditEntry).values(id=7, at=at, actor="boss", action=audit.USER_CHANGE, client_id=None,
                                               detail=detail, prev_hash=prev, hash=forged)
        )  # fmt: skip
    code, said = verify_cli(trail_storage, capsys)
    assert code == 1 and "broken at row 7: content does not match its MAC" in said, said


def test_a_forged_checkpoint_line_is_refused(trail_storage: Storage, capsys) -> None:
    populate(trail_storage)
    path = audit.trail_for(trail_storage.engine.dialect).checkpoints
    line = json.loads(path.read_text().splitlines()[-1])
    line["rows"] = 2  # someone hides the rows after 2 from the anchor
    with open(path, "a") as file:
        file.write(json.dumps(line) + "\n")
    code, said = verify_cli(trail_storage, capsys)
    assert code == 1 and "is not a checkpoint signed with the audit key" in said, said


def test_a_rebase_voids_older_checkpoints(trail_storage: Storage) -> None:
    """After a restore (backup/restore code writes a 'rebase'), the restored head is the reference."""
    populate(trail_storage)
    tamper(trail_storage, "DELETE FROM audit_log WHERE id > 3")  # as a restore of an older copy would leave it
    assert audit.verify(trail_storage.engine).missing == 2
    assert audit.verify(trail_storage.engine, checkpoints=False).ok  # e.g. a backup's copy, checked alone
    audit.checkpoint(trail_storage.engine, "rebase")
    verdict = audit.verify(trail_storage.engine)
    assert verdict.ok and verdict.anchored == 3, verdict


def test_another_key_breaks_every_row(trail_storage: Storage) -> None:
    populate(trail_storage)
    engine = trail_storage.engine
    audit.use_trail(engine, audit.Trail(b"x" * 64, None))
    verdict = audit.verify(engine)
    assert not verdict.ok and verdict.broken_id == 1 and "does not match its MAC" in verdict.text()


def test_a_short_key_is_refused(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(audit.KEY_ENV, "too short")
    with pytest.raises(audit.AuditKeyError, match="shorter than 32"):
        open_storage(database_url, get_settings())


def test_the_apps_checkpointer_anchors_while_the_trail_grows_and_when_stopped(trail_storage: Storage) -> None:
    engine = trail_storage.engine
    trail = audit.trail_for(engine.dialect)
    anchors = audit.Checkpointer(engine, interval=0.05)
    try:
        trail_storage.create_client(h.client(name="First Client"))
        deadline = time.monotonic() + 30
        while not [p for p in audit.read_checkpoints(trail) if p.rows == 1]:
            assert time.monotonic() < deadline, "no checkpoint within 30 s"
            time.sleep(0.05)
        trail_storage.create_client(h.client(name="Second Client"))
    finally:
        anchors.stop()
    assert audit.read_checkpoints(trail)[-1].rows == 2
    lines = trail.checkpoints.read_text().splitlines()
    anchors.stop()  # a second stop (the process's exit after the Storage's release) writes nothing more
    assert trail.checkpoints.read_text().splitlines() == lines


def test_cli_checkpoint_command(trail_storage: Storage, capsys: pytest.CaptureFixture[str]) -> None:
    populate(trail_storage)
    url = trail_storage.engine.url.render_as_string(hide_password=False)
    assert main(["audit", "checkpoint", "--database-url", url]) == 0
    assert capsys.readouterr().out.startswith("checkpoint: 6 rows\t")
    assert main(["audit", "checkpoint", "--database-url", url]) == 0
    assert capsys.readouterr().out.startswith("checkpoint: nothing new to anchor")
