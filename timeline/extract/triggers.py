"""Trigger phrases: where a sentence may state an event of a type and subtype.

Named rules: ``forum_mask`` (a trigger inside a forum's name reports nothing: "Defence
Ministers' Meeting"), ``needs`` (some triggers count only with a context word in their clause:
"upgrade" needs "ties"), ``modifiers`` (a generic trigger takes a specific subtype from its
clause: "signed ... an MoU"), ``series`` ("The exercise was last held in ..." counts without
its context word). The phrases and words are data: seeds/event_types.jsonl.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from timeline.extract.clauses import clause_span
from timeline.extract.records import Sentence
from timeline.extract.rules import Rules

_NAME_YEAR = re.compile(r"\s*(?:19|20)\d\d\b")

_NOUN_BEFORE = re.compile(
    r"(?:\b(?:a|an|the|his|her|their|its|this|that|first|second|third|official|state|"
    r"working)|['’]s)\s+(?:[\w-]+\s+)?$",
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


def named_spans(rules: Rules, text: str) -> list[tuple[int, int, object]]:
    """Named exercises and fora, with a trailing edition year ("Golden Dragon 2024")."""
    out = []
    for s, e, _t, ne in rules.named.finditer(text):
        if _NAME_BEFORE.search(text[max(0, s - 30) : s]):
            continue  # "Samudra Shakti" is not "Shakti": the tail of a longer name
        m = _NAME_YEAR.match(text, e)
        out.append((s, m.end() if m else e, ne))
    return out


LEAVE_FOR = re.compile(
    r"\b(?:leave|leaves|left|leaving|depart|departs|departed|departing)\s+"
    r"(?:[A-Z][\w'’.-]+\s+){1,3}(?:(?:early|late|this|on|next)\s+\w+\s+)?for(?=\s+[A-Z])"
)

# a capitalised word glued before a name ("Samudra Shakti"), not a sentence start or a
# cue such as "Exercise" / "the"
_NAME_BEFORE = re.compile(
    r"(?<![.!?]\s)(?<!^)\b(?!(?:Exercise|Exercises|Operation|Drill|Drills|The|This|Annual|Joint|"
    r"Naval|Army|Air|Bilateral|Trilateral|Multilateral|In|At|On|During|For|And|Of|Its|Their)\b)"
    r"[A-Z][a-z]+\s+$"
)


def find_triggers(sent: Sentence, rules: Rules) -> list[Trigger]:
    text = sent.text
    named = named_spans(rules, text)
    masked = [(s, e) for s, e, ne in named if getattr(ne, "kind", "") != "exercise"]
    out: list[Trigger] = []
    for s, e, t, kinds in rules.triggers.finditer(text):
        if any(ms <= s and e <= me for ms, me in masked):
            continue
        noun = bool(_NOUN_BEFORE.search(text[max(0, s - 30) : s]))
        for typ, sub in kinds:
            if not _needs_met(rules, typ, sub, text, s, e) and not held_again(text, s, e):
                continue
            out.append(Trigger(s, e, t, typ, _refine_subtype(rules, typ, sub, text, s), noun))
    for m in LEAVE_FOR.finditer(text):
        # rule ``leave_for``: "Suga will leave Hanoi for Jakarta": a visit to the place
        # after "for" (the place left is inside the trigger, so it is no side)
        out.append(Trigger(m.start(), m.end(), m.group(), "visit", "visit", False))
    for s, e, ne in named:
        typ = getattr(ne, "type", None)
        if typ:
            sub = getattr(ne, "subtype", None) or typ
            out.append(Trigger(s, e, text[s:e], typ, sub, noun=True))
    return out


_HELD_AGAIN = re.compile(
    r"\s+(?:(?:was|were|had\s+been)\s+(?:last\s+|first\s+|previously\s+)?"
    r"(?:held|staged|conducted|hosted)\b"
    r"|(?:will\s+)?(?:run|runs|continue|continues|last|lasts|end|ends|conclude|concludes)"
    r"\s+(?:until|till|through|on)\b)",
    re.I,
)
_THE_BEFORE = re.compile(r"\b(?:the|this|that)\s+(?:[\w-]+\s+)?$", re.I)


def held_again(text: str, s: int, e: int) -> bool:
    """Rule ``series``: "The exercise was last held in April 2019": a definite event noun
    with "was (last) held" speaks of an earlier edition of the series the text is about;
    with "will run until March 8" it gives the end of the event the text is about."""
    return bool(_THE_BEFORE.search(text[max(0, s - 30) : s]) and _HELD_AGAIN.match(text, e))


def _needs_met(rules: Rules, typ: str, sub: str, text: str, s: int, e: int) -> bool:
    gaz = rules.needs.get((typ, sub))
    if gaz is None:
        return True
    cs, ce = clause_span(text, s)
    if _PAIR_COMPOUND.search(text[max(cs, s - 50) : s]):
        return True  # "the first UK-France summit", "the India-China defence dialogue"
    # a context word counts unless it is the whole trigger ("exercise" alone)
    return any((cs + ms, cs + me) != (s, e) for ms, me, _t, _v in gaz.finditer(text[cs:ce]))


# two names joined by a hyphen before the trigger: a pair ("UK-France", "Kazakh-Uzbek")
_PAIR_COMPOUND = re.compile(r"\b[A-Z][\w.]*[-–][A-Z][\w.]*\s+(?:[\w-]+\s+){0,3}$")


_REFINABLE = frozenset({"talks"})  # "bilateral talks on the sidelines": a sideline meeting


def _refine_subtype(rules: Rules, typ: str, sub: str, text: str, s: int) -> str:
    if sub != typ and sub not in _REFINABLE:
        return sub
    cs, ce = clause_span(text, s)
    for _ms, _me, _t, kinds in rules.modifiers.finditer(text[cs:ce]):
        for t2, sub2 in kinds:
            if t2 == typ:
                return sub2
    return sub


def cue_in(rules: Rules, kind: str, text: str, start: int, end: int) -> str | None:
    gaz = rules.cues.get(kind)
    if gaz is None or start >= end:
        return None
    found = None
    for _s, _e, t, _ in gaz.finditer(text[start:end]):
        found = t
    return found
