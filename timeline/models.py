"""ORM classes for the write side (ingest, seeds, tests), mapped onto the Core tables of
timeline.schema, which hold the column definitions. Reading code uses the tables directly
and never imports this module (or the ORM)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import DeclarativeBase, Mapped, relationship

from timeline import schema

NAMING_CONVENTION = schema.NAMING_CONVENTION


class Base(DeclarativeBase):
    metadata = schema.metadata


class Document(Base):
    __table__ = schema.document

    id: Mapped[int]
    sha256: Mapped[str]
    name: Mapped[str]
    title: Mapped[str | None]
    publisher: Mapped[str | None]
    url: Mapped[str | None]
    published: Mapped[dt.date | None]
    published_precision: Mapped[str | None]
    published_basis: Mapped[str | None]
    text: Mapped[str]
    ingested_at: Mapped[dt.datetime]

    mentions: Mapped[list[Mention]] = relationship(back_populates="document")


class Country(Base):
    __table__ = schema.country

    code: Mapped[str]
    name: Mapped[str]

    aliases: Mapped[list[CountryAlias]] = relationship(back_populates="country")


class CountryAlias(Base):
    __table__ = schema.country_alias

    id: Mapped[int]
    alias: Mapped[str]
    code: Mapped[str]
    kind: Mapped[str]

    country: Mapped[Country] = relationship(back_populates="aliases")


class Actor(Base):
    __table__ = schema.actor

    id: Mapped[int]
    slug: Mapped[str]
    name: Mapped[str]
    kind: Mapped[str]
    country: Mapped[str | None]

    aliases: Mapped[list[ActorAlias]] = relationship(
        back_populates="actor", cascade="all, delete-orphan"
    )
    roles: Mapped[list[ActorRole]] = relationship(
        back_populates="actor", cascade="all, delete-orphan"
    )


class ActorAlias(Base):
    __table__ = schema.actor_alias

    id: Mapped[int]
    actor_id: Mapped[int]
    alias: Mapped[str]
    kind: Mapped[str]

    actor: Mapped[Actor] = relationship(back_populates="aliases")


class ActorRole(Base):
    __table__ = schema.actor_role

    id: Mapped[int]
    actor_id: Mapped[int]
    office: Mapped[str]
    office_kind: Mapped[str]
    country: Mapped[str | None]
    valid_from: Mapped[dt.date | None]
    valid_to: Mapped[dt.date | None]

    actor: Mapped[Actor] = relationship(back_populates="roles")


class Event(Base):
    __table__ = schema.event

    id: Mapped[int]
    type: Mapped[str]
    subtype: Mapped[str | None]
    date_start: Mapped[dt.date | None]
    date_end: Mapped[dt.date | None]
    precision: Mapped[str | None]
    end_precision: Mapped[str | None]
    status: Mapped[str]
    location: Mapped[str | None]
    name: Mapped[str | None]
    summary: Mapped[str | None]
    cameo: Mapped[str | None]
    origin: Mapped[str]
    reviewed: Mapped[bool]
    conflicts: Mapped[str | None]

    countries: Mapped[list[EventCountry]] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )
    actors: Mapped[list[EventActor]] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )
    mentions: Mapped[list[Mention]] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )


class EventCountry(Base):
    __table__ = schema.event_country

    event_id: Mapped[int]
    code: Mapped[str]
    side: Mapped[str | None]

    event: Mapped[Event] = relationship(back_populates="countries")


class EventActor(Base):
    __table__ = schema.event_actor

    id: Mapped[int]
    event_id: Mapped[int]
    actor_id: Mapped[int | None]
    name: Mapped[str]
    country: Mapped[str | None]
    role_on_date: Mapped[str | None]

    event: Mapped[Event] = relationship(back_populates="actors")


class Mention(Base):
    __table__ = schema.mention

    id: Mapped[int]
    event_id: Mapped[int]
    document_id: Mapped[int]
    sentence: Mapped[str]
    char_start: Mapped[int]
    char_end: Mapped[int]
    trigger: Mapped[str | None]
    date_text: Mapped[str | None]
    date_basis: Mapped[str | None]
    claimed_date: Mapped[dt.date | None]
    claimed_date_end: Mapped[dt.date | None]
    claimed_precision: Mapped[str | None]
    claimed_end_precision: Mapped[str | None]
    claimed_status: Mapped[str]
    date_quality: Mapped[int]
    date_role: Mapped[str]

    event: Mapped[Event] = relationship(back_populates="mentions")
    document: Mapped[Document] = relationship(back_populates="mentions")


class EventDigest(Base):
    """Derived export columns of one event (see timeline.schema.event_digest)."""

    __table__ = schema.event_digest

    event_id: Mapped[int]
    countries: Mapped[str]
    actors: Mapped[str]
    source_count: Mapped[int]
    documents: Mapped[str]
    first_sentence: Mapped[str | None]
    csv_row: Mapped[str]
