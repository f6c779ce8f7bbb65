"""Name search in name order: client_name_prefixes replaces client_name_tokens.

client_name_tokens held each word of a name once, so a search word matched a range of words whose
clients came in word order; every match had to be read and sorted before the first page was known.
client_name_prefixes holds every prefix of every word together with the normalized name, keyed
(prefix, name_norm, client_id): a search word is one equality, and its clients come in the client
list's order, so a page reads its own rows and a capped count reads at most the cap.

Filled from the clients' names (words as in logic/storage/names.py); the downgrade restores the words.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from logic.storage import names

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BATCH = 10_000


def search_key(length: int) -> sa.types.TypeEngine[Any]:
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


CLIENTS = sa.table("clients", sa.column("id", sa.Integer), sa.column("name", sa.String))
PREFIXES = sa.table(
    "client_name_prefixes", sa.column("prefix", sa.String), sa.column("name_norm", sa.String),
    sa.column("client_id", sa.Integer),
)  # fmt: skip
TOKENS = sa.table("client_name_tokens", sa.column("token", sa.String), sa.column("client_id", sa.Integer))


def _insert(table: sa.TableClause, rows: list[dict[str, Any]]) -> None:
    bind = op.get_bind()
    for start in range(0, len(rows), BATCH):
        bind.execute(table.insert(), rows[start : start + BATCH])


def upgrade() -> None:
    op.create_table(
        "client_name_prefixes",
        sa.Column("prefix", search_key(100), nullable=False),
        sa.Column("name_norm", search_key(200), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("prefix", "name_norm", "client_id", name="pk_client_name_prefixes"),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name="fk_client_name_prefixes_client_id_clients", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_client_name_prefixes_client_id", "client_name_prefixes", ["client_id"])
    rows = []
    for client_id, name in op.get_bind().execute(sa.select(CLIENTS.c.id, CLIENTS.c.name)):
        norm = names.normalize(name)
        prefixes = {word[:end] for word in names.words(name) for end in range(1, len(word) + 1)}
        rows += [{"prefix": p, "name_norm": norm, "client_id": client_id} for p in sorted(prefixes)]
    _insert(PREFIXES, rows)
    op.drop_index("ix_client_name_tokens_client_id", table_name="client_name_tokens")
    op.drop_table("client_name_tokens")


def downgrade() -> None:
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
    rows = op.get_bind().execute(sa.select(CLIENTS.c.id, CLIENTS.c.name)).all()
    _insert(TOKENS, [{"token": t, "client_id": r.id} for r in rows for t in sorted(names.tokens(r.name))])
    op.drop_index("ix_client_name_prefixes_client_id", table_name="client_name_prefixes")
    op.drop_table("client_name_prefixes")
