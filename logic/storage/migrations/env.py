"""Alembic environment: runs on the connection (and transaction) that logic.storage.migrate passes in."""

from __future__ import annotations

from alembic import context

from logic.storage.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through logic.storage.migrate.upgrade or `python -m logic migrate`")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
