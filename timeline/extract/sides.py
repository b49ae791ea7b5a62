"""Sides: which countries an event trigger links.

Named rules, tried in order: ``protagonist`` (a subject pronoun, or a bare title opening the
clause, "The Secretary departs ...", stands for the story's main person, not someone the
clause names; a sentence's pronoun subject carries into a subjectless "and leave for ..."
clause), ``their`` ("Their second encounter", "The ministers" point back to the pair of the
last event told, else the document's pair), ``guest_host`` (a visit's host follows its
trigger, the guest precedes it), ``between`` ("talks between A and B"), then the countries
of the trigger's clause, else of its sentence (names, demonyms, capitals, people, named
exercises, pair compounds such as "India-China"), where a country named only as a place is
not a side when two others remain (``_place``: "in Singapore", "the London talks", a dateline,
"in this Japanese city", "at the Spanish Foreign Ministry", a topic such as "the situation
around Iran", a base's owner, the place a visitor leaves or arrived from, a summit's venue);
several partners of one subject at a meeting give one bilateral meeting each; one country plus
the document's main pair fills the other side. Without parties, the pair the text was just
about stands in for "the two leaders" (a place named is not a party), for an agreement
signed "at the close of the talks", and for ``series`` ("The exercise was last held in 2019",
"The drills will run until March 8"). The document's pair counts parties only, the lead
sentence twice.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from timeline.extract.clauses import clause_span, fine_clause
from timeline.extract.entities import Entities
from timeline.extract.records import CountryMention, Sentence
from timeline.extract.rules import Rules
from timeline.extract.triggers import Trigger, held_again, named_spans

_BILATERAL = re.compile(
    r"\b(?:two|both)\s+(?:countries|nations|sides|governments|leaders|ministers|navies|armies|"
    r"militaries|forces|ministries)\b|\bbilateral\b|\bthe two\b|\bcounterparts?\b|"
    r"\bthey\s+(?:will|would|have|had|also|then|were|are|signed|held|met|agreed|discussed)\b|"
    r"\bjoint\s+(?:statement|declaration|communiqu[eé]|news\s+conference|press\s+conference)\b|"
    r"^\W*[Tt]he\s+(?:foreign\s+|defen[cs]e\s+)?(?:ministers|leaders|presidents|premiers)\b",
    re.I,
)

_IN_PLACE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?(?:[A-Z][\w'’-]+,?\s+){0,3}$")

_VENUE_NOUN = re.compile(
    r"\s+(?:talks|meeting|meetings|summit|conference|negotiations|round|session|forum)\b"
)

_PLACE_NOUN = re.compile(
    r"\s+(?:port\s+)?(?:city|capital|port|town|province|island|islands|waters|soil|territory|"
    r"coast|resort|village|countryside)\b",
    re.I,
)

# a wire dateline opening the lead: "ALEXANDRIA, Egypt, Sept 12 (Reuter) - "
WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][\w .'’-]{2,30})?,?\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*(?:\([A-Za-z]+\))?\s*[-–—]+\s"
)


def _in_dateline(text: str, end: int) -> bool:
    m = WIRE_DATELINE.match(text)
    return m is not None and end <= m.end()


_AT_THE = re.compile(r"\b(?:at|in)\s+the\s+$", re.I)
_BUILDING = re.compile(
    r"(?:\s+[A-Z][\w'’-]+){0,3}\s+(?:Ministry|Palace|House|Hall|Headquarters|Residence|"
    r"Office|Building|Embassy|Chancellery|Parliament)\b"
)

_TOPIC = re.compile(
    r"\b(?:situation|developments?|crisis|conflict|war|tensions?|issues?|question|problem|"
    r"threats?|sanctions|pressure|policy|stance)\s+(?:in|on|around|over|of|against|toward|"
    r"towards|facing|involving)\s+(?:the\s+)?$|\b(?:about|regarding|concerning)\s+(?:the\s+)?$",
    re.I,
)

_NOT_A_COUNTRY_AFTER = re.compile(
    r"\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:airport|hotel|venue|residence|ship|home|"
    r"motorcade|stadium|hospital|office|embassy|capital|city)\b",
    re.I,
)

_SUBJECTLESS = re.compile(r"^\s*and\s+(?:then\s+|later\s+|will\s+|would\s+)?$", re.I)

_THEIR = re.compile(r"^\W*(?:Their|They|The\s+two)\b")

_WHO_ANTECEDENT = re.compile(r"(\b[A-Z][\w'’-]+)\s*,?\s+who\s+$")

_AT_A_GATHERING = re.compile(
    r"\b(?:sidelines|margins|fringes|summit|conference|forum|dialogue|assembly)\b", re.I
)

_DEPARTS = re.compile(
    r"\b(?:departs|departed|departing|depart|leaves|left|leaving|leave)\s+(?:the\s+)?$", re.I
)
_ARRIVED_FROM = re.compile(
    r"\b(?:arrived|arrives|arriving|landed|lands|flew\s+in|came)\b[^,;]{0,25}\bfrom\s+(?:the\s+)?$",
    re.I,
)
_FOR_NEXT = re.compile(r"[^.;]{0,40}?\b(?:for|to)\s+(?:the\s+)?[A-Z]")

_FACILITY = re.compile(
    r"\s+(?:naval\s+|air\s+|military\s+|army\s+)?(?:base|port|embassy|consulate|airport|"
    r"facility|jetty|pier)\b",
    re.I,
)

_OBJECT_GAP = re.compile(
    r"^\s*(?:(?:to|in|into|at|with|on|by|for|of)\s+)?(?:(?:the|a|an|his|her|their|its)\s+)?"
    r"(?:[A-Z][\w.'’-]*\s+){0,3}$"
)

_BETWEEN = re.compile(
    r"\s+between\s+([^,;.]{3,120}?\s+and\s+[^,;]{3,80}?)(?=[,;]|\s+(?:on|in|at|followed|was|were|is|are|to|for)\b|$)"
)

_PRONOUN = re.compile(
    r"\b(?:[Ss]he|[Hh]e)\b|^\W*[Tt]he\s+(?:visiting\s+)?"
    r"(?:Secretary|Minister|President|Prime\s+Minister|Premier|Chancellor|Crown\s+Prince|"
    r"crown\s+prince|King|Emperor|Foreign\s+Minister|envoy|minister|secretary|president|"
    r"premier)\b"
)

# "At the close of the talks a package of agreements was signed": the talks' parties sign
_AFTER_TALKS = re.compile(
    r"\b(?:during|after|following|at\s+the\s+(?:close|end)\s+of)\s+the\s+(?:talks|negotiations)\b",
    re.I,
)


def document_pair(entities: Entities, sentences: Sequence[Sentence]) -> tuple[str, ...]:
    """The two countries the document is most about (body mentions, people count too)."""
    counts: Counter[str] = Counter()
    lead = next((s for s in sentences if s.kind == "body"), None)
    for s in sentences:
        if s.kind in ("body", "title", "caption"):
            # parties only: "in the Spanish capital" tells where, not who
            counts.update(c.code for c in entities.countries_in(s.start, s.end) if not _place(s, c))
    for a in entities.actors:
        if a.country:
            counts[a.country] += 1
    if lead is not None:  # the lead names who the story is about: its mentions count twice
        counts.update(
            c.code for c in entities.countries_in(lead.start, lead.end) if not _place(lead, c)
        )
        counts.update(a.country for a in entities.actors_in(lead.start, lead.end) if a.country)
    return tuple(code for code, _ in counts.most_common(2))


def _codes_between(
    sent: Sentence, entities: Entities, rules: Rules, trig: Trigger, lo: int, hi: int
) -> list[tuple[int, str, int]]:
    """(position, code, place) for the countries in sent.text[lo:hi]; place is 0 for a
    party, 1 for a facility's owner ("a U.S. naval base"), 2 for a location ("in Japan") or a
    topic ("the situation around Iran"), 3 for the place a visitor leaves ("departs Hanoi
    this evening for Manila")."""
    a, b = sent.start + lo, sent.start + hi
    found: list[tuple[int, str, int]] = []
    for c in entities.countries_in(a, b):
        found.append((c.start, c.code, _place(sent, c)))
    found += [(x.start, x.country, 0) for x in entities.actors_in(a, b) if x.country]
    if trig.type == "drill":
        for s, _e, ne in named_spans(rules, sent.text[lo:hi]):
            if not getattr(ne, "multilateral", False):
                found += [(a + s, code, 0) for code in getattr(ne, "countries", ())]
    found.sort()
    return found


def _place(sent: Sentence, c: CountryMention) -> int:
    """How a country mention stands in its sentence: 0 a party, 1 a facility's owner, 2 a
    location or topic, 3 a place left (see ``_codes_between``)."""
    rel = c.start - sent.start
    if _FACILITY.match(sent.text, c.end - sent.start):
        place = 1  # "a U.S. naval base": whose base, not who takes part
    elif (
        (
            _IN_PLACE.search(sent.text[max(0, rel - 60) : rel])
            and c.kind in ("name", "short", "capital")
        )
        or (c.kind == "capital" and _VENUE_NOUN.match(sent.text, c.end - sent.start))
        # the dateline: "MADRID, Feb 15 (Reuter) -" is where the story was filed
        or (rel < 3 and _in_dateline(sent.text, c.end - sent.start))
        or (c.kind == "demonym" and _PLACE_NOUN.match(sent.text, c.end - sent.start))
        or (
            # "opened at the Spanish Foreign Ministry": a building where it happens
            _AT_THE.search(sent.text[max(0, rel - 10) : rel])
            and _BUILDING.match(sent.text, c.end - sent.start)
        )
    ):
        # "in Yokosuka, Japan", "the London talks", "in this Japanese city": where
        place = 2
    elif _TOPIC.search(sent.text[max(0, rel - 40) : rel]):
        place = 2  # "covering trade, the situation around Iran": what, not who
    elif _DEPARTS.search(sent.text[max(0, rel - 25) : rel]) and _FOR_NEXT.match(
        sent.text, c.end - sent.start
    ):
        place = 3  # "departs Hanoi this evening for Manila": where the visitor leaves
    elif _ARRIVED_FROM.search(sent.text[max(0, rel - 40) : rel]):
        place = 3  # "arrived on Wednesday from Brazil for a two-day visit": the last stop
    else:
        place = 0
    return place


def _pairs(
    ordered: list[tuple[int, str, int]], trig: Trigger, sent: Sentence
) -> list[tuple[str, ...]]:
    ordered = [o for o in ordered if o[2] != 3]  # a departure's origin is no side
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
        venue = [c for c in codes if all(p == 2 for _, x, p in ordered if x == c)]
        if trig.type == "meeting" and venue and _AT_A_GATHERING.search(sent.text):
            return []  # "met Putin on the sidelines of the APEC summit in Lima": the venue
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
        for pos, code, place in codes
        if pos >= sent.start + trig.end
        and place not in (1, 3)  # "at a U.S. naval base in Yokosuka", "departs Hanoi for"
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
    sent: Sentence,
    trig: Trigger,
    entities: Entities,
    rules: Rules,
    cs: int,
    ce: int,
    subject_known: bool = False,
) -> tuple[str, ...] | None:
    """Rule ``protagonist``: "she was in a bilateral meeting with US Secretary ... Mattis",
    "The Secretary departs Hanoi this evening for Manila": a subject pronoun, or a bare
    title opening the clause, stands for the person the story is about."""
    if not subject_known and not _PRONOUN.search(sent.text[cs : trig.start]):
        return None
    codes = _codes_between(sent, entities, rules, trig, cs, ce)
    sides = list(dict.fromkeys(code for _, code, place in codes if not place))
    if len(sides) != 1:
        return None
    here = {a.name for a in entities.actors_in(sent.start + cs, sent.start + ce)}
    # "He was met at the airport by Prime Minister Imran Khan": not someone the clause names
    earlier = [
        a for a in entities.actors if a.end <= sent.start and a.country and a.name not in here
    ]
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


def find_sides(
    sent: Sentence,
    trig: Trigger,
    entities: Entities,
    rules: Rules,
    doc_pair: tuple[str, ...],
    recent: tuple[str, ...] = (),
) -> tuple[list[tuple[str, ...]], bool]:
    """The sides of the event ``trig`` states. ``recent`` is the pair of the last event the
    text told before this sentence: "their", "the two sides", "the two leaders" point back
    to it before they point to the document's pair."""
    pair_back = recent if len(recent) == 2 else doc_pair
    cs, ce = clause_span(sent.text, trig.start)
    who = _WHO_ANTECEDENT.search(sent.text[max(0, cs - 60) : cs])
    if who:
        # "..., Duterte, who met Russian President Vladimir Putin ...": the relative
        # clause's subject is the person named just before it
        cs = max(0, cs - 60) + who.start(1)
    pronoun = _protagonist_pair(sent, trig, entities, rules, cs, ce)
    if pronoun:
        return [pronoun], True
    fs, fe = fine_clause(sent.text, trig.start)
    if _SUBJECTLESS.match(sent.text[fs : trig.start]) and _PRONOUN.match(sent.text):
        # "He will stay for the summit, which Argentina is hosting, and leave for Montevideo
        # on Wednesday": the sentence's subject goes on into a clause of its own
        pronoun = _protagonist_pair(sent, trig, entities, rules, fs, fe, subject_known=True)
        if pronoun:
            return [pronoun], True
    if len(pair_back) == 2 and _THEIR.match(sent.text[cs : trig.start]):
        # "Their second encounter, in Reykjavik ...": the pair the text was just about
        clause = _codes_between(sent, entities, rules, trig, cs, ce)
        if {code for _, code, place in clause if place == 0} <= set(pair_back):
            return [tuple(sorted(pair_back))], True
    if trig.type == "visit" and _NOT_A_COUNTRY_AFTER.match(sent.text, trig.end):
        return [], False  # "his motorcade left for the airport": a trip, no visit
    if trig.type == "visit":
        directed = _guest_host(sent, trig, entities, rules, cs, ce)
        if directed:
            return [directed], True
    between = _BETWEEN.match(sent.text, trig.end)
    if between:
        between_codes = _codes_between(
            sent, entities, rules, trig, between.start(1), between.end(1)
        )
        pair = list(dict.fromkeys(code for _, code, _p in between_codes))
        if len(pair) == 2:
            return [tuple(sorted(pair))], True
    for lo, hi in ((cs, ce), (0, len(sent.text))):
        pairs = _pairs(_codes_between(sent, entities, rules, trig, lo, hi), trig, sent)
        if pairs:
            return pairs, True
    whole = [w for w in _codes_between(sent, entities, rules, trig, 0, len(sent.text)) if w[2] != 3]
    codes = list(dict.fromkeys(code for _, code, _p in whole))
    # parties only: "in Hanoi" tells where, not who ("the two leaders met ... in Hanoi")
    parties = [code for _, code, place in whole if place == 0]
    if len(codes) == 1 and len(doc_pair) == 2 and codes[0] in doc_pair:
        return [tuple(sorted(doc_pair))], bool(_BILATERAL.search(sent.text))
    if not parties and len(pair_back) == 2 and _BILATERAL.search(sent.text):
        return [tuple(sorted(pair_back))], True
    if (
        not codes
        and len(doc_pair) == 2
        and trig.type == "agreement"
        and _AFTER_TALKS.search(sent.text)
    ):
        return [tuple(sorted(doc_pair))], True
    if not parties and len(doc_pair) == 2 and held_again(sent.text, trig.start, trig.end):
        # "The exercise was last held in April 2019": the series of the document's pair
        return [tuple(sorted(doc_pair))], False
    return [], False


def location(sent: Sentence, entities: Entities) -> str | None:
    for c in entities.countries_in(sent.start, sent.end):
        if c.kind == "capital" and re.search(
            r"\b(?:in|at|to)\s+$", sent.text[: c.start - sent.start]
        ):
            return c.text
    return None
