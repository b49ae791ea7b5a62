"""Events: per sentence, trigger phrases of the four types, the two sides, the people, the date
that governs the trigger (timeline.extract.when), and a status.

Named rules, in the order they apply to one trigger:
- ``forum_mask``: a trigger inside a forum's name reports nothing ("Defence Ministers' Meeting").
- ``needs`` / ``modifiers`` (seeds/event_types.jsonl): some triggers count only with a context
  word in their clause; a generic trigger takes a specific subtype from its clause.
- ``complement``: a later trigger that is the object of an earlier one in the same clause
  ("signed a memorandum on holding the drills") is not an event of its own.
- ``hypothetical``: a suggestion or wish cue ("should", "can explore") or a negation right
  before the trigger in its clause drops it.
- ``sides``: the countries of the trigger's clause, else of its sentence (names, demonyms,
  capitals, people, named exercises); a country named only as the place ("in Singapore") is
  dropped when two others remain; several partners of one subject at a meeting give one
  bilateral meeting each; one country plus the document's main pair fills the other side.
- ``status``: a date wholly after publication is planned, wholly before is occurred; otherwise
  the date's direction and future cues ("will", "is set to") decide; cancel cues cancel.
- ``context_date``: a candidate with no date whose sentence names its sides, one of them a side
  of the document's news peg (its first dated event near publication), takes the peg's date
  with the lowest quality, so that any stated date wins in merging.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from timeline.extract.clauses import clause_span, fine_clause
from timeline.extract.entities import Entities, role_on
from timeline.extract.records import ActorMention, Candidate, DateMention, Document, Sentence
from timeline.extract.rules import Rules
from timeline.extract.when import date_after, extent, governing_date
from timeline.partialdate import PartialDate

_BILATERAL = re.compile(
    r"\b(?:two|both)\s+(?:countries|nations|sides|governments|leaders|ministers|navies|armies|"
    r"militaries|forces|ministries)\b|\bbilateral\b|\bthe two\b|\bcounterparts?\b|"
    r"\bthey\s+(?:will|would|have|had|also|then|were|are|signed|held|met|agreed|discussed)\b",
    re.I,
)
_IN_PLACE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?(?:[A-Z][\w'’-]+,?\s+){0,3}$")
_COMPLEMENT = re.compile(
    r"\b(?:on|about|for|of|regarding|concerning|prepare\s+for|preparations\s+for|to\s+discuss|to\s+hold|"
    r"discussed|discuss)\s+(?:\w+\s+){0,3}$",
    re.I,
)
_NAME_YEAR = re.compile(r"\s*(?:19|20)\d\d\b")
_DEFINITE = re.compile(r"^\s*(?:the|this|these|those|such|that)\s+(?:[\w-]+\s+){0,2}$", re.I)
_CLOCK = re.compile(r"\d{1,2}:\d\d|\|")
_STAMP = re.compile(r"\b(?:published|updated|posted|modified|first\s+published)\b[^.]*$", re.I)
_GENERIC_PLURALS = frozenset(
    {"visits", "meetings", "exercises", "drills", "agreements", "deals", "trips", "calls"}
)
_POSSESSIVE = re.compile(r"['’]s\s+(?:[\w-]+\s+){0,2}$")
_NEW_MAIN = re.compile(
    r",\s+(?:(?:the|a|an)\s+)?(?:[A-Z][\w.'’-]*\s+){1,4}(?:\w+ed|said|says|told|tells|met|made|"
    r"held|gave|went|took|spoke|has|had|is|was|will)\b"
)
_BETWEEN = re.compile(
    r"\s+between\s+([^,;.]{3,120}?\s+and\s+[^,;]{3,80}?)(?=[,;]|\s+(?:on|in|at|followed|was|were|is|are|to|for)\b|$)"
)
_BACKGROUND = re.compile(
    r"\b(?:prior\s+to|before|after|since)\s+(?:(?:the|a|an|his|her|their|its)\s+)?"
    r"(?:[\w-]+\s+){0,2}$",
    re.I,
)
_NOUN_BEFORE = re.compile(
    r"(?:\b(?:a|an|the|his|her|their|its|this|that|first|second|third|official|state|"
    r"working)|['’]s)\s+(?:[\w-]+\s+)?$",
    re.I,
)
_PRONOUN = re.compile(r"\b(?:she|he)\b")
_VENUE_NOUN = re.compile(
    r"\s+(?:talks|meeting|meetings|summit|conference|negotiations|round|session|forum)\b"
)
_FACILITY = re.compile(
    r"\s+(?:naval\s+|air\s+|military\s+|army\s+)?(?:base|port|embassy|consulate|airport|"
    r"facility|jetty|pier)\b",
    re.I,
)
_OBJECT_GAP = re.compile(
    r"^\s*(?:(?:to|in|into|at|with|on|by|for|of)\s+)?(?:(?:the|a|an|his|her|their|its)\s+)?"
    r"(?:[A-Z][\w.'’-]*\s+){0,3}$"
)
_SUBORDINATE = re.compile(
    r"\b(?:prior\s+to|ahead\s+of|before|after|during|following|since|until)\s+"
    r"(?:(?:the|a|an|his|her|their|its|this|that)\s+)?(?:[\w-]+\s+){0,2}$",
    re.I,
)


@dataclass(frozen=True)
class Trigger:
    start: int  # offsets into the sentence text
    end: int
    text: str
    type: str
    subtype: str
    noun: bool = False  # a named exercise or a noun phrase, not a verb


def _named_spans(rules: Rules, text: str) -> list[tuple[int, int, object]]:
    """Named exercises and fora, with a trailing edition year ("Golden Dragon 2024")."""
    out = []
    for s, e, _t, ne in rules.named.finditer(text):
        m = _NAME_YEAR.match(text, e)
        out.append((s, m.end() if m else e, ne))
    return out


def find_triggers(sent: Sentence, rules: Rules) -> list[Trigger]:
    text = sent.text
    named = _named_spans(rules, text)
    masked = [(s, e) for s, e, ne in named if getattr(ne, "kind", "") != "exercise"]
    out: list[Trigger] = []
    for s, e, t, kinds in rules.triggers.finditer(text):
        if any(ms <= s and e <= me for ms, me in masked):
            continue
        noun = bool(_NOUN_BEFORE.search(text[max(0, s - 30) : s]))
        for typ, sub in kinds:
            if not _needs_met(rules, typ, sub, text, s, e):
                continue
            out.append(Trigger(s, e, t, typ, _refine_subtype(rules, typ, sub, text, s), noun))
    for s, e, ne in named:
        typ = getattr(ne, "type", None)
        if typ:
            sub = getattr(ne, "subtype", None) or typ
            out.append(Trigger(s, e, text[s:e], typ, sub, noun=True))
    return out


def _needs_met(rules: Rules, typ: str, sub: str, text: str, s: int, e: int) -> bool:
    gaz = rules.needs.get((typ, sub))
    if gaz is None:
        return True
    cs, ce = clause_span(text, s)
    # a context word counts unless it is the whole trigger ("exercise" alone)
    return any((cs + ms, cs + me) != (s, e) for ms, me, _t, _v in gaz.finditer(text[cs:ce]))


def _refine_subtype(rules: Rules, typ: str, sub: str, text: str, s: int) -> str:
    if sub != typ:
        return sub
    cs, ce = clause_span(text, s)
    for _ms, _me, _t, kinds in rules.modifiers.finditer(text[cs:ce]):
        for t2, sub2 in kinds:
            if t2 == typ:
                return sub2
    return sub


def _cue_in(rules: Rules, kind: str, text: str, start: int, end: int) -> str | None:
    gaz = rules.cues.get(kind)
    if gaz is None or start >= end:
        return None
    found = None
    for _s, _e, t, _ in gaz.finditer(text[start:end]):
        found = t
    return found


def decide_status(
    rules: Rules,
    text: str,
    trig: Trigger,
    date: DateMention | None,
    published: PartialDate | None,
) -> tuple[str, str | None]:
    cs, ce = clause_span(text, trig.start)
    window_start = max(cs, trig.start - 80)
    cancel = _cue_in(rules, "cancelled", text, window_start, min(ce, trig.end + 40))
    if cancel:
        return "cancelled", cancel
    future = _cue_in(rules, "planned", text, window_start, trig.end) or _cue_in(
        rules, "planned_after", text, trig.end, min(ce, trig.end + 80)
    )
    if date is not None and date.value is not None and published is not None:
        start = date.value.first_day()
        end = (date.value_end or date.value).last_day()
        if start > published.last_day():
            return "planned", future or f"date {date.text!r} after publication"
        if end < published.first_day():
            return "occurred", f"date {date.text!r} before publication"
        if date.direction == "future":
            return "planned", future or date.text
        if date.direction == "past":
            return "occurred", date.text
    if future:
        return "planned", future
    return "occurred", None


def _future_ref(text: str, trig: Trigger, dates: Sequence[DateMention]) -> bool:
    cs, ce = clause_span(text, trig.start)
    return any(d.timex == "FUTURE_REF" and cs <= d.start < ce for d in dates)


def _is_commercial(rules: Rules, text: str, trig: Trigger) -> bool:
    """Rule ``commercial``: "30 Japanese commercial banks have outstanding loans", "Exxon Corp
    signed an agreement": firms and markets, not states, act in the trigger's clause."""
    cs, _ce = fine_clause(text, trig.start)
    return _cue_in(rules, "commercial", text, cs, trig.start) is not None


def _is_hypothetical(rules: Rules, text: str, trig: Trigger) -> str | None:
    cs, ce = clause_span(text, trig.start)
    cue = _cue_in(rules, "hypothetical", text, max(cs, trig.start - 60), trig.start)
    if cue:
        return cue
    after = _cue_in(rules, "hypothetical_after", text, trig.end, min(ce, trig.end + 80))
    if after:
        return after
    return _cue_in(rules, "negation", text, max(cs, trig.start - 20), trig.start)


def document_pair(entities: Entities, sentences: Sequence[Sentence]) -> tuple[str, ...]:
    """The two countries the document is most about (body mentions, people count too)."""
    counts: Counter[str] = Counter()
    for s in sentences:
        if s.kind in ("body", "title", "caption"):
            counts.update(c.code for c in entities.countries_in(s.start, s.end))
    for a in entities.actors:
        if a.country:
            counts[a.country] += 1
    return tuple(code for code, _ in counts.most_common(2))


def _codes_between(
    sent: Sentence, entities: Entities, rules: Rules, trig: Trigger, lo: int, hi: int
) -> list[tuple[int, str, int]]:
    """(position, code, place) for the countries in sent.text[lo:hi]; place is 0 for a
    party, 1 for a facility's owner ("a U.S. naval base"), 2 for a location ("in Japan")."""
    a, b = sent.start + lo, sent.start + hi
    found: list[tuple[int, str, int]] = []
    for c in entities.countries_in(a, b):
        rel = c.start - sent.start
        if _FACILITY.match(sent.text, c.end - sent.start):
            place = 1  # "a U.S. naval base": whose base, not who takes part
        elif (
            _IN_PLACE.search(sent.text[max(0, rel - 60) : rel])
            and c.kind in ("name", "short", "capital")
        ) or (c.kind == "capital" and _VENUE_NOUN.match(sent.text, c.end - sent.start)):
            place = 2  # "in Yokosuka, Japan", "the London talks": where it happens
        else:
            place = 0
        found.append((c.start, c.code, place))
    found += [(x.start, x.country, 0) for x in entities.actors_in(a, b) if x.country]
    if trig.type == "drill":
        for s, _e, ne in _named_spans(rules, sent.text[lo:hi]):
            if not getattr(ne, "multilateral", False):
                found += [(a + s, code, 0) for code in getattr(ne, "countries", ())]
    found.sort()
    return found


def _pairs(
    ordered: list[tuple[int, str, int]], trig: Trigger, sent: Sentence
) -> list[tuple[str, ...]]:
    codes = list(dict.fromkeys(code for _, code, _p in ordered))
    if len(codes) >= 3:
        # countries named only as the place of the event are not sides when two others
        # remain; with one party left, a visit's or drill's location is the host
        sides = list(dict.fromkeys(code for _, code, place in ordered if not place))
        if len(sides) == 1 and trig.type in ("visit", "drill"):
            hosts = [code for _, code, place in ordered if place == 2 and code != sides[0]]
            hosts = hosts or [code for _, code, place in ordered if place and code != sides[0]]
            if hosts:
                sides = [sides[0], hosts[-1]]
        if len(sides) >= 2:
            ordered = [o for o in ordered if o[1] in sides]
            codes = sides
        elif not sides and trig.type not in ("visit", "drill"):
            return []  # "a campaign against rinderpest in Bangladesh, Bhutan, India": places only
    if len(codes) == 2:
        return [tuple(sorted(codes))]
    if len(codes) >= 3:
        trig_abs = sent.start + trig.start
        before = [code for pos, code, _p in ordered if pos < trig_abs]
        after = [code for pos, code, _p in ordered if pos >= trig_abs]
        if trig.type == "meeting" and before:
            subject = before[0]
            partners = [c for c in dict.fromkeys(before[1:] + after) if c != subject]
            if len(partners) >= 2:
                return [tuple(sorted((subject, p))) for p in partners]
        return [tuple(sorted(codes))]
    return []


def _guest_host(
    sent: Sentence, trig: Trigger, entities: Entities, rules: Rules, cs: int, ce: int
) -> tuple[str, ...] | None:
    """Rule ``guest_host``: a visit's host is the country right after its trigger ("travels
    to Cambodia", "visit by Chinese warships"), the guest the nearest one before it in
    the clause ("Austin travels to ..."); a pair only when both are found and differ."""
    codes = _codes_between(sent, entities, rules, trig, cs, ce)
    after = [
        (pos, code)
        for pos, code, _p in codes
        if pos >= sent.start + trig.end
        and _OBJECT_GAP.match(sent.text[trig.end : pos - sent.start])
    ]
    before = [(pos, code) for pos, code, _p in codes if pos < sent.start + trig.start]
    if not after or not before:
        return None
    host = after[0][1]
    guest = before[-1][1]
    if host == guest:
        return None
    return tuple(sorted((guest, host)))


def _protagonist_pair(
    sent: Sentence, trig: Trigger, entities: Entities, rules: Rules, cs: int, ce: int
) -> tuple[str, ...] | None:
    """Rule ``protagonist``: "she was in a bilateral meeting with US Secretary ... Mattis":
    a subject pronoun stands for the last person named before the sentence."""
    if not _PRONOUN.search(sent.text[cs : trig.start]):
        return None
    codes = _codes_between(sent, entities, rules, trig, cs, ce)
    sides = list(dict.fromkeys(code for _, code, place in codes if not place))
    if len(sides) != 1:
        return None
    earlier = [a for a in entities.actors if a.end <= sent.start and a.country]
    if not earlier:
        return None
    # the person the story is about: the most often named so far, the first named on a tie
    counts = Counter(a.name for a in earlier)
    first: dict[str, int] = {}
    for i, a in enumerate(earlier):
        first.setdefault(a.name, i)
    hero = max(earlier, key=lambda a: (counts[a.name], -first[a.name]))
    if hero.country == sides[0]:
        return None
    return tuple(sorted((sides[0], hero.country or "")))


def _sides(
    sent: Sentence, trig: Trigger, entities: Entities, rules: Rules, doc_pair: tuple[str, ...]
) -> tuple[list[tuple[str, ...]], bool]:
    cs, ce = clause_span(sent.text, trig.start)
    pronoun = _protagonist_pair(sent, trig, entities, rules, cs, ce)
    if pronoun:
        return [pronoun], True
    if trig.type == "visit":
        directed = _guest_host(sent, trig, entities, rules, cs, ce)
        if directed:
            return [directed], True
    between = _BETWEEN.match(sent.text, trig.end)
    if between:
        codes = _codes_between(sent, entities, rules, trig, between.start(1), between.end(1))
        pair = list(dict.fromkeys(code for _, code, _p in codes))
        if len(pair) == 2:
            return [tuple(sorted(pair))], True
    for lo, hi in ((cs, ce), (0, len(sent.text))):
        pairs = _pairs(_codes_between(sent, entities, rules, trig, lo, hi), trig, sent)
        if pairs:
            return pairs, True
    whole = _codes_between(sent, entities, rules, trig, 0, len(sent.text))
    codes = list(dict.fromkeys(code for _, code, _p in whole))
    if len(codes) == 1 and len(doc_pair) == 2 and codes[0] in doc_pair:
        return [tuple(sorted(doc_pair))], bool(_BILATERAL.search(sent.text))
    if not codes and len(doc_pair) == 2 and _BILATERAL.search(sent.text):
        return [tuple(sorted(doc_pair))], True
    return [], False


def _location(sent: Sentence, entities: Entities) -> str | None:
    for c in entities.countries_in(sent.start, sent.end):
        if c.kind == "capital" and re.search(
            r"\b(?:in|at|to)\s+$", sent.text[: c.start - sent.start]
        ):
            return c.text
    return None


def _summary(rules: Rules, typ: str, subtype: str, codes: tuple[str, ...], name: str | None) -> str:
    label = subtype.replace("_", " ") if subtype and subtype != typ else typ
    names = " – ".join(rules.country_names.get(c, c) for c in codes)
    text = f"{label[:1].upper()}{label[1:]}: {names}"
    return f"{text} ({name})" if name else text


def _selected(triggers: list[Trigger], text: str) -> list[tuple[Trigger, bool]]:
    """One trigger per type and clause (the earliest; a specific subtype wins at one place),
    each with whether it is a complement of an earlier trigger of its clause."""
    best: dict[tuple[str, tuple[int, int]], Trigger] = {}
    for t in sorted(triggers, key=lambda t: (t.start, t.subtype == t.type)):
        best.setdefault((t.type, clause_span(text, t.start)), t)
    chosen = sorted(best.values(), key=lambda t: t.start)
    out = []
    for t in chosen:
        cs, _ce = clause_span(text, t.start)
        earlier = [o for o in chosen if cs <= o.start < t.start and o.type != t.type]
        before = text[max(cs, t.start - 40) : t.start]
        complement = bool(earlier) and bool(
            _COMPLEMENT.search(before) or re.search(r"\bto\s+$", before)
        )
        out.append((t, complement))
    return out


def sentence_candidates(
    doc: Document,
    sent: Sentence,
    dates: Sequence[DateMention],
    entities: Entities,
    rules: Rules,
    doc_pair: tuple[str, ...],
) -> list[Candidate]:
    triggers = find_triggers(sent, rules)
    if not triggers:
        return []
    named = _named_spans(rules, sent.text)
    named_spans = [(s, e) for s, e, _ne in named]
    out: list[Candidate] = []
    main_dates: list[DateMention] = []
    for trig, complement in _selected(triggers, sent.text):
        own: DateMention | None = None
        if _is_hypothetical(rules, sent.text, trig):
            continue
        if _is_commercial(rules, sent.text, trig):
            continue
        if complement:
            # "to prepare for Golden Dragon 2020, which is to take place in March": an event
            # of its own only with a date of its own, after it, that the main trigger lacks
            own = date_after(sent.text, trig.start, trig.end, dates, named_spans)
            if own is None or own in main_dates:
                continue
        sides, from_sentence = _sides(sent, trig, entities, rules, doc_pair)
        if not sides:
            continue
        if complement:
            dm, quality = own, 2
        else:
            dm, quality = governing_date(
                sent.text, trig.start, trig.end, dates, named_spans, noun=trig.noun
            )
            if dm is not None:
                main_dates.append(dm)
        if (
            quality == 2
            and dm is not None
            and _SUBORDINATE.search(sent.text[max(0, trig.start - 40) : trig.start])
            and (dm.start < trig.end or _NEW_MAIN.search(sent.text[trig.end : dm.start]))
        ):
            # "Prior to his visit to China, Abe told lawmakers on Thursday": the date is the
            # main clause's, not the visit's
            dm, quality = None, 0
        status, cue = decide_status(rules, sent.text, trig, dm, doc.published)
        if (
            dm is not None
            and quality == 2
            and status == "occurred"
            and _cue_in(rules, "planned", sent.text, max(0, trig.start - 30), trig.start)
        ):
            # "he told me he plans to visit Cambodia": a future event; the past date is the
            # telling's
            dm, quality = None, 0
            status, cue = decide_status(rules, sent.text, trig, None, doc.published)
        if dm is None and status == "occurred" and _future_ref(sent.text, trig, dates):
            status, cue = "planned", "the future"
        when = extent(sent.text, trig.start, dm, quality, dates, doc.published)
        name = next(
            (
                getattr(ne, "name", None)
                for _s, _e, ne in named
                if getattr(ne, "type", None) == trig.type
            ),
            None,
        )
        actors = tuple(
            replace(a, role=a.role or role_on(rules, a.actor_id, when.date or doc.published))
            for a in entities.actors_in(sent.start, sent.end)
        )
        for codes in sides:
            sub_actors = tuple(a for a in actors if a.country is None or a.country in codes)
            out.append(
                Candidate(
                    type=trig.type,
                    subtype=trig.subtype,
                    countries=codes,
                    date=when.date,
                    date_end=when.date_end,
                    status=status,  # type: ignore[arg-type]
                    document=doc.name,
                    sentence=sent,
                    trigger=trig.text,
                    date_text=when.text,
                    date_basis=dm.basis if dm else None,
                    status_cue=cue,
                    actors=_dedupe_actors(sub_actors),
                    location=_location(sent, entities),
                    name=name,
                    summary=_summary(rules, trig.type, trig.subtype, codes, name),
                    cameo=_cameo(rules, trig.type, trig.subtype),
                    date_quality=when.quality,
                    sides_from_sentence=from_sentence,
                    date_role=when.role,  # type: ignore[arg-type]
                )
            )
    # rule ``visit_includes_talks`` within a sentence: "visited X and held talks with Y"
    visits = {c.countries for c in out if c.type == "visit"}
    return [
        c
        for c in out
        if not (
            c.type == "meeting"
            and c.countries in visits
            and c.subtype not in rules.subtypes.distinct
        )
    ]


@dataclass(frozen=True)
class Peg:
    date: PartialDate
    date_end: PartialDate | None
    text: str
    countries: tuple[str, ...]  # empty when the peg is a bare date, not an event
    status: str
    position: int


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
    for c in candidates:
        if c.date is None or c.date.precision != "day" or c.date_quality < 2:
            continue
        if c.sentence.kind in ("title",):
            continue
        if abs((c.date.first_day() - published.first_day()).days) <= 7:
            pegs.append(
                Peg(c.date, c.date_end, c.date_text or "", c.countries, c.status, c.sentence.start)
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
            c = replace(
                c,
                date=peg.date,
                date_end=peg.date_end,
                date_text=peg.text,
                date_basis="context",
                date_quality=0,
            )
        out.append(c)
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
    return bool(_DEFINITE.match(text[cs:pos]) or _POSSESSIVE.search(text[max(0, pos - 40) : pos]))


def _trigger_pos(c: Candidate) -> int:
    pos = c.sentence.text.find(c.trigger)
    return pos if pos >= 0 else 0


def _dedupe_actors(actors: Sequence[ActorMention]) -> tuple[ActorMention, ...]:
    seen: dict[str, ActorMention] = {}
    for a in actors:
        seen.setdefault(a.name, a)
    return tuple(seen.values())


def _cameo(rules: Rules, typ: str, subtype: str) -> str | None:
    for et in rules.data.event_types:
        if et.type == typ and et.subtype == subtype:
            return str(et.cameo) if et.cameo else None
    for et in rules.data.event_types:
        if et.type == typ:
            return str(et.cameo) if et.cameo else None
    return None
