"""Client-list indexes: pages and their counts from indexes alone.

Every list index carries the filter columns (birth year, latest level, the three boolean badges), and
each boolean badge gets a partial index of its clients in name order, so a filtered page reads 25
index entries in order and its total count never visits the table.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

FLAGS = ("known_fainting_tendency", "disclosures_not_reviewed", "no_progress")
FILTERS = ("birth_year", "latest_level", *FLAGS)


def upgrade() -> None:
    for flag in FLAGS:
        op.drop_index(f"ix_clients_{flag}", table_name="clients")
    op.drop_index("ix_clients_latest_level", table_name="clients")
    op.drop_index("ix_clients_name_norm", table_name="clients")
    op.create_index("ix_clients_name_norm", "clients", ["name_norm", "id", *FILTERS])
    op.create_index("ix_clients_latest_level", "clients", ["latest_level", "name_norm", "id", "birth_year", *FLAGS])
    for flag in FLAGS:
        op.create_index(
            f"ix_clients_{flag}",
            "clients",
            ["name_norm", "id", *FILTERS],
            sqlite_where=sa.text(f"{flag} = 1"),
            postgresql_where=sa.text(flag),
        )


def downgrade() -> None:
    for flag in FLAGS:
        op.drop_index(f"ix_clients_{flag}", table_name="clients")
    op.drop_index("ix_clients_latest_level", table_name="clients")
    op.drop_index("ix_clients_name_norm", table_name="clients")
    op.create_index("ix_clients_name_norm", "clients", ["name_norm", "id"])
    op.create_index("ix_clients_latest_level", "clients", ["latest_level", "name_norm", "id"])
    for flag in FLAGS:
        op.create_index(f"ix_clients_{flag}", "clients", [flag])
