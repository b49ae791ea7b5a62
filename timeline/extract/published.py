"""Inferring a publication date from the text when no metadata gives one.

Only what the text itself supports, coarse rather than wrong:
- a dateline or closing line with a full date ("(Xinhua News Agency August 2, 2005)",
  "Monday, 01 November 2010 15:02") gives the day;
- a copyright line ("©2024 Bloomberg L.P.") gives the year;
- otherwise nothing: relative dates then stay unresolved instead of guessed.
The latest absolute date in a body is a lower bound, not a publication date, so it is not used.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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
