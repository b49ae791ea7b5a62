"""Rendering extraction results for the dry run (`timeline extract`): events with the why."""

from __future__ import annotations

from typing import Any, TextIO

from timeline.extract.records import MergedEvent
from timeline.partialdate import format_human


def event_json(extraction: Any, ev: MergedEvent) -> dict[str, Any]:
    doc = extraction.document
    by_sentence = {(c.document, c.sentence.start): c for c in extraction.candidates}
    sources = []
    for claim in ev.claims:
        cand = by_sentence.get((claim.document, claim.sentence.start))
        sources.append(
            {
                "document": claim.document,
                "title": doc.title,
                "publisher": doc.publisher,
                "url": doc.url,
                "published": doc.published.iso() if doc.published else None,
                "sentence": claim.sentence.text,
                "date_text": claim.date_text,
                "why": {
                    "trigger": claim.trigger,
                    "date_expression": claim.date_text,
                    "date_basis": claim.date_basis,
                    "claimed_date": claim.date.iso() if claim.date else None,
                    "status": claim.status,
                    "status_cue": cand.status_cue if cand else None,
                    "sentence_kind": claim.sentence.kind,
                },
            }
        )
    return {
        "id": None,
        "type": ev.type,
        "subtype": ev.subtype,
        "date": ev.date.iso() if ev.date else None,
        "date_end": ev.date_end.iso() if ev.date_end else None,
        "precision": ev.date.precision if ev.date else None,
        "status": ev.status,
        "countries": list(ev.countries),
        "actors": [{"name": a.name, "country": a.country, "role": a.role} for a in ev.actors],
        "location": ev.location,
        "summary": ev.summary,
        "cameo": ev.cameo,
        "conflicts": list(ev.conflicts),
        "sources": sources,
    }


def events_table(events: list[dict[str, Any]], out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    from timeline.partialdate import PartialDate

    table = Table(show_lines=True, header_style="bold")
    for col in ("date", "type", "status", "countries", "summary", "evidence"):
        table.add_column(col, overflow="fold")
    for e in events:
        start = PartialDate.parse(e["date"]) if e["date"] else None
        end = PartialDate.parse(e["date_end"]) if e["date_end"] else None
        src = e["sources"][0] if e["sources"] else {}
        why = src.get("why", {})
        evidence = (
            f"{src.get('sentence', '')}\n[trigger: {why.get('trigger')}; "
            f"date: {why.get('date_expression')}; status cue: {why.get('status_cue')}]"
        )
        table.add_row(
            format_human(start, end) if start else "?",
            f"{e['type']}/{e['subtype']}",
            e["status"],
            "-".join(e["countries"]),
            e["summary"] or "",
            evidence,
        )
    Console(file=out, width=None if out.isatty() else 160).print(table)
