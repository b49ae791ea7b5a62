"""Scoring stored events against a gold file (DESIGN.md "Gold files").

A gold event is found when a stored event has the same type, includes both (all) of its
countries and its date interval overlaps the gold one. Only stored events with a mention from
a document named in the gold file are scored. ``required: false`` gold events are neither
rewarded nor penalised; a second stored event for an already found gold event is a duplicate
and counts as a false positive.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from timeline.errors import UsageError
from timeline.models import Document, Event, Mention
from timeline.partialdate import PartialDate, PartialDateError


@dataclass
class GoldEvent:
    id: str
    type: str
    countries: frozenset[str]
    date: PartialDate
    date_end: PartialDate | None
    required: bool
    sources: frozenset[str]
    status: str | None

    @property
    def interval(self) -> tuple[dt.date, dt.date]:
        return self.date.first_day(), (self.date_end or self.date).last_day()


@dataclass
class StoredEvent:
    id: int
    type: str
    countries: frozenset[str]
    date: PartialDate
    date_end: PartialDate | None
    status: str
    documents: frozenset[str]

    @property
    def interval(self) -> tuple[dt.date, dt.date]:
        return self.date.first_day(), (self.date_end or self.date).last_day()


@dataclass
class Report:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    duplicates: int = 0
    exact_dates: int = 0
    status_right: int = 0
    multi_source: int = 0
    multi_merged: int = 0
    found: list[tuple[str, int]] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    false_positives: list[int] = field(default_factory=list)
    inexact: list[str] = field(default_factory=list)
    wrong_status: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "true_positives": self.tp,
            "false_positives": self.fp,
            "false_negatives": self.fn,
            "duplicates": self.duplicates,
            "exact_date_rate": round(self.exact_dates / self.tp, 4) if self.tp else 0.0,
            "status_rate": round(self.status_right / self.tp, 4) if self.tp else 0.0,
            "multi_source_events": self.multi_source,
            "multi_source_merged": self.multi_merged,
            "missed": self.missed,
            "inexact_dates": self.inexact,
            "wrong_status": self.wrong_status,
            "false_positive_ids": self.false_positives,
        }


def load_gold(path: str | Path) -> tuple[set[str], list[GoldEvent]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        docs = {d["file"] for d in data["documents"]}
        events = []
        for e in data["events"]:
            events.append(
                GoldEvent(
                    id=e["id"],
                    type=e["type"],
                    countries=frozenset(e["countries"]),
                    date=PartialDate.parse(e["date"]),
                    date_end=PartialDate.parse(e["date_end"]) if e.get("date_end") else None,
                    required=bool(e.get("required", True)),
                    sources=frozenset(e.get("sources", [])),
                    status=e.get("status"),
                )
            )
    except FileNotFoundError as exc:
        raise UsageError(f"gold file not found: {path}") from exc
    except (OSError, ValueError, KeyError, TypeError, PartialDateError) as exc:
        raise UsageError(f"cannot read gold file {path}: {exc}") from exc
    return docs, events


def stored_events(session: Session, documents: set[str]) -> list[StoredEvent]:
    stmt = (
        select(Event)
        .where(
            Event.id.in_(
                select(Mention.event_id)
                .join(Document, Document.id == Mention.document_id)
                .where(Document.name.in_(documents))
            )
        )
        .options(
            selectinload(Event.countries),
            selectinload(Event.mentions).selectinload(Mention.document),
        )
        .order_by(Event.id)
    )
    out = []
    for ev in session.scalars(stmt):
        if ev.date_start is None:
            continue
        date = PartialDate.from_date(ev.date_start, ev.precision or "day")
        end = (
            PartialDate.from_date(ev.date_end, ev.end_precision or ev.precision or "day")
            if ev.date_end
            else None
        )
        out.append(
            StoredEvent(
                id=ev.id,
                type=ev.type,
                countries=frozenset(c.code for c in ev.countries),
                date=date,
                date_end=end,
                status=ev.status,
                documents=frozenset(m.document.name for m in ev.mentions),
            )
        )
    return out


def _matches(s: StoredEvent, g: GoldEvent) -> bool:
    if s.type != g.type or not g.countries <= s.countries:
        return False
    a, b = s.interval, g.interval
    return a[0] <= b[1] and b[0] <= a[1]


def _exact(s: StoredEvent, g: GoldEvent) -> bool:
    return s.date == g.date and s.date_end == g.date_end


def score(gold: list[GoldEvent], stored: list[StoredEvent]) -> Report:
    report = Report()
    taken: dict[str, int] = {}
    # stored events that fit a gold event exactly are assigned first
    order = sorted(
        stored,
        key=lambda s: (not any(_matches(s, g) and _exact(s, g) for g in gold), s.id),
    )
    for s in order:
        fits = [g for g in gold if _matches(s, g)]
        if not fits:
            report.fp += 1
            report.false_positives.append(s.id)
            continue
        free = [g for g in fits if g.id not in taken]
        if not free:
            if any(g.required for g in fits):
                report.duplicates += 1
                report.fp += 1
                report.false_positives.append(s.id)
            continue
        free.sort(key=lambda g: (not _exact(s, g), not g.required, not (s.documents & g.sources)))
        g = free[0]
        taken[g.id] = s.id
    by_id = {s.id: s for s in stored}
    for g in gold:
        if not g.required:
            continue
        if g.id in taken:
            s = by_id[taken[g.id]]
            report.tp += 1
            report.found.append((g.id, s.id))
            if _exact(s, g):
                report.exact_dates += 1
            else:
                end = f"..{s.date_end.iso()}" if s.date_end else ""
                report.inexact.append(f"{g.id}: stored {s.date.iso()}{end}")
            if g.status is None or g.status == s.status:
                report.status_right += 1
            else:
                report.wrong_status.append(f"{g.id}: stored {s.status}, gold {g.status}")
        else:
            report.fn += 1
            report.missed.append(g.id)
        if len(g.sources) > 1:
            report.multi_source += 1
            if g.id in taken and g.sources <= by_id[taken[g.id]].documents:
                report.multi_merged += 1
    return report


def evaluate(session: Session, gold_path: str | Path) -> Report:
    documents, gold = load_gold(gold_path)
    return score(gold, stored_events(session, documents))
