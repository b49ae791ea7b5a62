"""Event digests: the flat CSV columns of each event, stored in ``event_digest``.

A digest (countries, actors, source_count, documents, first_sentence, see timeline.export
for what each column holds, and csv_row, the event's whole CSV line) is derived from the
event's rows in event_country, event_actor, mention and document. It is computed here from
the very same contract dict that JSON export writes (timeline.query assembles it,
timeline.export.csv_row flattens it), so CSV read from digests and CSV assembled event by
event are identical.

The store refreshes the digests of the events a document touches, in the document's own
transaction. ``timeline db refresh`` recomputes every digest (after edits made with SQL).
An event without a digest is still exported correctly: the exporter computes the missing
ones on the fly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, delete, exists, insert, select

from timeline import schema
from timeline.export import DIGEST_COLUMNS, csv_line, csv_row
from timeline.query import CHUNK_SIZE, EventFilter, _events_select, _Loader

if TYPE_CHECKING:
    from timeline.query import Reader

_E = schema.event
_G = schema.event_digest
_P = schema.event_pair
_EC = schema.event_country


def digest_of(event: dict[str, Any]) -> dict[str, Any]:
    """The digest columns of one contract event: five CSV cells (before quoting) and the
    whole CSV line."""
    row = csv_row(event) | {"csv_row": csv_line(event)}
    return {key: row[key] for key in DIGEST_COLUMNS}


def compute(session: Reader, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Digests of the events ``ids`` (events that do not exist are left out)."""
    loader = _Loader(session)
    wanted = sorted(set(ids))
    out: dict[int, dict[str, Any]] = {}
    for i in range(0, len(wanted), CHUNK_SIZE):
        chunk = wanted[i : i + CHUNK_SIZE]
        rows = session.execute(
            _events_select(EventFilter()).where(_E.c.id.in_(chunk)).order_by(None)
        ).all()
        for event in loader.assemble(rows):
            out[event["id"]] = digest_of(event)
    return out


def refresh_pairs(session: Reader, ids: Sequence[int]) -> None:
    """Rewrite the event_pair rows of the events ``ids`` from event_country."""
    session.execute(delete(_P).where(_P.c.event_id.in_(ids)))
    a, b = _EC.alias("a"), _EC.alias("b")
    pairs = (
        select(a.c.code, b.c.code, a.c.event_id)
        .join(b, and_(b.c.event_id == a.c.event_id, a.c.code < b.c.code))
        .where(a.c.event_id.in_(ids))
    )
    session.execute(insert(_P).from_select(["code_a", "code_b", "event_id"], pairs))


def refresh(session: Reader, ids: Iterable[int]) -> int:
    """Recompute and store the digests (and country pairs) of ``ids``; returns how many
    digests were written. Rows of ids that no longer name an event are removed."""
    wanted = sorted(set(ids))
    written = 0
    for i in range(0, len(wanted), CHUNK_SIZE):
        chunk = wanted[i : i + CHUNK_SIZE]
        refresh_pairs(session, chunk)
        digests = compute(session, chunk)
        session.execute(delete(_G).where(_G.c.event_id.in_(chunk)))
        if digests:
            session.execute(insert(_G), [{"event_id": k, **v} for k, v in sorted(digests.items())])
        written += len(digests)
    return written


def _id_chunks(session: Reader, stmt: Any, size: int) -> Iterator[Sequence[int]]:
    ids = list(session.scalars(stmt))
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def refresh_all(session: Reader, *, on_progress: Callable[[int], None] | None = None) -> int:
    """Recompute every digest; returns the number of events. ``on_progress`` gets the number
    of events done after each chunk."""
    # NOT EXISTS, not NOT IN: PostgreSQL turns NOT IN over a million ids into a rescan per row
    session.execute(delete(_G).where(~exists().where(_E.c.id == _G.c.event_id)))
    session.execute(delete(_P).where(~exists().where(_E.c.id == _P.c.event_id)))
    done = 0
    for chunk in _id_chunks(session, select(_E.c.id).order_by(_E.c.id), 10 * CHUNK_SIZE):
        done += refresh(session, chunk)
        if on_progress is not None:
            on_progress(len(chunk))
    return done


def _has_digest() -> Any:
    return exists().where(_G.c.event_id == _E.c.id)


def refresh_missing(session: Reader) -> int:
    """Compute the digests events lack (after a migration added the table); returns how many."""
    stmt = select(_E.c.id).where(~_has_digest()).order_by(_E.c.id)
    return sum(refresh(session, chunk) for chunk in _id_chunks(session, stmt, 10 * CHUNK_SIZE))
