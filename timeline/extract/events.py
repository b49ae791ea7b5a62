"""Events: per sentence, trigger phrases of the four types, the two sides, the people, the date
that governs the trigger, and a status (occurred / planned / cancelled).

Rules, in the order they apply to one trigger:
1. ``hypothetical``: a suggestion or wish cue ("should", "can explore", "hopes") or a negation
   just before the trigger in its clause drops it: "should resume drills" is no event.
2. ``governing_date``: the date expression nearest the trigger inside its clause, else the nearest
   in the sentence not inside a relative clause ("who assumed office in August 2023").
3. ``sides``: the countries of the sentence (names, demonyms, capitals, people, named exercises);
   one country plus the document's main pair fills the other side; several partners of one
   subject at a meeting give one bilateral meeting each; otherwise one multilateral event.
4. ``status``: a date wholly after publication is planned; wholly before is occurred; otherwise
   future cues ("will", "is set to") make it planned, cancel cues cancelled.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from timeline.extract.entities import Entities, role_on
from timeline.extract.records import ActorMention, Candidate, DateMention, Document, Sentence
from timeline.extract.rules import Rules
from timeline.partialdate import PartialDate

TYPE_PRIORITY = {"agreement": 0, "drill": 1, "visit": 2, "meeting": 3}
_CLAUSE_BREAK = re.compile(
    r"[;:]|\s[–—]\s|,\s+(?:but|while|whereas|although|though|which|who|where|as|after|before"
    r"|and\s+(?:the|a|an|his|her|their|it|he|she|they))\s|\s(?:who|which|whom|whose)\s|\.\s"
)
_FINE_BREAK = re.compile(_CLAUSE_BREAK.pattern + r"|,\s")
_RELATIVE = re.compile(r"\b(?:who|which|whom|whose|since|when)\b", re.I)
_RELATIVE_START = re.compile(r"^\s*(?:that|which|who|whose|whom|when)\b", re.I)
_SINCE = re.compile(r"\b(?:since|from)\s+(?:early\s+|late\s+|mid-?)?$", re.I)
_BILATERAL = re.compile(
    r"\b(?:two|both)\s+(?:countries|nations|sides|governments|leaders|ministers|navies|armies|"
    r"militaries|forces|ministries)\b|\bbilateral\b|\bthe two\b|\bcounterparts?\b",
    re.I,
)
_IN_PLACE = re.compile(r"\b(?:in|at|to)\s+$")


@dataclass(frozen=True)
class Trigger:
    start: int  # offsets into the sentence text
    end: int
    text: str
    type: str
    subtype: str


def _clause_span(text: str, pos: int, pattern: re.Pattern[str] = _CLAUSE_BREAK) -> tuple[int, int]:
    start, end = 0, len(text)
    for m in pattern.finditer(text):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end


def _fine_clause(text: str, pos: int) -> tuple[int, int]:
    return _clause_span(text, pos, _FINE_BREAK)


def find_triggers(sent: Sentence, rules: Rules) -> list[Trigger]:
    """Trigger phrases and named exercises; triggers inside a forum's name are not triggers
    ("ASEAN Defence Ministers' Meeting-Plus" names a forum, it reports no meeting)."""
    text = sent.text
    named = list(rules.named.finditer(text))
    masked = [(s, e) for s, e, _t, ne in named if ne.kind != "exercise"]
    out: list[Trigger] = []
    for s, e, t, kinds in rules.triggers.finditer(text):
        if any(ms <= s and e <= me for ms, me in masked):
            continue
        for typ, sub in kinds:
            if not _needs_met(rules, typ, sub, text, s, e):
                continue
            out.append(Trigger(s, e, t, typ, _refine_subtype(rules, typ, sub, text, s)))
    for s, e, t, ne in named:
        if ne.type:
            out.append(Trigger(s, e, t, ne.type, ne.subtype or ne.type))
    return out


def _needs_met(rules: Rules, typ: str, sub: str, text: str, s: int, e: int) -> bool:
    """Rule ``needs``: some triggers count only with a context word in their clause
    ("upgrade" needs "ties"/"partnership"; "exercise" needs "military"/"naval"/"troops")."""
    gaz = rules.needs.get((typ, sub))
    if gaz is None:
        return True
    cs, ce = _clause_span(text, s)
    return any(
        not (ms < e and s < me)
        for ms, me, _t, _v in gaz.finditer(text[cs:ce])
        for ms, me in [(cs + ms, cs + me)]
    )


def _refine_subtype(rules: Rules, typ: str, sub: str, text: str, s: int) -> str:
    """Rule ``modifiers``: a generic trigger takes a specific subtype from its clause
    ("signed ... an MoU" is an MoU; "met on the sidelines of" is a sideline meeting)."""
    if sub != typ:
        return sub
    cs, ce = _clause_span(text, s)
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


def _usable_dates(
    text: str, dates: Sequence[DateMention], named: list[tuple[int, int]]
) -> list[DateMention]:
    out = []
    for d in dates:
        if d.value is None and d.basis != "unresolved":
            continue  # PRESENT_REF and the like
        if any(ns <= d.start and d.end <= ne for ns, ne in named):
            continue  # the year in "Golden Dragon 2024" names the exercise, it does not date it
        if _SINCE.search(text[max(0, d.start - 12) : d.start]):
            continue  # "since 2022" opens a period; it does not date an event
        out.append(d)
    return out


def governing_date(
    text: str,
    trig: Trigger,
    dates: Sequence[DateMention],
    named: list[tuple[int, int]] = (),  # type: ignore[assignment]
) -> tuple[DateMention | None, int]:
    """The date governing a trigger and how sure we are (3: same clause, 2: same sentence).

    Rule ``governing_date``: nearest date in the trigger's clause; otherwise the nearest date
    in the sentence whose own clause is not a relative clause ("that ends today",
    "who assumed office in August 2023") and is not separated from the trigger by one.
    """
    usable = _usable_dates(text, dates, list(named))
    if not usable:
        return None, 0

    def distance(d: DateMention) -> int:
        if d.end <= trig.start:
            return trig.start - d.end
        if d.start >= trig.end:
            return d.start - trig.end
        return 0

    cs, ce = _fine_clause(text, trig.start)
    in_clause = [d for d in usable if cs <= d.start and d.end <= ce]
    if in_clause:
        return min(in_clause, key=lambda d: (distance(d), d.start)), 3
    pool = []
    for d in usable:
        ds, _de = _fine_clause(text, d.start)
        if _RELATIVE_START.match(text[ds : d.start]):
            continue
        lo, hi = (d.end, trig.start) if d.end <= trig.start else (trig.end, d.start)
        if _RELATIVE.search(text[lo:hi]):
            continue
        pool.append(d)
    if not pool:
        return None, 0
    return min(pool, key=lambda d: (distance(d), d.start)), 2


def decide_status(
    rules: Rules,
    text: str,
    trig: Trigger,
    date: DateMention | None,
    published: PartialDate | None,
) -> tuple[str, str | None]:
    cs, ce = _clause_span(text, trig.start)
    window_start = max(cs, trig.start - 80)
    cancel = _cue_in(rules, "cancelled", text, window_start, min(ce, trig.end + 40))
    if cancel:
        return "cancelled", cancel
    future = _cue_in(rules, "planned", text, window_start, trig.end)
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


def _is_hypothetical(rules: Rules, text: str, trig: Trigger) -> str | None:
    cs, _ce = _clause_span(text, trig.start)
    cue = _cue_in(rules, "hypothetical", text, max(cs, trig.start - 60), trig.start)
    if cue:
        return cue
    return _cue_in(rules, "negation", text, max(cs, trig.start - 20), trig.start)


def document_pair(entities: Entities, sentences: Sequence[Sentence]) -> tuple[str, ...]:
    """The two countries the document is most about (body mentions, people count too)."""
    body = [(s.start, s.end) for s in sentences if s.kind in ("body", "title", "caption")]
    counts: Counter[str] = Counter()
    for c in entities.countries:
        if any(a <= c.start < b for a, b in body):
            counts[c.code] += 1
    for a in entities.actors:
        if a.country:
            counts[a.country] += 1
    return tuple(code for code, _ in counts.most_common(2))


def _codes_between(
    sent: Sentence, entities: Entities, rules: Rules, trig: Trigger, lo: int, hi: int
) -> list[tuple[int, str]]:
    a, b = sent.start + lo, sent.start + hi
    found: list[tuple[int, str]] = [(c.start, c.code) for c in entities.countries_in(a, b)]
    found += [(x.start, x.country) for x in entities.actors_in(a, b) if x.country]
    if trig.type == "drill":
        for s, e, _t, ne in rules.named.finditer(sent.text[lo:hi]):
            found += [(a + s, code) for code in ne.countries if not ne.multilateral]
            del e
    found.sort()
    return found


def _sides(
    sent: Sentence,
    trig: Trigger,
    entities: Entities,
    rules: Rules,
    doc_pair: tuple[str, ...],
) -> tuple[list[tuple[str, ...]], bool]:
    """Rule ``sides``: the country pairs an event trigger links, and whether the sentence
    itself gave both sides (False when the document's main pair filled one in)."""
    cs, ce = _clause_span(sent.text, trig.start)
    clause = _codes_between(sent, entities, rules, trig, cs, ce)
    whole = _codes_between(sent, entities, rules, trig, 0, len(sent.text))
    for ordered in (clause, whole):
        codes = list(dict.fromkeys(code for _, code in ordered))
        if len(codes) == 2:
            return [tuple(sorted(codes))], True
        if len(codes) >= 3:
            trig_abs = sent.start + trig.start
            before = [code for pos, code in ordered if pos < trig_abs]
            after = [code for pos, code in ordered if pos >= trig_abs]
            if trig.type == "meeting" and before:
                subject = before[0]
                partners = [c for c in dict.fromkeys(before[1:] + after) if c != subject]
                if len(partners) >= 2:
                    return [tuple(sorted((subject, p))) for p in partners], True
            return [tuple(sorted(codes))], True
    codes = list(dict.fromkeys(code for _, code in whole))
    if len(codes) == 1 and len(doc_pair) == 2 and codes[0] in doc_pair:
        return [tuple(sorted(doc_pair))], False
    if not codes and len(doc_pair) == 2 and _BILATERAL.search(sent.text):
        return [tuple(sorted(doc_pair))], False
    return [], False


def _location(sent: Sentence, entities: Entities) -> str | None:
    for c in entities.countries_in(sent.start, sent.end):
        if c.kind == "capital" and _IN_PLACE.search(sent.text[: c.start - sent.start]):
            return c.text
    return None


def _summary(rules: Rules, typ: str, subtype: str, codes: tuple[str, ...], name: str | None) -> str:
    label = subtype.replace("_", " ") if subtype and subtype != typ else typ
    names = " – ".join(rules.country_names.get(c, c) for c in codes)
    text = f"{label[:1].upper()}{label[1:]}: {names}"
    return f"{text} ({name})" if name else text


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
    named_spans = [(s, e) for s, e, _t, _ne in rules.named.finditer(sent.text)]
    # one trigger per type and clause: the earliest (a specific subtype wins at one position)
    best: dict[tuple[str, tuple[int, int]], Trigger] = {}
    for t in sorted(triggers, key=lambda t: (t.start, t.subtype == t.type)):
        best.setdefault((t.type, _clause_span(sent.text, t.start)), t)
    out: list[Candidate] = []
    for trig in best.values():
        if _is_hypothetical(rules, sent.text, trig):
            continue
        sides, from_sentence = _sides(sent, trig, entities, rules, doc_pair)
        if not sides:
            continue
        dm, quality = governing_date(sent.text, trig, dates, named_spans)
        if dm is not None and dm.timex and dm.value is not None:
            quality = 1  # a week, a weekend, a season: vaguer than its days suggest
        status, cue = decide_status(rules, sent.text, trig, dm, doc.published)
        name = None
        for _s, _e, _t, ne in rules.named.finditer(sent.text):
            if ne.type == trig.type:
                name = ne.name
        date = dm.value if dm else None
        actors = tuple(
            replace(a, role=a.role or role_on(rules, a.actor_id, date or doc.published))
            for a in entities.actors_in(sent.start, sent.end)
        )
        for codes in sides:
            sub_actors = tuple(a for a in actors if a.country is None or a.country in codes)
            out.append(
                Candidate(
                    type=trig.type,
                    subtype=trig.subtype,
                    countries=codes,
                    date=date,
                    date_end=dm.value_end if dm else None,
                    status=status,  # type: ignore[arg-type]
                    document=doc.name,
                    sentence=sent,
                    trigger=trig.text,
                    date_text=dm.text if dm else None,
                    date_basis=dm.basis if dm else None,
                    status_cue=cue,
                    actors=_dedupe_actors(sub_actors),
                    location=_location(sent, entities),
                    name=name,
                    summary=_summary(rules, trig.type, trig.subtype, codes, name),
                    cameo=_cameo(rules, trig.type, trig.subtype),
                    date_quality=quality if date is not None else 0,
                    sides_from_sentence=from_sentence,
                )
            )
    return out


def news_peg(candidates: Sequence[Candidate], published: PartialDate | None) -> Candidate | None:
    """The document's news peg: the first body candidate with a day date near publication."""
    if published is None:
        return None
    for c in sorted(candidates, key=lambda c: c.sentence.start):
        if c.date is None or c.date.precision != "day" or c.date_quality < 2:
            continue
        if c.sentence.kind not in ("body", "caption"):
            continue
        if abs((c.date.first_day() - published.first_day()).days) <= 7:
            return c
    return None


def with_context_dates(
    candidates: Sequence[Candidate], published: PartialDate | None
) -> list[Candidate]:
    """Rule ``context_date``: a candidate with no date of its own whose sentence names both
    sides takes the date of the document's news peg (quality 0: any stated date wins).
    Candidates whose sides came from the document, not the sentence, stay undated."""
    peg = news_peg(candidates, published)
    out = []
    for c in candidates:
        if c.date is None and c.sides_from_sentence and peg is not None and c.status != "planned":
            c = replace(
                c,
                date=peg.date,
                date_end=None,
                date_text=peg.date_text,
                date_basis="context",
                date_quality=0,
            )
        out.append(c)
    return out


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
