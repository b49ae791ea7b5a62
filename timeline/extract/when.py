"""When: the date expression that governs an event trigger, and the extent it gives.

Named rules, in order:
- ``usable_dates``: a date inside an exercise's name ("Golden Dragon 2024"), one that opens a
  period ("since 2022"), a year of validity or deadline ("plans for 2020", "by 2050") and the
  date of a reporting verb ("announced Friday that ...") do not date an event; "planned for
  later this year" does.
- ``governing_date``: nearest usable date in the trigger's fine clause (quality 3); else the
  nearest in the sentence not in, nor behind, a relative clause (quality 2); a relative
  clause right after a noun trigger describes that noun ("Golden Dragon, which is to take
  place in March"), and so does one that closes an event after a place or a relative clause
  of the noun's own ("joint exercises that the two armies are holding in Svay Rieng, which
  will conclude on Wednesday": ``closing_relative``); a possessive reference ("the
  minister's successful trip") takes no date from an earlier clause unless that clause is
  only the date ("On Monday, ...") (``possessive_reference``).
- ``extent``: a following date joined by "to", "through", "until", "and" makes a range
  ("on Tuesday and will stay through Sunday"); "N-day" after a start day gives the end
  ("a five-day port call" from Monday), and so does a start before the end day ("concluded a
  three-day visit on Tuesday": ``concluded_stay``); a date after "until"/"conclude on" is an
  end date.
  ``under_way``: for an event under way at publication, the start is the publication day
  when an adverb says so ("currently ... until Tuesday", seeds cue ``present``), else only
  its month ("the exercises they are holding, which end on Wednesday": begun on some day
  the text does not give).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from timeline.extract.clauses import RELATIVE, RELATIVE_START, fine_clause
from timeline.extract.records import DateMention
from timeline.partialdate import PartialDate

_SINCE = re.compile(r"\bsince\s+(?:early\s+|late\s+|mid-?)?$", re.I)
# a subordinate clause with a verb of its own between the trigger and the date
_AFTER_CLAUSE = re.compile(
    r"\b(?:after|before|because|although)\s+(?:[\w'’.-]+\s+){0,3}"
    r"(?:[a-z]{3,}ed|took|won|became|began|made|said|was|were|had|left|came)\b",
)
_SINCE_CLAUSE = re.compile(r"\bsince\s+(?:he|she|they|it|the|[A-Z][\w'’-]+)\s+[^,;]{0,60}$")
_ATTACHED = re.compile(
    r"^(?:\s+(?:to|in|of|with|at|by|as|for|from)\s+[\w .'’-]{1,40}?)?[\s,]*(?:which|that)?\s*$",
    re.I,
)
_FOR_YEAR = re.compile(r"\b(?:for|by|before|in\s+time\s+for)\s+(?:the\s+)?$", re.I)
_SCHEDULED_FOR = re.compile(
    r"\b(?:planned|scheduled|slated|set|due|earmarked|pencilled|penciled|tentatively)\s+"
    r"(?:for|in)\s+(?:the\s+)?$",
    re.I,
)
_REPORTING = re.compile(
    r"\b(?:said|says|announced|announces|told|tells|reported|confirmed|stated|added|noted|"
    r"declared|revealed|wrote|posted|tweeted|quoted|issued|dated)\s+(?:on\s+|late\s+|early\s+)?$",
    re.I,
)
_IN_RELATIVE = re.compile(
    r"\b(?:that|which|who)\s+(?:\w+\s+){1,2}(?:on\s+)?$|\b(?:that|which|who)\s+(?:\w+\s+){1,4}"
    r"(?:in|on|at|during)\s+$",
    re.I,
)
_END_CUE = re.compile(
    r"\b(?:until|till|til|through|thru|to\s+end\s+on|ends?|ends?\s+on|ended\s+on|ending\s+on|"
    r"conclude[sd]?\s+on|concluding\s+on|will\s+conclude\s+on|closes?\s+on|runs?\s+until|"
    r"lasts?\s+until|wrap\s+up\s+on)\s+(?:on\s+)?$",
    re.I,
)
_RANGE_GAP = re.compile(
    r"^\s*(?:,\s*)?(?:and\s+)?(?:(?:will|would|is\s+to|are\s+to|is\s+set\s+to|are\s+set\s+to)"
    r"\s+)?(?:stay|remain|run|runs|last|lasts|continue|continues|be\s+held)?\s*"
    r"(?:through|until|till|to|and|-|–|conclude\s+on|end\s+on|ends\s+on|close\s+on|"
    r"wrap\s+up\s+on)\s+(?:on\s+)?$",
    re.I,
)
_DURATION = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|\d{1,2})[-\s](day|week)s?\b(?!\s+(?:ago|earlier|later|before|after))",
    re.I,
)
_NUMBERS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
        ]
    )
}


@dataclass(frozen=True)
class When:
    mention: DateMention | None
    date: PartialDate | None
    date_end: PartialDate | None
    quality: int  # 3 clause, 2 sentence, 1 vague, 0 none
    text: str | None
    role: str = "point"  # "end" when only the end is known ("until Tuesday")


_DATELINE_HEAD = re.compile(r"^[\s\"“(\[]*[A-Z][\w .,'’\[\]()-]{0,50}$")
_DATELINE_TAIL = re.compile(r"^\s*(?:\([^)]{1,30}\))?\s*[-–—:]")


def is_dateline(text: str, d: DateMention) -> bool:
    """Rule ``dateline``: "NEW DELHI, March 19 (ANI) -": the day the story was filed."""
    return bool(
        _DATELINE_HEAD.match(text[: d.start]) and _DATELINE_TAIL.match(text[d.end : d.end + 40])
    )


def usable_dates(
    text: str, dates: Sequence[DateMention], named: Sequence[tuple[int, int]]
) -> list[DateMention]:
    out = []
    for d in dates:
        if d.value is None and d.basis != "unresolved":
            continue  # PRESENT_REF and the like
        if any(ns <= d.start and d.end <= ne for ns, ne in named):
            continue
        if d.start < 60 and is_dateline(text, d):
            continue
        before = text[max(0, d.start - 24) : d.start]
        if _SINCE.search(before) or _REPORTING.search(before):
            continue
        if (
            d.value is not None
            and d.value.precision == "year"
            and _FOR_YEAR.search(before)
            and not _SCHEDULED_FOR.search(before)
        ):
            continue  # "a budget for 2025"; but "planned for later this year" dates it
        out.append(d)
    return out


def _distance(d: DateMention, start: int, end: int) -> int:
    if d.end <= start:
        return start - d.end
    if d.start >= end:
        return d.start - end
    return 0


# what may stand between an event noun and the relative clause that closes it: a place
# ("in the South China Sea") or a relative clause of its own ("that the two armies are
# holding in Svay Rieng"), then ", which" / "that"
_TIME_PREPOSITION = re.compile(r"\b(?:during|at|after|before|since|until|by)\s+$", re.I)
_RELATIVE_WORD_BEFORE = re.compile(r"\b(?:who|which|whom|whose)\s*$", re.I)
_WHEN_AFTER = re.compile(r"\s*,?\s*when\b", re.I)

_CLOSING_GAP = re.compile(
    r"^(?:\s+(?:in|at|off|near|on|with|of|between)\s+[^,;:.]{1,60}?"
    r"|\s+(?:that|which)\s+[^,;:.]{1,120}?)?\s*,?\s*(?:which|that)\s*$",
    re.I,
)

_POSSESSIVE_BEFORE = re.compile(r"\w['’]s\s+(?:[\w-]+\s+){0,2}$")


def governing_date(
    text: str,
    start: int,
    end: int,
    dates: Sequence[DateMention],
    named: Sequence[tuple[int, int]] = (),
    noun: bool = False,
) -> tuple[DateMention | None, int]:
    """The date governing the trigger at text[start:end] and its quality (3, 2 or 0)."""
    usable = [
        d
        for d in usable_dates(text, dates, named)
        # "The visit comes shortly after India assumed the presidency on 1 December"
        if not (d.start > end and _AFTER_CLAUSE.search(text[end : d.start]))
        # "his first visit since he was sworn in last May": the date of the "since" clause,
        # unless the trigger is inside it ("since Bush travelled to Beijing in 1989")
        and not (d.start > end and _SINCE_CLAUSE.search(text[end : d.start]))
        and not (d.end <= start and _SINCE_CLAUSE.search(text[max(0, d.start - 70) : d.start]))
        # "spoken by telephone last month to prepare Thursday's talks": a possessive date
        # dates the noun after it, not another trigger
        # (but "During next week's stop he will hold talks" is a time for the whole clause)
        and not (
            text[d.end : d.end + 2] in ("'s", "’s")
            and not 0 <= start - d.end <= 4
            and not _TIME_PREPOSITION.search(text[max(0, d.start - 12) : d.start])
        )
    ]
    if not usable:
        return None, 0
    cs, ce = fine_clause(text, start)
    in_clause = [d for d in usable if cs <= d.start and d.end <= ce]
    if in_clause:
        # a stated day beats a vaguer date of the same clause ("the April 11 opening
        # ceremony of this year's war games")
        return min(
            in_clause,
            key=lambda d: (d.precision != "day", _distance(d, start, end), d.start),
        ), 3
    # "..., Thatcher's successful trip to Moscow": a possessive reference to an event takes
    # no date from an earlier clause (rule ``possessive_reference``)
    possessive = noun and bool(_POSSESSIVE_BEFORE.search(text[max(0, start - 40) : start]))
    pool = []
    attached_pool = []
    for d in usable:
        ds, de = fine_clause(text, d.start)
        if (
            possessive
            and d.end <= start
            and len((text[ds : d.start] + text[d.end : de]).split()) > 2
        ):
            continue  # (an opening "On Monday," still governs the main clause)
        attached = noun and d.start > end and bool(_ATTACHED.match(text[end:ds]))
        # "joint exercises that the two armies are holding in Svay Rieng, which will conclude
        # on Wednesday": events conclude, places do not (rule ``closing_relative``)
        attached = attached or _closing_relative(text, end, d, ds)
        # "held the first summit in Paris on 10 March, when they agreed a deal": the
        # "when" clause happens on the date it follows
        attached = attached or (
            d.end <= start
            and bool(_WHEN_AFTER.match(text, d.end))
            and ";" not in text[d.end : start]
            and start - d.end <= 60
        )
        if attached:
            attached_pool.append(d)
        relative = (
            RELATIVE_START.match(text[ds : d.start])
            or _IN_RELATIVE.search(text[max(ds, d.start - 30) : d.start])
            # the clause break took the relative word: "Mr Modi, who landed on Sunday night"
            or _RELATIVE_WORD_BEFORE.search(text[max(0, ds - 8) : ds])
        )
        if relative and not attached:
            continue
        lo, hi = (d.end, start) if d.end <= start else (end, d.start)
        if RELATIVE.search(text[lo:hi]) and not attached:
            continue
        pool.append(d)
    if attached_pool:  # "Golden Dragon 2020, which is to take place in March"
        pool = attached_pool
    if not pool:
        return None, 0
    return min(pool, key=lambda d: (_distance(d, start, end), d.start)), 2


def date_after(
    text: str,
    start: int,
    end: int,
    dates: Sequence[DateMention],
    named: Sequence[tuple[int, int]] = (),
) -> DateMention | None:
    """A date that follows a noun trigger in its own clause or in a relative clause attached
    to it ("Golden Dragon 2020, which is to take place in March"), if any."""
    _cs, ce = fine_clause(text, start)
    for d in usable_dates(text, dates, named):
        if d.start < end:
            continue
        ds, _de = fine_clause(text, d.start)
        if d.end <= ce or _ATTACHED.match(text[end:ds]) or _closing_relative(text, end, d, ds):
            return d
    return None


def _closing_relative(text: str, end: int, d: DateMention, ds: int) -> bool:
    """Rule ``closing_relative``: a relative clause that closes an event ("joint exercises
    that the two armies are holding in Svay Rieng, which will conclude on Wednesday") dates
    the event noun before it: events conclude, places do not."""
    return (
        end < d.start <= end + 160
        and bool(_CLOSING_GAP.match(text[end:ds]))
        and is_end_date(text, d)
    )


def is_end_date(text: str, d: DateMention) -> bool:
    """Whether ``d`` is introduced as an end ("until Tuesday", "will conclude on Wednesday")."""
    return bool(_END_CUE.search(text[max(0, d.start - 30) : d.start]))


def extent(
    text: str,
    trig_start: int,
    mention: DateMention | None,
    quality: int,
    dates: Sequence[DateMention],
    published: PartialDate | None,
    ongoing: str | None = None,
) -> When:
    """The extent of the event dated by ``mention``. ``ongoing`` says the event is under way
    at publication: "now" when an adverb says so ("currently"), "tense" when only the verb
    does ("the exercises they are holding")."""
    if mention is None or mention.value is None:
        return When(mention, None, None, 0, mention.text if mention else None)
    start: PartialDate = mention.value
    end = mention.value_end
    label = mention.text
    if mention.timex and quality > 1:
        quality = 1  # a week, a weekend, a season: vaguer than its days suggest
    if end is None and is_end_date(text, mention):
        # "until Tuesday": an end date; the start is known only for an event under way:
        # "currently" puts it on the publication day; "are holding" says only that it began
        # on some day before, so the start keeps the publication's month (rule ``under_way``)
        if (
            ongoing is not None
            and published is not None
            and published.precision == "day"
            and published.first_day() <= mention.value.first_day()
        ):
            first = published if ongoing == "now" else published.truncate("month")
            return When(mention, first, mention.value, quality, label)
        return When(mention, start, None, quality, label, role="end")
    if end is None and start.precision == "day":
        # a second date right after: "on Tuesday and will stay through Sunday"
        for d in dates:
            if d.start <= mention.end or d.value is None or d.value.precision != "day":
                continue
            if _RANGE_GAP.match(text[mention.end : d.start]) and d.value > start:
                end = d.value
                label = text[mention.start : d.end]
            break
    if end is None and start.precision == "day":
        # a later date of the sentence that closes the event: "..., with the drills
        # scheduled to end on March 22"
        for d in dates:
            if (
                d.start > mention.end
                and d.value is not None
                and d.value.precision == "day"
                and d.value > start
                and (d.value.first_day() - start.first_day()).days <= 31
                and is_end_date(text, d)
            ):
                end = d.value
                break
    if end is None and start.precision == "day":
        m = _DURATION.search(text)
        if m and abs(m.start() - mention.end) < 120:
            word = m.group(1).lower()
            n = int(word) if word.isdigit() else _NUMBERS.get(word, 0)
            if m.group(2).lower() == "week":
                n *= 7
            if (
                2 <= n <= 31
                and _ENDING_VERB.search(text[max(0, m.start() - 40) : m.start()])
                and not _STARTS.search(text[max(0, mention.start - 30) : mention.start])
            ):
                # "concluded a three-day state visit to Vietnam on Tuesday": the day is the
                # last of the stay (rule ``concluded_stay``)
                opening = start.first_day() - dt.timedelta(days=n - 1)
                start, end = PartialDate.from_date(opening), start
            elif 2 <= n <= 31:
                end = PartialDate.from_date(start.first_day() + dt.timedelta(days=n - 1))
    return When(mention, start, end, quality, label)


_STARTS = re.compile(
    r"\b(?:starts?|started|starting|begins?|began|beginning|opens?|opened|from|kicks?\s+off)"
    r"\s+(?:on\s+)?$",
    re.I,
)

_ENDING_VERB = re.compile(
    r"\b(?:concluded|concludes|concluding|wrapped\s+up|wraps\s+up|wrapping\s+up|ended|ends|"
    r"ending|completed|completes|wound\s+up|winds\s+up|rounded\s+off|rounds\s+off)\s+"
    r"(?:(?:a|an|the|his|her|their|its)\s+)?$",
    re.I,
)


_ANAPHORA = re.compile(
    r"^(?:the\s+|that\s+)?(?:same|following|next|previous|preceding)\s+day$|^that\s+day$|"
    r"^(?:a|one)\s+day\s+(?:earlier|later|before|after)$|^the\s+day\s+(?:before|after)$|"
    r"^(?P<n>two|three|four|five|six|seven|\d)\s+days\s+(?:earlier|later|before|after)$",
    re.I,
)


def anchor_anaphora(dates: Sequence[DateMention], last: PartialDate | None) -> list[DateMention]:
    """Rule ``anaphora``: "the same day", "the following day" count from the last day the
    text stated before this sentence, not from the publication date."""
    if last is None or last.precision != "day":
        return list(dates)
    out = []
    for d in dates:
        m = _ANAPHORA.match(d.text.strip())
        if m and d.value is not None and d.value.precision == "day":
            low = d.text.lower()
            # "Four days later": counted from the last stated day, like "the next day"
            n = m.group("n")
            step = (int(n) if n.isdigit() else _NUMBERS.get(n.lower(), 1)) if n else 1
            shift = 0
            if any(w in low for w in ("following", "next", "later", "after")):
                shift = step
            elif any(w in low for w in ("previous", "preceding", "earlier", "before")):
                shift = -step
            day = last.first_day() + dt.timedelta(days=shift)
            d = replace(d, value=PartialDate(day.year, day.month, day.day), basis="relative")
        out.append(d)
    return out


_DAYS_FROM = re.compile(
    r"\b(?:the\s+)?(?P<n>day|two\s+days|three\s+days|a\s+week|one\s+week)\s+"
    r"(?P<dir>after|before)\s+(?:the\s+)?$",
    re.I,
)


def days_from_dates(text: str, dates: Sequence[DateMention]) -> list[DateMention]:
    """Rule ``day_after``: "flying to Sao Paulo the day after the October 30 run-off": the
    event is a day after (or before) the stated day; the span takes in the phrase."""
    out = []
    for d in dates:
        m = _DAYS_FROM.search(text[max(0, d.start - 30) : d.start])
        if m and d.value is not None and d.value.precision == "day" and d.value_end is None:
            n = {"day": 1, "two days": 2, "three days": 3, "a week": 7, "one week": 7}[
                re.sub(r"\s+", " ", m.group("n").lower())
            ]
            shift = n if m.group("dir").lower() == "after" else -n
            day = d.value.first_day() + dt.timedelta(days=shift)
            start = max(0, d.start - 30) + m.start()
            d = replace(d, start=start, text=text[start : d.end], value=PartialDate.from_date(day))
        out.append(d)
    return out
