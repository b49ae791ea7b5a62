"""Inferring a publication date from the text when no metadata gives one.

Only what the text itself supports, coarse rather than wrong:
- a dateline or closing line with a full date ("(Xinhua News Agency August 2, 2005)",
  "Monday, 01 November 2010 15:02") gives the day;
- a copyright line ("©2024 Bloomberg L.P.") gives the year;
- otherwise nothing: relative dates then stay unresolved instead of guessed.
The latest absolute date in a body is a lower bound, not a publication date, so it is not used.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from timeline.extract.dates import find_dates
from timeline.extract.records import Sentence
from timeline.partialdate import PartialDate

_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\w+\s+)?((?:19|20)\d\d)\b", re.I)
_EDGE = 160  # characters at the start and end of a text searched for a dateline


def _full_dates(text: str) -> list[PartialDate]:
    return [
        m.value
        for m in find_dates(text, None)
        if m.value is not None and m.value.precision == "day" and m.basis == "absolute"
    ]


def infer_published(
    text: str,
    sentences: Sequence[Sentence],
    furniture: Sequence[tuple[int, int, str]] = (),
) -> PartialDate | None:
    body = [s for s in sentences if s.kind in ("body", "dateline", "caption")]
    if body:
        head = text[body[0].start : body[0].start + _EDGE]
        last = body[-1]
        tail = text[max(last.start, last.end - _EDGE) : last.end]
        for region in (head, tail):
            found = _full_dates(region)
            if len(found) == 1:
                return found[0]
    years = {int(m.group(1)) for m in _COPYRIGHT.finditer(text)}
    for start, end, reason in furniture:
        if reason == "copyright":
            years |= {int(m.group(1)) for m in _COPYRIGHT.finditer(text[start:end])}
    if len(years) == 1:
        return PartialDate(years.pop())
    return None


_FORMER = re.compile(r"\b(?:former|then|ex|late|outgoing|previous|erstwhile)[\s-]*$", re.I)


def tenure_window(
    text: str,
    entities: Any,
    rules: Any,
    today: dt.date | None = None,
) -> tuple[dt.date, dt.date] | None:
    """Rule ``tenure_window``: the days on which every office-holder the text names with
    their title ("Prime Minister Hun Manet", "Japanese Prime Minister Fumio Kishida") held
    that office, intersected with "not before the latest year the text states".

    Used only when no publication date is known: relative dates then cannot be resolved,
    but the events they date lie in this window, a coarse date that is right rather than
    a precise one that may be wrong.
    """
    today = today or dt.date.today()
    lo, hi = dt.date(1900, 1, 1), today
    used = False
    for actor in entities.actors:
        if actor.actor_id is None:
            continue
        seed = rules.actor_by_id.get(actor.actor_id)
        title = _title_before(text, actor.start, rules)
        if seed is None or title is None:
            continue
        if _FORMER.search(text[max(0, actor.start - 60) : actor.start].rsplit(title[0], 1)[0]):
            continue
        spans = [r.interval() for r in seed.roles if r.kind == title[1]]
        if not spans:
            continue
        s_lo = min(a for a, _b in spans)
        s_hi = max(b for _a, b in spans)
        lo, hi = max(lo, s_lo), min(hi, s_hi)
        used = True
    if not used or lo > hi:
        return None
    return lo, hi


def _title_before(text: str, start: int, rules: Any) -> tuple[str, str] | None:
    window = text[max(0, start - 40) : start]
    best = None
    for s, e, _t, value in rules.offices.finditer(window):
        if not window[e:].strip(" ,'’s"):  # the title ends right before the name
            best = value
        del s
    return best


def latest_year(text: str, sentences: Sequence[Sentence]) -> int | None:
    """The latest year the body states ("in August 2023"): the text was written after it."""
    years = [
        m.value.year
        for s in sentences
        if s.kind in ("body", "caption")
        for m in find_dates(s.text, None)
        if m.value is not None and m.basis == "absolute" and 1900 < m.value.year < 2100
    ]
    return max(years) if years else None
