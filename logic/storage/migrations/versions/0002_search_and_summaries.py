"""Search and client-list summaries: name tokens, denormalized summary columns, ordering indexes.

Adds clients.name_norm with the client_name_tokens table (word-prefix search through an index), the
summary columns the client list filters on (session_count, no_progress, disclosures_not_reviewed,
latest_level, latest_check_at), and fills all of them from the existing rows. The child tables'
client_id indexes become composite ones that also give the record page its order.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from logic.storage import names
from logic.storage.summaries import disclosures_not_reviewed, no_progress_from

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def search_key(length: int) -> sa.types.TypeEngine[Any]:
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


CLIENTS = sa.table(
    "clients",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("name_norm", sa.String),
    sa.column("disclosed_conditions", sa.JSON),
    sa.column("conditions_reviewed", sa.Boolean),
    sa.column("disclosures_not_reviewed", sa.Boolean),
    sa.column("no_progress", sa.Boolean),
)
TOKENS = sa.table("client_name_tokens", sa.column("token", sa.String), sa.column("client_id", sa.Integer))


def upgrade() -> None:
    op.add_column("clients", sa.Column("name_norm", search_key(200), nullable=False, server_default=""))
    op.add_column("clients", sa.Column("session_count", sa.Integer(), nullable=False, server_default=sa.text("0")))
    op.add_column("clients", sa.Column("no_progress", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column(
        "clients", sa.Column("disclosures_not_reviewed", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column("clients", sa.Column("latest_level", sa.String(32), nullable=True))
    op.add_column("clients", sa.Column("latest_check_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "client_name_tokens",
        sa.Column("token", search_key(100), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("token", "client_id", name="pk_client_name_tokens"),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name="fk_client_name_tokens_client_id_clients", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_client_name_tokens_client_id", "client_name_tokens", ["client_id"])
    backfill()
    op.create_index("ix_clients_name_norm", "clients", ["name_norm", "id"])
    op.create_index("ix_clients_latest_level", "clients", ["latest_level", "name_norm", "id"])
    op.create_index("ix_clients_birth_year", "clients", ["birth_year"])
    op.create_index("ix_clients_known_fainting_tendency", "clients", ["known_fainting_tendency"])
    op.create_index("ix_clients_disclosures_not_reviewed", "clients", ["disclosures_not_reviewed"])
    op.create_index("ix_clients_no_progress", "clients", ["no_progress"])
    op.drop_index("ix_sessions_client_id", table_name="sessions")
    op.create_index("ix_sessions_client_date", "sessions", ["client_id", "date", "id"])
    op.drop_index("ix_checks_client_id", table_name="checks")
    op.create_index("ix_checks_client_checked_at", "checks", ["client_id", "checked_at", "id"])
    op.drop_index("ix_plans_client_id", table_name="plans")
    op.create_index("ix_plans_client_created_at", "plans", ["client_id", "created_at", "id"])


def backfill() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(CLIENTS.c.id, CLIENTS.c.name, CLIENTS.c.disclosed_conditions, CLIENTS.c.conditions_reviewed)
    ).all()
    if rows:
        bind.execute(
            CLIENTS.update()
            .where(CLIENTS.c.id == sa.bindparam("b_id"))
            .values(name_norm=sa.bindparam("b_norm"), disclosures_not_reviewed=sa.bindparam("b_disclosures")),
            [
                {
                    "b_id": r.id,
                    "b_norm": names.normalize(r.name),
                    "b_disclosures": disclosures_not_reviewed(r.disclosed_conditions, r.conditions_reviewed),
                }
                for r in rows
            ],
        )
        tokens = [{"token": t, "client_id": r.id} for r in rows for t in sorted(names.tokens(r.name))]
        if tokens:
            bind.execute(TOKENS.insert(), tokens)
    bind.execute(
        sa.text(
            "UPDATE clients SET "
            "session_count = (SELECT count(*) FROM sessions s WHERE s.client_id = clients.id), "
            "latest_check_at = (SELECT max(k.checked_at) FROM checks k WHERE k.client_id = clients.id), "
            "latest_level = (SELECT k.level FROM checks k WHERE k.client_id = clients.id "
            "ORDER BY k.checked_at DESC, k.id DESC LIMIT 1)"
        )
    )
    candidates = bind.execute(
        sa.text(
            "SELECT c.id, c.session_count, "
            "(SELECT s.pain_before FROM sessions s WHERE s.client_id = c.id ORDER BY s.date, s.id LIMIT 1) AS first_before, "
            "(SELECT s.pain_before FROM sessions s WHERE s.client_id = c.id ORDER BY s.date DESC, s.id DESC LIMIT 1) AS latest_before "
            "FROM clients c WHERE c.session_count >= 3"
        )
    ).all()
    stuck = [{"b_id": r.id} for r in candidates if no_progress_from(r.session_count, r.first_before, r.latest_before)]
    if stuck:
        bind.execute(CLIENTS.update().where(CLIENTS.c.id == sa.bindparam("b_id")).values(no_progress=True), stuck)


def downgrade() -> None:
    op.drop_index("ix_plans_client_created_at", table_name="plans")
    op.create_index("ix_plans_client_id", "plans", ["client_id"])
    op.drop_index("ix_checks_client_checked_at", table_name="checks")
    op.create_index("ix_checks_client_id", "checks", ["client_id"])
    op.drop_index("ix_sessions_client_date", table_name="sessions")
    op.create_index("ix_sessions_client_id", "sessions", ["client_id"])
    for index in (
        "ix_clients_no_progress",
        "ix_clients_disclosures_not_reviewed",
        "ix_clients_known_fainting_tendency",
        "ix_clients_birth_year",
        "ix_clients_latest_level",
        "ix_clients_name_norm",
    ):
        op.drop_index(index, table_name="clients")
    op.drop_index("ix_client_name_tokens_client_id", table_name="client_name_tokens")
    op.drop_table("client_name_tokens")
    with op.batch_alter_table("clients") as batch:
        for column in (
            "latest_check_at",
            "latest_level",
            "disclosures_not_reviewed",
            "no_progress",
            "session_count",
            "name_norm",
        ):
            batch.drop_column(column)
