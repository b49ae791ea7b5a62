"""Frozen records passed between the extraction stages.

read -> Document; text -> Sentence; dates -> DateMention; entities -> CountryMention,
ActorMention; events -> Candidate; merge -> MergedEvent (with Claim per source).
Nothing here knows about the database.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

from timeline.partialdate import PartialDate

PublishedBasis = Literal["front_matter", "manifest", "option", "record", "html", "inferred"]
Status = Literal["occurred", "planned", "cancelled"]


def content_hash(text: str) -> str:
    """The identity of a document: sha256 of its text with normalised line ends and edges."""
    norm = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def document_key(text: str, record_id: str | None = None) -> str:
    """content_hash(text) alone, or combined with the record id of a JSONL record."""
    digest = content_hash(text)
    if not record_id:
        return digest
    return hashlib.sha256(f"{digest}\n{record_id}".encode()).hexdigest()


@dataclass(frozen=True)
class Document:
    """One article as read, before any extraction."""

    name: str  # file base name or JSONL record id
    text: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: PartialDate | None = None
    published_basis: PublishedBasis | None = None
    source_path: str | None = None  # where it was read from (for messages)
    warnings: tuple[str, ...] = ()  # e.g. "decoded as cp1252"
    record_id: str | None = None  # the "id" of a JSONL record

    @property
    def sha256(self) -> str:
        """The document's identity: the hash of its text, and of its record id when it has
        one. Two records of a collection with the same text but their own ids (a wire story
        filed twice under two headlines) are two documents; the same file or record read
        again is the same document."""
        return document_key(self.text, self.record_id)


SentenceKind = Literal["body", "caption", "title", "dateline"]


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document, with character offsets into ``Document.text``."""

    start: int
    end: int
    text: str
    kind: SentenceKind = "body"
    paragraph: int = 0


@dataclass(frozen=True)
class DateMention:
    """A temporal expression found in a text and resolved to a (partial) date or range.

    Offsets are Python str indices into the text given to the finder (end exclusive).
    ``value`` is None when the expression could not be anchored (e.g. "Tuesday" with no
    publication date): the span is still reported so nothing is silently lost.
    """

    start: int
    end: int
    text: str
    value: PartialDate | None
    value_end: PartialDate | None = None
    basis: Literal["absolute", "relative", "anchored", "unresolved"] = "absolute"
    # absolute: the text alone gives the date ("June 4, 2024");
    # relative: resolved against the publication date ("Tuesday", "last month");
    # anchored: the year/month was borrowed from the publication date ("on May 7");
    # unresolved: no anchor available.
    direction: Literal["past", "future", "present", "none"] = "none"
    # for relative expressions: which way they point from the anchor ("last week": past).
    timex: str | None = None
    # TIMEX3 value when it is not a plain date at day/month/year precision
    # ("2024-W23" for "this week", "2024-Q1", "199" for "the 1990s", "PRESENT_REF");
    # value/value_end then hold the days the expression covers, for the extractor.

    @property
    def precision(self) -> str | None:
        return self.value.precision if self.value else None


@dataclass(frozen=True)
class CountryMention:
    start: int  # offsets into the document text
    end: int
    text: str
    code: str  # ISO 3166-1 alpha-2
    kind: str  # name, short, demonym, capital, institution, context, ...


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    text: str
    name: str  # canonical name ("Lloyd J. Austin III") or the name as written
    actor_id: str | None  # seed slug when known
    country: str | None
    role: str | None  # office held on the event date, when known


@dataclass(frozen=True)
class Candidate:
    """An event as one sentence of one document states it."""

    type: str
    subtype: str | None
    countries: tuple[str, ...]  # sorted ISO2 codes, at least two
    date: PartialDate | None
    date_end: PartialDate | None
    status: Status
    document: str  # Document.name
    sentence: Sentence
    trigger: str
    date_text: str | None = None
    date_basis: str | None = None
    status_cue: str | None = None
    actors: tuple[ActorMention, ...] = ()
    location: str | None = None
    name: str | None = None  # named exercise or forum ("Golden Dragon")
    summary: str | None = None
    cameo: str | None = None
    date_quality: int = 2
    # 3: date in the trigger's clause; 2: elsewhere in the sentence; 1: a vague span
    # (a week, a weekend, a season); 0: taken from the document's news peg (context).
    sides_from_sentence: bool = True  # False when the document's main pair filled a side
    date_role: Literal["point", "end"] = (
        "point"  # "end": the text gives only the end ("until May 30")
    )


@dataclass(frozen=True)
class Claim:
    """What one source says about a merged event."""

    document: str
    sentence: Sentence
    date: PartialDate | None
    date_end: PartialDate | None
    status: Status
    date_text: str | None
    date_basis: str | None
    trigger: str
    date_quality: int = 2
    date_role: str = "point"


@dataclass(frozen=True)
class MergedEvent:
    type: str
    subtype: str | None
    countries: tuple[str, ...]
    date: PartialDate | None
    date_end: PartialDate | None
    status: Status
    claims: tuple[Claim, ...]
    actors: tuple[ActorMention, ...] = ()
    location: str | None = None
    name: str | None = None
    summary: str | None = None
    cameo: str | None = None
    conflicts: tuple[str, ...] = field(default=())
