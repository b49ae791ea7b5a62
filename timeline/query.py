"""Reading events back: filters, country pairs, the JSON contract, one event with its sources.

Events come out as plain dicts in the DESIGN.md contract shape::

    {"id", "type", "subtype", "date", "date_end", "precision", "status", "countries",
     "actors": [{"name", "country", "role"}], "location", "summary", "cameo",
     "sources": [{"document", "title", "publisher", "url", "published", "sentence", "date_text"}]}

Dates are ISO at their precision (``2024``, ``2024-06``, ``2024-06-04``). Sources are ordered
by publication date (undated last), then in the order they were recorded.

Loading is one query for the events plus one IN query per related table and chunk of events
(countries, actors, sources), never one query per event. ``iter_events(stream=True)`` streams
the events with a server-side cursor (PostgreSQL) so exports of any size run in flat memory.
This module never imports the extraction side (a query must start fast).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import ARRAY, Integer, and_, any_, bindparam, exists, extract, func, or_, select

from timeline import schema
from timeline.errors import TimelineError, UnknownCountryError, UsageError
from timeline.partialdate import PRECISION_RANK, PartialDate
from timeline.reference import resolve_country

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

    # What the reading functions take: a Core connection (the CLI; no ORM import) or a
    # Session (tests, library users); both execute Core statements.
    Reader = Connection | Session

CHUNK_SIZE = 1000
STATUSES = ("occurred", "planned", "cancelled")

_E = schema.event
_EC = schema.event_country
_EA = schema.event_actor
_M = schema.mention
_D = schema.document
_C = schema.country
_EP = schema.event_pair


def dialect_name(reader: Reader) -> str:
    """The database dialect's name ("sqlite", "postgresql") of a Connection or a Session."""
    dialect = getattr(reader, "dialect", None)
    if dialect is None:
        dialect = reader.get_bind().dialect  # type: ignore[union-attr]
    return str(dialect.name)


class EventNotFoundError(TimelineError):
    exit_code = 1


@dataclass(frozen=True)
class EventFilter:
    """What `query` and `export` select. Every field narrows; the defaults select everything.

    countries: 0, 1 or 2 ISO codes; the event must involve all of them.
    since/until: inclusive partial dates; an event matches when its interval overlaps
    [since.first_day(), until.last_day()] (undated events never match a date filter).
    actor: case-insensitive substring of a participant's name.
    text: whitespace-separated words; each must occur in the summary or in a source sentence.
    """

    countries: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    since: PartialDate | None = None
    until: PartialDate | None = None
    status: str | None = None
    actor: str | None = None
    text: str | None = None
    limit: int | None = None

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in STATUSES:
            raise UsageError(f"unknown status {self.status!r} (use {', '.join(STATUSES)})")
        if len(self.countries) > 2:
            raise UsageError(f"a pair has at most two countries, got {len(self.countries)}")
        if self.since and self.until and self.since.first_day() > self.until.last_day():
            raise UsageError(f"--since {self.since} is after --until {self.until}")


# -- country pairs -----------------------------------------------------------------------------


def parse_pair(session: Reader, values: Sequence[str]) -> tuple[str, ...]:
    """Country codes, sorted, from --pair values: "US-KH", "kh-us", "cambodia-united states",
    or two separate values ("US", "KH"). Names may themselves contain hyphens and spaces
    ("Guinea-Bissau"): a value is first read as one country, then split at every hyphen.

    Raises UnknownCountryError naming the part that is not a country.
    """
    codes: list[str] = []
    for value in values:
        codes.extend(_parse_pair_value(session, value))
    unique = tuple(sorted(set(codes)))
    if len(codes) > 2:
        raise UsageError(f"a pair has two countries, got {len(codes)}: {', '.join(values)}")
    if len(unique) < len(codes):
        raise UsageError(f"a pair needs two different countries: {', '.join(values)}")
    return unique


def _parse_pair_value(session: Reader, value: str) -> tuple[str, ...]:
    value = value.strip()
    halves = value.split("-")
    if len(halves) == 2 and all(len(h.strip()) == 2 for h in halves):
        # The common case, "US-KH": two codes, one small query, no name lookup needed.
        wanted = [h.strip().upper() for h in halves]
        known = set(session.scalars(select(_C.c.code).where(_C.c.code.in_(wanted))))
        if all(code in known for code in wanted):
            return tuple(wanted)
    errors: dict[str, UnknownCountryError] = {}

    def attempt(text: str) -> str | None:
        try:
            return resolve_country(session, text)
        except UnknownCountryError as exc:
            errors[text] = exc
            return None

    whole = attempt(value)
    if whole is not None:
        return (whole,)
    splits = [
        (value[:i].strip(), value[i + 1 :].strip()) for i, ch in enumerate(value) if ch == "-"
    ]
    outcome = []
    for left, right in splits:
        a, b = attempt(left), attempt(right)
        if a is not None and b is not None:
            return (a, b)
        outcome.append((left, right, a, b))
    # Name the bad part: from a split where one half is a country, else the first half.
    for left, right, a, b in outcome:
        if (a is None) != (b is None):
            raise errors[right if a is not None else left]
    if outcome and outcome[0][0]:
        raise errors[outcome[0][0]]
    raise errors[value]


# -- selecting events --------------------------------------------------------------------------


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _ids_with_countries(codes: Sequence[str]) -> Any:
    """Ids of the events involving every code: one range of the event_pair key for a pair,
    the (code, event_id) index for one country."""
    if len(codes) == 2:
        lo, hi = sorted(codes)
        return select(_EP.c.event_id).where(_EP.c.code_a == lo, _EP.c.code_b == hi)
    a = _EC.alias("pair_a")
    return select(a.c.event_id).where(a.c.code == codes[0])


def _where(flt: EventFilter) -> list[Any]:
    clauses: list[Any] = []
    if flt.countries:
        clauses.append(_E.c.id.in_(_ids_with_countries(flt.countries)))
    if flt.types:
        clauses.append(_E.c.type.in_(flt.types))
    if flt.status:
        clauses.append(_E.c.status == flt.status)
    if flt.until is not None:
        clauses.append(_E.c.date_start <= flt.until.last_day())
    if flt.since is not None:
        first = flt.since.first_day()
        # The event's last day is date_end, or the end of date_start's period; date_start is
        # the first day of its period, so comparing it with the period's start of `first` works.
        clauses.append(
            or_(
                _E.c.date_end >= first,
                and_(
                    _E.c.date_end.is_(None),
                    or_(
                        _E.c.date_start >= first,
                        and_(_E.c.precision == "month", _E.c.date_start >= first.replace(day=1)),
                        and_(
                            _E.c.precision == "year",
                            _E.c.date_start >= first.replace(month=1, day=1),
                        ),
                    ),
                ),
            )
        )
    if flt.actor:
        clauses.append(
            _E.c.id.in_(
                select(_EA.c.event_id).where(_EA.c.name.ilike(_like(flt.actor), escape="\\"))
            )
        )
    for word in (flt.text or "").split():
        pattern = _like(word)
        clauses.append(
            or_(
                _E.c.summary.ilike(pattern, escape="\\"),
                exists().where(_M.c.event_id == _E.c.id, _M.c.sentence.ilike(pattern, escape="\\")),
            )
        )
    return clauses


def event_ids_select(flt: EventFilter) -> Any:
    """A SELECT of the ids of matching events (for counts and other queries)."""
    return select(_E.c.id).where(*_where(flt))


def _events_select(flt: EventFilter) -> Any:
    stmt = (
        select(
            _E.c.id,
            _E.c.type,
            _E.c.subtype,
            _E.c.date_start,
            _E.c.date_end,
            _E.c.precision,
            _E.c.end_precision,
            _E.c.status,
            _E.c.location,
            _E.c.summary,
            _E.c.cameo,
        )
        .where(*_where(flt))
        .order_by(_E.c.date_start.asc().nulls_last(), _E.c.id)
    )
    if flt.limit is not None:
        stmt = stmt.limit(flt.limit)
    return stmt


_ISO_LENGTH = {"year": 4, "month": 7}


def iso_at(value: dt.date | None, precision: str | None) -> str | None:
    """A stored date as ISO text at its precision (``2024``, ``2024-06``, ``2024-06-04``)."""
    if value is None:
        return None
    return value.isoformat()[: _ISO_LENGTH.get(precision or "day", 10)]


_SOURCE_DETAIL = (
    _M.c.claimed_date,
    _M.c.claimed_precision,
    _M.c.claimed_date_end,
    _M.c.claimed_end_precision,
    _M.c.claimed_status,
    _M.c.date_basis,
    _M.c.trigger,
    _M.c.char_start,
    _M.c.char_end,
)


class _Loader:
    """Builds contract dicts for chunks of event rows with one IN query per related table.

    The statements are built once with a single ``ids`` parameter (expanding IN; on
    PostgreSQL one array, ``= ANY``). Each mention row carries its document's columns (a
    join: one round trip fewer than a documents query); documents are formatted once and
    cached.
    """

    MAX_CACHED_DOCUMENTS = 200_000

    def __init__(self, session: Reader, *, detail: bool = False) -> None:
        self.session = session
        self.detail = detail
        self.documents: dict[int, tuple[Any, ...]] = {}
        postgres = dialect_name(session) == "postgresql"

        def among(column: Any) -> Any:
            if postgres:
                return column == any_(bindparam("ids", type_=ARRAY(Integer)))
            return column.in_(bindparam("ids", expanding=True))

        self.countries_stmt = (
            select(_EC.c.event_id, _EC.c.code)
            .where(among(_EC.c.event_id))
            .order_by(_EC.c.event_id, _EC.c.code)
        )
        self.actors_stmt = (
            select(_EA.c.event_id, _EA.c.name, _EA.c.country, _EA.c.role_on_date)
            .where(among(_EA.c.event_id))
            .order_by(_EA.c.id)
        )
        detail_columns = _SOURCE_DETAIL if detail else ()
        self.n_detail = len(detail_columns)
        # the document's columns ride along with each mention (one round trip, no cache)
        self.mentions_stmt = (
            select(
                _M.c.event_id,
                _M.c.document_id,
                _M.c.sentence,
                _M.c.date_text,
                *detail_columns,
                _D.c.name,
                _D.c.title,
                _D.c.publisher,
                _D.c.url,
                _D.c.published,
                _D.c.published_precision,
            )
            .join(_D, _D.c.id == _M.c.document_id)
            .where(among(_M.c.event_id))
            .order_by(_M.c.id)
        )

    def _document(self, row: Sequence[Any]) -> None:
        doc_id = row[1]
        if doc_id in self.documents:
            return
        if len(self.documents) >= self.MAX_CACHED_DOCUMENTS:
            self.documents.clear()
        name, title, publisher, url, published, precision = row[4 + self.n_detail :]
        self.documents[doc_id] = (
            name,
            title,
            publisher,
            url,
            iso_at(published, precision),
            published or dt.date.max,
        )

    def assemble(self, rows: Sequence[Any]) -> list[dict[str, Any]]:
        ids = {"ids": [r[0] for r in rows]}
        countries: dict[int, list[str]] = {i: [] for i in ids["ids"]}
        actors: dict[int, list[dict[str, Any]]] = {i: [] for i in ids["ids"]}
        mentions: dict[int, list[tuple[Any, ...]]] = {i: [] for i in ids["ids"]}
        execute = self.session.execute
        for event_id, code in execute(self.countries_stmt, ids).all():
            countries[event_id].append(code)  # sorted by the query
        for event_id, name, country, role in execute(self.actors_stmt, ids).all():
            actors[event_id].append({"name": name, "country": country, "role": role})
        for row in execute(self.mentions_stmt, ids).all():
            mentions[row[0]].append(row)
            self._document(row)
        events = []
        for r in rows:
            event_id, kind, subtype, start, end, precision, end_precision = r[:7]
            events.append(
                {
                    "id": event_id,
                    "type": kind,
                    "subtype": subtype,
                    "date": iso_at(start, precision),
                    "date_end": iso_at(end, end_precision or precision),
                    "precision": precision,
                    "status": r[7],
                    "countries": countries[event_id],
                    "actors": actors[event_id],
                    "location": r[8],
                    "summary": r[9],
                    "cameo": r[10],
                    "sources": self._sources(mentions[event_id]),
                }
            )
        return events

    def _sources(self, mentions: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
        if len(mentions) > 1:  # earliest published first, then as recorded (sort is stable)
            mentions = sorted(mentions, key=lambda m: self.documents[m[1]][5])
        sources = []
        for m in mentions:
            name, title, publisher, url, published, _ = self.documents[m[1]]
            source = {
                "document": name,
                "title": title,
                "publisher": publisher,
                "url": url,
                "published": published,
                "sentence": m[2],
                "date_text": m[3],
            }
            if self.detail:
                claimed, precision, claimed_end, end_precision = m[4:8]
                source.update(
                    claimed_date=iso_at(claimed, precision),
                    claimed_date_end=iso_at(claimed_end, end_precision or precision),
                    claimed_precision=precision,
                    claimed_status=m[8],
                    date_basis=m[9],
                    trigger=m[10],
                    char_start=m[11],
                    char_end=m[12],
                )
            sources.append(source)
        return sources


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def iter_events(
    session: Reader, flt: EventFilter, *, stream: bool = False, chunk_size: int = CHUNK_SIZE
) -> Iterator[dict[str, Any]]:
    """Matching events, ordered by date (undated last) then id, loaded chunk by chunk.

    With ``stream=True`` the event rows come through a server-side cursor where the database
    has one, so memory stays flat however many events match.
    """
    loader = _Loader(session)
    options = {"yield_per": chunk_size} if stream else {}
    result = session.execute(_events_select(flt), execution_options=options)
    chunks = result.partitions() if stream else _chunks(result.all(), chunk_size)
    for rows in chunks:
        yield from loader.assemble(rows)


def find_events(session: Reader, flt: EventFilter) -> list[dict[str, Any]]:
    """Matching events in the JSON contract shape, ordered by date (undated last) then id."""
    return list(iter_events(session, flt))


# -- one event ---------------------------------------------------------------------------------


def _same(a: PartialDate, b: PartialDate) -> bool:
    """Equal at the coarser of the two precisions ("June 2024" and "4 June 2024" agree)."""
    precision = min(a.precision, b.precision, key=PRECISION_RANK.__getitem__)
    return a.truncate(precision) == b.truncate(precision)


def _dates_disagree(event: dict[str, Any], source: dict[str, Any]) -> bool:
    """A claimed range must match the event's start and end; a claimed single date must lie
    within the event's period or contain it."""
    start = PartialDate.parse(event["date"])
    end = PartialDate.parse(event["date_end"]) if event["date_end"] else start
    claim = PartialDate.parse(source["claimed_date"])
    if source["claimed_date_end"]:
        claim_end = PartialDate.parse(source["claimed_date_end"])
        return not (_same(start, claim) and _same(end, claim_end))
    inside = start.first_day() <= claim.first_day() and claim.last_day() <= end.last_day()
    around = claim.first_day() <= start.first_day() and end.last_day() <= claim.last_day()
    return not (inside or around)


def get_event(session: Reader, event_id: int) -> dict[str, Any]:
    """One event for `show`: the contract fields; each source with its own claim
    (claimed_date/claimed_date_end at their precision, claimed_status, date_text, where in
    the text); and ``conflicts``, one {document, field, claimed, event} per claim that
    disagrees with the event's date (see _dates_disagree) or status.

    Raises EventNotFoundError (exit status 1) for an unknown id."""
    row = session.execute(
        _events_select(EventFilter()).where(_E.c.id == event_id).limit(None)
    ).first()
    if row is None:
        raise EventNotFoundError(f"no event with id {event_id}")
    event = _Loader(session, detail=True).assemble([row])[0]
    extra = session.execute(
        select(_E.c.name, _E.c.origin, _E.c.reviewed, _E.c.conflicts).where(_E.c.id == event_id)
    ).one()
    event.update(
        name=extra.name,
        origin=extra.origin,
        reviewed=extra.reviewed,
        recorded_conflicts=extra.conflicts,
    )
    conflicts: list[dict[str, Any]] = []
    for source in event["sources"]:
        if event["date"] and source["claimed_date"] and _dates_disagree(event, source):
            conflicts.append(
                {
                    "document": source["document"],
                    "field": "date",
                    "claimed": _range_text(source["claimed_date"], source["claimed_date_end"]),
                    "event": _range_text(event["date"], event["date_end"]),
                }
            )
        if source["claimed_status"] != event["status"]:
            conflicts.append(
                {
                    "document": source["document"],
                    "field": "status",
                    "claimed": source["claimed_status"],
                    "event": event["status"],
                }
            )
    event["conflicts"] = conflicts
    return event


def _range_text(start: str | None, end: str | None) -> str | None:
    return f"{start}/{end}" if start and end else start


# -- counts ------------------------------------------------------------------------------------


def stats(session: Reader, pair: Sequence[str] | None = None) -> dict[str, Any]:
    """Counts of documents, events and mentions, and events by type, year and status.

    With ``pair``, only the events involving those countries (and their mentions and
    documents) are counted.
    """
    ids = event_ids_select(EventFilter(countries=tuple(pair or ()))) if pair else None
    ev = select(func.count()).select_from(_E)
    mentions = select(func.count()).select_from(_M)
    if ids is not None:
        ev = ev.where(_E.c.id.in_(ids))
        mentions = mentions.where(_M.c.event_id.in_(ids))
        documents = select(func.count(func.distinct(_M.c.document_id))).where(
            _M.c.event_id.in_(ids)
        )
    else:
        documents = select(func.count()).select_from(_D)

    def grouped(column: Any) -> list[tuple[Any, int]]:
        stmt = select(column, func.count()).group_by(column).order_by(column.asc().nulls_last())
        if ids is not None:
            stmt = stmt.where(_E.c.id.in_(ids))
        return [(k, n) for k, n in session.execute(stmt)]

    year = extract("year", _E.c.date_start)
    return {
        "pair": "-".join(pair) if pair else None,
        "documents": session.scalar(documents),
        "events": session.scalar(ev),
        "mentions": session.scalar(mentions),
        "by_type": dict(grouped(_E.c.type)),
        "by_year": {str(int(k)) if k is not None else "undated": n for k, n in grouped(year)},
        "by_status": dict(grouped(_E.c.status)),
    }


STATS_COLUMNS = ("group", "key", "count")


def stats_rows(counts: dict[str, Any]) -> Iterable[dict[str, Any]]:
    """The stats as flat rows (group, key, count) for table output."""
    for key in ("documents", "events", "mentions"):
        yield {"group": "total", "key": key, "count": counts[key]}
    for group in ("type", "year", "status"):
        for key, n in counts[f"by_{group}"].items():
            yield {"group": group, "key": key, "count": n}
