"""The relational schema as SQLAlchemy Core tables: the one definition of every table.

timeline.models maps ORM classes onto these tables for the write side (ingest, seeds). The
read side (query, export, show, stats) uses the tables alone, so a query never imports the
ORM. Dates are real DATE columns (the first day of the period) plus a precision, so SQL users
can filter and sort; ``date_end`` is the last day covered when the event spans days.
Alembic compares these tables with the migrations (tests/test_migrations.py).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

document = Table(
    "document",
    metadata,
    Column("id", Integer, primary_key=True),
    # sha256 of the text (and of the JSONL record id, when there is one): the identity
    Column("sha256", String(64), nullable=False, unique=True),
    Column("name", String(500), nullable=False),
    Column("title", Text),
    Column("publisher", String(300)),
    Column("url", Text),
    Column("published", Date),
    Column("published_precision", String(5)),
    Column("published_basis", String(20)),
    Column("text", Text, nullable=False),
    Column("ingested_at", DateTime, nullable=False, server_default=func.now()),
)

country = Table(
    "country",
    metadata,
    Column("code", String(2), primary_key=True),
    Column("name", String(200), nullable=False),
)

country_alias = Table(
    "country_alias",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("alias", String(200), nullable=False, index=True),
    Column("code", ForeignKey("country.code", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),
    UniqueConstraint("alias", "code"),
)

actor = Table(
    "actor",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String(200), nullable=False, unique=True),
    Column("name", String(300), nullable=False),
    Column("kind", String(20), nullable=False, default="person"),
    Column("country", ForeignKey("country.code"), index=True),
)

actor_alias = Table(
    "actor_alias",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("actor_id", ForeignKey("actor.id", ondelete="CASCADE"), nullable=False),
    Column("alias", String(300), nullable=False, index=True),
    Column("kind", String(10), nullable=False, default="full"),  # full | short
    UniqueConstraint("actor_id", "alias"),
)

actor_role = Table(
    "actor_role",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("actor_id", ForeignKey("actor.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("office", String(200), nullable=False),
    Column("office_kind", String(30), nullable=False),
    Column("country", ForeignKey("country.code")),
    Column("valid_from", Date),
    Column("valid_to", Date),
)

event = Table(
    "event",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("type", String(20), nullable=False, index=True),
    Column("subtype", String(60)),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("precision", String(5)),
    Column("end_precision", String(5)),
    Column("status", String(10), nullable=False),
    Column("location", String(200)),
    Column("name", String(200)),
    Column("summary", Text),
    Column("cameo", String(4)),
    Column("origin", String(10), nullable=False, default="extracted"),
    Column("reviewed", Boolean, nullable=False, default=False),
    Column("conflicts", Text),
    Index("ix_event_date_start_type", "date_start", "type"),
    Index("ix_event_date_start_id", "date_start", "id"),  # export order
)

event_country = Table(
    "event_country",
    metadata,
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    Column("code", ForeignKey("country.code"), primary_key=True),
    Column("side", String(20)),  # host | guest | participant
    Index("ix_event_country_code_event", "code", "event_id"),
)

event_actor = Table(
    "event_actor",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("actor_id", ForeignKey("actor.id")),
    Column("name", String(300), nullable=False),
    Column("country", String(2)),
    Column("role_on_date", String(200)),
)

mention = Table(
    "mention",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True),
    Column(
        "document_id", ForeignKey("document.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("sentence", Text, nullable=False),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
    Column("trigger", String(200)),
    Column("date_text", String(200)),
    Column("date_basis", String(20)),
    Column("claimed_date", Date),
    Column("claimed_date_end", Date),
    Column("claimed_precision", String(5)),
    Column("claimed_end_precision", String(5)),
    Column("claimed_status", String(10), nullable=False),
    Column("date_quality", Integer, nullable=False, default=2),
    Column("date_role", String(5), nullable=False, default="point"),
    UniqueConstraint("event_id", "document_id", "char_start"),
)

# Derived, one row per event and unordered pair of its countries (code_a < code_b): the pair
# query reads the events of KH-VN from one index range instead of intersecting every event of
# KH with every event of VN. Kept by the store with the digests (timeline.digest).
event_pair = Table(
    "event_pair",
    metadata,
    Column("code_a", String(2), primary_key=True),
    Column("code_b", String(2), primary_key=True),
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_event_pair_event_id", "event_id"),
)

# Derived, one row per event: the flat columns of CSV export and the whole CSV line, computed
# from the event's countries, actors and mentions whenever the store writes the event
# (timeline.digest). After editing events with SQL, run `timeline db refresh`.
event_digest = Table(
    "event_digest",
    metadata,
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    Column("countries", Text, nullable=False),
    Column("actors", Text, nullable=False),
    Column("source_count", Integer, nullable=False),
    Column("documents", Text, nullable=False),
    Column("first_sentence", Text),
    Column("csv_row", Text, nullable=False),  # the whole CSV line, without its line end
)
