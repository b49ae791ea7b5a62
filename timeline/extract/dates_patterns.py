"""Candidate spans for temporal expressions: compiled patterns and their span builders.

Each rule is a named regular expression compiled once from the word tables in
``dates_lexicon`` plus a builder that checks the context of one match (capitalisation, cue
words, counts vs years) and returns a ``Cand``: the span and what it says, not yet resolved
against a publication date. Overlaps between rules are settled later by
``timeline.extract.dates.longest_match_wins``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from timeline.extract import dates_lexicon as lex

_F = re.IGNORECASE | re.ASCII
_WS = r"[ \t\n\xa0\u2009\u202f]+"
_OWS = r"[ \t\n\xa0\u2009\u202f]*"
_DASH = r"[-\u2010\u2011\u2012\u2013\u2014]"
_B = r"(?<![a-z])"  # word start (letters only: "2024's" and "mid-June" still work)
_E = r"(?![a-z])"


def _alt(words: Any) -> str:
    """Longest-first alternation of words; spaces match any run of blanks, ' any apostrophe."""
    parts = []
    for w in sorted(words, key=len, reverse=True):
        parts.append(re.escape(w).replace(r"\ ", _WS).replace("'", "['\u2019]"))
    return "(?:" + "|".join(parts) + ")"


_MONTH_FULL = [w for w in lex.MONTHS if len(w) > 4 or w in ("may", "june", "july")]
_MONTH_ABBR = [w for w in lex.MONTHS if w not in _MONTH_FULL]
_MON = rf"{_B}(?:{_alt(_MONTH_FULL)}{_E}|{_alt(_MONTH_ABBR)}{_E}\.?)"
_WD = rf"{_B}{_alt(lex.WEEKDAYS)}{_E}"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\da-z%]|[.,:]\d)"
_YEAR = r"(?:19\d\d|20\d\d|2100)(?!\d)"
_CONN = rf"(?:{_OWS}{_DASH}{_OWS}|{_WS}(?:to|through|thru|until|till|and){_WS})"
_CONN_NO_AND = rf"(?:{_OWS}{_DASH}{_OWS}|{_WS}(?:to|through|thru|until|till){_WS})"
_MOD = (
    rf"{_B}(?:early|mid|late|end|start|the{_WS}(?:very{_WS})?"
    rf"(?:end|beginning|start|middle){_WS}of)"
)
_MODSEP = rf"(?:{_OWS}{_DASH}{_OWS}|{_WS})"
_SPELLED = (
    rf"(?:(?:{'|'.join(lex.TENS_WORDS)})(?:{_OWS}-{_OWS}|{_WS})(?:{'|'.join(lex.UNITS_WORDS)})"
    rf"|{'|'.join(lex.TEENS_WORDS)}|{'|'.join(lex.TENS_WORDS)}|{'|'.join(lex.UNITS_WORDS)})(?![a-z])"
)
_DAYPART = rf"(?:morning|afternoon|evening|night){_E}"
_DAYW = (
    rf"{_B}(?:one|two|three|four|five|six|seven|eight|nine|ten){_E}"
    rf"(?=,?{_WS}{_YEAR}|[ \t]*(?:\n|[.;]|$))"
)  # wire copy: "Pay April one"
_NUM = rf"(?:{_alt(lex.NUMBER_WORDS)}|\d{{1,3}})"

_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019.-]*")


@dataclass(frozen=True)
class Cand:
    """A candidate temporal expression: span [start, end) and its unresolved reading."""

    start: int
    end: int
    kind: str
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    priority: int = 0


def prev_words(text: str, pos: int, n: int = 2) -> list[str]:
    """The n words before ``pos``, nearest first, lower case."""
    words = _WORD.findall(text[max(0, pos - 60) : pos])
    return [w.lower().rstrip(".") for w in reversed(words[-n:])] + [""] * max(0, n - len(words))


def next_word(text: str, pos: int) -> str:
    m = _WORD.search(text, pos, min(len(text), pos + 40))
    if not m or text[pos : m.start()].strip(" \t\n\xa0"):
        return ""
    return m.group()


def _cap(token: str) -> bool:
    return bool(token) and token[0].isupper()


def _int_day(s: str) -> int:
    m = re.match(r"\d+", s)
    return int(m.group()) if m else lex.NUMBER_WORDS[s.lower()]


def _mon(s: str | None) -> int | None:
    return lex.MONTHS.get(s.rstrip(".").lower()) if s else None


def _span_wd_ok(text: str, m: re.Match[str], group: str) -> bool:
    tok = m.group(group)
    if not _cap(tok):
        return False
    before = " ".join(reversed(prev_words(text, m.start(group), 2))).strip()
    if before.split(" ")[-1] in lex.WEEKDAY_BEFORE_BLOCK or before in lex.WEEKDAY_BEFORE_BLOCK:
        return False
    return next_word(text, m.end(group)).lower() not in lex.WEEKDAY_AFTER_BLOCK


_DAY_END = re.compile(
    r"\s*(?:[,.;:)]|$|\d{4}|(?:in|at|on|when|to|for|with|and|as|in|after|before)\b)"
)


def _day_ends(text: str, pos: int) -> bool:
    """A number after "and" that ends like a day ("May 13 and 14, when"), not a count
    ("May 4 and 5 soldiers")."""
    return bool(_DAY_END.match(text, pos))


def _between(text: str, pos: int) -> bool:
    return prev_words(text, pos, 1)[0] == "between"


# --- builders: (match, text) -> Cand | None ------------------------------------------


def _b_month_day(m: re.Match[str], text: str) -> Cand | None:
    """June 4, 2024 / Jun. 4 / Dec. 15-17 / July 28 to 29 / Tuesday, June 4."""
    if not _cap(m.group("m1")):
        return None
    start = m.start("wd") if m.group("wd") and _span_wd_ok(text, m, "wd") else m.start("m1")
    data: dict[str, Any] = {"m": _mon(m.group("m1")), "d": _int_day(m.group("d1"))}
    y1 = m.group("y1")
    end = m.end("y1") if y1 else m.end("d1")
    conn = m.group("c")
    and_ok = not (conn and "and" in conn.lower() and not _between(text, start))
    if m.group("d2") and not and_ok and not m.group("m2") and _day_ends(text, m.end("d2")):
        # "May 13th and 14th": two days, each its own expression
        y = int(m.group("y2") or y1) if (m.group("y2") or y1) else None
        second = Cand(
            m.start("d2"),
            m.end("y2") if m.group("y2") else m.end("d2"),
            "date",
            {"m": data["m"], "d": _int_day(m.group("d2")), "y": y},
        )
        data["_also"] = [second]
    if m.group("d2") and and_ok and (not m.group("m2") or _cap(m.group("m2"))):
        data["m2"] = _mon(m.group("m2")) or data["m"]
        data["d2"] = _int_day(m.group("d2"))
        end = m.end("y2") if m.group("y2") else m.end("d2")
        data["y2"] = int(m.group("y2")) if m.group("y2") else None
    data["y"] = int(y1) if y1 else None
    return Cand(start, end, "date", data)


def _b_day_month(m: re.Match[str], text: str) -> Cand | None:
    """4 June 2024 / 15-17 December / 30 November - 2 December 2013 / 4th of June."""
    if not _cap(m.group("m2")) or (m.group("m1") and not _cap(m.group("m1"))):
        return None
    data: dict[str, Any] = {"m": _mon(m.group("m2")), "y": None}
    start = m.start("d1")
    if m.group("d2"):
        if "and" in m.group("c").lower() and not _between(text, start):
            # "on 13 and 14 May": two days, each its own expression
            first = {"m": _mon(m.group("m1")) or data["m"], "d": _int_day(m.group("d1"))}
            first["y"] = int(m.group("y")) if m.group("y") else None
            start = m.start("d2")
            data["d"] = _int_day(m.group("d2"))
            data["_also"] = [Cand(m.start("d1"), m.end("d1"), "date", first)]
        else:
            data.update(d=_int_day(m.group("d1")), m2=data["m"], d2=_int_day(m.group("d2")))
            data["m"] = _mon(m.group("m1")) or data["m"]
    elif m.group("m1"):
        return None
    else:
        data["d"] = _int_day(m.group("d1"))
    if m.group("y"):
        data["y" if "d2" not in data else "y2"] = int(m.group("y"))
    if "d2" in data:
        data.setdefault("y2", None)
    if m.group("wd") and _span_wd_ok(text, m, "wd"):
        start = m.start("wd")
    return Cand(start, m.end(), "date", data)


def _b_month_year(m: re.Match[str], text: str) -> Cand | None:
    if not _cap(m.group("m1")):
        return None
    return Cand(m.start(), m.end(), "month", {"m": _mon(m.group("m1")), "y": int(m.group("y"))})


def _b_month(m: re.Match[str], text: str) -> Cand | None:
    """Bare month with a cue: in May / last May / early June / May last year."""
    tok = m.group("m1")
    if not _cap(tok):
        return None
    mod, rel, ry = m.group("mod"), m.group("rel"), m.group("ry")
    start = m.start()
    if mod and mod.lower() in ("end", "start") and "-" not in text[m.end("mod") : m.start("m1")]:
        mod, start = None, (m.start("rel") if rel else m.start("m1"))
    cued = bool(mod or rel or ry)
    if not cued:
        p1, p2 = prev_words(text, start, 2)
        cued = p1 in lex.MONTH_CUES or (
            p1 in ("and", "or", "to", "through", "until") and _mon(p2) is not None
        )
        if not cued and (tok.rstrip(".").lower() in lex.AMBIGUOUS_MONTHS or len(tok) <= 4):
            return None
        if not cued and next_word(text, m.end()).lower() in ("will", "would", "said", "has"):
            return None  # "June said", "May will": a person
    data = {"m": _mon(tok), "y": None, "rel": rel and rel.lower(), "ry": ry and ry.lower()}
    return Cand(start, m.end(), "month", data)


def _b_iso(m: re.Match[str], text: str) -> Cand | None:
    data = {"y": int(m.group("y")), "m": int(m.group("m")), "d": int(m.group("d"))}
    return Cand(m.start(), m.end(), "date", data)


def _b_numeric(m: re.Match[str], text: str) -> Cand | None:
    """04/06/2024 only when unambiguous (one side above 12, or both equal)."""
    a, b = int(m.group("a")), int(m.group("b"))
    if a > 12 >= b:
        mo, d = b, a
    elif b > 12 >= a or a == b:
        mo, d = a, b
    else:
        return None
    return Cand(m.start(), m.end(), "date", {"y": int(m.group("y")), "m": mo, "d": d})


def _b_year(m: re.Match[str], text: str) -> Cand | None:
    """A four-digit year in a date-like context: in 2022 / 2022's / mid-2023 / 2019-2020."""
    y = int(m.group("y"))
    data: dict[str, Any] = {"y": y, "mod": m.group("mod") or m.group("fiscal")}
    end = m.end()
    if m.group("y2"):
        y2s = m.group("y2")
        y2 = int(y2s) if len(y2s) == 4 else (y // 100) * 100 + int(y2s)
        if not y < y2 <= y + 30:
            return None
        data["y2"] = y2
    if not data["mod"]:
        p1, p2 = prev_words(text, m.start("y"), 2)
        if p1 in lex.YEAR_BLOCKERS or re.search(
            r"\d[ \t]*$",
            text[max(0, m.start() - 4) : m.start()],  # "020 2024": a number
        ):
            return None
        nxt = next_word(text, end)
        low = nxt.lower()
        if low in lex.YEAR_AFTER_BLOCKERS or text[end : end + 3].lower() in (" pm", " am"):
            return None
        if (
            nxt.islower()
            and low.endswith("s")
            and not low.endswith("ss")
            and len(low) > 3
            and p1 not in lex.YEAR_CUES
        ):
            return None
        if re.match(r"[ \t]*[:.]\d", text[end : end + 3]):
            return None
    return Cand(m.start(), end, "year", data)


def _words_number(words: str) -> int | None:
    """1-99 from "ninety-six", "eleven", "five"; None otherwise."""
    parts = [p for p in re.split(r"[\s\-\u2010-\u2014]+", words.lower()) if p]
    if len(parts) == 1:
        w = parts[0]
        return lex.UNITS_WORDS.get(w) or lex.TEENS_WORDS.get(w) or lex.TENS_WORDS.get(w)
    if len(parts) == 2 and parts[0] in lex.TENS_WORDS and parts[1] in lex.UNITS_WORDS:
        return lex.TENS_WORDS[parts[0]] + lex.UNITS_WORDS[parts[1]]
    return None


def _b_spelled_year(m: re.Match[str], text: str) -> Cand | None:
    """nineteen ninety-six, twenty twenty-four, two thousand (and) one, the year two thousand."""
    if m.group("century"):
        rest = _words_number(m.group("rest"))
        if rest is None or rest < 10:
            return None  # "nineteen five": not how a year is said
        y = (19 if m.group("century").lower() == "nineteen" else 20) * 100 + rest
    else:
        rest = _words_number(m.group("rest2")) if m.group("rest2") else 0
        if rest is None:
            return None
        if not (m.group("rest2") or m.group("year")):
            return None  # "two thousand" alone is a number
        y = 2000 + rest
    return Cand(m.start(), m.end(), "year", {"y": y, "mod": None})


def _b_decade(m: re.Match[str], text: str) -> Cand | None:
    dec = m.group("dec").lstrip("'\u2019")
    if len(dec) == 2:
        if m.group("dec")[0] not in "'\u2019":
            return None  # "the mid 30s" (cents, ages, degrees)
        dec = ("19" if int(dec) >= 30 else "20") + dec
    return Cand(m.start(), m.end(), "decade", {"decade": dec[:3]})


def _b_century(m: re.Match[str], text: str) -> Cand | None:
    n = int(m.group("n"))
    return Cand(m.start(), m.end(), "century", {"c": n - 1}) if 10 < n <= 21 else None


def _b_weekday(m: re.Match[str], text: str) -> Cand | None:
    if not _span_wd_ok(text, m, "wd"):
        return None
    if prev_words(text, m.start(), 1)[0] in ("every", "each"):
        return None  # a set of days, not a date
    rel = m.group("rel")
    start = m.start() if rel else m.start("wd")
    data: dict[str, Any] = {"wd": lex.WEEKDAYS[m.group("wd").lower()], "rel": rel and rel.lower()}
    end = m.end("wd")
    if m.group("part"):
        end = m.end("part")
    elif m.group("wd2") and _cap(m.group("wd2")):
        data["wd2"] = lex.WEEKDAYS[m.group("wd2").lower()]
        end = m.end("wd2")
    if m.group("week") and not rel:
        # "Tuesday to Thursday of next week", "on Monday next week": that week's days
        word = m.group("week").lower().split()[-2]
        data["week"] = {"next": 1, "coming": 1, "following": 1, "last": -1, "previous": -1}.get(
            word, 0
        )
        end = m.end("week")
    return Cand(start, end, "weekday", data)


def _b_dayword(m: re.Match[str], text: str) -> Cand | None:
    key = re.sub(r"\s+", " ", m.group("w").lower())
    return Cand(m.start(), m.end(), "days", {"offset": lex.DAY_WORDS[key]})


def _b_anaphor(m: re.Match[str], text: str) -> Cand | None:
    key = re.sub(r"\s+", " ", m.group().lower())
    return Cand(m.start(), m.end(), "anaphor", {"n": lex.ANAPHORIC_DAYS[key], "unit": "day"})


def _b_relunit(m: re.Match[str], text: str) -> Cand | None:
    """last week / this month / next year / earlier this year / over the weekend."""
    rel = re.sub(r"\s+", " ", (m.group("rel") or "").lower())
    unit = m.group("unit").lower()
    mod = (m.group("mod") or "").lower()
    shifts = {
        "last": -1,
        "this": 0,
        "next": 1,
        "coming": 1,
        "current": 0,
        "the coming": 1,
        "the current": 0,
        "past": -1,
        "the past": -1,
        "previous": -1,
    }
    anaphoric = {"the previous": -1, "the following": 1}
    if rel in ("last", "past", "next") and prev_words(text, m.start(), 1)[0] in ("the", "every"):
        return None  # "over the last year", "the next week": durations
    if rel in anaphoric:
        return Cand(m.start("rel"), m.end(), "anaphor", {"n": anaphoric[rel], "unit": unit})
    if m.group("fiscal") and rel in ("the", "the current", "this", "current"):
        shift = 0  # "the current fiscal year": the year of publication
    elif m.group("fiscal"):
        return None
    elif rel == "the":
        if unit == "weekend":
            shift = None
        elif mod.startswith("the") and unit in ("year", "month", "week"):
            shift = 0
        else:
            return None
    elif rel in ("past", "the past") and unit != "weekend":
        return None  # "the past year": the last twelve months, not a calendar year
    elif rel in shifts:
        shift = shifts[rel]
    else:
        return None
    if mod in ("end", "start") and "-" not in m.group():
        return None
    return Cand(m.start(), m.end(), "rel", {"unit": unit, "shift": shift, "mod": mod})


def _b_period_ref(m: re.Match[str], text: str) -> Cand | None:
    """The reporting period: "the quarter", "the latest period" (shift 0); "the year-earlier
    quarter", "year-ago" (shift -1 year)."""
    if m.group("bare"):
        if next_word(text, m.end()).lower() in ("of", "century", "mile", "hour", "final"):
            return None  # "the quarter of ...", "the quarter-final"
        return Cand(m.start(), m.end(), "period_ref", {"shift": 0})
    rel = re.sub(r"[\s\-\u2010-\u2014]+", " ", m.group("rel").lower())
    if rel == "latest":
        if m.group("unit") is None:
            return None  # "the latest figures": not a period
        return Cand(m.start(), m.end(), "period_ref", {"shift": 0})
    if rel in ("comparable", "same"):
        return None  # "the same period": which one is not said here
    return Cand(m.start(), m.end(), "period_ref", {"shift": -1})


def _b_ago(m: re.Match[str], text: str) -> Cand | None:
    n_s = m.group("n").lower()
    n = lex.NUMBER_WORDS.get(n_s) if not n_s.isdigit() else int(n_s)
    if not n or n > 200:
        return None
    direction = re.sub(r"\s+", " ", m.group("dir").lower())
    sign = -1 if direction in ("ago", "earlier", "before") else 1
    anchor = "ref" if direction in ("earlier", "later") else "pub"
    data = {"n": n * sign, "unit": m.group("unit").lower(), "anchor": anchor}
    return Cand(m.start(), m.end(), "shift", data)


def _b_in_n(m: re.Match[str], text: str) -> Cand | None:
    """in two weeks (time): future, from the publication date."""
    p1 = prev_words(text, m.start(), 1)[0]
    if p1 in ("first", "time", "once", "only", "twice", "times") or p1.endswith("est"):
        return None
    if next_word(text, m.end()).lower() in ("of", "for", "after", "before", "since"):
        return None
    n_s = m.group("n").lower()
    n = lex.NUMBER_WORDS.get(n_s) if not n_s.isdigit() else int(n_s)
    if not n or n > 100:
        return None
    return Cand(
        m.start(),
        m.end(),
        "shift",
        {"n": n, "unit": m.group("unit").lower(), "anchor": "pub", "future_only": True},
    )


def _b_quarter(m: re.Match[str], text: str) -> Cand | None:
    q_s = (m.group("q") or "").lower()
    rel = (m.group("rel") or "").lower()
    y = m.group("y") or m.group("y0") or m.group("fy")
    data: dict[str, Any] = {"y": int(y) if y else None, "ry": (m.group("ry") or "").lower()}
    if q_s in lex.ORDINALS:
        data["q"] = lex.ORDINALS[q_s]
    elif q_s == "final" or (rel == "last" and (y or data["ry"])):
        data["q"] = 4
    elif rel in ("this", "current", "last", "previous", "next") and not q_s:
        data["shift"] = {"this": 0, "current": 0, "last": -1, "previous": -1, "next": 1}[rel]
    else:
        return None
    return Cand(m.start(), m.end(), "quarter", data)


def _b_qnote(m: re.Match[str], text: str) -> Cand | None:
    return Cand(
        m.start(), m.end(), "quarter", {"q": int(m.group("q")), "y": int(m.group("y")), "ry": ""}
    )


def _b_half(m: re.Match[str], text: str) -> Cand | None:
    y = m.group("y")
    if not (y or m.group("ry") or "-" in m.group("h_sep")):
        nw = next_word(text, m.end()).lower()
        if nw in ("of", "an", "a", "the", "hour", "century", "decade") or not m.group("the"):
            return None
    h = 1 if m.group("h").lower() in ("first", "1st") else 2
    return Cand(
        m.start(),
        m.end(),
        "half",
        {"h": h, "y": int(y) if y else None, "ry": (m.group("ry") or "").lower()},
    )


def _b_season(m: re.Match[str], text: str) -> Cand | None:
    rel = (m.group("rel") or "").lower()
    y = m.group("y") or m.group("y2")
    s = lex.SEASONS[m.group("s").lower()]
    if not (rel or y or m.group("mod")):
        return None
    if m.group("s")[0].isupper() and not m.group("s").isupper() and not (rel or y):
        return None  # "Arab Spring"
    if rel == "the" and not y:
        nw = next_word(text, m.end()).lower()
        if nw in ("of", "in", "to", "from", "by") or prev_words(text, m.start(), 1)[0] not in (
            "in",
            "during",
            "by",
            "until",
            "till",
            "since",
            "through",
            "over",
            "before",
            "after",
            "for",
            "throughout",
            "into",
            "early",
            "late",
        ):
            return None
    data = {"s": s, "y": int(y) if y else None, "rel": rel}
    return Cand(m.start(), m.end(), "season", data)


def _b_holiday(m: re.Match[str], text: str) -> Cand | None:
    if not _cap(m.group("h")):
        return None
    key = re.sub(r"\s+", " ", m.group("h").lower()).replace("\u2019", "'")
    mo, d = lex.HOLIDAYS[key]
    y = int(m.group("y")) if m.group("y") else None
    return Cand(m.start(), m.end(), "date", {"m": mo, "d": d, "y": y})


def _b_ref(m: re.Match[str], text: str) -> Cand | None:
    key = re.sub(r"\s+", " ", m.group().lower())
    if key == "the past":
        nw = next_word(text, m.end()).lower()
        if re.match(r"[ \t\n]*\d", text[m.end() : m.end() + 4]):
            return None  # "the past 25 years"
        if nw and (
            nw in lex.NUMBER_WORDS
            or nw.rstrip("s")
            in (
                "day",
                "week",
                "month",
                "year",
                "decade",
                "century",
                "few",
                "several",
                "weekend",
                "quarter",
                "hour",
            )
        ):
            return None
    if key == "now" and re.match(r"[-\u2013]", text[m.end() : m.end() + 1]):
        return None  # "now-defunct"
    return Cand(m.start(), m.end(), "ref", {"timex": lex.REF_WORDS[key]})


def _b_loose(m: re.Match[str], text: str) -> Cand | None:
    """Forms we leave to dateparser ("June the 4th")."""
    if not _cap(m.group("m1")):
        return None
    return Cand(m.start(), m.end(), "loose", {"text": m.group()})


Builder = Callable[[re.Match[str], str], Cand | None]

_RULES_SRC: list[tuple[str, str, Builder]] = [
    (
        "month_day",
        rf"(?:(?P<wd>{_WD}),?{_WS})?(?P<m1>{_MON}){_OWS}(?P<d1>{_DAY}|{_DAYW})"
        rf"(?:,?{_WS}(?P<y1>{_YEAR}))?(?:(?P<c>{_CONN})(?:(?P<m2>{_MON}){_OWS})?(?P<d2>{_DAY})"
        rf"(?:,?{_WS}(?P<y2>{_YEAR}))?)?",
        _b_month_day,
    ),
    (
        "day_month",
        rf"(?:(?P<wd>{_WD}),?{_WS}(?:the{_WS})?)?(?<![\w$.,/\-])(?P<d1>{_DAY})"
        rf"(?:{_WS}(?:of{_WS})?(?P<m1>{_MON}))?(?:(?P<c>{_CONN})(?P<d2>{_DAY}))?{_WS}(?:of{_WS})?"
        rf"(?P<m2>{_MON})(?:,?{_WS}(?P<y>{_YEAR}))?",
        _b_day_month,
    ),
    (
        "month_year",
        rf"(?:{_MOD}{_MODSEP})?(?P<m1>{_MON}),?{_WS}(?:of{_WS})?(?P<y>{_YEAR})",
        _b_month_year,
    ),
    (
        "month",
        rf"(?:(?P<mod>{_MOD}){_MODSEP})?(?:(?P<rel>last|this|next|coming|past){_WS})?"
        rf"(?P<m1>{_MON})(?:{_WS}(?P<ry>last|this|next){_WS}year{_E})?",
        _b_month,
    ),
    (
        "iso",
        rf"(?<![\w.\-/])(?P<y>{_YEAR})(?P<s>[-/])(?P<m>1[0-2]|0?[1-9])(?P=s)"
        r"(?P<d>3[01]|[12]\d|0?[1-9])(?!\d|[-/.]\d)",
        _b_iso,
    ),
    (
        "numeric",
        rf"(?<![\w.\-/$])(?P<a>\d{{1,2}})(?P<s>[/.])(?P<b>\d{{1,2}})(?P=s)"
        rf"(?P<y>{_YEAR})(?![-/.]\d)",
        _b_numeric,
    ),
    (
        "year",
        rf"(?:(?P<mod>{_B}{_MOD}){_MODSEP}|(?P<fiscal>{_B}fiscal(?:{_WS}year)?{_WS})"
        rf"|(?<![\w$\u00a3\u20ac#.,/:\-]))(?P<y>{_YEAR})"
        rf"(?:(?:{_OWS}[-\u2013/]{_OWS}|{_WS}to{_WS})(?P<y2>{_YEAR}|\d\d(?!\d)))?"
        r"(?![a-z\d%]|[.,]\d|[-/]\d)",
        _b_year,
    ),
    (
        "decade",
        rf"(?:(?P<the>{_B}the){_WS})?(?:{_B}(?:early|mid|late){_MODSEP})?"
        r"(?<![\w$])(?P<dec>(?:19|20)\d0|['\u2019]\d0|\d0)s(?![a-z\d])",
        _b_decade,
    ),
    (
        "century",
        rf"(?:{_B}the{_WS})?(?<!\d)(?P<n>\d{{2}})(?:st|nd|rd|th){_WS}century{_E}",
        _b_century,
    ),
    (
        "weekday",
        rf"(?:(?P<rel>{_B}(?:last|next|this|coming|past)){_WS})?(?P<wd>{_WD})"
        rf"(?:{_CONN_NO_AND}(?P<wd2>{_WD})|{_WS}(?P<part>{_DAYPART}))?"
        rf"(?:{_WS}(?:of{_WS})?(?P<week>(?:next|last|this|the{_WS}(?:coming|following|"
        rf"previous)){_WS}week){_E})?",
        _b_weekday,
    ),
    ("dayword", rf"{_B}(?P<w>{_alt(lex.DAY_WORDS)}){_E}(?:{_WS}{_DAYPART})?", _b_dayword),
    ("anaphor", rf"{_B}{_alt(lex.ANAPHORIC_DAYS)}{_E}", _b_anaphor),
    (
        "relunit",
        rf"(?:(?P<mod>{_B}(?:{_MOD}|earlier|later)){_MODSEP})?(?P<rel>{_B}(?:last|this|"
        rf"next|coming|past|previous|current|the(?:{_WS}(?:coming|past|current|previous|"
        rf"following))?)){_WS}(?P<fiscal>fiscal{_WS})?(?P<unit>week|weekend|month|year){_E}",
        _b_relunit,
    ),
    (
        "spelled_year",
        rf"(?:(?P<year>{_B}the{_WS}year){_WS})?(?:(?P<century>{_B}(?:nineteen|twenty)){_WS}"
        rf"(?P<rest>{_SPELLED})|{_B}two{_WS}thousand(?:{_WS}(?:and{_WS})?(?P<rest2>{_SPELLED}))?)"
        rf"{_E}",
        _b_spelled_year,
    ),
    (
        # the reporting period of a results story: "the quarter", "the latest period",
        # "the year-earlier quarter", "year-ago" (timeline.extract.dates_resolve._r_period_ref)
        "period_ref",
        rf"(?:(?P<the>{_B}the){_WS})?(?P<rel>{_B}(?:latest|comparable|same|year{_MODSEP}"
        rf"(?:earlier|ago)|prior{_MODSEP}year|year{_MODSEP}before))"
        rf"(?:{_WS}(?:fiscal{_WS})?(?P<unit>quarter|period|three{_WS}months))?{_E}"
        rf"|(?P<bare>{_B}the{_WS}(?:fiscal{_WS})?quarter){_E}",
        _b_period_ref,
    ),
    (
        "ago",
        rf"{_B}(?P<n>{_NUM}){_WS}(?P<unit>day|week|month|year|decade)s?{_WS}"
        rf"(?P<dir>ago|earlier|later|from{_WS}now|hence){_E}",
        _b_ago,
    ),
    (
        "in_n",
        rf"{_B}in{_WS}(?P<n>{_NUM}){_WS}(?P<unit>day|week|month)s?"
        rf"(?:['\u2019]?{_WS}time)?{_E}",
        _b_in_n,
    ),
    (
        "quarter",
        rf"(?:(?P<the>{_B}the){_WS})?(?:(?P<y0>{_YEAR})(?:['\u2019]s)?{_WS})?"
        rf"(?:(?P<rel>{_B}(?:last|this|next|current|previous)){_WS})?"
        rf"(?:(?P<q>{_B}(?:first|second|third|fourth|final|(?<!\d)[1-4](?:st|nd|rd|th))){_MODSEP})?"
        rf"(?:fiscal{_MODSEP})?{_B}quarter(?:{_WS}of{_WS}(?:(?P<y>{_YEAR})|fiscal{_WS}"
        rf"(?P<fy>{_YEAR})|(?P<ry>this|last|next){_WS}year))?{_E}",
        _b_quarter,
    ),
    ("qnote", rf"(?<![\w])Q(?P<q>[1-4])(?:{_WS}|-|/)?(?P<y>{_YEAR})", _b_qnote),
    (
        "half",
        rf"(?:(?P<the>{_B}the){_WS})?(?P<h>{_B}(?:first|second|1st|2nd|latter))"
        rf"(?P<h_sep>{_MODSEP})half{_E}(?:{_WS}of{_WS}(?:(?P<y>{_YEAR})|(?P<ry>this|last|next)"
        rf"{_WS}year))?",
        _b_half,
    ),
    (
        "season",
        rf"(?:(?P<mod>{_B}(?:early|late|mid)){_MODSEP})?(?:(?P<rel>{_B}(?:this|last|"
        rf"next|coming|past|the)){_WS})?(?P<s>{_B}{_alt(lex.SEASONS)}){_E}(?:{_WS}(?:of{_WS})?"
        rf"(?P<y>{_YEAR})|,{_WS}(?P<y2>{_YEAR}))?",
        _b_season,
    ),
    ("holiday", rf"(?P<h>{_B}{_alt(lex.HOLIDAYS)}){_E}(?:,?{_WS}(?P<y>{_YEAR}))?", _b_holiday),
    ("ref", rf"{_B}{_alt(lex.REF_WORDS)}{_E}", _b_ref),
    (
        "loose",
        rf"(?P<m1>{_MON}){_WS}the{_WS}\d{{1,2}}(?:st|nd|rd|th)?{_E}"
        rf"(?:,?{_WS}{_YEAR})?",
        _b_loose,
    ),
]

# First characters each rule can start with: every pattern is compiled behind a word-start
# check and this class, so the regex engine skips most positions at once (3-5x faster).
_FIRST = {
    "month_day": "adfjmnostw",
    "day_month": "fmstw0-9",
    "month_year": "adefjlmnost",
    "month": "acdefjlmnopst",
    "iso": "0-9",
    "numeric": "0-9",
    "year": "eflmst0-9",
    "decade": "elmt0-9'\u2019",
    "century": "t0-9",
    "weekday": "cflmnpstw",
    "dayword": "lty",
    "anaphor": "t",
    "relunit": "celmnpst",
    "ago": "aefnost0-9",
    "period_ref": "lcpsty",
    "spelled_year": "nt",
    "in_n": "i",
    "quarter": "cflnpqst0-9",
    "qnote": "q",
    "half": "flst12",
    "season": "acefilmnpstw",
    "holiday": "chnv",
    "ref": "cnrt",
    "loose": "adfjmnos",
}
RULES: list[tuple[str, re.Pattern[str], Builder]] = [
    (name, re.compile(rf"(?<![a-z0-9])(?=[{_FIRST[name]}])(?:{src})", _F), builder)
    for name, src, builder in _RULES_SRC
]
_RULE_PRIORITY = {name: i for i, (name, _, _) in enumerate(_RULES_SRC)}


def _in_url(text: str, start: int) -> bool:
    """True when the span sits inside a URL or a path ("...-on-Saturday/")."""
    left = text[max(0, start - 200) : start]
    cut = max(left.rfind(" "), left.rfind("\n"), left.rfind("\t"))
    token = left[cut + 1 :]
    return "/" in token and ("://" in token or token.startswith("www.") or "-" in token[-3:])


def candidates(text: str) -> Iterator[Cand]:
    """Every candidate span every rule accepts, in rule order (overlaps included)."""
    for name, pattern, builder in RULES:
        for m in pattern.finditer(text):
            cand = builder(m, text)
            if cand is None or cand.end <= cand.start or _in_url(text, cand.start):
                continue
            for also in cand.data.pop("_also", ()):
                yield Cand(also.start, also.end, also.kind, also.data, _RULE_PRIORITY[name])
            yield Cand(cand.start, cand.end, cand.kind, cand.data, _RULE_PRIORITY[name])
