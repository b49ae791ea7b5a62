"""Entities: countries (names, demonyms, capitals, institutions) and people (known names,
title patterns) in a document, with offsets into its text."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

from timeline.extract.records import ActorMention, CountryMention, Sentence
from timeline.extract.rules import Rules
from timeline.partialdate import PartialDate

_NAME_TOKEN = r"(?:[A-Z][\w'’.\-]*|al-|bin|binti|van|von|de|der|da|dos|Jr\.?|III|II)"
_NAME_AFTER_TITLE = re.compile(rf"\s+((?:{_NAME_TOKEN})(?:\s+(?:{_NAME_TOKEN})){{0,3}})")
_STOP_WORDS = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December", "The", "On", "In", "At", "And",
    "Of", "For", "To", "With", "During", "After", "Before", "Said", "Will", "Has",
    "Is", "Was", "Mr", "Mr.", "Ms", "Ms.", "Dr", "Dr.", "H.E.", "Samdech", "General",
}  # fmt: skip
_HONORIFICS = {
    "Gen", "Lt", "Adm", "Maj", "Col", "Brig", "Capt", "Cdr", "Cmdr", "Sgt", "General",
    "Admiral", "Lieutenant", "Colonel", "Major", "Captain", "Commander", "Rear", "Vice",
    "Marshal", "Senior", "Dr", "Mr", "Mrs", "Ms", "Prof", "Sir", "Dame", "Sheikh", "H.E",
    "Samdech", "Dato", "Datuk", "Hon",
}  # fmt: skip
_POSSESSIVE = re.compile(r"^(?:'s|’s)?\s*$")
_APPOSITION = re.compile(
    r"(?<![\w.])(?P<name>[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?(?:\s+[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?){1,2})"
    r",\s+(?:who|the|a|an)\s[^.;:]{0,90}"
)


_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")


def _is_caps(text: str) -> bool:
    upper = len(_UPPER.findall(text))
    lower = len(_LOWER.findall(text))
    return upper >= 8 and upper / (upper + lower) > 0.9


@dataclass(frozen=True)
class Entities:
    """Mentions sorted by start offset; lookups by span bisect, so a long document stays
    linear."""

    countries: tuple[CountryMention, ...]
    actors: tuple[ActorMention, ...]
    _country_starts: tuple[int, ...] = field(default=(), repr=False)
    _actor_starts: tuple[int, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "countries", tuple(sorted(self.countries, key=lambda c: c.start)))
        object.__setattr__(self, "actors", tuple(sorted(self.actors, key=lambda a: a.start)))
        object.__setattr__(self, "_country_starts", tuple(c.start for c in self.countries))
        object.__setattr__(self, "_actor_starts", tuple(a.start for a in self.actors))

    def countries_in(self, start: int, end: int) -> list[CountryMention]:
        i = bisect_left(self._country_starts, start)
        j = bisect_left(self._country_starts, end)
        return [c for c in self.countries[i:j] if c.end <= end]

    def actors_in(self, start: int, end: int) -> list[ActorMention]:
        i = bisect_left(self._actor_starts, start)
        j = bisect_left(self._actor_starts, end)
        return [a for a in self.actors[i:j] if a.end <= end]


def find_countries(text: str, rules: Rules, start: int, end: int) -> list[CountryMention]:
    segment = text[start:end]
    blocked = [(s, e) for s, e, _, _ in rules.not_countries.finditer(segment)]
    matches = list(rules.countries.finditer(segment))
    if _is_caps(segment):
        matches += [m for m in rules.countries.finditer_caps(segment)]
    out: list[CountryMention] = []
    taken: list[tuple[int, int]] = []
    for s, e, t, (code, kind) in sorted(matches, key=lambda m: (m[0], -(m[1] - m[0]))):
        if any(bs <= s and e <= be for bs, be in blocked):
            continue
        if any(ts < e and s < te for ts, te in taken):
            continue
        taken.append((s, e))
        out.append(CountryMention(start + s, start + e, t, code, kind))
    return out


def _actor_country(rules: Rules, actor_id: str) -> str | None:
    actor = rules.actor_by_id.get(actor_id)
    return actor.country if actor else None


def find_actors(
    text: str,
    rules: Rules,
    sentences: Sequence[Sentence],
    countries: Sequence[CountryMention],
) -> list[ActorMention]:
    """Known people by full name anywhere; by short name once the full name was seen;
    unknown people introduced by an office title ("Defence Minister Tea Seiha")."""
    out: list[ActorMention] = []
    seen_ids: set[str] = set()
    last_seen: dict[str, int] = {}
    introduced: dict[str, ActorMention] = {}
    for sent in sentences:
        seg = sent.text
        base = sent.start
        spans: list[tuple[int, int]] = []
        for s, e, t, actor_id in rules.actors_full.finditer(seg):
            actor = rules.actor_by_id[actor_id]
            out.append(
                ActorMention(base + s, base + e, t, actor.name, actor_id, actor.country, None)
            )
            spans.append((s, e))
            seen_ids.add(actor_id)
            last_seen[actor_id] = base + s
        for s, e, t, ids in rules.actors_short.finditer(seg):
            named = [i for i in ids if i in seen_ids]
            if not named or any(a < e and s < b for a, b in spans):
                continue
            actor_id = max(named, key=last_seen.__getitem__)  # the one named most recently
            actor = rules.actor_by_id[actor_id]
            out.append(
                ActorMention(base + s, base + e, t, actor.name, actor_id, actor.country, None)
            )
            spans.append((s, e))
        for s, e, t, (title, kind) in rules.offices.finditer(seg):
            m = _NAME_AFTER_TITLE.match(seg, e)
            if _THE_BEFORE.search(seg[max(0, s - 5) : s]) and (
                not m or m.group(1).split()[0] in _STOP_WORDS
            ):
                # rule ``the_title``: "the crown prince" is the last person named with
                # that office ("Crown Prince Mohammed bin Salman")
                same = _last_with_office(out, rules, title, kind)
                if same is not None and not any(a < e and s < b for a, b in spans):
                    out.append(
                        ActorMention(
                            base + s, base + e, t, same.name, same.actor_id, same.country, title
                        )
                    )
                    spans.append((s, e))
                continue
            if not m:
                continue
            tokens = m.group(1).split()
            # "Minister of National Defense Gen. Phan Van Giang", "Foreign Minister Dr. S.
            # Jaishankar": a rank or honorific before the name is not the name
            lead = 0
            while lead < len(tokens) - 1 and tokens[lead].rstrip(",.") in _HONORIFICS:
                lead += 1
            skipped = sum(len(t) + 1 for t in tokens[:lead])
            tokens = tokens[lead:]
            kept: list[str] = []
            for tok in tokens:
                if (
                    tok.rstrip(",.") in _STOP_WORDS
                    or tok.rstrip(",.").upper() == tok.rstrip(",.")
                    and len(tok) > 3
                ):
                    break
                kept.append(tok)
                if tok.endswith((",", ".")) and not tok.endswith(("Jr.",)):
                    break
            if len(kept) < 2 and not (kept and len(kept[0]) > 3):
                continue
            name = " ".join(kept).rstrip(",.")
            ns = m.start(1) + skipped
            ne = ns + len(name)
            if any(a < ne and ns < b for a, b in spans):
                # a known person: attach the title as their role if not set
                continue
            country = _title_country(seg, s, base, countries)
            out.append(ActorMention(base + ns, base + ne, name, name, None, country, title))
            spans.append((ns, ne))
        _introduced(sent, countries, spans, introduced, out)
    out.sort(key=lambda a: a.start)
    return out


_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")


def _last_with_office(
    out: Sequence[ActorMention], rules: Rules, title: str, kind: str
) -> ActorMention | None:
    """The last person named so far who holds ``title`` (or, for foreign and defence
    ministers, whose titles vary, an office of the same kind)."""
    for a in reversed(out):
        if a.country is None:
            continue
        if a.role == title:
            return a
        actor = rules.actor_by_id.get(a.actor_id) if a.actor_id else None
        if actor is not None and any(
            title.lower() in r.office.lower()
            or (kind in ("foreign_minister", "defence_minister") and r.kind == kind)
            for r in actor.roles
        ):
            return a
    return None


def _introduced(
    sent: Sentence,
    countries: Sequence[CountryMention],
    spans: list[tuple[int, int]],
    introduced: dict[str, ActorMention],
    out: list[ActorMention],
) -> None:
    """Rule ``introduced_person``: a name the seeds do not know, introduced by an apposition
    that names a country ("Eduard Mikhailov, who ... commands the Russian navy"), belongs to
    that country; later, the surname alone refers to the same person."""
    seg, base = sent.text, sent.start
    for m in _APPOSITION.finditer(seg):
        ns, ne = m.span("name")
        if any(a < ne and ns < b for a, b in spans) or m.group("name").split()[0] in _STOP_WORDS:
            continue
        inside = [
            c
            for c in countries
            if base + m.end("name") < c.start <= base + m.end() and c.kind in ("demonym", "name")
        ]
        if not inside or any(c.start < base + ne and base + ns < c.end for c in countries):
            continue
        name = m.group("name")
        person = ActorMention(base + ns, base + ne, name, name, None, inside[0].code, None)
        out.append(person)
        spans.append((ns, ne))
        introduced[name.split()[-1]] = person
    for surname, person in introduced.items():
        for m in re.finditer(rf"\b{re.escape(surname)}\b", seg):
            if base + m.start() <= person.start or any(
                a < m.end() and m.start() < b for a, b in spans
            ):
                continue
            out.append(
                ActorMention(
                    base + m.start(),
                    base + m.end(),
                    surname,
                    person.name,
                    None,
                    person.country,
                    None,
                )
            )
            spans.append(m.span())


def _title_country(
    seg: str, title_start: int, base: int, countries: Sequence[CountryMention]
) -> str | None:
    """The country right before a title: "Cambodian Defence Minister", "Japan's Foreign ..."."""
    abs_start = base + title_start
    best: CountryMention | None = None
    for c in countries:
        if c.end <= abs_start and abs_start - c.end <= 4:
            between = seg[c.end - base : title_start]
            if _POSSESSIVE.match(between) or not between.strip():
                best = c
    return best.code if best else None


def find_entities(text: str, rules: Rules, sentences: Sequence[Sentence]) -> Entities:
    countries: list[CountryMention] = []
    for sent in sentences:
        countries.extend(find_countries(text, rules, sent.start, sent.end))
    actors = find_actors(text, rules, sentences, countries)
    return Entities(tuple(countries), tuple(actors))


def role_on(rules: Rules, actor_id: str | None, on: PartialDate | None) -> str | None:
    """The office an actor held on a date (any day of a partial date), from the seeds."""
    if actor_id is None or on is None:
        return None
    actor = rules.actor_by_id.get(actor_id)
    if actor is None:
        return None
    first, last = on.first_day().isoformat(), on.last_day().isoformat()
    for role in actor.roles:
        start = (
            PartialDate.parse(role.valid_from).first_day().isoformat() if role.valid_from else ""
        )
        end = PartialDate.parse(role.valid_to).last_day().isoformat() if role.valid_to else "9999"
        if start <= last and first <= end:
            return str(role.office)
    return None
