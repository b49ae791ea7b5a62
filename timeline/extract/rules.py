"""Reference data compiled for matching: gazetteers built once, matched longest-first.

Overlap rule (``longest_first``): at any position the longest alias wins, and a match never
starts inside a previous one ("United States Navy" beats "United States"; "South Korea" beats
"Korea"). Aliases are matched case-sensitively as written; an ALL-CAPS text (1980s wire copy,
headlines) is matched against the upper-cased aliases too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from timeline.extract.merge import SubtypeRules
from timeline.seeddata import SeedData, load


def subtype_rules(data: SeedData) -> SubtypeRules:
    return SubtypeRules(
        distinct=frozenset(et.subtype for et in data.event_types if et.distinct),
        families={et.subtype: et.family for et in data.event_types if et.family},
        no_talks=frozenset(et.subtype for et in data.event_types if not et.holds_talks),
    )


def trie_alternation(phrases: Iterable[str]) -> str:
    """One regex alternation for many phrases, factored by common prefixes.

    A flat "a|b|c|..." over a thousand names makes the regex engine try every branch at every
    position; a prefix trie lets it drop all names that do not start with the next character.
    Longer phrases are tried before their prefixes, so the longest match wins.
    """
    trie: dict[str, Any] = {}
    for phrase in phrases:
        if not phrase:
            continue
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = True
    return _trie_regex(trie) if trie else "(?!)"


def _trie_regex(node: dict[str, Any]) -> str:
    end = "" in node
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end:
        return f"(?:{body})?"
    return body


# the first name of a compound before its hyphen: "India"-China, "UK"-France, "U.S."-China,
# "Sino"-Japanese; not a prefix such as anti-, pro-, non-
_COMPOUND_HEAD = re.compile(
    r"(?<![\w.])(?!(?:Anti|Pro|Non|Pan|Post|Pre|Ex|Mid|Neo|Over)$)"
    r"(?:[A-Z][a-z]{1,11}|[A-Z]{2,3}|[A-Z]\.[A-Z]\.)$"
)

_CAPS_HEAD = re.compile(
    r"(?<![\w.])(?!(?:ANTI|PRO|NON|PAN|POST|PRE|EX|MID|NEO|OVER)$)(?:[A-Z]{2,12}|[A-Z]\.[A-Z]\.)$"
)


@dataclass(frozen=True)
class Gazetteer:
    """A compiled alternation of phrases mapping to values."""

    pattern: re.Pattern[str] | None
    values: dict[str, Any]
    upper: dict[str, str]  # UPPER-CASED phrase -> phrase as written
    compounds: bool = False  # may follow a hyphen after a name ("India-China")

    @classmethod
    def build(
        cls, phrases: dict[str, Any], *, ignore_case: bool = False, compounds: bool = False
    ) -> Gazetteer:
        """With ``compounds``, a phrase may also follow a hyphen after a capitalised word
        ("India-China", "Kazakh-Uzbek", "Sino-Japanese"), not a prefix ("anti-American")."""
        if not phrases:
            return cls(None, {}, {})
        alternation = trie_alternation(p.lower() if ignore_case else p for p in phrases)
        flags = re.IGNORECASE if ignore_case else 0
        # after a hyphen only for compounds, checked in ``finditer`` (cheap to scan for)
        start = r"(?:(?<![\w-])|(?<=[-–]))" if compounds else r"(?<![\w-])"
        pattern = re.compile(rf"{start}(?:{alternation})(?![\w])", flags)
        values = {p.lower(): v for p, v in phrases.items()} if ignore_case else dict(phrases)
        upper: dict[str, str] = {}
        for p in phrases:
            upper.setdefault(p.upper(), p)
        return cls(pattern, values, upper, compounds)

    def finditer(self, text: str) -> Iterator[tuple[int, int, str, Any]]:
        """(start, end, matched text, value) for each longest-first, non-overlapping match."""
        if self.pattern is None:
            return
        ignore_case = bool(self.pattern.flags & re.IGNORECASE)
        for m in self.pattern.finditer(text):
            if (
                m.start()
                and text[m.start() - 1] in "-–"
                and not _COMPOUND_HEAD.search(text, max(0, m.start() - 14), m.start() - 1)
            ):
                continue  # "anti-American", "mid-June": a prefix, not "India-China"
            key = m.group(0).lower() if ignore_case else m.group(0)
            if key in self.values:
                yield m.start(), m.end(), m.group(0), self.values[key]

    def finditer_caps(self, text: str) -> Iterator[tuple[int, int, str, Any]]:
        """Matches in an ALL-CAPS text: compare upper-cased aliases."""
        if self.pattern is None:
            return
        caps = _caps_pattern(self)
        for m in caps.finditer(text):
            if (
                m.start()
                and text[m.start() - 1] in "-–"
                and not _CAPS_HEAD.search(text, max(0, m.start() - 14), m.start() - 1)
            ):
                continue
            phrase = self.upper.get(m.group(0))
            if phrase is not None and phrase in self.values:
                yield m.start(), m.end(), m.group(0), self.values[phrase]


_CAPS_CACHE: dict[int, re.Pattern[str]] = {}


def _caps_pattern(g: Gazetteer) -> re.Pattern[str]:
    key = id(g)
    pat = _CAPS_CACHE.get(key)
    if pat is None:
        # Short all-caps aliases ("US", "UK") are ambiguous in caps text only when they are
        # words ("US" = "us"); keep aliases of three letters or more, plus dotted forms.
        caps = trie_alternation(u for u in g.upper if len(u) >= 3 or "." in u)
        pat = re.compile(rf"(?<![\w-])(?:{caps})(?![\w])")
        _CAPS_CACHE[key] = pat
    return pat


@dataclass(frozen=True)
class Rules:
    """Everything the extractor matches against, compiled once per seed folder."""

    data: SeedData
    countries: Gazetteer  # alias -> (code, kind)
    not_countries: Gazetteer  # place names that contain a country name ("Gulf of Thailand")
    actors_full: Gazetteer  # name -> actor id
    actors_short: Gazetteer  # short name -> the ids of the actors who use it
    offices: Gazetteer  # title (any case) -> (title, kind)
    triggers: Gazetteer  # phrase (any case) -> list of (type, subtype)
    needs: dict[tuple[str, str], Gazetteer]  # (type, subtype) -> context a trigger needs
    modifiers: Gazetteer  # phrase (any case) -> list of (type, subtype) it specifies
    subtypes: SubtypeRules  # which subtypes may describe one event
    named: Gazetteer  # exercise / forum name -> NamedEvent
    cues: dict[str, Gazetteer]  # cue kind -> gazetteer (any case)
    actor_by_id: dict[str, Any]
    country_names: dict[str, str]


def _phrases(items: Iterable[str]) -> list[str]:
    return [p for p in items if p and p.strip()]


@lru_cache(maxsize=4)
def compile_rules(seed_dir: Path | None = None) -> Rules:
    data = load(seed_dir)
    country_map: dict[str, tuple[str, str]] = {}
    for c in data.countries:
        for a in c.aliases:
            country_map.setdefault(a.alias, (a.code, a.kind))
        country_map.setdefault(c.name, (c.code, "name"))
    not_countries = {p: True for p in _phrases(data.cues.get("not_country", ()))}
    full: dict[str, str] = {}
    short: dict[str, tuple[str, ...]] = {}
    for person in data.actors:
        full.setdefault(person.name, person.id)
        for al in person.aliases:
            full.setdefault(al, person.id)
        for s in person.short:
            # "Nakasone", "Kim", "Lee": several people share a short form; the text says
            # which by naming one of them in full first
            short[s] = (*short.get(s, ()), person.id)
    offices: dict[str, tuple[str, str]] = {}
    for o in data.offices:
        offices.setdefault(o.title, (o.title, o.kind))
        for v in o.variants:
            offices.setdefault(v, (o.title, o.kind))
    triggers: dict[str, list[tuple[str, str]]] = {}
    for et in data.event_types:
        for t in et.triggers:
            triggers.setdefault(t.lower(), []).append((et.type, et.subtype))
    needs = {
        (et.type, et.subtype): Gazetteer.build({p: True for p in et.needs}, ignore_case=True)
        for et in data.event_types
        if et.needs
    }
    modifiers: dict[str, list[tuple[str, str]]] = {}
    for et in data.event_types:
        for p in et.modifiers:
            modifiers.setdefault(p.lower(), []).append((et.type, et.subtype))
    named: dict[str, Any] = {}
    for ne in data.named_events:
        named.setdefault(ne.name, ne)
        for al in ne.aliases:
            named.setdefault(al, ne)
    cue_kinds = {
        k: Gazetteer.build({p.lower(): k for p in _phrases(v)}, ignore_case=True)
        for k, v in data.cues.items()
        if k != "not_country"
    }
    return Rules(
        data=data,
        countries=Gazetteer.build(country_map, compounds=True),
        not_countries=Gazetteer.build(not_countries),
        actors_full=Gazetteer.build(full),
        actors_short=Gazetteer.build(short),
        offices=Gazetteer.build({k.lower(): v for k, v in offices.items()}, ignore_case=True),
        triggers=Gazetteer.build(triggers, ignore_case=True),
        needs=needs,
        modifiers=Gazetteer.build(modifiers, ignore_case=True),
        subtypes=subtype_rules(data),
        named=Gazetteer.build(named),
        cues=cue_kinds,
        actor_by_id={a.id: a for a in data.actors},
        country_names={c.code: c.name for c in data.countries},
    )
