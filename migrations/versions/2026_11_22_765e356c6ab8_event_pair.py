"""event_pair: one row per event and pair of its countries

Derived from event_country (code_a < code_b), so that the pair query reads one index range.
Filled here with plain SQL from event_country; the store keeps it current afterwards.

Revision ID: 765e356c6ab8
Revises: 372c2898ffc6
Create Date: 2026-11-22 09:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "765e356c6ab8"
down_revision: str | Sequence[str] | None = "372c2898ffc6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "event_pair",
        sa.Column("code_a", sa.String(length=2), nullable=False),
        sa.Column("code_b", sa.String(length=2), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_pair_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("code_a", "code_b", "event_id", name=op.f("pk_event_pair")),
    )
    op.create_index("ix_event_pair_event_id", "event_pair", ["event_id"], unique=False)
    op.execute(
        "INSERT INTO event_pair (code_a, code_b, event_id) "
        "SELECT a.code, b.code, a.event_id FROM event_country a "
        "JOIN event_country b ON b.event_id = a.event_id AND a.code < b.code"
    )


def downgrade() -> None:
    op.drop_index("ix_event_pair_event_id", table_name="event_pair")
    op.drop_table("event_pair")
