"""Context dates: the news peg of a document and the dates it lends to undated statements.

Rule ``context_date``: a candidate with no date whose sentence names its sides, one of them a
side of the document's news peg (its first dated event near publication, or the first stated
day near it), takes the peg's date with the lowest quality, so that any stated date wins in
merging. References ("the talks will cover", "Mr Abe's recent tour", "ship visits", "after
China donated ships") take none. ``other_people``: the peg's day is its principals'; a
statement naming only other people ("the defence secretary was also on hand to sign ...")
happened during the story but not necessarily on its day, so it takes the peg's month.
Without a publication date, the ``tenure_window`` of the people named
(timeline.extract.published) lends coarse dates to unresolved expressions.
Before that, rules ``sequence`` ("Later on, ..." takes the day of the sentence before),
``after_the_talks`` ("After the talks, the two sides signed ..." takes the talks' day) and
``within_visit`` (a planned meeting or signing falls within the days of a visit under way or
ahead) date statements from their neighbours. After it, ``next_leg``: leaving for the next
country on a tour ("then leaves for Seoul early Monday") ends the stay before.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from timeline.extract.clauses import fine_clause
from timeline.extract.records import Candidate, DateMention, Sentence
from timeline.partialdate import PartialDate

_DEFINITE = re.compile(
    r"^\s*(?:(?:and|but|that|while|as|so)\s+)*(?:the|this|these|those|such|that)\s+"
    r"(?:[\w-]+\s+){0,2}$",
    re.I,
)

# "the two leaders signed ...": a definite subject before a verb trigger, not a definite
# reference to an event ("the talks will cover ...")
_DEFINITE_SUBJECT = re.compile(
    r"\b(?:leaders|sides|countries|nations|ministers|presidents|premiers|governments|"
    r"delegations|officials|navies|armies|militaries|forces|secretary|minister|president|"
    r"premier|chancellor|king|emperor|ambassador|envoy|leader|delegation|side)\s+$",
    re.I,
)

_CLOCK = re.compile(r"\d{1,2}:\d\d|\|")

_STAMP = re.compile(r"\b(?:published|updated|posted|modified|first\s+published)\b[^.]*$", re.I)

_GENERIC_PLURALS = frozenset(
    {"visits", "meetings", "exercises", "drills", "agreements", "deals", "trips", "calls"}
)

_POSSESSIVE = re.compile(r"['’]s\s+(?:[\w-]+\s+){0,2}$")

_BACKGROUND = re.compile(
    r"\b(?:prior\s+to|before|after|since)\s+(?:(?:the|a|an|his|her|their|its)\s+)?"
    r"(?:[\w-]+\s+){0,2}$",
    re.I,
)


@dataclass(frozen=True)
class Peg:
    date: PartialDate
    date_end: PartialDate | None
    text: str
    countries: tuple[str, ...]  # empty when the peg is a bare date, not an event
    status: str
    position: int
    people: frozenset[str] = frozenset()  # the peg event's people, if it is an event


def _lend(
    c: Candidate,
    date: PartialDate | None,
    end: PartialDate | None,
    text: str | None,
    basis: str,
) -> Candidate:
    """``c`` dated from its neighbours, with the lowest quality (any stated date wins)."""
    return replace(c, date=date, date_end=end, date_text=text, date_basis=basis, date_quality=0)


def news_peg(
    candidates: Sequence[Candidate],
    published: PartialDate | None,
    dated: Sequence[tuple[Sentence, Sequence[DateMention]]] = (),
) -> Peg | None:
    """Rule ``news_peg``: the first day near publication (within a week) that the body
    states, as a dated event or as a bare date ("India on Saturday decided ...")."""
    if published is None or published.precision != "day":
        return None
    pegs: list[Peg] = []
    # an arrival day is the visit's first, the story's talks and signings often come later
    # ("arriving on Sunday evening for a state visit whose programme filled all of
    # yesterday"): the first dated meeting or signing is the peg when there is one
    ordered = sorted(candidates, key=lambda c: c.type == "visit")
    for c in ordered:
        if c.date is None or c.date.precision != "day" or c.date_quality < 2:
            continue
        if c.sentence.kind in ("title",):
            continue
        if abs((c.date.first_day() - published.first_day()).days) <= 7:
            pegs.append(
                Peg(
                    c.date,
                    c.date_end,
                    c.date_text or "",
                    c.countries,
                    c.status,
                    c.sentence.start,
                    frozenset(a.name for a in c.actors),
                )
            )
            break
    for sent, dates in dated:
        # "April 5, 2023 | 4:04pm" stamps the page; "November 21, 2005, Tokyo" dates the news
        if sent.kind == "title" or (sent.kind == "dateline" and _CLOCK.search(sent.text)):
            continue
        for d in dates:
            if d.value is None or d.value.precision != "day" or d.timex:
                continue
            if _STAMP.search(sent.text[max(0, d.start - 30) : d.start]):
                continue  # "Published Jan 28, 2018": the page's date, not the news
            if 0 <= (published.first_day() - d.value.first_day()).days <= 7:
                pegs.append(Peg(d.value, None, d.text, (), "occurred", sent.start + d.start))
                break
        if len(pegs) > (1 if pegs and pegs[0].countries else 0):
            break
    return min(pegs, key=lambda p: p.position) if pegs else None


def with_context_dates(
    candidates: Sequence[Candidate],
    published: PartialDate | None,
    dated: Sequence[tuple[Sentence, Sequence[DateMention]]] = (),
    window: tuple[dt.date, dt.date] | None = None,
) -> list[Candidate]:
    """Rule ``context_date`` (see the module docstring). With no publication date but a
    ``window`` of days the text must have been written in (office tenures), a candidate whose
    date could not be resolved ("Tuesday", "May 7") takes the window, coarse but right, and
    so does an undated one beside it, as with a news peg."""
    peg = news_peg(candidates, published, dated)
    if peg is None and published is None and window is not None:
        lo, hi = PartialDate(window[0].year), PartialDate(window[1].year)
        for c in sorted(candidates, key=lambda c: c.sentence.start):
            if c.date is None and c.date_basis == "unresolved":
                peg = Peg(lo, hi if hi != lo else None, c.date_text or "", c.countries, c.status, 0)
                break
        if peg is not None:
            candidates = [
                replace(
                    c, date=peg.date, date_end=peg.date_end, date_basis="window", date_quality=0
                )
                if c.date is None and c.date_basis == "unresolved"
                else c
                for c in candidates
            ]
    candidates = in_sequence(candidates, dated)
    candidates = after_the_talks(candidates)
    candidates = within_visit(candidates, published)
    out = []
    for c in candidates:
        if (
            c.date is None
            and c.sides_from_sentence
            and peg is not None
            and not _is_reference(c)
            and (c.status != "planned" or peg.status == "planned")
            and (not peg.countries or set(c.countries) & set(peg.countries))
        ):
            if _other_people(c, peg):
                # rule ``other_people``: the story's day is its principals'; what other
                # people did on an unstated day ("the defence secretary was also on hand to
                # sign ...") happened during the story, not necessarily on its day
                c = _lend(c, peg.date.truncate("month"), None, peg.text, "context")
            else:
                c = _lend(c, peg.date, peg.date_end, peg.text, "context")
        out.append(c)
    return out


def _other_people(c: Candidate, peg: Peg) -> bool:
    names = {a.name for a in c.actors}
    return bool(names and peg.people and not names & peg.people)


_SEQUENCE = re.compile(
    r"^\W*(?:later(?:\s+on|\s+that\s+day|\s+in\s+the\s+day)?|afterwards|after\s+that|then|"
    r"subsequently|thereafter|following\s+(?:this|that))\b",
    re.I,
)


def in_sequence(
    candidates: Sequence[Candidate], dated: Sequence[tuple[Sentence, Sequence[DateMention]]]
) -> list[Candidate]:
    """Rule ``sequence``: an undated statement whose sentence opens with a word of sequence
    ("Later on, she will meet ...", "Afterwards", "Following this") happens on the day the
    sentence just before it states ("On October 9 she will be welcomed ..."), when that
    sentence states exactly one day."""
    previous: dict[int, PartialDate] = {}
    last: PartialDate | None = None
    for sent, dates in dated:
        if last is not None:
            previous[sent.start] = last
        days = [d.value for d in dates if d.value is not None]
        single = len(days) == 1 and days[0].precision == "day"
        last = days[0] if single else None
    out = []
    for c in candidates:
        day = previous.get(c.sentence.start)
        if c.date is None and day is not None and _SEQUENCE.match(c.sentence.text):
            c = _lend(c, day, None, None, "sequence")
        out.append(c)
    return out


_AFTER_TALKS = re.compile(
    r"^\W*(?:after|following|at\s+the\s+(?:end|close)\s+of)\s+(?:the|their|these|those|"
    r"today's|the\s+day's)\s+(?:[\w-]+\s+){0,2}(?:talks|meeting|meetings|discussions|"
    r"negotiations|summit)\b",
    re.I,
)


def after_the_talks(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Rule ``after_the_talks``: "After the talks, the two sides signed seven memoranda":
    an undated statement opening with the talks it follows happens on the day of the last
    dated talks between the same countries told before it."""
    out: list[Candidate] = []
    for c in candidates:
        if c.date is None and c.type == "agreement" and _AFTER_TALKS.match(c.sentence.text):
            talks = [
                t
                for t in out
                if t.type == "meeting"
                and t.sentence.start < c.sentence.start
                and set(t.countries) == set(c.countries)
                and t.date is not None
                and t.date.precision == "day"
                and t.date_end is None
                and t.date_quality >= 2
            ]
            if talks:
                t = talks[-1]
                c = _lend(c, t.date, None, t.date_text, "sequence")
        out.append(c)
    return out


_DURING_VISIT = frozenset({"meeting", "agreement"})


def within_visit(candidates: Sequence[Candidate], published: PartialDate | None) -> list[Candidate]:
    """Rule ``within_visit``: the programme of a visit under way or ahead. A planned meeting
    or signing with no date of its own, between the two countries of a visit whose stated
    days (a range of days) have not ended at publication, falls somewhere in those days: it
    takes them as its date, with the lowest quality. Not when its sentence also names a
    third country: that is another gathering."""
    if published is None or published.precision != "day":
        return list(candidates)
    visits = [
        c
        for c in candidates
        if c.type == "visit"
        and c.date is not None
        and c.date_end is not None
        and c.date.precision == "day"
        and c.date_quality >= 2
        and c.date_end.first_day() >= published.first_day()
    ]
    others: dict[int, set[str]] = {}  # the countries each sentence's candidates name
    for c in candidates:
        others.setdefault(c.sentence.start, set()).update(c.countries)
    out = []
    for c in candidates:
        if c.date is None and c.status == "planned" and c.type in _DURING_VISIT:
            pair = set(c.countries)
            visit = next((v for v in visits if pair == set(v.countries)), None)
            # not when the sentence names a third country ("a three-way meeting of ...")
            if visit is not None and others[c.sentence.start] == pair and not _is_reference(c):
                c = _lend(c, visit.date, visit.date_end, visit.date_text, "visit")
        out.append(c)
    return out


def next_leg(candidates: Sequence[Candidate], rules: Any) -> list[Candidate]:
    """Rule ``next_leg``: on a tour, leaving for the next country ends the stay in the one
    before. "Abe landed in Beijing on Sunday ... he then leaves for Seoul early Monday": the
    departure is also a claim, dated as an end, of the visit to China (the visitor's country
    is the one both visits share; the stay began at most a week before)."""
    from timeline.extract.triggers import cue_in

    out = list(candidates)
    for dep in candidates:
        if dep.type != "visit" or dep.date is None or dep.date.precision != "day":
            continue
        if not cue_in(rules, "departure", dep.trigger, 0, len(dep.trigger)):
            continue
        day = dep.date.first_day()
        for stay in candidates:
            shared = set(stay.countries) & set(dep.countries)
            if (
                stay.type == "visit"
                and stay.document == dep.document
                and len(stay.countries) == 2
                and len(shared) == 1
                and stay.date is not None
                and stay.date.precision == "day"
                and stay.date_end is None
                and 0 < (day - stay.date.first_day()).days <= 7
            ):
                out.append(
                    replace(
                        dep,
                        countries=stay.countries,
                        subtype=stay.subtype,
                        status=stay.status,
                        summary=stay.summary,
                        cameo=stay.cameo,
                        actors=tuple(a for a in dep.actors if a.country in shared),
                        date_role="end",
                        sides_from_sentence=False,
                    )
                )
                break
    return out


def _is_reference(c: Candidate) -> bool:
    """A trigger that refers back to an event rather than stating one: a definite noun
    opening its clause ("the talks will cover ...") or a possessive ("Mr Abe's recent tour")."""
    pos = _trigger_pos(c)
    text = c.sentence.text
    cs, _ce = fine_clause(text, pos)
    if c.trigger.lower() in _GENERIC_PLURALS:
        return True  # "ship visits and training programmes": a kind of event, not one
    if _BACKGROUND.search(text[max(0, pos - 40) : pos]):
        return True  # "after China donated ships": background to the news, not the news
    if _DEFINITE.match(text[cs:pos]) and not _DEFINITE_SUBJECT.search(text[cs:pos]):
        return True
    return bool(_POSSESSIVE.search(text[max(0, pos - 40) : pos]))


def _trigger_pos(c: Candidate) -> int:
    pos = c.sentence.text.find(c.trigger)
    return pos if pos >= 0 else 0


_LEAVES = re.compile(
    r"^(?:(?:The|Their|His|Her)\s+[\w\s-]{0,40}?|He|She|They|[A-Z][\w'’-]+)\s+"
    r"(?:will\s+|is\s+to\s+|are\s+to\s+|is\s+due\s+to\s+|are\s+due\s+to\s+)?"
    r"(?:leave|leaves|depart|departs|sail|sails|return\s+home|returns\s+home|head\s+home|"
    r"heads\s+home|fly\s+home|flies\s+home)\b(?!\s+for\b)",
)


def leaving_ends_stay(
    candidates: Sequence[Candidate],
    dated: Sequence[tuple[Sentence, Sequence[DateMention]]],
    countries_of: Any,
) -> list[Candidate]:
    """Rule ``leaving``: "The ships will leave next Tuesday", "He returns home on Sunday":
    a sentence of the visitors leaving, with a day and no other country, ends the stay the
    document reports (a visit whose day it follows by at most two weeks). The sentence
    becomes an end claim of that visit."""
    out = list(candidates)
    stays = [
        c
        for c in candidates
        if c.type == "visit"
        and c.date is not None
        and c.date.precision == "day"
        and c.date_end is None
        and c.date_quality >= 2
        and len(c.countries) == 2
    ]
    if not stays:
        return out
    for sent, dates in dated:
        if sent.kind != "body" or not _LEAVES.match(sent.text):
            continue
        days = [d for d in dates if d.value is not None and d.value.precision == "day"]
        if len(days) != 1 or days[0].value_end is not None:
            continue
        day = days[0].value
        assert day is not None
        named = set(countries_of(sent))
        for stay in stays:
            gap = (day.first_day() - stay.date.first_day()).days  # type: ignore[union-attr]
            if 0 < gap <= 14 and named <= set(stay.countries) and sent.start > stay.sentence.start:
                out.append(
                    replace(
                        stay,
                        sentence=sent,
                        trigger=_LEAVES.match(sent.text).group(0).split()[-1],  # type: ignore[union-attr]
                        date=day,
                        date_end=None,
                        date_text=days[0].text,
                        date_basis=days[0].basis,
                        date_quality=2,
                        date_role="end",
                        status="planned" if day > stay.date else stay.status,  # type: ignore[operator]
                        status_cue=None,
                        actors=(),
                        sides_from_sentence=False,
                    )
                )
                break
    return out
