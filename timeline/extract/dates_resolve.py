"""Resolution of candidate temporal expressions against a publication date.

Calendar arithmetic is done here with ``datetime`` (exact and fast); the tense of the
surrounding clause decides which occurrence of "Tuesday" or "May 7" is meant.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal

from timeline.extract import dates_lexicon as lex
from timeline.extract.dates_patterns import Cand
from timeline.extract.records import DateMention
from timeline.partialdate import PartialDate

Tense = Literal["past", "future"] | None
Direction = Literal["past", "future", "present", "none"]
Basis = Literal["absolute", "relative", "anchored", "unresolved"]

_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019]*")
_ABBREVS = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "capt", "sgt", "no", "jan", "feb",
     "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.n"}
)  # fmt: skip
_SENT_END = re.compile(
    r"(?P<w>[A-Za-z.]*)[.!?][\"'\u201d)]*\s+(?=[\"'\u201c(]?[A-Z])|\n\s*\n|\n(?=[ \t]{3,})"
)


def _is_boundary(m: re.Match[str]) -> bool:
    w = (m.group("w") or "").lower()
    return not (w in _ABBREVS or len(w) == 1)


@dataclass
class Context:
    """What resolution needs besides the candidate: the text, the anchor, the last date."""

    text: str
    published: PartialDate | None
    last: PartialDate | None = None  # the last date resolved in the text (for "the next day")
    # the last quarter the text named, as (year, quarter, end offset): the reporting period
    # that "the quarter" and "a year ago" refer to in a results story
    period: tuple[int, int, int] | None = None

    @property
    def pub_day(self) -> dt.date | None:
        p = self.published
        return p.first_day() if p is not None and p.precision == "day" else None


# --- tense ------------------------------------------------------------------------------


def _clause(text: str, start: int, end: int) -> tuple[list[str], list[str]]:
    left = text[max(0, start - 240) : start]
    cuts = [m for m in _SENT_END.finditer(left) if _is_boundary(m)]
    if cuts:
        left = left[cuts[-1].end() :]
    right = text[end : end + 160]
    ends = [m for m in _SENT_END.finditer(right) if _is_boundary(m)]
    if ends:
        right = right[: ends[0].start("w") if ends[0].group("w") is not None else ends[0].start()]
    return _WORD.findall(left), _WORD.findall(right)


def _classify(words: list[str], i: int) -> str | None:
    raw = words[i]
    w = raw.lower().replace("\u2019", "'")
    prev = words[i - 1].lower().replace("\u2019", "'") if i > 0 else ""
    if w in lex.REPORT_VERBS:
        return "report"
    if w in lex.FUTURE_WORDS and prev == "been" and i > 1 and words[i - 2].lower() == "had":
        return "past"  # "Biden had been due to spend a few hours there on Monday"
    if w in lex.FUTURE_WORDS or w in lex.PRESENT_TRAVEL_VERBS:
        return "future"
    if (w == "to" and prev in lex.BE_FORMS) or (w.endswith("ing") and prev in lex.BE_FORMS):
        return "future"
    if prev in ("be", "being") and (w in lex.PAST_WORDS or w.endswith("ed")):
        # "to be held", "will be signed": the passive takes its tense from what precedes
        prev2 = words[i - 2].lower() if i > 1 else ""
        return "future" if prev2 in ("to", "will", "shall", "'ll") else None
    if w in lex.PAST_WORDS:
        return "past"
    if (
        raw.islower()
        and w.endswith("ed")
        and len(w) >= 5
        and w not in lex.ED_NOT_PAST
        and prev not in ("be", "being")
    ):
        return "past"
    return None


def tense(text: str, start: int, end: int) -> Tense:
    """The tense cue nearest to a span in its clause: left first, then right.

    A reporting verb on the left ("said Tuesday", "announced ... on Wednesday") is past
    unless "that" opens a new clause in between; on the right ("..., he said") it only
    counts when nothing else does.
    """
    left, right = _clause(text, start, end)
    reported = False
    for i in range(len(left) - 1, max(-1, len(left) - 13), -1):
        if left[i].lower() == "that":
            break
        c = _classify(left, i)
        if c == "report":
            return "past"
        if c:
            return c  # type: ignore[return-value]
    for i in range(min(len(right), 8)):
        c = _classify(right, i)
        if c == "report":
            reported = True
        elif c:
            return c  # type: ignore[return-value]
    if not reported:
        # a long clause: the main verb may stand far left of its date ("held a bilateral
        # meeting with ... on the sidelines of ... in Washington on Tuesday")
        for i in range(len(left) - 13, max(-1, len(left) - 41), -1):
            if left[i].lower() == "that":
                break
            c = _classify(left, i)
            if c in ("past", "future"):
                return c  # type: ignore[return-value]
    return "past" if reported else None


# --- helpers ----------------------------------------------------------------------------


def _direction(first: dt.date, last: dt.date, anchor: PartialDate | None) -> Direction:
    if anchor is None:
        return "none"
    a0, a1 = anchor.first_day(), anchor.last_day()
    if last < a0:
        return "past"
    if first > a1:
        return "future"
    return "present"


def _distance(first: dt.date, last: dt.date, anchor: PartialDate) -> int:
    a0, a1 = anchor.first_day(), anchor.last_day()
    if last < a0:
        return (a0 - last).days
    if first > a1:
        return (first - a1).days
    return 0


def _pick_year(make: Any, ctx: Context, start: int, end: int) -> int | None:
    """The year that puts a yearless date nearest the publication date, leaning by tense.

    ``make(year)`` returns (first day, last day) of the expression in that year or None.
    """
    pub = ctx.published
    assert pub is not None
    if pub.precision == "year":
        return pub.year
    t = tense(ctx.text, start, end)
    best: tuple[float, int] | None = None
    for y in (pub.year - 1, pub.year, pub.year + 1):
        span = make(y)
        if span is None:
            continue
        d = float(_distance(span[0], span[1], pub))
        where = _direction(span[0], span[1], pub)
        if d > 7 and ((t == "past" and where == "future") or (t == "future" and where == "past")):
            d *= 8  # a past-tense clause rarely talks of a date months ahead
        if best is None or d < best[0]:
            best = (d, y)
    return best[1] if best else None


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _week(day: dt.date) -> tuple[str, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    iso = monday.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}", monday


def _mention(
    c: Cand,
    ctx: Context,
    value: PartialDate | None,
    value_end: PartialDate | None = None,
    basis: Basis = "absolute",
    direction: Direction = "none",
    timex: str | None = None,
) -> DateMention:
    if value is None:
        basis, direction, timex = "unresolved", "none", timex if timex and "REF" in timex else None
    return DateMention(
        c.start, c.end, ctx.text[c.start : c.end], value, value_end, basis, direction, timex
    )


def _unresolved(c: Cand, ctx: Context) -> DateMention:
    return _mention(c, ctx, None)


# --- resolvers per candidate kind -------------------------------------------------------


def _r_date(c: Cand, ctx: Context) -> DateMention | None:
    d = c.data
    m, day, y = d["m"], d["d"], d.get("y")
    m2, d2, y2 = d.get("m2", m), d.get("d2"), d.get("y2")
    basis: Basis = "absolute"
    if y is None and y2 is not None:
        y = y2 - 1 if (m, day) > (m2, d2) else y2
    if y is None:
        if ctx.published is None:
            return _unresolved(c, ctx) if _safe_date(2000, m, day) else None

        def make(yy: int) -> tuple[dt.date, dt.date] | None:
            a = _safe_date(yy, m, day)
            return (a, a) if a else None

        y = _pick_year(make, ctx, c.start, c.end)
        basis = "anchored"
        if y is None:
            return None
    first = _safe_date(y, m, day)
    if first is None:
        return None
    value = PartialDate(y, m, day)
    end_value = None
    if d2 is not None:
        ey = y2 if y2 is not None else (y + 1 if (m2, d2) < (m, day) else y)
        last = _safe_date(ey, m2, d2)
        if last is None or last < first or (last - first).days > 366:
            return None
        end_value = PartialDate(ey, m2, d2)
    direction: Direction = "none"
    if basis == "anchored":
        direction = _direction(first, end_value.first_day() if end_value else first, ctx.published)
    return _mention(c, ctx, value, end_value, basis, direction)


def _r_month(c: Cand, ctx: Context) -> DateMention | None:
    d, pub = c.data, ctx.published
    m, y = d["m"], d.get("y")
    if y is not None:
        return _mention(c, ctx, PartialDate(y, m))
    if pub is None:
        return _unresolved(c, ctx)
    rel, ry = d.get("rel"), d.get("ry")
    if ry:
        y = pub.year + {"last": -1, "this": 0, "next": 1}[ry]
    elif rel in ("last", "past", "next", "coming"):
        if pub.month is None:
            return _unresolved(c, ctx)
        if rel in ("last", "past"):
            y = pub.year if m < pub.month else pub.year - 1
        else:
            y = pub.year if m > pub.month else pub.year + 1
    elif rel == "this":
        y = pub.year
    else:

        def make(yy: int) -> tuple[dt.date, dt.date]:
            p = PartialDate(yy, m)
            return p.first_day(), p.last_day()

        y = _pick_year(make, ctx, c.start, c.end)
    assert y is not None
    value = PartialDate(y, m)
    basis: Basis = "relative" if (rel or ry) else "anchored"
    return _mention(
        c, ctx, value, None, basis, _direction(value.first_day(), value.last_day(), pub)
    )


def _r_year(c: Cand, ctx: Context) -> DateMention | None:
    y, y2 = c.data["y"], c.data.get("y2")
    return _mention(c, ctx, PartialDate(y), PartialDate(y2) if y2 else None)


def _r_decade(c: Cand, ctx: Context) -> DateMention | None:
    dec = c.data["decade"]
    y0 = int(dec) * 10
    return _mention(c, ctx, PartialDate(y0), PartialDate(y0 + 9), timex=dec)


def _r_century(c: Cand, ctx: Context) -> DateMention | None:
    n = c.data["c"]
    return _mention(c, ctx, PartialDate(n * 100), PartialDate(n * 100 + 99), timex=f"{n:02d}")


def _r_weekday(c: Cand, ctx: Context) -> DateMention | None:
    p = ctx.pub_day
    if p is None:
        return _unresolved(c, ctx)
    w, rel = c.data["wd"], c.data.get("rel")
    back, fwd = (p.weekday() - w) % 7, (w - p.weekday()) % 7
    if "week" in c.data:  # "Tuesday of next week": the day of that (Monday-first) week
        off = w - p.weekday() + 7 * c.data["week"]
    elif rel in ("last", "past"):
        off = -(back or 7)
    elif rel == "next":
        off = fwd or 7
    elif rel == "this":
        off = w - p.weekday()  # the day of the current (Monday-first) week
    else:
        t = "future" if rel == "coming" else tense(ctx.text, c.start, c.end)
        if t == "past":
            off = -back
        elif t == "future" or fwd < back:
            off = fwd
        else:
            off = -back
    first = p + dt.timedelta(days=off)
    last = first
    if "wd2" in c.data:
        last = first + dt.timedelta(days=(c.data["wd2"] - w) % 7 or 7)
    direction: Direction = "past" if off < 0 else "future" if off > 0 else "present"
    return _mention(
        c,
        ctx,
        PartialDate.from_date(first),
        PartialDate.from_date(last) if last != first else None,
        "relative",
        direction,
    )


def _r_days(c: Cand, ctx: Context) -> DateMention | None:
    p = ctx.pub_day
    if p is None:
        return _unresolved(c, ctx)
    off = c.data["offset"]
    direction: Direction = "past" if off < 0 else "future" if off > 0 else "present"
    day = p + dt.timedelta(days=off)
    return _mention(c, ctx, PartialDate.from_date(day), None, "relative", direction)


def _shifted(
    c: Cand, ctx: Context, anchor: PartialDate | None, unit: str, n: int, direction: Direction
) -> DateMention:
    """``anchor`` moved by n units, at the unit's precision (weeks as ISO weeks)."""
    if anchor is None:
        return _unresolved(c, ctx)
    if unit == "year":
        return _mention(c, ctx, PartialDate(anchor.year + n), None, "relative", direction)
    if anchor.month is None:
        return _unresolved(c, ctx)
    if unit == "month":
        y, m = _add_months(anchor.year, anchor.month, n)
        return _mention(c, ctx, PartialDate(y, m), None, "relative", direction)
    if anchor.day is None:
        return _unresolved(c, ctx)
    day = anchor.first_day()
    if unit == "day":
        return _mention(
            c, ctx, PartialDate.from_date(day + dt.timedelta(days=n)), None, "relative", direction
        )
    timex, monday = _week(day + dt.timedelta(days=7 * n))
    return _mention(
        c,
        ctx,
        PartialDate.from_date(monday),
        PartialDate.from_date(monday + dt.timedelta(days=6)),
        "relative",
        direction,
        timex,
    )


def _sign(n: int) -> Direction:
    return "past" if n < 0 else "future" if n > 0 else "present"


def _r_rel(c: Cand, ctx: Context) -> DateMention | None:
    unit, shift = c.data["unit"], c.data["shift"]
    if unit != "weekend":
        direction = _sign(shift)
        if shift == 0 and c.data.get("mod") in ("later", "earlier"):
            # "later this year" lies ahead, "earlier this month" behind
            direction = "future" if c.data["mod"] == "later" else "past"
        return _shifted(c, ctx, ctx.published, unit, shift, direction)
    p = ctx.pub_day
    if p is None:
        return _unresolved(c, ctx)
    this_sat = p - dt.timedelta(days=p.weekday()) + dt.timedelta(days=5)
    if shift is None:
        t = tense(ctx.text, c.start, c.end)
        if p.weekday() >= 5:
            shift = 0
        elif t == "past" or (t is None and p.weekday() <= 2):
            shift = -1
        else:
            shift = 0
    return _weekend(c, ctx, this_sat + dt.timedelta(days=7 * shift), p)


def _weekend(c: Cand, ctx: Context, sat: dt.date, p: dt.date) -> DateMention:
    iso = sat.isocalendar()
    direction: Direction = (
        "past" if sat + dt.timedelta(days=1) < p else ("future" if sat > p else "present")
    )
    return _mention(
        c,
        ctx,
        PartialDate.from_date(sat),
        PartialDate.from_date(sat + dt.timedelta(days=1)),
        "relative",
        direction,
        f"{iso[0]:04d}-W{iso[1]:02d}-WE",
    )


PERIOD_REACH = 1500  # characters after a quarter within which "a year ago" means that quarter


def _quarter(c: Cand, ctx: Context, y: int, q: int, direction: Direction) -> DateMention:
    return _mention(
        c,
        ctx,
        PartialDate(y, (q - 1) * 3 + 1),
        PartialDate(y, q * 3),
        "relative",
        direction,
        f"{y:04d}-Q{q}",
    )


def _r_period_ref(c: Cand, ctx: Context) -> DateMention | None:
    """ "the quarter", "the latest period": the quarter the text last named (else the last
    quarter completed before publication); "the year-earlier quarter", "year-ago": the same
    quarter a year before (a bare "year-ago" with no quarter named: the year before)."""
    shift = c.data["shift"]
    if ctx.period is not None:
        y, q, _end = ctx.period
    else:
        pub = ctx.published
        if pub is None or pub.month is None:
            return _unresolved(c, ctx)
        if shift and not re.search(r"quarter|period|months", ctx.text[c.start : c.end], re.I):
            return _mention(c, ctx, PartialDate(pub.year + shift), None, "relative", "past")
        k = pub.year * 4 + (pub.month - 1) // 3 - 1
        y, q = k // 4, k % 4 + 1
    return _quarter(c, ctx, y + shift, q, "past" if shift else "none")


def _r_shift(c: Cand, ctx: Context) -> DateMention | None:
    n, unit = c.data["n"], c.data["unit"]
    if (
        unit == "year"
        and n == -1
        and ctx.period is not None
        and 0 <= c.start - ctx.period[2] <= PERIOD_REACH
    ):
        # "rose in the third quarter from $5 million a year ago": that quarter a year before
        y, q, _end = ctx.period
        return _quarter(c, ctx, y + n, q, "past")
    if unit == "decade":
        n, unit = n * 10, "year"
    if c.data.get("future_only") and tense(ctx.text, c.start, c.end) == "past":
        return None  # "two delays in two days": a duration
    anchor = ctx.published
    if c.data["anchor"] == "ref" and ctx.last is not None:
        anchor = ctx.last
    return _shifted(c, ctx, anchor, unit, n, _sign(n))


def _r_anaphor(c: Cand, ctx: Context) -> DateMention | None:
    n, unit = c.data["n"], c.data["unit"]
    anchor = ctx.last
    need = {"month": "month", "year": "year"}.get(unit, "day")
    if (
        anchor is None
        or (need != "year" and anchor.precision == "year")
        or (need == "day" and anchor.precision != "day")
    ):
        anchor = ctx.published
    if unit == "weekend":  # "the following weekend": the first one after the anchor day
        if anchor is None or anchor.day is None:
            return _unresolved(c, ctx)
        a = anchor.first_day()
        if n > 0:
            sat = a + dt.timedelta(days=(5 - a.weekday()) % 7 or 7)
        else:
            sat = a - dt.timedelta(
                days=(a.weekday() - 5 + 7 if a.weekday() >= 5 else a.weekday() + 2)
            )
        return _weekend(c, ctx, sat, a)
    return _shifted(c, ctx, anchor, unit, n, _sign(n))


def _period(c: Cand, ctx: Context, kind: str, months: int) -> DateMention | None:
    """Quarters (Q, 3 months) and halves (H, 6 months) of a year."""
    d, pub = c.data, ctx.published
    n: int | None = d.get("q") or d.get("h")
    y: int | None = d.get("y")
    if "shift" in d:  # this / last / next quarter
        if pub is None or pub.month is None:
            return _unresolved(c, ctx)
        k = pub.year * 4 + (pub.month - 1) // 3 + d["shift"]
        y, n = k // 4, k % 4 + 1
    assert n is not None
    if y is None and d.get("ry"):
        if pub is None:
            return _unresolved(c, ctx)
        y = pub.year + {"last": -1, "this": 0, "next": 1}[d["ry"]]
    if y is None:
        if pub is None:
            return _unresolved(c, ctx)
        t = tense(ctx.text, c.start, c.end)
        y = pub.year
        first = dt.date(y, (n - 1) * months + 1, 1)
        # a quarter not yet begun is usually the last one reported ("fourth-quarter profit"
        # in January); a half-year is more often ahead ("in the second half")
        lean_past = t == "past" or (kind == "Q" and t is None)
        if pub.precision != "year" and lean_past and first > pub.last_day():
            y -= 1
    first_m, last_m = (n - 1) * months + 1, n * months
    return _mention(
        c,
        ctx,
        PartialDate(y, first_m),
        PartialDate(y, last_m),
        "relative" if not d.get("y") else "absolute",
        "none",
        f"{y:04d}-{kind}{n}",
    )


def _r_quarter(c: Cand, ctx: Context) -> DateMention | None:
    return _period(c, ctx, "Q", 3)


def _r_half(c: Cand, ctx: Context) -> DateMention | None:
    return _period(c, ctx, "H", 6)


def _season_span(y: int, s: str) -> tuple[dt.date, dt.date]:
    m0 = lex.SEASON_MONTHS[s]
    y2, m2 = _add_months(y, m0, 2)
    return PartialDate(y, m0).first_day(), PartialDate(y2, m2).last_day()


def _r_season(c: Cand, ctx: Context) -> DateMention | None:
    d, pub = c.data, ctx.published
    s, y, rel = d["s"], d.get("y"), d.get("rel")
    if y is None:
        if pub is None or (pub.month is None and rel not in ("this", "the")):
            return _unresolved(c, ctx)
        if rel == "this" or pub.month is None:
            y = pub.year - 1 if (s == "WI" and (pub.month or 12) <= 2) else pub.year
        elif rel in ("last", "past"):
            y = next(
                yy
                for yy in range(pub.year, pub.year - 3, -1)
                if _season_span(yy, s)[1] < pub.first_day()
            )
        elif rel in ("next", "coming"):
            y = next(
                yy
                for yy in range(pub.year - 1, pub.year + 2)
                if _season_span(yy, s)[0] > pub.last_day()
            )
        else:
            y = _pick_year(lambda yy: _season_span(yy, s), ctx, c.start, c.end)
            assert y is not None
    first, last = _season_span(y, s)
    return _mention(
        c,
        ctx,
        PartialDate.from_date(first, "month"),
        PartialDate.from_date(last, "month"),
        "relative" if rel else "absolute",
        _direction(first, last, pub) if pub and rel else "none",
        f"{y:04d}-{s}",
    )


def _r_ref(c: Cand, ctx: Context) -> DateMention | None:
    timex = c.data["timex"]
    directions: dict[str, Direction] = {"PAST_REF": "past", "PRESENT_REF": "present"}
    direction = directions.get(timex, "future")
    return DateMention(
        c.start, c.end, ctx.text[c.start : c.end], None, None, "relative", direction, timex
    )


RESOLVERS = {
    "date": _r_date, "month": _r_month, "year": _r_year, "decade": _r_decade,
    "century": _r_century, "weekday": _r_weekday, "days": _r_days, "rel": _r_rel,
    "shift": _r_shift, "anaphor": _r_anaphor, "quarter": _r_quarter, "half": _r_half,
    "season": _r_season, "ref": _r_ref, "period_ref": _r_period_ref,
}  # fmt: skip
