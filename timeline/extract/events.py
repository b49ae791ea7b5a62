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
_RELATIVE = re.compile(r"\b(?:who|which|whom|whose|since|when)\b", re.I)
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


def _clause_span(text: str, pos: int) -> tuple[int, int]:
    start, end = 0, len(text)
    for m in _CLAUSE_BREAK.finditer(text):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end


def find_triggers(sent: Sentence, rules: Rules) -> list[Trigger]:
    out: list[Trigger] = []
    for s, e, t, kinds in rules.triggers.finditer(sent.text):
        for typ, sub in kinds:
            out.append(Trigger(s, e, t, typ, sub))
    for s, e, t, ne in rules.named.finditer(sent.text):
        if ne.type:
            out.append(Trigger(s, e, t, ne.type, ne.subtype or ne.type))
    return out


def _cue_before(rules: Rules, kind: str, text: str, start: int, end: int) -> str | None:
    gaz = rules.cues.get(kind)
    if gaz is None:
        return None
    found = None
    for s, e, t, _ in gaz.finditer(text[start:end]):
        found = t
        del s, e
    return found


def governing_date(
    text: str, trig: Trigger, dates: Sequence[DateMention]
) -> DateMention | None:
    """The date nearest the trigger in its clause; else nearest not behind a relative word."""
    usable = [d for d in dates if d.value is not None or d.basis == "unresolved"]
    if not usable:
        return None
    cs, ce = _clause_span(text, trig.start)
    in_clause = [d for d in usable if cs <= d.start and d.end <= ce]
    pool = in_clause
    if not pool:
        pool = []
        for d in usable:
            lo, hi = (d.end, trig.start) if d.end <= trig.start else (trig.end, d.start)
            if not _RELATIVE.search(text[lo:hi]):
                pool.append(d)
    if not pool:
        return None

    def distance(d: DateMention) -> int:
        if d.end <= trig.start:
            return trig.start - d.end
        if d.start >= trig.end:
            return d.start - trig.end
        return 0

    return min(pool, key=lambda d: (distance(d), d.start))


def decide_status(
    rules: Rules,
    text: str,
    trig: Trigger,
    date: DateMention | None,
    published: PartialDate | None,
) -> tuple[str, str | None]:
    cs, ce = _clause_span(text, trig.start)
    window_start = max(cs, trig.start - 80)
    cancel = _cue_before(rules, "cancelled", text, window_start, min(ce, trig.end + 40))
    if cancel:
        return "cancelled", cancel
    future = _cue_before(rules, "planned", text, window_start, trig.end)
    if date is not None and date.value is not None and published is not None:
        start = date.value.first_day()
        end = (date.value_end or date.value).last_day()
        if start > published.last_day():
            return "planned", future or f"date {date.text!r} after publication"
        if end < published.first_day():
            return "occurred", f"date {date.text!r} before publication"
        if date.direction == "future":
            return "planned", future or date.text
    if future:
        return "planned", future
    return "occurred", None


def _is_hypothetical(rules: Rules, text: str, trig: Trigger) -> str | None:
    cs, _ce = _clause_span(text, trig.start)
    window = max(cs, trig.start - 60)
    for kind in ("hypothetical", "negation"):
        cue = _cue_before(rules, kind, text, window, trig.start)
        if cue:
            return cue
    return None


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


def _sides(
    sent: Sentence,
    trig: Trigger,
    entities: Entities,
    rules: Rules,
    doc_pair: tuple[str, ...],
) -> list[tuple[str, ...]]:
    countries = entities.countries_in(sent.start, sent.end)
    actors = entities.actors_in(sent.start, sent.end)
    ordered: list[tuple[int, str]] = [(c.start, c.code) for c in countries]
    ordered += [(a.start, a.country) for a in actors if a.country]
    if trig.type == "drill":
        for _s, _e, _t, ne in rules.named.finditer(sent.text):
            ordered += [(sent.start + _s, code) for code in ne.countries]
    ordered.sort()
    codes = list(dict.fromkeys(code for _, code in ordered))
    if len(codes) == 2:
        return [tuple(sorted(codes))]
    if len(codes) == 1:
        if len(doc_pair) == 2 and codes[0] in doc_pair:
            return [tuple(sorted(doc_pair))]
        return []
    if not codes:
        if len(doc_pair) == 2 and _BILATERAL.search(sent.text):
            return [tuple(sorted(doc_pair))]
        return []
    # three or more
    trig_abs = sent.start + trig.start
    before = [code for pos, code in ordered if pos < trig_abs]
    after = [code for pos, code in ordered if pos >= trig_abs]
    if trig.type == "meeting" and before:
        subject = before[0]
        partners = [c for c in dict.fromkeys(before[1:] + after) if c != subject]
        if len(partners) >= 2:
            return [tuple(sorted((subject, p))) for p in partners]
    return [tuple(sorted(codes))]


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
    # one trigger per type: the earliest (specific subtypes win at the same position)
    best: dict[str, Trigger] = {}
    for t in sorted(triggers, key=lambda t: (t.start, t.subtype == t.type)):
        best.setdefault(t.type, t)
    out: list[Candidate] = []
    for trig in best.values():
        if _is_hypothetical(rules, sent.text, trig):
            continue
        sides = _sides(sent, trig, entities, rules, doc_pair)
        if not sides:
            continue
        dm = governing_date(sent.text, trig, dates)
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
                )
            )
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
