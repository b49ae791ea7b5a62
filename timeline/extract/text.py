"""Clean and split: paragraphs and sentences with character offsets into ``Document.text``.

The text is never rewritten: everything is a span ``text[start:end]``. Page furniture (tickers,
"Related News" lists, navigation, copyright lines, bylines) is left out of :func:`split` and
reported by :func:`furniture`. The marker lists live in ``seeds/text_cues.json``.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from timeline.extract.records import Sentence, SentenceKind

CUES_PATH = Path(__file__).resolve().parents[2] / "seeds" / "text_cues.json"
FurnitureSpan = tuple[int, int, str]  # start, end, reason

_OPENERS = "\"'“‘«([¡¿"
# possessive quantifiers and the look-behind keep these linear on runs like "......"
_BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]++[\"'”’»)\]]*+(?=\s)")
_ENDS_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*+$")
_INTERNAL_BREAK = re.compile(r"[.!?][\"'”’]?\s+[\"“]?[A-Z]")
_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*|\d+")
_URL_LINE = re.compile(r"(?:https?://|www\.)\S+|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}(?:/\S*)?")
_LEAD = re.compile(r"([A-Z][^\n]{2,60}?)\s*(?:-{1,2}|[–—])\s")  # "SALVADOR, Feb 26 - "
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_DATE_SHAPE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}")


def _alternation(items: list[str]) -> str:
    return "|".join(re.escape(x) for x in sorted(items, key=len, reverse=True))


def _prefix_re(items: list[str]) -> re.Pattern[str]:
    """Match any of ``items`` at the start, as whole words when they end in a letter."""
    alts = sorted(items, key=len, reverse=True)
    return re.compile("|".join(re.escape(x) + (r"(?!\w)" if x[-1].isalnum() else "") for x in alts))


class Cues:
    """The lists of ``text_cues.json`` (documented in seeds/README.md), compiled once."""

    def __init__(self, raw: dict[str, list[str]]) -> None:
        alt = _alternation
        self.abbreviations = frozenset(raw["abbreviations"])
        self.starters = frozenset(raw["sentence_starters"])
        self.related = frozenset(raw["related_markers"])
        self.related_prefixes = tuple(m + ":" for m in raw["related_markers"])
        self.nav_lines = frozenset(raw["navigation_lines"])
        self.nav_re = _prefix_re(raw["navigation_prefixes"])
        self.section_labels = frozenset(raw["section_labels"])
        self.copyright_re = _prefix_re(raw["copyright_prefixes"])
        self.copyright_contains = tuple(raw["copyright_contains"])
        self.byline_re = re.compile(alt(raw["byline_prefixes"]))
        self.caption_prefixes = tuple(raw["caption_prefixes"])
        self.calendar_words = frozenset(raw["month_names"] + raw["weekday_names"])
        self.date_words = self.calendar_words | frozenset(raw["dateline_words"])
        self.bullets = tuple(raw["bullets"])
        signoff = rf"(?:{alt(raw['signoffs'])})(?:\^m|\.)*+$"  # "Reuter", "REUTER^M"
        self.signoff_re = re.compile(signoff, re.I)
        self.signoff_tail_re = re.compile(r"\s\s" + signoff, re.I)  # "...  REUTER"
        long_pos = [p for p in raw["caption_positions"] if len(p) > 1]
        letters = [p.upper() for p in raw["caption_positions"] if len(p) == 1]
        self.position_re = re.compile(rf"\((?:(?i:{alt(long_pos)})|{alt(letters)})\)")
        self.credit_re = re.compile(  # "... on Saturday. SPM", "(Photo: PTI)", "KT/Chor Sokunthea"
            r"(?:[.!?][\"”]?\s|\s[/|—–-]|[(\[])\s*+(?:photos?:?\s*(?:by\s+)?|credit:?\s*)?"
            rf"(?:{alt(raw['caption_credits'])})\b(?:\s*/\s*[^)\]\n]{{1,60}})?[\s)\].]*+$",
            re.I,
        )
        self.ago_re = re.compile(  # "Headline ... 2 hours ago"
            r"(?:^|[^\w\s,]\s*|\s{2,}|\b[A-Z][\w'’]*\s+)"
            rf"\d+\s*(?:{alt(raw['ticker_time_units'])})\.?\s+ago\W*$"
        )
        self.sep_re = re.compile(rf"\s*(?:{alt(raw['ticker_separators'])})\s*")


@lru_cache(maxsize=8)
def load_cues(path: str | None = None) -> Cues:
    """Read the cue lists (default: ``$TIMELINE_SEEDS/text_cues.json`` or the repo's seeds/)."""
    if path is None:
        seeds = os.environ.get("TIMELINE_SEEDS")
        path = str(Path(seeds) / "text_cues.json") if seeds else str(CUES_PATH)
    with open(path, encoding="utf-8") as fh:
        return Cues(json.load(fh))


def _norm(low: str) -> str:
    return low.strip(" \t:=-–—*•·»>[](){}|#_.!")


def _words(s: str) -> list[str]:
    return _WORD.findall(s)


def _count_words(s: str) -> int:
    """Approximate word count (fast): whitespace-separated tokens."""
    return len(s.split())


def _classify(s: str, low: str, early: bool, cues: Cues) -> str | None:
    """Furniture reason for one stripped, non-blank line, or None for text."""
    n = len(s)
    if n <= 250 and (
        (cues.copyright_re.match(low) and (low[0] != "(" or _YEAR.search(low)))
        or (n <= 200 and any(m in low for m in cues.copyright_contains))
    ):
        return "copyright"
    if n <= 200 and cues.ago_re.search(s):
        return "ticker"
    if n > 600:
        return None
    bare = low.lstrip("[(")
    norm = _norm(low)
    if n <= 120:
        if norm in cues.related:
            return "related-marker"
        if norm in cues.nav_lines or cues.nav_re.match(bare):
            return "navigation"
    if low.startswith(cues.related_prefixes):
        return "related"
    frags = [f for f in cues.sep_re.split(s) if f.strip()] if cues.sep_re.search(s) else []
    if len(frags) >= 3:
        if all(_norm(f.lower()) in cues.nav_lines or len(_words(f)) <= 2 for f in frags):
            return "navigation"
        headline = sum(len(_words(f)) for f in frags) >= 3 * len(frags) and not s.endswith(".")
        if headline and not any(_is_dateline(f, cues) for f in frags):
            return "ticker"
    if n > 120:
        return None
    bracketed = s.startswith("[") and s.endswith("]") and _count_words(s) <= 4
    if bracketed and not bare.startswith(cues.caption_prefixes):
        return "navigation"
    if " " not in s and _URL_LINE.fullmatch(s):
        return "navigation"
    if early and norm in cues.section_labels:
        return "navigation"
    return _byline(s, low, cues)


def _byline(s: str, low: str, cues: Cues) -> str | None:
    """ "By John Smith", "Editor: Lu Hui", "Source: AKP": a short line of names after a cue."""
    m = cues.byline_re.match(low)
    if not m:
        return None
    rest = s[m.end() :].strip()
    words = _count_words(rest)
    if not rest or words > 10 or not rest[0].isupper():
        return None
    if m.group().endswith(" ") and _ENDS_TERMINAL.search(s) and words > 4:
        return None
    return "byline"


def _continues(text: str, prev: _Line | None, line: _Line) -> bool:
    """True for the continuation of a wrapped paragraph (never furniture on its own)."""
    if prev is None or prev.reason is not None:
        return False
    if text[line.start].islower():
        return True
    return prev.end - prev.start >= 50 and not _ENDS_TERMINAL.search(text, prev.start, prev.end)


def _body_like(s: str) -> bool:
    return len(s) >= 200 and bool(_ENDS_TERMINAL.search(s)) and bool(_INTERNAL_BREAK.search(s))


@dataclass
class _Line:
    start: int  # content bounds (stripped)
    end: int
    indent: int
    reason: str | None = None


def _lines(text: str) -> list[_Line | None]:
    """One entry per line: None for blank lines, else content bounds and indentation."""
    out: list[_Line | None] = []
    pos, size = 0, len(text)
    while pos <= size:
        nl = text.find("\n", pos)
        end = size if nl < 0 else nl
        a, b = pos, end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        out.append(_Line(a, b, a - pos) if a < b else None)
        if nl < 0:
            break
        pos = nl + 1
    return out


def _mark(text: str, lines: list[_Line | None], cues: Cues) -> list[FurnitureSpan]:
    """Set ``reason`` on furniture lines; return partial-line spans (trailing signoffs)."""
    live = [ln for ln in lines if ln is not None]
    prev: _Line | None = None
    seen = 0
    for ln in lines:
        if ln is not None:
            seen += 1
            if not _continues(text, prev, ln):
                s = text[ln.start : ln.end]
                ln.reason = _classify(s, s.lower(), seen <= 3, cues)
        prev = ln
    i = 0
    while i < len(live):  # "Related News" sections: to the end or a clear return to body text
        if live[i].reason != "related-marker":
            i += 1
            continue
        j = i + 1
        while j < len(live):
            cur = text[live[j].start : live[j].end]
            nxt = text[live[j + 1].start : live[j + 1].end] if j + 1 < len(live) else ""
            if live[j].reason is None and _body_like(cur) and _body_like(nxt):
                break
            if live[j].reason in (None, "navigation", "ticker", "byline"):
                live[j].reason = "related"
            j += 1
        live[i].reason = "related"
        i = j
    _trailing_teasers(text, live, cues)
    partial: list[FurnitureSpan] = []
    if live and live[-1].reason is None:
        last = live[-1]
        m = cues.signoff_tail_re.search(text, max(last.start, last.end - 40), last.end)
        if cues.signoff_re.match(text, last.start, last.end):
            last.reason = "byline"
        elif m:
            a = cut = m.start()
            while text[a].isspace():
                a += 1
            partial.append((a, last.end, "byline"))
            last.end = cut
    return partial


def _trailing_teasers(text: str, live: list[_Line], cues: Cues) -> None:
    """A document ending in bulleted headlines with teaser paragraphs is a related list."""
    items = [ln for ln in live if ln.reason is None]
    pos, bullets, teasers, first = len(items) - 1, 0, 0, None

    def is_bullet(ln: _Line) -> bool:  # a bulleted headline
        s = text[ln.start : ln.end]
        return _is_bullet(text, ln, cues) and _count_words(s) <= 20 and not s.endswith(".")

    while pos >= 0:
        if is_bullet(items[pos]):
            bullets, first = bullets + 1, pos
        elif pos > 0 and is_bullet(items[pos - 1]) and items[pos].end - items[pos].start >= 100:
            teasers += 1
        else:
            break
        pos -= 1
    if first is not None and bullets >= 2 and teasers >= 1:
        for ln in items[first:]:
            ln.reason = "related"


def _is_bullet(text: str, line: _Line, cues: Cues) -> bool:
    """A line opening with a list bullet and a space ("• Headline", "- item")."""
    after = text[line.start + 1 : line.start + 2]
    return text.startswith(cues.bullets, line.start) and after.isspace()


def _ends_with_abbreviation(text: str, dot: int, cues: Cues) -> bool:
    """True when the '.' at ``dot`` closes an abbreviation or an initial."""
    p = dot
    while p > 0 and not text[p - 1].isspace() and dot - p < 24:
        p -= 1
    tok = text[p:dot].lstrip(_OPENERS)
    if not tok:
        return False
    if len(tok) == 1 and tok.isalpha():
        return tok.isupper()
    low = tok.lower()
    return low in cues.abbreviations or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", low))


def _next_word(text: str, k: int, end: int) -> str:
    while k < end and text[k] in _OPENERS:
        k += 1
    m = _WORD.match(text, k, end)
    return m.group().lower() if m else ""


def _starts_sentence(text: str, k: int, end: int) -> bool:
    while k < end and text[k] in _OPENERS:
        k += 1
    return k < end and (text[k].isupper() or text[k].isdigit())


def _is_break(text: str, m: re.Match[str], k: int, end: int, cues: Cues) -> bool:
    if not _starts_sentence(text, k, end):
        return False
    run = m.group().rstrip("\"'”’»)]")
    if run != "." or not _ends_with_abbreviation(text, m.start(), cues):
        return True
    return _next_word(text, k, end) in cues.starters


def _sentences(text: str, a: int, b: int, cues: Cues) -> list[tuple[int, int]]:
    spans, start = [], a
    for m in _BOUNDARY.finditer(text, a, b):
        k = m.end()
        while k < b and text[k].isspace():
            k += 1
        if k < b and _is_break(text, m, k, b, cues):
            spans.append((start, m.end()))
            start = k
    spans.append((start, b))
    return spans


def _new_paragraph(text: str, prev: _Line, line: _Line, widest: int, cues: Cues) -> bool:
    if widest > 100 or line.indent > prev.indent or _is_bullet(text, line, cues):
        return True
    if text[line.start].islower():
        return False
    m = _ENDS_TERMINAL.search(text, prev.start, prev.end)
    if m:
        if text[m.start()] != "." or not _ends_with_abbreviation(text, m.start(), cues):
            return _starts_sentence(text, line.start, line.end)
        return _next_word(text, line.start, line.end) in cues.starters
    last = text[max(prev.start, prev.end - 2) : prev.end]
    hyphenated = last[-1] in "-–" and last[0].isalpha()
    return prev.end - prev.start < 0.6 * widest and last[-1] not in ",;" and not hyphenated


def _paragraphs(text: str, lines: list[_Line | None], cues: Cues) -> list[tuple[int, int]]:
    paras: list[tuple[int, int]] = []
    block: list[_Line] = []

    def flush() -> None:
        if not block:
            return
        widest = max(ln.end - ln.start for ln in block)
        start = block[0].start
        for prev, ln in zip(block, block[1:], strict=False):
            if _new_paragraph(text, prev, ln, widest, cues):
                paras.append((start, prev.end))
                start = ln.start
        paras.append((start, block[-1].end))
        block.clear()

    for ln in lines:
        if ln is None or ln.reason is not None:
            flush()
        else:
            block.append(ln)
    flush()
    return paras


def _is_caption(s: str, cues: Cues) -> bool:
    low = s.lower()
    if low.startswith(cues.caption_prefixes):
        return True
    n = _count_words(s)
    if n > 100:
        return False
    if cues.credit_re.search(s):
        return True
    cues_found = cues.position_re.findall(s)
    if not cues_found or n > 60:
        return False
    return any(len(c) > 3 for c in cues_found) or len(cues_found) >= 2


def _is_dateline(s: str, cues: Cues) -> bool:
    if len(s) > 120 or "\n" in s or not _DIGIT.search(s):
        return False
    words = _words(s)
    has_month = any(w.lower() in cues.calendar_words for w in words if w.isalpha())
    if not (_DATE_SHAPE.search(s) or (has_month and any(w.isdigit() for w in words))):
        return False
    rest = [w for w in words if w.isalpha() and w.lower() not in cues.date_words]
    return len(rest) <= 3 and all(w[0].isupper() for w in rest)


def _is_title(s: str) -> bool:
    return (
        "\n" not in s
        and len(s) <= 200
        and _count_words(s) <= 20
        and not s[0].islower()
        and s[-1] not in ".,;:-"
        and not _is_lead(s)
    )


def _is_lead(s: str) -> bool:
    """A dateline opening ("SALVADOR, Feb 26 - ", "PHNOM PENH (Reuters) — ")."""
    m = _LEAD.match(s)
    if not m:
        return False
    head = m.group(1)
    return "(" in head or ("," in head and any(c.isdigit() for c in head))


def _kinds(text: str, paras: list[tuple[int, int]], cues: Cues) -> list[SentenceKind]:
    """Caption, dateline, title (the first title-like line of four words or more, before any
    body paragraph, and its repetitions) or body, per paragraph."""
    kinds: list[SentenceKind] = []
    title: str | None = None
    looking = len(paras) > 1
    for a, b in paras:
        s = text[a:b]
        if _is_caption(s, cues):
            kinds.append("caption")
        elif _is_dateline(s, cues):
            kinds.append("dateline")
        elif s == title or (looking and _is_title(s) and _count_words(s) >= 4):
            kinds.append("title")
            title, looking = s, False
        else:
            kinds.append("body")
            looking = looking and _is_title(s)
    return kinds


def _analyse(text: str, cues: Cues) -> tuple[list[tuple[int, int]], list[FurnitureSpan]]:
    lines = _lines(text)
    partial = _mark(text, lines, cues)
    spans: list[FurnitureSpan] = []
    for ln in lines:
        if ln is None or ln.reason is None:
            continue
        reason = "related" if ln.reason == "related-marker" else ln.reason
        if spans and spans[-1][2] == reason and not text[spans[-1][1] : ln.start].strip():
            spans[-1] = (spans[-1][0], ln.end, reason)
        else:
            spans.append((ln.start, ln.end, reason))
    return _paragraphs(text, lines, cues), sorted(spans + partial)


def furniture(text: str, *, cues: Cues | None = None) -> list[FurnitureSpan]:
    """The spans :func:`split` leaves out, with a reason: ticker, related, copyright, byline,
    navigation. (A copyright line's year can still date the document.)"""
    return _analyse(text, cues or load_cues())[1]


def split(text: str, *, cues: Cues | None = None) -> list[Sentence]:
    """Sentences of ``text`` without page furniture; ``text[s.start:s.end] == s.text``."""
    return segment(text, cues=cues)[0]


def segment(text: str, *, cues: Cues | None = None) -> tuple[list[Sentence], list[FurnitureSpan]]:
    """``(split(text), furniture(text))`` in one pass."""
    cues = cues or load_cues()
    paras, dropped = _analyse(text, cues)
    out: list[Sentence] = []
    for index, ((a, b), kind) in enumerate(zip(paras, _kinds(text, paras, cues), strict=True)):
        spans = _sentences(text, a, b, cues)
        if kind == "caption" and len(spans) > 1 and _count_words(text[spans[-1][0] : b]) <= 4:
            spans[-2:] = [(spans[-2][0], b)]  # a trailing photo credit stays with its caption
        for s, e in spans:
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                out.append(Sentence(s, e, text[s:e], kind, index))
    return out, dropped
