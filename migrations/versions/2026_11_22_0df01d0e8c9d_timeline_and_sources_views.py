"""timeline and sources views

Two read-only views for direct SQL (sqlite3 timeline.db "select * from timeline where
pair = 'KH-US' order by date"):

- timeline: one row per event and unordered country pair (a three-country event gives three
  rows); pair is the two ISO codes sorted and joined with '-'; date is ISO text at the event's
  precision; actors are the participants' names, comma-joined; source_count counts documents.
  Events with fewer than two countries have no row.
- sources: one row per mention: which document says what about which event.

Note for later migrations on SQLite: a batch ALTER of a table these views read (event,
event_country, event_actor, mention, document) renames a copy of the table, which SQLite
refuses while a view names the table; drop the views first and create them again after.

Revision ID: 0df01d0e8c9d
Revises: 3b75d010227b
Create Date: 2026-11-22 06:17:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0df01d0e8c9d"
down_revision: str | Sequence[str] | None = "3b75d010227b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _iso_at(column: str, precision: str, postgres: bool) -> str:
    """SQL for a DATE column as ISO text cut to its precision (YYYY, YYYY-MM, YYYY-MM-DD)."""
    iso = f"to_char({column}, 'YYYY-MM-DD')" if postgres else column
    return (
        f"CASE {precision} WHEN 'year' THEN substr({iso}, 1, 4) "
        f"WHEN 'month' THEN substr({iso}, 1, 7) ELSE substr({iso}, 1, 10) END"
    )


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        actors = (
            "(SELECT string_agg(ea.name, ', ' ORDER BY ea.id)"
            " FROM event_actor ea WHERE ea.event_id = e.id)"
        )
    else:
        actors = (
            "(SELECT group_concat(name, ', ') FROM"
            " (SELECT ea.name FROM event_actor ea WHERE ea.event_id = e.id ORDER BY ea.id))"
        )
    op.execute(
        f"""
        CREATE VIEW timeline AS
        SELECT e.id AS event_id,
               a.code || '-' || b.code AS pair,
               a.code AS country_a,
               b.code AS country_b,
               {_iso_at("e.date_start", "e.precision", postgres)} AS date,
               e.date_start,
               e.date_end,
               e.precision,
               e.type,
               e.subtype,
               e.status,
               e.summary,
               e.location,
               {actors} AS actors,
               (SELECT count(DISTINCT m.document_id) FROM mention m
                 WHERE m.event_id = e.id) AS source_count
        FROM event e
        JOIN event_country a ON a.event_id = e.id
        JOIN event_country b ON b.event_id = e.id AND a.code < b.code
        """
    )
    op.execute(
        f"""
        CREATE VIEW sources AS
        SELECT m.id AS mention_id,
               m.event_id,
               d.name AS document,
               d.title,
               d.publisher,
               d.url,
               {_iso_at("d.published", "d.published_precision", postgres)} AS published,
               m.sentence,
               m.date_text,
               {_iso_at("m.claimed_date", "m.claimed_precision", postgres)} AS claimed_date,
               m.claimed_status
        FROM mention m
        JOIN document d ON d.id = m.document_id
        """
    )


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS sources")
    op.execute("DROP VIEW IF EXISTS timeline")
