"""Clause boundaries inside a sentence: enough syntax for the event rules, no parser.

A *clause* (``clause_span``) breaks at semicolons, dashes, and at a comma or relative word
that opens a new clause ("..., but", "..., which", " who ", " when ", "... as Modi meets
..."); a *fine clause*
(``fine_clause``) also breaks at every comma.
"""

from __future__ import annotations

import re

# a full stop inside a sentence ends a clause, not one of an abbreviation ("U.S. President",
# "Mr. Modi", "Lt. Gen. Le", "3 p.m. Thursday")
_ABBREVIATIONS = (
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "St",
    "Gen",
    "Col",
    "Lt",
    "Adm",
    "Sen",
    "Rep",
    "Gov",
    "No",
    "Jr",
    "Sr",
    "Prof",
    "Capt",
    "Maj",
    "Sgt",
    "Brig",
    "Cmdr",
    "Cdr",
    "Pres",
    "Amb",
    "Hon",
    "Rev",
    "Vs",
    "vs",
    "Gens",
    "Messrs",
    "Co",
    "Corp",
    "Inc",
    "Ltd",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
)
# the look-behinds come after the full stop, so they are tried only where there is one
_FULL_STOP = r"\.(?<!\b[A-Za-z]\.)" + "".join(f"(?<!\\b{a}\\.)" for a in _ABBREVIATIONS)

CLAUSE_BREAK = re.compile(
    r"[;:]|\s[–—]\s|,\s+(?:but|while|whereas|although|though|which|who|where|as|after|before"
    r"|and\s+(?:the|a|an|his|her|their|it|he|she|they|will|would|then|later))\s|\s(?:who|which|whom|whose|when)\s"
    r"|\ssince\s(?=(?:he|she|they|[A-Z][a-z]+\s+(?:[A-Z][\w.]*\s+){0,3}[a-z]+ed)\b)"
    r"|\sas\s(?=[A-Z][a-z]+\s+(?:meets|met|visits|visited|signs|signed|holds|held|arrives|"
    r"arrived|travels|leaves|says|said)\b)"
    r"|" + _FULL_STOP + r"\s"
)
FINE_BREAK = re.compile(CLAUSE_BREAK.pattern + r"|,\s")
RELATIVE = re.compile(r"\b(?:who|which|whom|whose|since|when)\b", re.I)
RELATIVE_START = re.compile(r"^\s*(?:that|which|who|whose|whom|when)\b", re.I)


def clause_span(text: str, pos: int, pattern: re.Pattern[str] = CLAUSE_BREAK) -> tuple[int, int]:
    """The (start, end) of the clause of ``text`` that contains position ``pos``."""
    start, end = 0, len(text)
    for m in pattern.finditer(text):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end


def fine_clause(text: str, pos: int) -> tuple[int, int]:
    return clause_span(text, pos, FINE_BREAK)
