"""Merge: candidates that describe the same real-world event become one event.

Same event = same type, same countries (or one side's countries inside a multilateral event's),
compatible dates (their intervals overlap), and no clash of named exercises. Each source keeps
its own claim; the event takes the most precise consistent date; planned then occurred is
occurred; disagreements are listed in ``conflicts``, never averaged.

Named rules here: ``visit_days`` (day-dated mentions of one visit by the same person a few
days apart are one stay, from its first to its last day), ``visit_includes_talks`` (talks
held during a visit, or placed "during the visit" by the text, are part of it; not for
subtypes that hold no talks, like a ship's port call), ``range_of_a_day`` (an arrival day
where a stated range begins is that range), and, in ``resolve``, status: occurred wins,
then cancelled, then planned; another document's report that it took place counts even when
dated from its context. In one article, a planned event told more coarsely than an occurred
one of the same type is another event.

The result does not depend on input order: candidates are clustered in a canonical order.
Candidates without a date only confirm an event of the same document; they never create one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from timeline.extract.records import ActorMention, Candidate, Claim, MergedEvent
from timeline.partialdate import PRECISION_RANK, PartialDate


def _interval(date: PartialDate, end: PartialDate | None) -> tuple[dt.date, dt.date]:
    return date.first_day(), (end or date).last_day()


def _rank(c: Candidate | Claim) -> tuple[int, int, int]:
    """How good a claimed date is: a stated date beats one from context, a day beats a month,
    a date in the trigger's own clause beats one elsewhere, a range beats a single day."""
    if c.date is None:
        return (-1, 0, 0)
    q = c.date_quality
    stated = 0 if q == 0 else 1
    precision = PRECISION_RANK[c.date.precision] * 2
    if q == 1 and precision == 4:
        precision = 3  # a week or a weekend: between a month and a day
    span = 1 if c.date_end is not None else 0
    return (stated, precision, q * 2 + span)


@dataclass(frozen=True)
class SubtypeRules:
    """Which subtypes may describe the same event (from seeds/event_types.jsonl).

    Generic subtypes (the type itself) fit any; subtypes of one ``family`` fit each other
    (a port call and an arrival at a port); a ``distinct`` subtype (a phone call, a loan)
    fits nothing else; the other specific subtypes fit each other (state and official visit).
    """

    distinct: frozenset[str] = frozenset()
    families: Mapping[str, str] = field(default_factory=dict)
    no_talks: frozenset[str] = frozenset()  # visits that hold no talks (a ship's port call)

    def compatible(self, typ: str, a: str | None, b: str | None) -> bool:
        if a in (None, typ) or b in (None, typ) or a == b:
            return True
        assert a is not None and b is not None
        if self.families.get(a, a) == self.families.get(b, b):
            return True
        return a not in self.distinct and b not in self.distinct


def _sort_key(c: Candidate) -> tuple[object, ...]:
    r = _rank(c)
    return (
        -r[0],
        -r[1],
        -r[2],
        c.date.iso() if c.date else "",
        c.type,
        c.countries,
        c.document,
        c.sentence.start,
        c.trigger,
    )


ACTOR_DISTINCT_TYPES = frozenset({"agreement", "meeting"})
# a multinational exercise is often told as a two-country one ("Indonesian and US troops")
SUPERSET_TYPES = frozenset({"drill"})


class _Cluster:
    """Candidates of one event; running sets keep each compatibility check cheap."""

    def __init__(self, first: Candidate, subtypes: SubtypeRules) -> None:
        self.items: list[Candidate] = []
        self.type = first.type
        self.countries = set(first.countries)
        self.rules = subtypes
        self.subtypes: set[str | None] = set()
        self.people: set[str] = set()
        self.names: set[str] = set()
        self.documents: set[str] = set()
        self.add(first)

    @property
    def anchor(self) -> Candidate:
        return self.items[0]

    def compatible(self, c: Candidate) -> bool:
        if c.type != self.type:
            return False
        other = set(c.countries)
        if other != self.countries and not (
            self.type in SUPERSET_TYPES and (other < self.countries or self.countries < other)
        ):
            return False
        if not all(self.rules.compatible(self.type, sub, c.subtype) for sub in self.subtypes):
            return False
        if (
            self.type in ACTOR_DISTINCT_TYPES
            and c.actors
            and self.people
            and not self.people & {a.name for a in c.actors}
        ):
            return False  # "Neang Phat signed ..." is not "Hun Sen and Abe agreed ..."
        if c.name and self.names and c.name not in self.names:
            return False
        if (
            c.type == "agreement"
            and any(
                i.document == c.document and i.sentence.start != c.sentence.start
                for i in self.items
            )
            and _ALSO.search(c.sentence.text[: max(0, c.sentence.text.find(c.trigger))][-30:])
        ):
            return False  # "Officials also signed an agreement on adoptions": another one
        if c.date is None:
            return True
        a = self.anchor
        assert a.date is not None
        planned, done = (c, a) if c.status == "planned" else (a, c)
        if (
            c.document == a.document
            and planned.status == "planned"
            and done.status == "occurred"
            and PRECISION_RANK[planned.date.precision] < PRECISION_RANK[done.date.precision]  # type: ignore[union-attr]
        ):
            # one article's "met today" and "a dialogue planned for later this year": two
            # events, not one told at two precisions
            return False
        lo1, hi1 = _interval(a.date, a.date_end)
        lo2, hi2 = _interval(c.date, c.date_end)
        if c.date_role == "end" and c.document in self.documents:
            # "until Friday" closes an event of its own document that began before
            return lo1 <= hi2 and (hi2 - lo1).days <= 31
        if a.date_role == "end" and c.document in self.documents:
            # the same, when the closing mention leads the cluster
            return lo2 <= hi1 and (hi1 - lo2).days <= 31
        if lo1 <= hi2 and lo2 <= hi1:
            return True
        return self.type == "visit" and visit_days(
            a.date, a.date_end, c.date, c.date_end, self.people, {x.name for x in c.actors}
        )

    def add(self, c: Candidate) -> None:
        self.items.append(c)
        self.subtypes.add(c.subtype)
        self.people.update(a.name for a in c.actors)
        if c.name:
            self.names.add(c.name)
        self.documents.add(c.document)
        if self.type in SUPERSET_TYPES:
            self.countries |= set(c.countries)


def cluster(
    candidates: Iterable[Candidate], subtypes: SubtypeRules = SubtypeRules()
) -> list[list[Candidate]]:
    candidates = list(candidates)
    dated = sorted((c for c in candidates if c.date is not None), key=_sort_key)
    undated = sorted(
        (c for c in candidates if c.date is None and c.sides_from_sentence), key=_sort_key
    )
    clusters: list[_Cluster] = []
    by_key: dict[tuple[object, ...], list[_Cluster]] = {}

    def key(c: Candidate) -> tuple[object, ...]:
        # only clusters under the same key can match; multinational drills match by type
        return (c.type,) if c.type in SUPERSET_TYPES else (c.type, frozenset(c.countries))

    for c in dated:
        bucket = by_key.setdefault(key(c), [])
        matches = [k for k in bucket if k.compatible(c)]
        if matches:
            max(matches, key=lambda k: (len(k.items), -clusters.index(k))).add(c)
        elif c.date_quality > 0 or not _confirms_only(c, bucket):
            k = _Cluster(c, subtypes)
            clusters.append(k)
            bucket.append(k)
    for c in undated:
        same_doc = [
            k for k in by_key.get(key(c), []) if c.document in k.documents and k.compatible(c)
        ]
        if len(same_doc) == 1:
            same_doc[0].add(c)
    return [k.items for k in clusters]


def _confirms_only(c: Candidate, clusters: list[_Cluster]) -> bool:
    """A candidate dated only from context does not open an event beside a compatible one
    (same type, pair, subtype family, people) of its own document: it is a restatement."""
    undated = replace(c, date=None)
    return any(
        k.compatible(undated) and any(i.document == c.document for i in k.items) for k in clusters
    )


def fold_into_visits(
    clusters: list[list[Candidate]], subtypes: SubtypeRules
) -> list[list[Candidate]]:
    """Rule ``visit_includes_talks``: a meeting of a generic kind (talks, a meeting) held during
    a visit between the same two countries, told by the same document and involving one of the
    visit's people, is part of that visit (DESIGN: a visit that includes talks is one visit).
    Not for visits whose subtype holds no talks (seeds: ``holds_talks``): when a ship calls at a
    port, its commander's meeting with a minister is an event of its own."""
    visits = [k for k in clusters if k[0].type == "visit"]
    out = []
    for k in clusters:
        first = k[0]
        target = None
        if (
            first.type == "meeting"
            and all(i.subtype not in subtypes.distinct for i in k)
            and first.date
        ):
            lo, hi = _interval(first.date, first.date_end)
            docs = {i.document for i in k}
            for v in visits:
                a = v[0]
                if a.date is None or a.date.precision != "day":
                    continue
                if any(i.subtype in subtypes.no_talks for i in v):
                    continue
                if set(a.countries) != set(first.countries):
                    continue
                spans = [_interval(i.date, i.date_end) for i in v if i.date is not None]
                vlo = min(lo_ for lo_, _ in spans)
                vhi = max(hi_ for _, hi_ in spans)
                if (vhi - vlo).days > 2 * VISIT_DAYS + 1:  # not one stay: the anchor's days
                    vlo, vhi = _interval(a.date, a.date_end)
                if all(i.date_role == "end" for i in v if i.date is not None):
                    # "a state visit that ends today": it began some days before
                    vlo = vhi - dt.timedelta(days=7)
                people = {a.name for i in k for a in i.actors}
                guests = {a.name for i in v for a in i.actors}
                # the visitors' own talks; a meeting with no one the visit names is its own
                shared = bool(people & guests) if guests else not people
                # "During next week's stop he will hold talks with ...": the text says so
                shared = shared or any(_DURING_THE_VISIT.search(i.sentence.text) for i in k)
                # "the two leaders would hold talks from Tuesday to Thursday": the visit's
                # principals, unnamed
                shared = shared or (
                    not people and any(_THE_LEADERS.search(i.sentence.text) for i in k)
                )
                # held during the visit, or told more coarsely ("talks next week" about a
                # visit on the Tuesday of that week)
                during = vlo <= lo and hi <= vhi
                around = lo <= vlo and vhi <= hi and (hi - lo).days <= 31
                if (during or around) and docs <= {i.document for i in v} and shared:
                    target = v
                    break
        if target is not None:
            target.extend(k)
        else:
            out.append(k)
    return out


_ALSO = re.compile(r"\b(?:also|separately|in\s+addition)\b[^.;]*$", re.I)

_THE_LEADERS = re.compile(
    r"\b(?:the|both)\s+(?:two\s+)?(?:leaders|presidents|prime\s+ministers|heads\s+of\s+state)\b",
    re.I,
)

_DURING_THE_VISIT = re.compile(
    r"\b(?:during|in\s+the\s+course\s+of|on)\s+(?:(?:his|her|their|the|this|that|next|"
    r"[\w-]+['’]s?)\s+){1,3}(?:visit|trip|stop|stay|tour|stopover)\b",
    re.I,
)


VISIT_DAYS = 3  # days between two mentions of one stay ("arrived Thursday", "talks Friday")


def visit_days(
    d1: PartialDate,
    e1: PartialDate | None,
    d2: PartialDate,
    e2: PartialDate | None,
    people1: set[str],
    people2: set[str],
) -> bool:
    """Rule ``visit_days``: two day-dated mentions of a visit by the same person a few days
    apart ("arrived in Beijing on Thursday", "held talks on Friday during his official
    visit") tell one stay, not two visits."""
    if d1.precision != "day" or d2.precision != "day" or not people1 & people2:
        return False
    lo1, hi1 = _interval(d1, e1)
    lo2, hi2 = _interval(d2, e2)
    gap = (lo2 - hi1).days if lo2 > hi1 else (lo1 - hi2).days
    return 0 < gap <= VISIT_DAYS


def claim_of(c: Candidate) -> Claim:
    return Claim(
        document=c.document,
        sentence=c.sentence,
        date=c.date,
        date_end=c.date_end,
        status=c.status,
        date_text=c.date_text,
        date_basis=c.date_basis,
        trigger=c.trigger,
        date_quality=c.date_quality,
        date_role=c.date_role,
    )


def _inside(c: Candidate | Claim, outer: Candidate | Claim) -> bool:
    assert c.date is not None and outer.date is not None
    lo, hi = _interval(c.date, c.date_end)
    olo, ohi = _interval(outer.date, outer.date_end)
    return olo <= lo and hi <= ohi


def resolve(
    claims: Sequence[Claim], *, stay: bool = False
) -> tuple[PartialDate | None, PartialDate | None, str, list[str]]:
    """The event's date, end date and status from its claims, with the conflicts found.

    With ``stay`` (a visit), stated days a few days apart are the days of one stay: the
    event runs from the first to the last (rule ``visit_days``)."""
    ends = [c for c in claims if c.date is not None and getattr(c, "date_role", "point") == "end"]
    dated = [c for c in claims if c.date is not None and c not in ends] or ends
    conflicts: list[str] = []
    date: PartialDate | None = None
    end: PartialDate | None = None
    if dated:
        # the most precise claim that lies inside every coarser stated claim ("Tuesday" inside
        # "in June"); a week straddling two months yields to the month ("last week" vs "May")
        stated = [c for c in dated if c.date_quality > 0] or dated
        ranks = {id(c): _rank(c) for c in dated}
        ranked = sorted(set(ranks.values()), reverse=True)
        best = []
        for r in ranked:
            # the days every coarser stated claim allows
            coarser = [
                _interval(o.date, o.date_end)  # type: ignore[arg-type]
                for o in stated
                if ranks[id(o)][1] < r[1]
            ]
            lo_all = max((lo for lo, _hi in coarser), default=dt.date.min)
            hi_all = min((hi for _lo, hi in coarser), default=dt.date.max)
            tier = [c for c in dated if ranks[id(c)] == r]
            fits = []
            for c in tier:
                lo, hi = _interval(c.date, c.date_end)  # type: ignore[arg-type]
                if lo_all <= lo and hi <= hi_all:
                    fits.append(c)
            if fits:
                best = fits
                break
        best = best or [c for c in dated if ranks[id(c)] == ranked[0]]
        votes = Counter((c.date, c.date_end) for c in best)
        (date, end), _n = max(votes.items(), key=lambda kv: (kv[1], str(kv[0][0])))
        assert date is not None
        days = [
            c
            for c in dated
            if c.date is not None and c.date.precision == "day" and c.date_quality >= 2
        ]
        if stay and date.precision == "day" and len({(c.date, c.date_end) for c in days}) > 1:
            first = min(_interval(c.date, c.date_end)[0] for c in days)  # type: ignore[arg-type]
            last = max(_interval(c.date, c.date_end)[1] for c in days)  # type: ignore[arg-type]
            closing = [
                c.date.first_day()
                for c in ends
                if c.date is not None and c.date.precision == "day" and c.date.first_day() > last
            ]
            last = max([last, *closing])  # "visiting the Kingdom until Friday"
            if (last - first).days <= 2 * VISIT_DAYS + 1:
                date, end = PartialDate.from_date(first), PartialDate.from_date(last)
        if end is None and date.precision == "day":
            # "arrives on Saturday" and "a port call from Saturday to Thursday": the day is
            # where a stated range begins (or ends), so the event is the range
            spans = [
                c
                for c in stated
                if c.date_end is not None
                and c.date_quality >= 2  # not a week: "next week" is vaguer than its days
                and c.date is not None
                and c.date.precision == "day"
                and date in (c.date, c.date_end)
            ]
            if spans:
                widest = max(spans, key=lambda c: (_rank(c), str(c.date_end)))
                assert widest.date is not None
                date, end = widest.date, widest.date_end
        if end is None and date.precision == "day":
            later = [
                c.date
                for c in ends
                if c.date is not None and c.date.precision == "day" and c.date > date
            ]
            if later:
                end = max(later)
        lo, hi = _interval(date, end)
        for c in dated:
            assert c.date is not None
            clo, chi = _interval(c.date, c.date_end)
            if not (lo <= chi and clo <= hi):
                conflicts.append(f"{c.document}: date {c.date.iso()} ({c.date_text})")
    stated = [c for c in claims if c.date is not None and c.date_quality > 0]
    # a cancellation is always the claim's own words ("has been postponed"): it counts as
    # stated even without a date of its own
    cancelled = [c for c in claims if c.status == "cancelled" and c not in stated]
    statuses = {c.status for c in (stated + cancelled or claims)}
    # another document reporting that it took place settles it, even when that report dates
    # it only from its own context ("planned then occurred is occurred" across sources)
    # (when its own date does not come before the event's)
    told = {c.document for c in stated}
    if date is not None and any(
        c.status == "occurred"
        and c.date is not None
        and c.document not in told
        and _interval(c.date, c.date_end)[1] >= date.first_day()
        for c in claims
    ):
        statuses.add("occurred")
    if "occurred" in statuses:
        status = "occurred"
    elif "cancelled" in statuses:
        # "has postponed a visit ..." and "had been expected to travel on November 20": a
        # plan that a source says is off
        status = "cancelled"
    else:
        status = "planned"
    if len(statuses) > 1:
        conflicts.append("status: " + ", ".join(sorted(statuses)))
    return date, end, status, sorted(set(conflicts))


def _merge_actors(items: Iterable[ActorMention]) -> tuple[ActorMention, ...]:
    seen: dict[str, ActorMention] = {}
    for a in items:
        prev = seen.get(a.name)
        if prev is None or (prev.role is None and a.role is not None):
            seen[a.name] = a
    return tuple(sorted(seen.values(), key=lambda a: a.name))


def build_event(items: Sequence[Candidate]) -> MergedEvent:
    claims = tuple(claim_of(c) for c in sorted(items, key=lambda c: (c.document, c.sentence.start)))
    date, end, status, conflicts = resolve(claims, stay=items[0].type == "visit")
    typ = items[0].type
    subtypes = Counter(
        c.subtype for c in items if c.type == typ and c.subtype and c.subtype != c.type
    )
    subtype = (
        max(subtypes.items(), key=lambda kv: (kv[1], kv[0]))[0] if subtypes else items[0].subtype
    )
    anchor = min(items, key=lambda c: (c.date is None, _sort_key(c)))
    countries = tuple(sorted(anchor.countries))
    if items[0].type in SUPERSET_TYPES:
        countries = tuple(sorted({code for c in items for code in c.countries}))
    names = Counter(c.name for c in items if c.name)
    locations = Counter(c.location for c in items if c.location)
    first = min(items, key=lambda c: (-_rank(c)[0], c.document, c.sentence.start))
    return MergedEvent(
        type=items[0].type,
        subtype=subtype,
        countries=countries,
        date=date,
        date_end=end,
        status=status,  # type: ignore[arg-type]
        claims=claims,
        actors=_merge_actors(a for c in items for a in c.actors),
        location=locations.most_common(1)[0][0] if locations else None,
        name=names.most_common(1)[0][0] if names else None,
        summary=first.summary,
        cameo=first.cameo,
        conflicts=tuple(conflicts),
    )


def merge_candidates(
    candidates: Iterable[Candidate], subtypes: SubtypeRules = SubtypeRules()
) -> list[MergedEvent]:
    events = [
        build_event(items) for items in fold_into_visits(cluster(candidates, subtypes), subtypes)
    ]
    return sorted(
        events,
        key=lambda e: (e.date.iso() if e.date else "9999", e.type, e.countries, e.summary or ""),
    )
