"""Writing documents and their events to the database.

One document = one transaction: a run killed part way leaves whole documents or none. A
document whose content hash is already stored is skipped, so re-ingesting changes nothing.
Writers take turns (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock, see
timeline.db.write_connection_options), so two processes ingesting at once neither store a
document twice nor create two events for one real-world event; should another writer still
store the same document first, the unique content hash rejects ours and it counts as known.
Strings longer than their column are cut (PostgreSQL would refuse them), NUL characters and
lone surrogates (which no database stores) become U+FFFD.
Events of a new document are merged with stored events that describe the same real-world
event (same rule as in-document merging: timeline.extract.merge); the stored event's date and
status are then recomputed from all its mentions.

This module takes plain records (the pipeline's output) and never imports extraction code.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any, Protocol

from sqlalchemy import String, event, insert, select
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, selectinload

from timeline.db import Database, write_connection_options
from timeline.digest import refresh as refresh_digests
from timeline.models import Actor, Country, Document, Event, EventActor, EventCountry, Mention
from timeline.partialdate import PRECISION_RANK, PartialDate


def subtype_rules() -> Any:
    from timeline.extract.rules import subtype_rules as build
    from timeline.seeddata import load

    return build(load())


class _Sentence(Protocol):
    start: int
    end: int
    text: str


class _Claim(Protocol):
    document: str
    sentence: Any
    date: PartialDate | None
    date_end: PartialDate | None
    status: str
    date_text: str | None
    date_basis: str | None
    trigger: str


@dataclass
class StoreSummary:
    documents_new: int = 0
    documents_known: int = 0
    documents_failed: int = 0
    events_new: int = 0
    events_merged: int = 0
    mentions: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, other: StoreSummary) -> None:
        for f in fields(self):
            if f.name == "failures":
                self.failures.extend(other.failures)
            else:
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(value: str, length: int | None = None) -> str:
    """``value`` as every supported database stores it: no NUL characters or lone surrogates
    (they become U+FFFD, keeping offsets), at most ``length`` characters (cut with '…')."""
    if _UNSTORABLE.search(value):
        value = _UNSTORABLE.sub("\ufffd", value)
    if length is not None and len(value) > length:
        value = value[: length - 1] + "\u2026"
    return value


def _fit_strings(session: Session, _context: Any, _instances: Any) -> None:
    """before_flush: make the string attributes of new and changed rows storable."""
    for obj in (*session.new, *session.dirty):
        for column in obj.__table__.columns:
            if not isinstance(column.type, String):  # Text is a String without length
                continue
            value = getattr(obj, column.key, None)
            if isinstance(value, str):
                fitted = storable(value, column.type.length)
                if fitted is not value:
                    setattr(obj, column.key, fitted)


def _first(p: PartialDate | None) -> dt.date | None:
    return p.first_day() if p else None


def _interval(start: PartialDate, end: PartialDate | None) -> tuple[dt.date, dt.date]:
    return start.first_day(), (end or start).last_day()


def _partial(day: dt.date | None, precision: str | None) -> PartialDate | None:
    if day is None:
        return None
    return PartialDate.from_date(day, precision or "day")


def _event_interval(ev: Event) -> tuple[dt.date, dt.date] | None:
    start = _partial(ev.date_start, ev.precision)
    if start is None:
        return None
    end = _partial(ev.date_end, ev.end_precision or ev.precision)
    return _interval(start, end)


def _visit_holding(session: Session, merged: Any, subtypes: Any) -> Event | None:
    """Rule ``visit_includes_talks`` across documents: a stored day-dated visit between the
    same countries, during which this (generic) meeting took place with one of its people."""
    if (
        merged.type != "meeting"
        or merged.date is None
        or merged.subtype in subtypes.distinct
        or not merged.actors
    ):
        return None
    lo, hi = _interval(merged.date, merged.date_end)
    people = {a.name for a in merged.actors}
    stmt = (
        select(Event)
        .where(Event.type == "visit", Event.precision == "day")
        .where(Event.date_start <= lo, Event.date_start >= lo - dt.timedelta(days=31))
        .options(selectinload(Event.countries), selectinload(Event.actors))
    )
    for ev in session.scalars(stmt):
        iv = _event_interval(ev)
        if (
            iv is not None
            and ev.subtype not in subtypes.no_talks
            and iv[0] <= lo
            and hi <= iv[1]
            and {c.code for c in ev.countries} == set(merged.countries)
            and people & {a.name for a in ev.actors}
        ):
            return ev
    return None


def _absorb_meetings(session: Session, visit: Event, subtypes: Any, resolve: Any) -> None:
    """The other half of ``_visit_holding``: a visit stored after the talks held during it
    takes them in, so the result does not depend on which document came first."""
    iv = _event_interval(visit)
    people = {a.name for a in visit.actors}
    if iv is None or visit.precision != "day" or not people or visit.subtype in subtypes.no_talks:
        return
    codes = {c.code for c in visit.countries}
    stmt = (
        select(Event)
        .where(Event.type == "meeting", Event.id != visit.id)
        .where(Event.date_start >= iv[0], Event.date_start <= iv[1])
        .options(
            selectinload(Event.countries),
            selectinload(Event.actors),
            selectinload(Event.mentions),
        )
    )
    moved = False
    for meeting in session.scalars(stmt):
        miv = _event_interval(meeting)
        if (
            miv is None
            or not (iv[0] <= miv[0] and miv[1] <= iv[1])
            or meeting.subtype in subtypes.distinct
            or {c.code for c in meeting.countries} != codes
            or not people & {a.name for a in meeting.actors}
        ):
            continue
        have = {(m.document_id, m.char_start) for m in visit.mentions}
        for m in list(meeting.mentions):
            meeting.mentions.remove(m)
            if (m.document_id, m.char_start) not in have:
                visit.mentions.append(m)
        names = {a.name for a in visit.actors}
        for a in list(meeting.actors):
            if a.name not in names:
                visit.actors.append(
                    EventActor(
                        actor_id=a.actor_id, name=a.name, country=a.country,
                        role_on_date=a.role_on_date,
                    )
                )  # fmt: skip
        session.delete(meeting)
        moved = True
    if moved:
        session.flush()
        _apply_resolution(visit, resolve)


def _find_compatible(session: Session, merged: Any, subtypes: Any) -> Event | None:
    """A stored event that is the same real-world event as ``merged``, if exactly one fits."""
    if merged.date is None:
        return None
    lo, hi = _interval(merged.date, merged.date_end)
    codes = list(merged.countries)
    from timeline.extract.merge import ACTOR_DISTINCT_TYPES, SUPERSET_TYPES, visit_days

    stmt = (
        select(Event)
        .where(Event.type == merged.type)
        .where(Event.date_start <= hi)
        .where(Event.date_start >= lo - dt.timedelta(days=366 * 2))
        .options(selectinload(Event.countries), selectinload(Event.actors))
    )
    if merged.type in SUPERSET_TYPES:  # a multinational drill may hold more or fewer sides
        stmt = stmt.where(
            Event.id.in_(select(EventCountry.event_id).where(EventCountry.code.in_(codes)))
        )
    else:  # the same countries: each code narrows the search (index on code, event)
        for code in codes:
            stmt = stmt.where(
                Event.id.in_(select(EventCountry.event_id).where(EventCountry.code == code))
            )
    found: list[Event] = []
    wanted = set(codes)
    people = {a.name for a in merged.actors}
    for ev in session.scalars(stmt):
        # the same rules as merging within a run (timeline.extract.merge._Cluster)
        have = {c.code for c in ev.countries}
        if have != wanted and not (ev.type in SUPERSET_TYPES and (have < wanted or wanted < have)):
            continue
        if merged.name and ev.name and merged.name != ev.name:
            continue
        if not subtypes.compatible(ev.type, ev.subtype, merged.subtype):
            continue
        theirs = {a.name for a in ev.actors}
        if ev.type in ACTOR_DISTINCT_TYPES and people and theirs and not people & theirs:
            continue
        iv = _event_interval(ev)
        if iv is None:
            continue
        if not (iv[0] <= hi and lo <= iv[1]):
            start = _partial(ev.date_start, ev.precision)
            end = _partial(ev.date_end, ev.end_precision or ev.precision)
            if not (
                ev.type == "visit"
                and start is not None
                and visit_days(start, end, merged.date, merged.date_end, theirs, people)
            ):
                continue
        found.append(ev)
    if not found:
        return None
    # the most precise, then the earliest stored: deterministic
    found.sort(key=lambda e: (-PRECISION_RANK.get(e.precision or "year", 0), e.id))
    return found[0]


@dataclass(frozen=True)
class _StoredClaim:
    document: str
    date: PartialDate | None
    date_end: PartialDate | None
    status: str
    date_text: str | None
    date_basis: str | None
    trigger: str
    date_quality: int = 2
    date_role: str = "point"
    sentence: Any = None


def _claims_of(ev: Event) -> list[_StoredClaim]:
    return [
        _StoredClaim(
            document=m.document.name,
            date=_partial(m.claimed_date, m.claimed_precision),
            date_end=_partial(m.claimed_date_end, m.claimed_end_precision or m.claimed_precision),
            status=m.claimed_status,
            date_text=m.date_text,
            date_basis=m.date_basis,
            trigger=m.trigger or "",
            date_quality=m.date_quality,
            date_role=m.date_role,
        )
        for m in ev.mentions
    ]


def _apply_resolution(ev: Event, resolve: Any) -> None:
    date, end, status, conflicts = resolve(_claims_of(ev), stay=ev.type == "visit")
    ev.date_start = _first(date)
    ev.precision = date.precision if date else None
    ev.date_end = _first(end) if end and end != date else None
    ev.end_precision = end.precision if end and end != date else None
    ev.status = status
    ev.conflicts = "\n".join(conflicts) or None


def _add_mentions(session: Session, ev: Event, doc: Document, merged: Any) -> int:
    have = {(m.document_id, m.char_start) for m in ev.mentions}
    n = 0
    for c in merged.claims:
        key = (doc.id, c.sentence.start)
        if key in have:
            continue
        have.add(key)
        ev.mentions.append(
            Mention(
                document=doc,
                sentence=c.sentence.text,
                char_start=c.sentence.start,
                char_end=c.sentence.end,
                trigger=c.trigger,
                date_text=c.date_text,
                date_basis=c.date_basis,
                claimed_date=_first(c.date),
                claimed_precision=c.date.precision if c.date else None,
                claimed_date_end=_first(c.date_end),
                claimed_end_precision=c.date_end.precision if c.date_end else None,
                claimed_status=c.status,
                date_quality=c.date_quality,
                date_role=c.date_role,
            )
        )
        n += 1
    return n


def _add_actors(session: Session, ev: Event, merged: Any, actor_ids: dict[str, int]) -> None:
    have = {a.name for a in ev.actors}
    for a in merged.actors:
        if a.name in have:
            continue
        have.add(a.name)
        ev.actors.append(
            EventActor(
                actor_id=actor_ids.get(a.actor_id) if a.actor_id else None,
                name=a.name,
                country=a.country,
                role_on_date=a.role,
            )
        )


def store_extraction(db: Database, extraction: Any, summary: StoreSummary) -> None:
    """Store one document and its merged events in one transaction (or nothing at all).

    Adds to ``summary`` only once the transaction has committed. A document whose content
    hash is stored already (by an earlier run or, at the same moment, another process) is
    counted as known and changes nothing.
    """
    mine = StoreSummary()
    try:
        _store(db, extraction, mine)
    except IntegrityError:
        # Another writer committed the same content between our check and our insert
        # (possible only for writers that do not take the writer lock): already known.
        if not _stored(db, extraction.document.sha256):
            raise
        mine = StoreSummary(documents_known=1)
    summary.add(mine)


def _stored(db: Database, sha: str) -> bool:
    with db.session() as session:
        return session.scalar(select(Document.id).where(Document.sha256 == sha)) is not None


_COUNTRY_CODES: dict[str, frozenset[str]] = {}


def _country_codes(db: Database) -> frozenset[str]:
    """The ISO codes the database knows (reference data; read once per database)."""
    key = db.engine.url.render_as_string(hide_password=False)
    codes = _COUNTRY_CODES.get(key)
    if not codes:
        with db.engine.connect() as conn:
            codes = frozenset(conn.execute(select(Country.code)).scalars())
        _COUNTRY_CODES[key] = codes
    return codes


def _document_row(rec: Any) -> dict[str, Any]:
    pub = rec.published
    row = {
        "sha256": rec.sha256,
        "name": rec.name,
        "title": rec.title,
        "publisher": rec.publisher,
        "url": rec.url,
        "published": pub.first_day() if pub else None,
        "published_precision": pub.precision if pub else None,
        "published_basis": rec.published_basis,
        "text": rec.text,
    }
    table = Document.__table__
    for key, value in row.items():
        column = table.c[key]
        if isinstance(value, str) and isinstance(column.type, String):
            row[key] = storable(value, column.type.length)
    return row


def store_documents_only(db: Database, recs: Sequence[Any], summary: StoreSummary) -> None:
    """Documents that bring no event, in one transaction: one lookup of the known hashes and
    one multi-row Core INSERT (most news stories are not about diplomatic events, so this is
    the common case at scale). All of them are stored, or none."""
    rows: dict[str, dict[str, Any]] = {}
    for rec in recs:
        rows.setdefault(rec.sha256, _document_row(rec))
    opts = write_connection_options(db.engine)
    with db.engine.connect().execution_options(**opts) as conn, conn.begin():
        known = set(
            conn.execute(select(Document.sha256).where(Document.sha256.in_(list(rows)))).scalars()
        )
        new = [row for sha, row in rows.items() if sha not in known]
        if new:
            conn.execute(insert(Document.__table__), new)
    summary.documents_known += len(recs) - len(new)
    summary.documents_new += len(new)


class StoreBatch:
    """Stores extractions in order; documents without events are written in batches.

    A document with events is stored in a transaction of its own (merging needs what was
    stored before it), after the pending event-less documents. If a batch fails, its
    documents are retried one by one so that a bad one cannot take the others down.
    """

    def __init__(self, db: Database, summary: StoreSummary, size: int = 200) -> None:
        self.db = db
        self.summary = summary
        self.size = size
        self.pending: list[Any] = []

    def add(self, extraction: Any) -> list[tuple[Any, Exception]]:
        """Store or queue one extraction; returns (document, error) for documents that failed."""
        known = _country_codes(self.db)
        if any(m.date is not None and set(m.countries) <= known for m in extraction.events):
            failures = self.flush()
            try:
                store_extraction(self.db, extraction, self.summary)
            except (OperationalError, InterfaceError):
                raise
            except Exception as exc:  # this document only; its transaction was rolled back
                failures.append((extraction.document, exc))
            return failures
        self.pending.append(extraction.document)
        return self.flush() if len(self.pending) >= self.size else []

    def flush(self) -> list[tuple[Any, Exception]]:
        """Write what is pending; returns (document, error) for the ones that failed."""
        pending, self.pending = self.pending, []
        if not pending:
            return []
        try:
            mine = StoreSummary()
            store_documents_only(self.db, pending, mine)
            self.summary.add(mine)
            return []
        except (OperationalError, InterfaceError):
            raise
        except Exception:
            failures: list[tuple[Any, Exception]] = []
            for rec in pending:
                try:
                    mine = StoreSummary()
                    store_documents_only(self.db, [rec], mine)
                    self.summary.add(mine)
                except (OperationalError, InterfaceError):
                    raise
                except Exception as exc:
                    failures.append((rec, exc))
            return failures


def _store(db: Database, extraction: Any, summary: StoreSummary) -> None:
    from timeline.extract.merge import resolve  # pure function; no heavy imports

    subtypes = subtype_rules()

    rec = extraction.document
    opts = write_connection_options(db.engine)
    known = _country_codes(db)
    storable_events = [
        m for m in extraction.events if m.date is not None and set(m.countries) <= known
    ]
    if not storable_events:
        store_documents_only(db, [rec], summary)
        return
    with db.engine.connect().execution_options(**opts) as conn, Session(bind=conn) as session:
        event.listen(session, "before_flush", _fit_strings)
        with session.begin():
            sha = rec.sha256
            if session.scalar(select(Document.id).where(Document.sha256 == sha)) is not None:
                summary.documents_known += 1
                return
            doc = Document(**_document_row(rec))
            session.add(doc)
            session.flush()
            slugs = {a.actor_id for e in storable_events for a in e.actors if a.actor_id}
            actor_ids = (
                {
                    s: i
                    for s, i in session.execute(
                        select(Actor.slug, Actor.id).where(Actor.slug.in_(slugs))
                    )
                }
                if slugs
                else {}
            )
            touched: set[int] = set()
            for merged in storable_events:
                ev = _find_compatible(session, merged, subtypes) or _visit_holding(
                    session, merged, subtypes
                )
                if ev is None:
                    ev = Event(
                        type=merged.type,
                        subtype=merged.subtype,
                        status=merged.status,
                        location=merged.location,
                        name=merged.name,
                        summary=merged.summary,
                        cameo=merged.cameo,
                        origin="extracted",
                    )
                    ev.countries = [EventCountry(code=c) for c in merged.countries]
                    session.add(ev)
                    summary.events_new += 1
                else:
                    have = {c.code for c in ev.countries}
                    for code in merged.countries:
                        if code not in have:
                            ev.countries.append(EventCountry(code=code))
                    ev.location = ev.location or merged.location
                    ev.name = ev.name or merged.name
                    if (
                        merged.type == ev.type
                        and ev.subtype in (None, ev.type)
                        and merged.subtype not in (None, ev.type)
                    ):
                        ev.subtype = merged.subtype
                    summary.events_merged += 1
                summary.mentions += _add_mentions(session, ev, doc, merged)
                _add_actors(session, ev, merged, actor_ids)
                session.flush()
                _apply_resolution(ev, resolve)
                if ev.type == "visit":
                    _absorb_meetings(session, ev, subtypes, resolve)
                touched.add(ev.id)
            session.flush()
            refresh_digests(session, touched)
            summary.documents_new += 1


def store_all(db: Database, extractions: Sequence[Any]) -> StoreSummary:
    summary = StoreSummary()
    for ex in extractions:
        store_extraction(db, ex, summary)
    return summary
