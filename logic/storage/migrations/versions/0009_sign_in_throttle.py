"""Sign-in throttling instead of a lockout, forced password changes, single sign-on by subject.

- sign_in_throttle: failed sign-ins per account, per source and per (account, source), with growing
  delays (logic/auth/throttle.py). It replaces the lockout counters on users (failed_count,
  failed_since, locked_until): a lockout counted per account let anyone lock out the admin.
- users.must_change_password: set by an admin's reset, cleared by the user's own change.
- users.oidc_issuer, users.oidc_subject: the provider's stable subject, bound at the first sign-in whose
  verified e-mail matched the account.

Revision ID: 0009
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from logic.storage.schema import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


# users keeps AUTOINCREMENT (migration 0006) through each rebuild on SQLite.
NEVER_REUSE_IDS = {"sqlite_autoincrement": True}


def upgrade() -> None:
    op.create_table(
        "sign_in_throttle",
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure", UTCDateTime(), nullable=False),
        sa.Column("blocked_until", UTCDateTime(), nullable=True),
        sa.Column("unlogged", sa.Integer(), nullable=False),
        sa.Column("logged_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key", name="pk_sign_in_throttle"),
    )
    op.create_index("ix_sign_in_throttle_last_failure", "sign_in_throttle", ["last_failure"])
    with op.batch_alter_table("users", table_kwargs=NEVER_REUSE_IDS) as batch:
        batch.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("oidc_issuer", sa.String(255), nullable=True))
        batch.add_column(sa.Column("oidc_subject", sa.String(255), nullable=True))
        batch.create_unique_constraint("uq_users_oidc_subject", ["oidc_issuer", "oidc_subject"])
        batch.drop_column("failed_count")
        batch.drop_column("failed_since")
        batch.drop_column("locked_until")
    with op.batch_alter_table(
        "users", table_kwargs=NEVER_REUSE_IDS
    ) as batch:  # the default was only for the rows already there
        batch.alter_column("must_change_password", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("users", table_kwargs=NEVER_REUSE_IDS) as batch:
        batch.add_column(sa.Column("failed_count", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("failed_since", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("locked_until", UTCDateTime(), nullable=True))
        batch.drop_constraint("uq_users_oidc_subject", type_="unique")
        batch.drop_column("oidc_subject")
        batch.drop_column("oidc_issuer")
        batch.drop_column("must_change_password")
    with op.batch_alter_table("users", table_kwargs=NEVER_REUSE_IDS) as batch:
        batch.alter_column("failed_count", server_default=None)
    op.drop_index("ix_sign_in_throttle_last_failure", table_name="sign_in_throttle")
    op.drop_table("sign_in_throttle")
