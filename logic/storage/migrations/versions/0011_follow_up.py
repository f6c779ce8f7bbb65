"""Follow-up links and client-reported checks (logic/follow_up.py).

- follow_up_tokens: a follow-up link per aftercare sheet (only the token's SHA-256), bound to a session,
  with its expiry, revocation and report bound;
- checks.source ("therapist" for every existing check, or "client"), checks.seen_at/seen_by: a
  client's report waits on the therapists' follow-up list until one marks it seen;
- client_languages: the language of a client's aftercare sheet (a table of its own, so the clients
  table keeps its shape).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from logic.storage.schema import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "follow_up_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("max_reports", sa.Integer(), nullable=False),
        sa.Column("reports", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.Column("revoked_by", sa.String(100), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_follow_up_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_follow_up_tokens_token_hash"),
        sa.CheckConstraint("reports >= 0 AND reports <= max_reports", name="ck_follow_up_tokens_reports"),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name="fk_follow_up_tokens_client_id_clients", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name="fk_follow_up_tokens_session_id_sessions", ondelete="CASCADE"
        ),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_follow_up_tokens_client_id", "follow_up_tokens", ["client_id", "session_id"])
    with op.batch_alter_table("checks") as batch:
        batch.add_column(sa.Column("source", sa.String(16), server_default="therapist", nullable=False))
        batch.add_column(sa.Column("seen_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("seen_by", sa.String(100), nullable=True))
    op.create_index("ix_checks_source_seen_at", "checks", ["source", "seen_at"])
    op.create_table(
        "client_languages",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("client_id", name="pk_client_languages"),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name="fk_client_languages_client_id_clients", ondelete="CASCADE"
        ),
    )


def downgrade() -> None:
    op.drop_table("client_languages")
    op.drop_index("ix_checks_source_seen_at", table_name="checks")
    with op.batch_alter_table("checks") as batch:
        batch.drop_column("seen_by")
        batch.drop_column("seen_at")
        batch.drop_column("source")
    op.drop_index("ix_follow_up_tokens_client_id", table_name="follow_up_tokens")
    op.drop_table("follow_up_tokens")
