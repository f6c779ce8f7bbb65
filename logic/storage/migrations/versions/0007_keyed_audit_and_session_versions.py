"""The audit chain keyed (HMAC-SHA256), and the earlier versions of changed sessions.

audit_log: the rows written before this revision were chained with a plain SHA-256, which anyone with
the database could recompute after changing a row. They are re-keyed here: every row's MAC is computed
again with the deployment's audit key (logic/auth/audit.py), in id order. Re-keying cannot vouch for
what happened to those rows before, so the old chain is checked first and the result recorded in a
boundary row, action 'chain_keyed', whose detail holds the number of rows re-keyed, the old chain's
verdict ("intact" or the first broken row) and its last SHA-256 hash (compare it with a note or a
backup from before the upgrade). From that row on, nobody without the key can change, add, remove or
reorder rows unnoticed. The triggers stay; they are paused for the re-keying only.

session_versions: update_session keeps each replaced version of a session (logic/storage/schema.py).

The downgrade drops session_versions and chains every row (the boundary row included) with SHA-256
again, as revision 0004 expects.

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import sqlalchemy as sa
from alembic import op

from logic.storage.schema import JsonType, UTCDateTime

if TYPE_CHECKING:
    from logic.auth.audit import Trail

T = TypeVar("T")

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

AUDIT = sa.table(
    "audit_log",
    sa.column("id", sa.Integer), sa.column("at", UTCDateTime()), sa.column("actor", sa.String),
    sa.column("action", sa.String), sa.column("client_id", sa.Integer), sa.column("detail", sa.Text),
    sa.column("prev_hash", sa.String), sa.column("hash", sa.String),
)  # fmt: skip
SQLITE_TRIGGERS = {
    "audit_log_no_update": "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "audit_log_no_delete": "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
}


def _trail(keyed: bool) -> Trail:
    from logic.auth import audit

    if not keyed:
        return audit.Trail(None)
    bind = op.get_bind()
    config = op.get_context().config
    settings = config.attributes.get("settings") if config else None
    if audit._trails.get(bind.dialect) is None and settings is not None:
        return audit.resolve(settings)
    return audit.trail_for(bind.dialect)  # the engine's own trail, else the one installed last, else the settings'


def _rechain(new: Trail, old: Trail | None = None) -> tuple[int, str, str]:
    """Compute every row's link and MAC again with `new`, in id order, checking the old chain with
    `old` on the way. Returns (rows, the old chain's verdict, its last hash)."""
    bind = op.get_bind()
    rows = bind.execute(sa.select(AUDIT).order_by(AUDIT.c.id)).all()
    verdict, old_prev, new_prev, expected = "intact", "0" * 64, "0" * 64, 1
    for row in rows:
        if old is not None and verdict == "intact":
            good = (
                row.id == expected
                and row.prev_hash == old_prev
                and row.hash == old.row_mac(old_prev, row.id, row.at, row.actor, row.action, row.client_id, row.detail)
            )
            if not good:
                verdict = f"broken at row {row.id if row.id == expected else expected}"
        old_prev, expected = row.hash, row.id + 1
        mac = new.row_mac(new_prev, row.id, row.at, row.actor, row.action, row.client_id, row.detail)
        if (row.prev_hash, row.hash) != (new_prev, mac):
            bind.execute(AUDIT.update().where(AUDIT.c.id == row.id).values(prev_hash=new_prev, hash=mac))
        new_prev = mac
    return len(rows), verdict, old_prev


def _paused_triggers(work: Callable[[], T]) -> T:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    else:
        op.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change")
    result = work()
    if dialect == "sqlite":
        for statement in SQLITE_TRIGGERS.values():
            op.execute(statement)
    else:
        op.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change")
    return result


def upgrade() -> None:
    op.create_table(
        "session_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("treatment", sa.String(32), nullable=False),
        sa.Column("neck_treatment", sa.Boolean(), nullable=False),
        sa.Column("duration_min", sa.Float(), nullable=False),
        sa.Column("pressure", sa.Float(), nullable=False),
        sa.Column("regions", JsonType(), nullable=False),
        sa.Column("pain_before", sa.Integer(), nullable=False),
        sa.Column("pain_after", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("saved_at", UTCDateTime(), nullable=False),
        sa.Column("replaced_at", UTCDateTime(), nullable=False),
        sa.Column("replaced_by", sa.String(100), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["clients.id"], name="fk_session_versions_client_id_clients",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], name="fk_session_versions_session_id_sessions",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_session_versions"),
        sa.UniqueConstraint("session_id", "version", name="uq_session_versions_session_id"),
    )  # fmt: skip
    op.create_index("ix_session_versions_client_id", "session_versions", ["client_id", "session_id", "version"])

    from logic.auth import audit

    keyed = _trail(keyed=True)
    count, verdict, head = _paused_triggers(lambda: _rechain(keyed, old=_trail(keyed=False)))
    if count:  # an empty trail has nothing to vouch for; its first row is keyed anyway
        detail = {"rows_rekeyed": count, "sha_chain": verdict, "sha_head": head}
        bind = op.get_bind()
        cursor = bind.connection.cursor()
        try:
            audit._append_row(
                cursor, bind.dialect, audit.CHAIN_KEYED, None, detail, "migration", dt.datetime.now(dt.UTC),
                keyed,
            )  # fmt: skip
        finally:
            cursor.close()


def downgrade() -> None:
    _paused_triggers(lambda: _rechain(_trail(keyed=False)))
    op.drop_index("ix_session_versions_client_id", table_name="session_versions")
    op.drop_table("session_versions")
