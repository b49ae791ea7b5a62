"""The relational schema as SQLAlchemy 2 typed models.

Dates are real DATE columns (the first day of the period) plus a precision, so SQL users
can filter and sort; ``date_end`` is the last day covered when the event spans days.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Document(Base):
    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    title: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    published_precision: Mapped[str | None] = mapped_column(String(5))
    published_basis: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())

    mentions: Mapped[list[Mention]] = relationship(back_populates="document")


class Country(Base):
    __tablename__ = "country"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))

    aliases: Mapped[list[CountryAlias]] = relationship(back_populates="country")


class CountryAlias(Base):
    __tablename__ = "country_alias"
    __table_args__ = (UniqueConstraint("alias", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    alias: Mapped[str] = mapped_column(String(200), index=True)
    code: Mapped[str] = mapped_column(ForeignKey("country.code", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))

    country: Mapped[Country] = relationship(back_populates="aliases")


class Actor(Base):
    __tablename__ = "actor"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="person")
    country: Mapped[str | None] = mapped_column(ForeignKey("country.code"), index=True)

    aliases: Mapped[list[ActorAlias]] = relationship(
        back_populates="actor", cascade="all, delete-orphan"
    )
    roles: Mapped[list[ActorRole]] = relationship(
        back_populates="actor", cascade="all, delete-orphan"
    )


class ActorAlias(Base):
    __tablename__ = "actor_alias"
    __table_args__ = (UniqueConstraint("actor_id", "alias"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(300), index=True)
    kind: Mapped[str] = mapped_column(String(10), default="full")  # full | short

    actor: Mapped[Actor] = relationship(back_populates="aliases")


class ActorRole(Base):
    __tablename__ = "actor_role"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id", ondelete="CASCADE"), index=True)
    office: Mapped[str] = mapped_column(String(200))
    office_kind: Mapped[str] = mapped_column(String(30))
    country: Mapped[str | None] = mapped_column(ForeignKey("country.code"))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)

    actor: Mapped[Actor] = relationship(back_populates="roles")


class Event(Base):
    __tablename__ = "event"
    __table_args__ = (Index("ix_event_date_start_type", "date_start", "type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(20), index=True)
    subtype: Mapped[str | None] = mapped_column(String(60))
    date_start: Mapped[dt.date | None] = mapped_column(Date)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    precision: Mapped[str | None] = mapped_column(String(5))
    end_precision: Mapped[str | None] = mapped_column(String(5))
    status: Mapped[str] = mapped_column(String(10))
    location: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[str | None] = mapped_column(String(200))
    summary: Mapped[str | None] = mapped_column(Text)
    cameo: Mapped[str | None] = mapped_column(String(4))
    origin: Mapped[str] = mapped_column(String(10), default="extracted")
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    conflicts: Mapped[str | None] = mapped_column(Text)

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
    __tablename__ = "event_country"
    __table_args__ = (Index("ix_event_country_code_event", "code", "event_id"),)

    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(ForeignKey("country.code"), primary_key=True)
    side: Mapped[str | None] = mapped_column(String(20))  # host | guest | participant

    event: Mapped[Event] = relationship(back_populates="countries")


class EventActor(Base):
    __tablename__ = "event_actor"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("actor.id"))
    name: Mapped[str] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(2))
    role_on_date: Mapped[str | None] = mapped_column(String(200))

    event: Mapped[Event] = relationship(back_populates="actors")


class Mention(Base):
    __tablename__ = "mention"
    __table_args__ = (UniqueConstraint("event_id", "document_id", "char_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    sentence: Mapped[str] = mapped_column(Text)
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
    trigger: Mapped[str | None] = mapped_column(String(200))
    date_text: Mapped[str | None] = mapped_column(String(200))
    date_basis: Mapped[str | None] = mapped_column(String(20))
    claimed_date: Mapped[dt.date | None] = mapped_column(Date)
    claimed_date_end: Mapped[dt.date | None] = mapped_column(Date)
    claimed_precision: Mapped[str | None] = mapped_column(String(5))
    claimed_end_precision: Mapped[str | None] = mapped_column(String(5))
    claimed_status: Mapped[str] = mapped_column(String(10))
    date_quality: Mapped[int] = mapped_column(Integer, default=2)
    date_role: Mapped[str] = mapped_column(String(5), default="point")

    event: Mapped[Event] = relationship(back_populates="mentions")
    document: Mapped[Document] = relationship(back_populates="mentions")
