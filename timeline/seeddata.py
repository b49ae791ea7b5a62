"""The reference data in seeds/: validate it with located messages, load it as frozen records.

Pure Python (stdlib, pycountry and timeline.partialdate): no database, no dateparser.
Every file is documented in seeds/README.md.

>>> data = load()                                         # doctest: +SKIP
>>> [a.name for a, r in data.actors_on("2024-06-04", "KH") if r.kind == "head_of_government"]
['Hun Manet']                                             # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pycountry

from timeline.partialdate import PartialDate, PartialDateError

SEED_DIR = Path(__file__).resolve().parents[1] / "seeds"
"""The repository's seeds/ folder; ``TIMELINE_SEEDS`` overrides it (see `resolve_seed_dir`)."""

ENV_VAR = "TIMELINE_SEEDS"

ALIAS_KINDS = ("name", "short", "demonym", "capital", "institution")
ROLE_KINDS = (
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "defence_minister",
    "other",
)
NAMED_EVENT_KINDS = ("exercise", "forum")
CUE_KEYS = ("planned", "cancelled", "hypothetical", "negation", "reported_speech")
# not_country: names that contain a country alias but are not the state;
# hypothetical_after: modal cues that make a preceding trigger hypothetical ("visits ... should")
# planned_after: future cues that follow their trigger ("a meeting ... is on her schedule")
# ongoing: cues that an event is under way at publication ("currently", "are holding"), so it
#   took place
# multilateral: words that make a meeting a gathering of three or more ("a three-way meeting")
# speculative: adjectives right before a trigger that make it talk of an event, not one
#   ("the possible talks", "a proposed visit")
# present: adverbs that put an event under way on the publication day itself ("currently")
# organizations: international bodies whose meetings are gatherings, not bilateral meetings
# commercial_after: firms named after the trigger ("signed ... with a syndicate of banks")
# departure: a visitor leaving for the next country ("then leaves for Seoul"): the last day
# commercial: words that make a clause business news, not diplomacy ("banks", "Corp")
OPTIONAL_CUE_KEYS = (
    "not_country",
    "hypothetical_after",
    "planned_after",
    "commercial",
    "ongoing",
    "present",
    "speculative",
    "multilateral",
    "organizations",
    "commercial_after",
    "departure",
)

ALIASES_FILE = "country_aliases.jsonl"
ACTORS_FILE = "actors.jsonl"
OFFICES_FILE = "offices.jsonl"
EVENT_TYPES_FILE = "event_types.jsonl"
NAMED_EVENTS_FILE = "named_events.jsonl"
CUES_FILE = "cues.json"
FILES = (ALIASES_FILE, ACTORS_FILE, OFFICES_FILE, EVENT_TYPES_FILE, NAMED_EVENTS_FILE, CUES_FILE)

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CAMEO = re.compile(r"^\d{2,4}$")
_PLOVER = re.compile(r"^[A-Z]+$")
_WORD = re.compile(r"^[a-z_]+$")


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a seed file; ``line`` is None for whole-file or cues.json problems."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message}"


class SeedError(ValueError):
    """The seed data is invalid; ``problems`` lists every located problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        shown = "\n".join(str(p) for p in self.problems[:20])
        more = len(self.problems) - 20
        tail = f"\n... and {more} more" if more > 0 else ""
        super().__init__(f"{len(self.problems)} problem(s) in seed data:\n{shown}{tail}")


@dataclass(frozen=True)
class Alias:
    alias: str
    code: str
    kind: str


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    aliases: tuple[Alias, ...]


@dataclass(frozen=True)
class Role:
    office: str
    kind: str
    valid_from: str
    valid_to: str | None

    def interval(self) -> tuple[dt.date, dt.date]:
        """Days covered, both ends included; a partial ``valid_to`` runs to its last day."""
        end = PartialDate.parse(self.valid_to).last_day() if self.valid_to else dt.date.max
        return PartialDate.parse(self.valid_from).first_day(), end


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    country: str
    aliases: tuple[str, ...]
    short: tuple[str, ...]
    roles: tuple[Role, ...]


@dataclass(frozen=True)
class Office:
    title: str
    kind: str
    variants: tuple[str, ...]


@dataclass(frozen=True)
class EventType:
    type: str
    subtype: str
    cameo: str
    plover: str
    label: str
    triggers: tuple[str, ...]
    needs: tuple[str, ...] = ()  # a trigger counts only with one of these in its clause
    modifiers: tuple[str, ...] = ()  # phrases that give a trigger of this type this subtype
    distinct: bool = False  # never merged with another specific subtype
    family: str | None = None  # subtypes of one family may describe the same event
    holds_talks: bool = True  # (visits) meetings during such a visit are part of it


@dataclass(frozen=True)
class NamedEvent:
    name: str
    kind: str
    type: str | None
    subtype: str | None
    countries: tuple[str, ...]
    aliases: tuple[str, ...]
    location: str | None
    multilateral: bool


@dataclass(frozen=True)
class SeedData:
    countries: tuple[Country, ...]
    actors: tuple[Actor, ...]
    offices: tuple[Office, ...]
    event_types: tuple[EventType, ...]
    named_events: tuple[NamedEvent, ...]
    cues: Mapping[str, tuple[str, ...]] = field(hash=False)

    def country(self, code: str) -> Country:
        """The country with ISO 3166-1 alpha-2 ``code``; KeyError when there is none."""
        for c in self.countries:
            if c.code == code:
                return c
        raise KeyError(f"unknown country {code!r}")

    def actor(self, name: str) -> Actor | None:
        """The actor whose id, name or full-name alias is ``name`` (first in file order)."""
        for a in self.actors:
            if name == a.id or name == a.name or name in a.aliases:
                return a
        return None

    def actors_on(self, date_iso: str, country: str | None = None) -> list[tuple[Actor, Role]]:
        """Every (actor, role) whose role covers ``date_iso`` (YYYY, YYYY-MM or YYYY-MM-DD).

        A partial date is an interval: a role counts when it overlaps it. Results are in file
        order, filtered to ``country`` when given.
        """
        when = PartialDate.parse(date_iso)
        start, end = when.first_day(), when.last_day()
        found: list[tuple[Actor, Role]] = []
        for a in self.actors:
            if country is not None and a.country != country:
                continue
            for r in a.roles:
                first, last = r.interval()
                if first <= end and start <= last:
                    found.append((a, r))
        return found


# ---------------------------------------------------------------- reading


def resolve_seed_dir(path: Path | str | None = None) -> Path:
    """``path`` if given, else ``$TIMELINE_SEEDS`` if set, else `SEED_DIR`."""
    if path is not None:
        return Path(path)
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else SEED_DIR


class _Sink:
    """Collects problems for one file."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems

    def add(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))


def _jsonl(path: Path, sink: _Sink) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for every well-formed non-blank line; the rest become problems."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        sink.add(None, "file not found")
        return
    except (OSError, UnicodeDecodeError) as exc:
        sink.add(None, f"cannot read file: {exc}")
        return
    # split on "\n" only, so line numbers match what editors and `sed -n` show
    for n, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            sink.add(n, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:
            sink.add(n, "invalid JSON: nested too deeply")
            continue
        if not isinstance(obj, dict):
            sink.add(n, "expected a JSON object")
            continue
        yield n, obj


# A field check takes (value, where) and returns an error message or None.
Check = Callable[[Any, str], str | None]


def _text(value: Any, where: str) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return f"{where} must be a non-empty string"
    if value != value.strip():
        return f"{where} has leading or trailing spaces: {value!r}"
    return None


def _optional_text(value: Any, where: str) -> str | None:
    return None if value is None else _text(value, where)


def _text_list(value: Any, where: str) -> str | None:
    if not isinstance(value, list):
        return f"{where} must be a list of strings"
    for i, item in enumerate(value):
        if msg := _text(item, f"{where}[{i}]"):
            return msg
    if len(set(value)) != len(value):
        return f"{where} has duplicates"
    return None


def _one_of(choices: tuple[str, ...]) -> Check:
    def check(value: Any, where: str) -> str | None:
        if value not in choices:
            return f"{where} must be one of {', '.join(choices)}, not {value!r}"
        return None

    return check


def _code(value: Any, where: str) -> str | None:
    if not isinstance(value, str) or pycountry.countries.get(alpha_2=value) is None:
        suffix = "" if where in ("code", "country") else f" in {where}"
        return f"unknown country {value!r}{suffix}"
    return None


def _codes(value: Any, where: str) -> str | None:
    if not isinstance(value, list):
        return f"{where} must be a list of country codes"
    for i, item in enumerate(value):
        if msg := _code(item, f"{where}[{i}]"):
            return msg
    return None


def _date(value: Any, where: str) -> str | None:
    try:
        PartialDate.parse(value if isinstance(value, str) else "")
    except PartialDateError:
        return f"bad date {value!r} in {where} (use YYYY, YYYY-MM or YYYY-MM-DD)"
    return None


def _optional_date(value: Any, where: str) -> str | None:
    return None if value is None else _date(value, where)


def _bool(value: Any, where: str) -> str | None:
    return None if isinstance(value, bool) else f"{where} must be true or false"


def _pattern(regex: re.Pattern[str], hint: str) -> Check:
    def check(value: Any, where: str) -> str | None:
        if not isinstance(value, str) or not regex.match(value):
            return f"{where} must be {hint}, not {value!r}"
        return None

    return check


def _lowercase_list(value: Any, where: str) -> str | None:
    if msg := _text_list(value, where):
        return msg
    if not value:
        return f"{where} must not be empty"
    for i, item in enumerate(value):
        if item != item.lower():
            return f"{where}[{i}] must be lowercase: {item!r}"
    return None


def _check_object(
    obj: dict[str, Any],
    required: Mapping[str, Check],
    optional: Mapping[str, Check],
    prefix: str = "",
) -> list[str]:
    """Messages for missing keys, unknown keys and bad values, in a stable order."""
    where_suffix = f" in {prefix.rstrip('.')}" if prefix else ""
    out = [f"missing key {k!r}{where_suffix}" for k in required if k not in obj]
    out += [
        f"unknown key {k!r}{where_suffix}" for k in obj if k not in required and k not in optional
    ]
    for key, check in {**required, **optional}.items():
        if key in obj and (msg := check(obj[key], prefix + key)):
            out.append(msg)
    return out


def _valid(sink: _Sink, n: int, messages: list[str]) -> bool:
    for m in messages:
        sink.add(n, m)
    return not messages


def _unique(sink: _Sink, seen: dict[str, int], key: str, n: int, what: str) -> None:
    if key in seen:
        sink.add(n, f"duplicate {what} {key!r} (first on line {seen[key]})")
    else:
        seen[key] = n


# ---------------------------------------------------------------- per file


def _pycountry_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                names.setdefault(value, c.alpha_2)
    return names


_ALIAS_FIELDS: dict[str, Check] = {"alias": _text, "code": _code, "kind": _one_of(ALIAS_KINDS)}


def _read_aliases(path: Path, sink: _Sink) -> list[dict[str, Any]]:
    official = _pycountry_names()
    seen: dict[str, tuple[str, int]] = {}
    rows = []
    for n, obj in _jsonl(path, sink):
        if not _valid(sink, n, _check_object(obj, _ALIAS_FIELDS, {})):
            continue
        alias, code = obj["alias"], obj["code"]
        if official.get(alias, code) != code:
            sink.add(n, f"alias {alias!r} is pycountry's name for {official[alias]}, not {code}")
        elif alias in seen and seen[alias][0] != code:
            other, first = seen[alias]
            sink.add(n, f"alias {alias!r} maps to {code} here and to {other} on line {first}")
        elif alias in seen:
            sink.add(n, f"duplicate alias {alias!r} (first on line {seen[alias][1]})")
        else:
            seen[alias] = (code, n)
            rows.append(obj)
    return rows


_ROLE_FIELDS: dict[str, Check] = {
    "office": _text,
    "kind": _one_of(ROLE_KINDS),
    "from": _date,
    "to": _optional_date,
}
_ACTOR_FIELDS: dict[str, Check] = {
    "id": _pattern(_SLUG, "a lowercase ascii slug"),
    "name": _text,
    "country": _code,
    "aliases": _text_list,
    "short": _text_list,
    "roles": lambda v, w: None if isinstance(v, list) else f"{w} must be a list",
}


def _role_messages(roles: list[Any]) -> list[str]:
    out: list[str] = []
    seen: set[tuple[Any, ...]] = set()
    for i, role in enumerate(roles):
        where = f"roles[{i}]"
        if not isinstance(role, dict):
            out.append(f"{where} must be an object")
            continue
        msgs = _check_object(role, _ROLE_FIELDS, {}, prefix=f"{where}.")
        out += msgs
        if msgs:
            continue
        start = PartialDate.parse(role["from"]).first_day()
        if role["to"] is not None and PartialDate.parse(role["to"]).last_day() < start:
            out.append(f"{where}: from {role['from']} is after to {role['to']}")
        key = (role["office"], role["kind"], role["from"], role["to"])
        if key in seen:
            out.append(f"{where} duplicates an earlier role")
        seen.add(key)
    return out


def _read_actors(path: Path, sink: _Sink) -> list[dict[str, Any]]:
    ids: dict[str, int] = {}
    names: dict[str, tuple[str, int]] = {}
    rows = []
    for n, obj in _jsonl(path, sink):
        msgs = _check_object(obj, _ACTOR_FIELDS, {})
        if not msgs:
            msgs = _role_messages(obj["roles"])
        if not _valid(sink, n, msgs):
            continue
        _unique(sink, ids, obj["id"], n, "id")
        for full in [obj["name"], *obj["aliases"]]:
            if full in names and names[full][0] != obj["id"]:
                other, first = names[full]
                sink.add(n, f"name {full!r} is already used by {other!r} on line {first}")
            names.setdefault(full, (obj["id"], n))
        if obj["name"] in obj["aliases"]:
            sink.add(n, f"alias repeats the name {obj['name']!r}")
        rows.append(obj)
    return rows


_OFFICE_FIELDS: dict[str, Check] = {
    "title": _text,
    "kind": _one_of(ROLE_KINDS),
    "variants": _text_list,
}


def _read_offices(path: Path, sink: _Sink) -> list[dict[str, Any]]:
    seen: dict[str, int] = {}
    rows = []
    for n, obj in _jsonl(path, sink):
        if not _valid(sink, n, _check_object(obj, _OFFICE_FIELDS, {})):
            continue
        for form in [obj["title"], *obj["variants"]]:
            _unique(sink, seen, form, n, "title")
        rows.append(obj)
    return rows


_EVENT_TYPE_FIELDS: dict[str, Check] = {
    "type": _pattern(_WORD, "lowercase letters and _"),
    "subtype": _pattern(_WORD, "lowercase letters and _"),
    "cameo": _pattern(_CAMEO, "a CAMEO code of 2 to 4 digits"),
    "plover": _pattern(_PLOVER, "an uppercase PLOVER category"),
    "label": _text,
    "triggers": _lowercase_list,
}
_EVENT_TYPE_OPTIONAL: dict[str, Check] = {
    "needs": _lowercase_list,
    "modifiers": _lowercase_list,
    "distinct": _bool,
    "family": _pattern(_WORD, "lowercase letters and _"),
    "holds_talks": _bool,
}


def _read_event_types(path: Path, sink: _Sink) -> list[dict[str, Any]]:
    subtypes: dict[str, int] = {}
    triggers: dict[str, int] = {}
    rows = []
    for n, obj in _jsonl(path, sink):
        if not _valid(sink, n, _check_object(obj, _EVENT_TYPE_FIELDS, _EVENT_TYPE_OPTIONAL)):
            continue
        _unique(sink, subtypes, f"{obj['type']}/{obj['subtype']}", n, "type/subtype")
        for t in obj["triggers"]:
            _unique(sink, triggers, t, n, "trigger")
        rows.append(obj)
    return rows


_NAMED_EVENT_FIELDS: dict[str, Check] = {
    "name": _text,
    "kind": _one_of(NAMED_EVENT_KINDS),
    "countries": _codes,
    "aliases": _text_list,
}
_NAMED_EVENT_OPTIONAL: dict[str, Check] = {
    "type": _optional_text,
    "subtype": _optional_text,
    "location": _optional_text,
    "multilateral": _bool,
}


def _read_named_events(
    path: Path, sink: _Sink, event_types: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    known = {(e["type"], e["subtype"]) for e in event_types}
    seen: dict[str, int] = {}
    rows = []
    for n, obj in _jsonl(path, sink):
        msgs = _check_object(obj, _NAMED_EVENT_FIELDS, _NAMED_EVENT_OPTIONAL)
        if not msgs:
            pair = (obj.get("type"), obj.get("subtype"))
            if obj["kind"] == "exercise" and None in pair:
                msgs.append("an exercise needs 'type' and 'subtype'")
            elif pair != (None, None) and pair not in known:
                msgs.append(f"unknown type/subtype {pair[0]}/{pair[1]}")
        if not _valid(sink, n, msgs):
            continue
        for form in [obj["name"], *obj["aliases"]]:
            _unique(sink, seen, form, n, "name")
        rows.append(obj)
    return rows


def _read_cues(path: Path, sink: _Sink) -> dict[str, list[str]]:
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        sink.add(None, "file not found")
        return {}
    except json.JSONDecodeError as exc:
        sink.add(exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno})")
        return {}
    except RecursionError:
        sink.add(None, "invalid JSON: nested too deeply")
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        sink.add(None, f"cannot read file: {exc}")
        return {}
    if not isinstance(obj, dict):
        sink.add(None, "expected a JSON object")
        return {}
    required: dict[str, Check] = {k: _lowercase_list for k in CUE_KEYS}
    msgs = _check_object(obj, required, {k: _text_list for k in OPTIONAL_CUE_KEYS})
    for m in msgs:
        sink.add(None, m)
    return {} if msgs else obj


@dataclass(frozen=True)
class _Raw:
    aliases: list[dict[str, Any]]
    actors: list[dict[str, Any]]
    offices: list[dict[str, Any]]
    event_types: list[dict[str, Any]]
    named_events: list[dict[str, Any]]
    cues: dict[str, list[str]]


def _read(directory: Path) -> tuple[_Raw, list[Problem]]:
    problems: list[Problem] = []

    def sink(name: str) -> _Sink:
        return _Sink(name, problems)

    event_types = _read_event_types(directory / EVENT_TYPES_FILE, sink(EVENT_TYPES_FILE))
    raw = _Raw(
        aliases=_read_aliases(directory / ALIASES_FILE, sink(ALIASES_FILE)),
        actors=_read_actors(directory / ACTORS_FILE, sink(ACTORS_FILE)),
        offices=_read_offices(directory / OFFICES_FILE, sink(OFFICES_FILE)),
        event_types=event_types,
        named_events=_read_named_events(
            directory / NAMED_EVENTS_FILE, sink(NAMED_EVENTS_FILE), event_types
        ),
        cues=_read_cues(directory / CUES_FILE, sink(CUES_FILE)),
    )
    order = {name: i for i, name in enumerate(FILES)}
    problems.sort(key=lambda p: (order.get(p.file, len(order)), p.line or 0))
    return raw, problems


# ---------------------------------------------------------------- public API


def validate(seed_dir: Path | None = None) -> list[Problem]:
    """Every problem in the seed files, located by file and line; empty when all is well.

    Never raises on a broken file: unreadable files and bad lines become problems too.
    """
    return _read(resolve_seed_dir(seed_dir))[1]


def load(seed_dir: Path | None = None) -> SeedData:
    """The seed data as frozen records, cached per folder; SeedError when it does not validate."""
    return _load(resolve_seed_dir(seed_dir).resolve())


@functools.lru_cache(maxsize=8)
def _load(directory: Path) -> SeedData:
    raw, problems = _read(directory)
    if problems:
        raise SeedError(problems)
    return SeedData(
        countries=_countries(raw.aliases),
        actors=tuple(_actor(a) for a in raw.actors),
        offices=tuple(Office(o["title"], o["kind"], tuple(o["variants"])) for o in raw.offices),
        event_types=tuple(
            EventType(
                e["type"],
                e["subtype"],
                e["cameo"],
                e["plover"],
                e["label"],
                tuple(e["triggers"]),
                tuple(e.get("needs", ())),
                tuple(e.get("modifiers", ())),
                bool(e.get("distinct", False)),
                e.get("family"),
                bool(e.get("holds_talks", True)),
            )
            for e in raw.event_types
        ),
        named_events=tuple(
            NamedEvent(
                e["name"],
                e["kind"],
                e.get("type"),
                e.get("subtype"),
                tuple(e["countries"]),
                tuple(e["aliases"]),
                e.get("location"),
                bool(e.get("multilateral", False)),
            )
            for e in raw.named_events
        ),
        cues=MappingProxyType(
            {k: tuple(raw.cues.get(k, ())) for k in (*CUE_KEYS, *OPTIONAL_CUE_KEYS)}
        ),
    )


def _countries(rows: list[dict[str, Any]]) -> tuple[Country, ...]:
    """All ISO 3166-1 countries, each with pycountry's names followed by the seed aliases."""
    by_code: dict[str, list[Alias]] = {}
    for c in pycountry.countries:
        aliases = by_code.setdefault(c.alpha_2, [])
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value and all(a.alias != value for a in aliases):
                aliases.append(Alias(value, c.alpha_2, "name"))
    for row in rows:
        aliases = by_code[row["code"]]
        if all(a.alias != row["alias"] for a in aliases):
            aliases.append(Alias(row["alias"], row["code"], row["kind"]))
    return tuple(
        Country(c.alpha_2, getattr(c, "common_name", None) or c.name, tuple(by_code[c.alpha_2]))
        for c in sorted(pycountry.countries, key=lambda c: c.alpha_2)
    )


def _actor(row: dict[str, Any]) -> Actor:
    roles = tuple(Role(r["office"], r["kind"], r["from"], r["to"]) for r in row["roles"])
    return Actor(
        row["id"], row["name"], row["country"], tuple(row["aliases"]), tuple(row["short"]), roles
    )
