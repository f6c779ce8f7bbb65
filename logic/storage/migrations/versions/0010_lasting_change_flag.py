"""Recompute clients.no_progress with H2's lasting-change rule.

The client list's "no progress" flag used to compare the first session's pain before with the latest
session's pain after (immediate relief). H2 with E2 and X6 now compares the latest session's pain before
treatment with the first (logic.storage.summaries.no_progress_from). The storage refreshes the flag when
a client's sessions change; this recomputes it for every client, a batch of clients at a time, so that
clients nobody has touched since show the same flag as the planner.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from logic.storage.summaries import no_progress_from

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# Clients read and updated per statement; keeps memory and each statement small on a large clinic.
BATCH_SIZE = 1000

CLIENTS = sa.table("clients", sa.column("id", sa.Integer), sa.column("no_progress", sa.Boolean))

# The first and the latest session's pain before, ordered as the storage orders them (date, then id).
BATCH = sa.text(
    "SELECT c.id, c.session_count, c.no_progress, "
    "(SELECT s.pain_before FROM sessions s WHERE s.client_id = c.id ORDER BY s.date, s.id LIMIT 1) AS first_before, "
    "(SELECT s.pain_before FROM sessions s WHERE s.client_id = c.id ORDER BY s.date DESC, s.id DESC LIMIT 1) "
    "AS latest_before "
    "FROM clients c WHERE c.id > :after ORDER BY c.id LIMIT :size"
)


def upgrade() -> None:
    bind = op.get_bind()
    after = 0
    while rows := bind.execute(BATCH, {"after": after, "size": BATCH_SIZE}).all():
        changed = [
            {"b_id": r.id, "b_flag": flag}
            for r in rows
            if (flag := no_progress_from(r.session_count, r.first_before, r.latest_before)) != bool(r.no_progress)
        ]
        if changed:
            bind.execute(
                CLIENTS.update().where(CLIENTS.c.id == sa.bindparam("b_id")).values(no_progress=sa.bindparam("b_flag")),
                changed,
            )
        after = rows[-1].id


def downgrade() -> None:
    """Nothing to undo: the schema is unchanged, and the old rule's flag was the wrong one to restore."""
