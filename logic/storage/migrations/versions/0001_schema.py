"""The schema: clients with their risk profile and original pain, sessions, reaction checks, plans.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def json_type() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def timestamp() -> sa.types.TypeEngine[Any]:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "clients",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=False),
        sa.Column("contact", sa.String(200), nullable=True),
        sa.Column("consent_health_data", sa.Boolean(), nullable=False),
        sa.Column("consent_date", sa.Date(), nullable=True),
        sa.Column("created_at", timestamp(), nullable=False),
        sa.Column("updated_at", timestamp(), nullable=False),
        # Risk profile: null until first set.
        sa.Column("massage_experience", sa.String(32), nullable=True),
        sa.Column("condition_months", sa.Float(), nullable=True),
        sa.Column("trigger_points", sa.String(32), nullable=True),
        sa.Column("trigger_point_severity", sa.String(32), nullable=True),
        sa.Column("stressors", sa.Boolean(), nullable=True),
        sa.Column("bad_experience_before", sa.Boolean(), nullable=True),
        sa.Column("known_fainting_tendency", sa.Boolean(), nullable=False),
        sa.Column("disclosed_conditions", json_type(), nullable=False),
        sa.Column("conditions_reviewed", sa.Boolean(), nullable=False),
        sa.Column("reviewed_at", timestamp(), nullable=True),
        sa.Column("profile_updated_at", timestamp(), nullable=True),
        # Original pain on the body map (E3).
        sa.Column("original_pain_regions", json_type(), nullable=False),
        sa.Column("original_pain_recorded_at", timestamp(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_clients"),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("treatment", sa.String(32), nullable=False),
        sa.Column("neck_treatment", sa.Boolean(), nullable=False),
        sa.Column("duration_min", sa.Float(), nullable=False),
        sa.Column("pressure", sa.Float(), nullable=False),
        sa.Column("regions", json_type(), nullable=False),
        sa.Column("pain_before", sa.Integer(), nullable=False),
        sa.Column("pain_after", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", timestamp(), nullable=False),
        sa.Column("updated_at", timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name="fk_sessions_client_id_clients", ondelete="CASCADE"
        ),
        sa.CheckConstraint("pain_before BETWEEN 0 AND 10", name="ck_sessions_pain_before"),
        sa.CheckConstraint("pain_after BETWEEN 0 AND 10", name="ck_sessions_pain_after"),
        sa.CheckConstraint("pressure BETWEEN 0 AND 10", name="ck_sessions_pressure"),
        sa.CheckConstraint("duration_min > 0", name="ck_sessions_duration"),
    )
    op.create_index("ix_sessions_client_id", "sessions", ["client_id"])
    op.create_table(
        "checks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("checked_at", timestamp(), nullable=False),
        sa.Column("report", json_type(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("level", sa.String(32), nullable=False),
        sa.Column("progress_sign", sa.Boolean(), nullable=False),
        sa.Column("path", json_type(), nullable=False),
        sa.Column("reasons", json_type(), nullable=False),
        sa.Column("engine_version", sa.String(32), nullable=False),
        sa.Column("regions_now", json_type(), nullable=False),
        sa.Column("created_at", timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_checks"),
        sa.ForeignKeyConstraint(["client_id"], ["clients.id"], name="fk_checks_client_id_clients", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name="fk_checks_session_id_sessions", ondelete="SET NULL"
        ),
    )
    op.create_index("ix_checks_client_id", "checks", ["client_id"])
    op.create_index("ix_checks_session_id", "checks", ["session_id"])
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("created_at", timestamp(), nullable=False),
        sa.Column("request", json_type(), nullable=False),
        sa.Column("suggested", json_type(), nullable=False),
        sa.Column("chosen_duration_min", sa.Integer(), nullable=False),
        sa.Column("chosen_pressure", sa.Integer(), nullable=False),
        sa.Column("chosen_interval_days", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plans"),
        sa.ForeignKeyConstraint(["client_id"], ["clients.id"], name="fk_plans_client_id_clients", ondelete="CASCADE"),
    )
    op.create_index("ix_plans_client_id", "plans", ["client_id"])


def downgrade() -> None:
    op.drop_table("plans")
    op.drop_table("checks")
    op.drop_table("sessions")
    op.drop_table("clients")
