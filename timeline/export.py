"""Writing events out: csv, json, jsonl, markdown and table (via timeline.render), a
self-contained HTML page, and Knight Lab TimelineJS3 JSON.

json and jsonl are the DESIGN.md contract (see timeline.query). CSV has one row per event
with these stable columns:

    id              event id
    type            event type (visit, meeting, agreement, drill)
    subtype         event subtype (e.g. official_visit, joint_exercise); may be empty
    date            start date, ISO at the event's precision: YYYY, YYYY-MM or YYYY-MM-DD;
                    empty when the event is undated
    date_end        last date of a range, ISO at its precision; empty for a single date
    precision       day | month | year (of date)
    status          occurred | planned | cancelled
    countries       ISO 3166-1 alpha-2 codes, sorted, ";"-joined (KH;US)
    actors          participants as "name (role, country)", ";"-joined, in the order recorded
    location        where it took place, if known
    summary         one-line description
    cameo           CAMEO event code
    source_count    number of distinct documents that mention the event
    documents       those documents' names, ";"-joined, earliest published first
    first_sentence  the sentence of the earliest source that states the event

Table (terminal) and markdown show a readable subset: the date in words at its precision
("4 June 2024", "June 2024", "2024", "16-28 May 2024"), type/subtype, status (PLANNED in
capitals), summary, people and sources.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from sqlalchemy import select

from timeline import schema
from timeline.partialdate import PartialDate, format_human
from timeline.query import EventFilter, _where, iter_events
from timeline.render import _cell, output_rows

CSV_COLUMNS = (
    "id",
    "type",
    "subtype",
    "date",
    "date_end",
    "precision",
    "status",
    "countries",
    "actors",
    "location",
    "summary",
    "cameo",
    "source_count",
    "documents",
    "first_sentence",
)
TABLE_COLUMNS = ("date", "type", "status", "summary", "people", "sources")
MARKDOWN_COLUMNS = ("date", "type", "status", "countries", "summary", "people", "documents")
DIGEST_COLUMNS = ("countries", "actors", "source_count", "documents", "first_sentence", "csv_row")
EXPORT_FORMATS = ("csv", "json", "jsonl", "markdown", "html", "timelinejs")
QUERY_FORMATS = ("table", "csv", "json", "jsonl", "markdown")


if TYPE_CHECKING:
    from timeline.query import Reader

_E = schema.event
_G = schema.event_digest
_C = schema.country


def compute_digests(session: Reader, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    from timeline.digest import compute

    return compute(session, ids)


def _documents(event: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(s["document"] for s in event["sources"]))


def actor_text(actor: dict[str, Any]) -> str:
    details = ", ".join(x for x in (actor["role"], actor["country"]) if x)
    return f"{actor['name']} ({details})" if details else actor["name"]


def csv_row(event: dict[str, Any]) -> dict[str, Any]:
    """One contract event flattened to the CSV columns."""
    documents = _documents(event)
    return {
        "id": event["id"],
        "type": event["type"],
        "subtype": event["subtype"],
        "date": event["date"],
        "date_end": event["date_end"],
        "precision": event["precision"],
        "status": event["status"],
        "countries": ";".join(event["countries"]),
        "actors": ";".join(actor_text(a) for a in event["actors"]),
        "location": event["location"],
        "summary": event["summary"],
        "cameo": event["cameo"],
        "source_count": len(documents),
        "documents": ";".join(documents),
        "first_sentence": event["sources"][0]["sentence"] if event["sources"] else None,
    }


def human_date(event: dict[str, Any]) -> str:
    """'4 June 2024', 'June 2024', '2024', '16-28 May 2024', or 'undated'."""
    if not event["date"]:
        return "undated"
    end = PartialDate.parse(event["date_end"]) if event["date_end"] else None
    return format_human(PartialDate.parse(event["date"]), end)


def type_label(event: dict[str, Any]) -> str:
    return f"{event['type']}/{event['subtype']}" if event["subtype"] else event["type"]


def display_row(event: dict[str, Any]) -> dict[str, Any]:
    """One contract event as the readable row of table and markdown output."""
    documents = _documents(event)
    return {
        "date": human_date(event),
        "type": type_label(event),
        "status": event["status"].upper() if event["status"] == "planned" else event["status"],
        "countries": ", ".join(event["countries"]),
        "summary": event["summary"],
        "people": ", ".join(a["name"] for a in event["actors"]),
        "sources": len(documents),
        "documents": ", ".join(documents),
    }


def write_events(events: Iterable[dict[str, Any]], fmt: str, out: TextIO) -> int:
    """Write contract events in a row format (table/csv/json/jsonl/markdown); returns a count."""
    count = 0

    def counted(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        nonlocal count
        for row in rows:
            count += 1
            yield row

    if fmt == "csv":
        output_rows((csv_row(e) for e in counted(events)), CSV_COLUMNS, fmt, out)
    elif fmt in ("json", "jsonl"):
        output_rows(counted(events), CSV_COLUMNS, fmt, out)
    elif fmt == "markdown":
        output_rows((display_row(e) for e in counted(events)), MARKDOWN_COLUMNS, fmt, out)
    elif fmt == "table":
        output_rows((display_row(e) for e in counted(events)), TABLE_COLUMNS, fmt, out)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return count


def default_title(session: Reader, flt: EventFilter) -> str:
    """'Cambodia – United States' for a pair, else 'Timeline'."""
    if not flt.countries:
        return "Timeline"
    stmt = select(_C.c.code, _C.c.name).where(_C.c.code.in_(flt.countries))
    names = dict(session.execute(stmt).all())
    return " – ".join(names.get(c, c) for c in flt.countries)


def export(
    session: Reader, flt: EventFilter, fmt: str, out: TextIO, *, title: str | None = None
) -> int:
    """Write the events ``flt`` selects to ``out`` in ``fmt`` (one of EXPORT_FORMATS, or
    table); returns how many events were written. Row formats stream."""
    if fmt == "html":
        from timeline.html_template import render_page

        events = list(iter_events(session, flt, stream=True))
        country_names = dict(session.execute(select(_C.c.code, _C.c.name)).all())
        render_page(events, title or default_title(session, flt), country_names, out)
        return len(events)
    if fmt == "timelinejs":
        return write_timelinejs(
            iter_events(session, flt, stream=True), title or default_title(session, flt), out
        )
    if fmt == "csv":
        return write_csv(session, flt, out)
    return write_events(iter_events(session, flt, stream=True), fmt, out)


# -- CSV from digests --------------------------------------------------------------------------


def csv_line(event: dict[str, Any]) -> str:
    """One contract event as its CSV line (RFC 4180 quoting as the csv module writes it,
    without the line end). Stored per event in event_digest.csv_row."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow([_cell(value) for value in csv_row(event).values()])
    return buf.getvalue()


def _csv_selects(flt: EventFilter) -> list[Any]:
    """The events ``flt`` selects with their stored CSV lines (NULL where an event has no
    digest yet), in export order: dated events by (date_start, id), read from the index on
    those columns rather than sorted, then undated events by id."""
    base = (
        select(_E.c.id, _G.c.csv_row)
        .select_from(_E.outerjoin(_G, _G.c.event_id == _E.c.id))
        .where(*_where(flt))
    )
    return [
        base.where(_E.c.date_start.is_not(None)).order_by(_E.c.date_start, _E.c.id),
        base.where(_E.c.date_start.is_(None)).order_by(_E.c.id),
    ]


def write_csv(session: Reader, flt: EventFilter, out: TextIO, *, chunk_size: int = 5000) -> int:
    """CSV of the events ``flt`` selects, from the lines stored in event_digest (the same
    text as assembling every event, far faster at scale: see timeline.digest). An event
    without a digest gets its line computed on the fly. Returns how many events were written."""
    csv.writer(out, lineterminator="\r\n").writerow(CSV_COLUMNS)
    count = 0
    for stmt in _csv_selects(flt):
        if flt.limit is not None:
            if count >= flt.limit:
                break
            stmt = stmt.limit(flt.limit - count)
        result = session.execute(stmt, execution_options={"yield_per": chunk_size})
        for rows in result.partitions():
            lacking = [r[0] for r in rows if r[1] is None]
            computed = compute_digests(session, lacking) if lacking else {}
            lines = [r[1] if r[1] is not None else computed[r[0]]["csv_row"] for r in rows]
            out.write("\r\n".join(lines))
            out.write("\r\n")
            count += len(lines)
    return count


# -- TimelineJS3 -------------------------------------------------------------------------------


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None: a link must not run script (javascript:...)."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def _tl_date(iso: str) -> dict[str, int]:
    d = PartialDate.parse(iso)
    parts = {"year": d.year, "month": d.month, "day": d.day}
    return {k: v for k, v in parts.items() if v is not None}


def sources_html(event: dict[str, Any]) -> str:
    """The event's place, people and sources as an HTML fragment, every value escaped."""
    esc = html.escape
    parts = []
    if event["location"]:
        parts.append(f"<p>Location: {esc(event['location'])}</p>")
    if event["actors"]:
        people = ", ".join(esc(actor_text(a)) for a in event["actors"])
        parts.append(f"<p>People: {people}</p>")
    items = []
    for s in event["sources"]:
        label = esc(s["title"] or s["document"])
        url = safe_url(s["url"])
        if url:
            label = f'<a href="{esc(url)}">{label}</a>'
        meta = ", ".join(esc(x) for x in (s["publisher"], s["published"]) if x)
        meta = f" ({meta})" if meta else ""
        items.append(f"<li>{label}{meta}: “{esc(s['sentence'])}”</li>")
    if items:
        parts.append(f"<ul>{''.join(items)}</ul>")
    return "".join(parts)


def timelinejs_event(event: dict[str, Any]) -> dict[str, Any] | None:
    """One event as a TimelineJS3 slide; None for an undated event (TimelineJS needs a date)."""
    if not event["date"]:
        return None
    slide: dict[str, Any] = {
        "unique_id": f"event-{event['id']}",
        "start_date": _tl_date(event["date"]),
    }
    if event["date_end"]:
        slide["end_date"] = _tl_date(event["date_end"])
    slide["display_date"] = human_date(event)
    status = "" if event["status"] == "occurred" else f" ({event['status']})"
    slide["text"] = {
        "headline": html.escape((event["summary"] or type_label(event)) + status),
        "text": sources_html(event),
    }
    slide["group"] = event["type"]
    with_url = next((s for s in event["sources"] if safe_url(s["url"])), None)
    if with_url is not None:
        slide["media"] = {"url": safe_url(with_url["url"]), "credit": with_url["publisher"] or ""}
    return slide


def write_timelinejs(events: Iterable[dict[str, Any]], title: str, out: TextIO) -> int:
    """A TimelineJS3 JSON document: {"title": slide, "events": [slides]}; undated events are
    left out. Returns how many events were written."""
    head = {"text": {"headline": html.escape(title), "text": ""}}
    out.write('{"title": ' + json.dumps(head, ensure_ascii=False) + ', "events": [')
    count = 0
    for event in events:
        slide = timelinejs_event(event)
        if slide is None:
            continue
        out.write("\n  " if count == 0 else ",\n  ")
        out.write(json.dumps(slide, ensure_ascii=False))
        count += 1
    out.write("\n]}\n" if count else "]}\n")
    return count
