"""Ids are never reused, and erasures are listed.

SQLite hands out max(rowid) + 1 for an INTEGER PRIMARY KEY, so after the newest client is erased the
next new client got the erased person's id (and with it their audit rows and old links). With
AUTOINCREMENT SQLite keeps the highest id ever used in `sqlite_sequence` and never hands it out again.
SQLite cannot add AUTOINCREMENT to an existing table, so the tables whose ids reach the outside are
rebuilt through alembic's batch mode (copy, drop, rename; logic/storage/migrate.py turns foreign keys
off around it). PostgreSQL's sequences never hand a value out twice already: nothing to rebuild there.

`erasures` lists each erased client (id, time, who, erase or purge; no health data), so that a restore
of an older backup can erase them again (logic/auth/erasures.py; the list is also kept in a file).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from logic.storage.schema import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Parents before children; every id here can appear in a link, an export or the audit trail.
REBUILT = ("clients", "sessions", "checks", "plans", "users")


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in REBUILT:
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}):
            pass


def upgrade() -> None:
    _rebuild(True)
    op.create_table(
        "erasures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("erased_at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_erasures"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_erasures_client_id", "erasures", ["client_id"])


def downgrade() -> None:
    op.drop_index("ix_erasures_client_id", table_name="erasures")
    op.drop_table("erasures")
    _rebuild(False)
