"""event_digest: the flat export columns of each event

A derived table, one row per event (countries, actors, source_count, documents,
first_sentence as CSV export writes them, and the event's whole CSV line), so that exporting
a million events reads one column in index order instead of assembling each event from four
tables; and an index on event (date_start, id), the export order. The rows are computed by the
application (timeline.digest): after this migration, `timeline db upgrade` and the automatic
upgrade on first use fill in the digests of events stored before (timeline.db._fill_derived);
a migration does not run application code, which follows the newest schema.

Revision ID: 372c2898ffc6
Revises: 0df01d0e8c9d
Create Date: 2026-11-22 08:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "372c2898ffc6"
down_revision: str | Sequence[str] | None = "0df01d0e8c9d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "event_digest",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("countries", sa.Text(), nullable=False),
        sa.Column("actors", sa.Text(), nullable=False),
        sa.Column("source_count", sa.Integer(), nullable=False),
        sa.Column("documents", sa.Text(), nullable=False),
        sa.Column("first_sentence", sa.Text(), nullable=True),
        sa.Column("csv_row", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_digest_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_event_digest")),
    )
    # Export order (date, then id) read from an index instead of sorting every event.
    op.create_index("ix_event_date_start_id", "event", ["date_start", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_event_date_start_id", table_name="event")
    op.drop_table("event_digest")
