"""Temporal expressions: find them in a text and resolve them against a publication date.

    >>> from timeline.partialdate import PartialDate
    >>> [(m.text, str(m.value)) for m in find_dates("He travels to Cambodia Tuesday.",
    ...                                                 PartialDate(2024, 6, 3))]
    [('Tuesday', '2024-06-04')]

Stages: ``dates_patterns`` finds candidate spans with compiled rules (no candidate is ever
a whole sentence); ``longest_match_wins`` settles overlaps; ``dates_resolve`` anchors each
expression with datetime arithmetic; dateparser (this is the only module that imports it,
lazily) parses the few candidate spans no rule can read. ``mention_json`` is the
``timeline dates`` output format.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from timeline.extract import dates_lexicon as lex
from timeline.extract.dates_patterns import Cand, candidates
from timeline.extract.dates_resolve import RESOLVERS, Context
from timeline.extract.records import DateMention
from timeline.partialdate import PartialDate, PartialDateError

__all__ = ["dates_main", "find_dates", "longest_match_wins", "mention_json"]

_TIMEX_PRECISION = [
    (re.compile(r"^\d{4}-W\d\d-WE$"), "weekend"),
    (re.compile(r"^\d{4}-W\d\d$"), "week"),
    (re.compile(r"^\d{4}-Q[1-4]$"), "quarter"),
    (re.compile(r"^\d{4}-H[12]$"), "half"),
    (re.compile(r"^\d{4}-(SP|SU|FA|WI)$"), "season"),
    (re.compile(r"^\d{3}$"), "decade"),
    (re.compile(r"^\d{2}$"), "century"),
    (re.compile(r"^[A-Z]+_REF$"), "ref"),
]
_QUARTER = re.compile(r"^\d{4}-Q[1-4]$")
_RANGE_SPLIT = re.compile(
    r"[ \t\n\xa0\u2009\u202f]*[-\u2010-\u2014][ \t\n\xa0\u2009\u202f]*"
    r"|[ \t\n\xa0\u2009\u202f]+(?:to|through|thru|until|till|and)[ \t\n\xa0\u2009\u202f]+",
    re.IGNORECASE,
)


def longest_match_wins(cands: Iterable[Cand]) -> list[Cand]:
    """The overlap rule: the longest span wins; on equal length the earlier start, then the
    rule listed first. Returns non-overlapping candidates sorted by start."""
    chosen_starts: list[int] = []
    chosen: list[Cand] = []
    for c in sorted(cands, key=lambda c: (c.start - c.end, c.start, c.priority)):
        i = bisect.bisect_left(chosen_starts, c.start)
        if i > 0 and chosen[i - 1].end > c.start:
            continue
        if i < len(chosen) and chosen[i].start < c.end:
            continue
        chosen_starts.insert(i, c.start)
        chosen.insert(i, c)
    return chosen


@lru_cache(maxsize=4096)
def _dateparser_parse(span: str, anchor: str | None) -> tuple[str, str] | None:
    """(ISO date, period) for a candidate span, or None. Never called on a whole text."""
    from dateparser.date import DateDataParser  # lazy: importing this module stays cheap

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "current_period", "REQUIRE_PARTS": ["month"]}
    if anchor:
        settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(anchor)
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(span)
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date().isoformat(), data.period or "day"


def _resolve_loose(c: Cand, ctx: Context) -> DateMention | None:
    pub = ctx.published
    parsed = _dateparser_parse(c.data["text"], pub.first_day().isoformat() if pub else None)
    if parsed is None:
        return None
    value = PartialDate.from_date(dt.date.fromisoformat(parsed[0]), parsed[1])
    has_year = re.search(r"\d{4}", c.data["text"]) is not None
    if not has_year and pub is None:
        return DateMention(c.start, c.end, ctx.text[c.start : c.end], None, basis="unresolved")
    return DateMention(
        c.start,
        c.end,
        ctx.text[c.start : c.end],
        value,
        basis="absolute" if has_year else "anchored",
    )


def _as_partial(published: PartialDate | str | None) -> PartialDate | None:
    if published is None or isinstance(published, PartialDate):
        return published
    return PartialDate.parse(published)


def _build_prefilter() -> re.Pattern[str]:
    """A quick test that a text may hold a date at all: a digit, a month or weekday name, or
    one of the words every relative rule needs. Most sentences have none; they skip the
    rule scan (measured equal output on the development corpora and Reuters-21578)."""
    words = {w.split()[0] for w in (*lex.MONTHS, *lex.WEEKDAYS)}
    words |= {
        "today", "tonight", "morning", "afternoon", "evening", "night", "yesterday",
        "tomorrow", "now", "currently", "recent", "recently", "future", "past", "week",
        "weeks", "weekend", "month", "months", "year", "years", "decade", "century",
        "quarter", "half", "spring", "summer", "autumn", "fall", "winter", "christmas",
        "new", "valentine", "halloween", "ago", "earlier", "later", "fiscal", "fy", "day",
        "days", "season", "mid", "sixties", "seventies", "eighties", "nineties", "q",
        "h", "fortnight", "hour", "hours", "time", "date", "period", "term", "nineteen",
        "twenty", "thousand",
    }  # fmt: skip
    alternation = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(rf"\d|(?<![a-z])(?:{alternation})", re.IGNORECASE)


_PREFILTER = _build_prefilter()


def _maybe_date(text: str) -> bool:
    return _PREFILTER.search(text) is not None


def find_dates(text: str, published: PartialDate | str | None = None) -> list[DateMention]:
    """Every temporal expression in ``text``, sorted by start and non-overlapping.

    Offsets are str indices into ``text`` (end exclusive). Relative expressions are resolved
    against ``published`` (possibly partial); what cannot be anchored gets value None and
    basis "unresolved".
    """
    if not text or not _maybe_date(text):
        return []
    ctx = Context(text, _as_partial(published))
    out: list[DateMention] = []
    for c in longest_match_wins(candidates(text)):
        resolver = _resolve_loose if c.kind == "loose" else RESOLVERS[c.kind]
        try:
            mention = resolver(c, ctx)
        except (PartialDateError, ValueError, OverflowError, StopIteration):
            mention = DateMention(c.start, c.end, text[c.start : c.end], None, basis="unresolved")
        if mention is None:
            continue
        out.append(mention)
        if mention.value is not None and mention.timex is None:
            ctx.last = mention.value_end or mention.value
        elif (c.kind == "quarter" or (c.kind == "period_ref" and c.data["shift"] == 0)) and (
            mention.timex and _QUARTER.match(mention.timex)
        ):
            # a quarter the text names (not one derived from it, like "a year ago")
            ctx.period = (int(mention.timex[:4]), int(mention.timex[-1]), mention.end)
    return out


def timex_precision(timex: str) -> str:
    for pattern, name in _TIMEX_PRECISION:
        if pattern.match(timex):
            return name
    return "timex"


def _range_parts(m: DateMention) -> tuple[int, int] | None:
    """Offsets (within m.text) where the start part ends and the end part begins."""
    digit = re.search(r"\d", m.text)
    sep = _RANGE_SPLIT.search(m.text, digit.start() if digit else 0)
    return (sep.start(), sep.end()) if sep else None


def mention_json(m: DateMention) -> list[dict[str, Any]]:
    """The JSON objects ``timeline dates`` prints for one mention (two for a range)."""
    base = {"start": m.start, "end": m.end, "text": m.text}
    if m.timex is not None:
        return [{**base, "value": m.timex, "precision": timex_precision(m.timex)}]
    if m.value is None:
        return [{**base, "value": None, "precision": None}]
    if m.value_end is None or m.value_end == m.value:
        return [{**base, "value": m.value.iso(), "precision": m.value.precision}]
    parts = _range_parts(m)
    a_end, b_start = parts if parts else (len(m.text), 0)
    return [
        {
            "start": m.start,
            "end": m.start + a_end,
            "text": m.text[:a_end],
            "value": m.value.iso(),
            "precision": m.value.precision,
            "part": "start",
        },
        {
            "start": m.start + b_start,
            "end": m.end,
            "text": m.text[b_start:],
            "value": m.value_end.iso(),
            "precision": m.value_end.precision,
            "part": "end",
        },
    ]


def dates_main(text: str, published: PartialDate | str | None = None) -> Iterator[str]:
    """JSON lines for every temporal expression in ``text`` (``timeline dates``)."""
    for m in find_dates(text, published):
        for obj in mention_json(m):
            yield json.dumps(obj, ensure_ascii=False)
