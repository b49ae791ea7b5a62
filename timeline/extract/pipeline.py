"""Composition of the extraction stages for one document: no logic of its own.

split -> publication date (given or inferred) -> entities -> dates per sentence
      -> candidates per sentence -> date from context -> in-document merge
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from timeline.extract import text as textmod
from timeline.extract.context import leaving_ends_stay, next_leg
from timeline.extract.dates import find_dates
from timeline.extract.entities import find_entities
from timeline.extract.events import (
    dateline_country,
    document_pair,
    sentence_candidates,
    with_context_dates,
)
from timeline.extract.merge import merge_candidates
from timeline.extract.published import infer_published, latest_year, tenure_window
from timeline.extract.records import Candidate, DateMention, Document, MergedEvent, Sentence
from timeline.extract.rules import Rules, compile_rules
from timeline.extract.triggers import LEAVE_FOR
from timeline.extract.when import anchor_anaphora, days_from_dates


@dataclass(frozen=True)
class Extraction:
    document: Document
    sentences: tuple[Sentence, ...]
    candidates: tuple[Candidate, ...]
    events: tuple[MergedEvent, ...]


def _shift(m: DateMention, offset: int) -> DateMention:
    return replace(m, start=m.start + offset, end=m.end + offset)


def extract_document(doc: Document, seed_dir: Path | None = None) -> Extraction:
    rules = compile_rules(seed_dir)
    sentences, furniture = textmod.segment(doc.text)
    if doc.published is None:
        inferred = infer_published(doc.text, sentences, furniture)
        if inferred is not None:
            doc = replace(doc, published=inferred, published_basis="inferred")
    if not any(_may_hold_event(rules, s.text) for s in sentences):
        # no trigger phrase and no named exercise anywhere: no event can come out (most
        # news is not about diplomacy), so skip entities and dates
        return Extraction(doc, tuple(sentences), (), ())
    entities = find_entities(doc.text, rules, sentences)
    window = None
    if doc.published is None:  # nor inferred: bound the period by office tenures
        window = tenure_window(doc.text, entities, rules)
        year = latest_year(doc.text, sentences)
        if window and year and window[0].year <= year <= window[1].year:
            window = (max(window[0], dt.date(year, 1, 1)), window[1])
    pair = document_pair(entities, sentences)
    here = dateline_country(sentences, entities)
    candidates: list[Candidate] = []
    dated: list[tuple[Sentence, list[DateMention]]] = []
    last_day = None
    recent: tuple[str, ...] = ()  # the pair of the last event told: what "their" points to
    for sent in sentences:
        dates = days_from_dates(
            sent.text, anchor_anaphora(find_dates(sent.text, doc.published), last_day)
        )
        dated.append((sent, dates))
        if sent.kind != "title":
            days = [d.value for d in dates if d.value is not None and d.value.precision == "day"]
            last_day = days[-1] if days else last_day
        found = sentence_candidates(doc, sent, dates, entities, rules, pair, recent, here)
        candidates.extend(found)
        if sent.kind == "body":
            recent = next((c.countries for c in found if len(c.countries) == 2), recent)
    candidates = with_context_dates(candidates, doc.published, dated, window)
    candidates = next_leg(candidates, rules)
    candidates = leaving_ends_stay(
        candidates, dated, lambda s: {c.code for c in entities.countries_in(s.start, s.end)}
    )
    events = merge_candidates(candidates, rules.subtypes)
    return Extraction(doc, tuple(sentences), tuple(candidates), tuple(events))


def _may_hold_event(rules: Rules, text: str) -> bool:
    return any(
        g.pattern is not None and g.pattern.search(text) for g in (rules.triggers, rules.named)
    ) or bool(LEAVE_FOR.search(text))


def extract_documents(docs: Sequence[Document]) -> list[Extraction]:
    return [extract_document(d) for d in docs]
