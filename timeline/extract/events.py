"""Events: per sentence, the candidates its triggers (timeline.extract.triggers) state, with
their sides (sides.py), the date that governs each trigger (when.py) and a status.

Named rules applied here, in order, to one trigger:
- ``hypothetical``: a suggestion or wish cue ("should", "can explore") or a negation right
  before the trigger in its clause drops it; so does a modal after it ("should be encouraged").
- ``commercial``: firms and markets acting in the clause ("banks", "Corp") make it business
  news; so does a firm named as the other party after the trigger ("with a syndicate of
  banks", seeds cue ``commercial_after``).
- ``gathering``: a meeting of an international body ("an ICO executive board meeting", seeds
  cue ``organizations``) or of three or more ("a three-way meeting", seeds cue
  ``multilateral``) is not a bilateral event unless bilateral or on the sidelines.
- ``complement``: a later trigger that is the object of an earlier one in the same clause
  ("signed a memorandum on holding the drills") is an event of its own only with a date of
  its own after it ("Golden Dragon 2020, which is to take place in March").
- ``status``: a date wholly after publication is planned, wholly before is occurred; otherwise
  the date's direction and future cues ("will", "is set to") decide; cancel cues cancel; an
  ``ongoing`` cue ("currently ... until Tuesday", "exercises they are holding, which end on
  Wednesday") means it has taken place. ``same_day_programme``: a present progressive with
  a day that begins on the publication day ("are holding a drill today", "is leading a
  delegation to Hanoi from Tuesday to Sunday") is the day's programme: planned.
  "had been due to" is a past plan; "this evening" told in the present lies ahead.
- ``nearer_trigger``: a date beyond another event's trigger is that event's.
- ``called_off_when``: "called off his stop in Port Moresby last week" dates the calling off.
- ``visit_includes_talks`` (in a sentence): "visited X and held talks with Y" is one visit,
  and so are talks in a ", when he held talks" clause after it; talks of another day are not.
- ``during_which``: an undated signing "..., during which the two countries inked ..." falls
  within the visit's days.
- ``talks_here``: "X and Y ended two days of talks here" under a wire dateline in Y's country
  is X's visit.
Context dates for undated candidates: timeline.extract.context.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from timeline.extract.clauses import clause_span, fine_clause
from timeline.extract.context import news_peg, with_context_dates
from timeline.extract.dates_resolve import tense
from timeline.extract.entities import Entities, role_on
from timeline.extract.records import ActorMention, Candidate, DateMention, Document, Sentence
from timeline.extract.rules import Rules
from timeline.extract.sides import WIRE_DATELINE, document_pair, find_sides, location
from timeline.extract.triggers import Trigger, cue_in, find_triggers, named_spans
from timeline.extract.when import date_after, extent, governing_date, is_end_date
from timeline.partialdate import PartialDate, interval, intervals_overlap

__all__ = [
    "decide_status",
    "document_pair",
    "find_triggers",
    "news_peg",
    "sentence_candidates",
    "with_context_dates",
]

_UNTIL = re.compile(r"\b(?:until|till|through|to)\s+$", re.I)

_PREDICATE = re.compile(r"\b(?:was|were|is|are|been|has|have|had)\s+$", re.I)

_COMPLEMENT = re.compile(
    r"\b(?:on|about|for|of|regarding|concerning|prepare\s+for|preparations\s+for|to\s+discuss|to\s+hold|"
    r"discussed|discuss)\s+(?:\w+\s+){0,3}$",
    re.I,
)

_NEW_MAIN = re.compile(
    r",\s+(?:(?:the|a|an)\s+)?(?:[A-Z][\w.'’-]*\s+){1,4}(?:\w+ed|said|says|told|tells|met|made|"
    r"held|gave|went|took|spoke|has|had|is|was|will)\b"
)

_SUBORDINATE = re.compile(
    r"\b(?:prior\s+to|ahead\s+of|before|after|during|following|since|until)\s+"
    r"(?:(?:the|a|an|his|her|their|its|this|that)\s+)?(?:[\w-]+\s+){0,2}$",
    re.I,
)


def decide_status(
    rules: Rules,
    text: str,
    trig: Trigger,
    date: DateMention | None,
    published: PartialDate | None,
) -> tuple[str, str | None]:
    cs, ce = clause_span(text, trig.start)
    window_start = max(cs, trig.start - 80)
    cancel = (
        cue_in(rules, "cancelled", text, window_start, trig.start)
        or _cancelled_after(rules, text, trig.end, min(ce, trig.end + 40))
        # "King Charles's state visit, which was due to begin on Sunday, has been postponed":
        # the main verb after a relative clause, in the passive
        or _cancelled_after(rules, text, trig.end, min(len(text), trig.end + 160), passive=True)
    )
    if cancel:
        return "cancelled", cancel
    future = cue_in(rules, "planned", text, window_start, trig.end) or cue_in(
        rules, "planned_after", text, trig.end, min(ce, trig.end + 80)
    )
    past_plan = _HAD_BEEN_DUE.search(text[window_start : trig.start])
    if past_plan:
        # "Biden had been due to visit on Monday": a plan that did not go ahead as told
        return "planned", past_plan.group()
    if date is not None and date.value is not None and published is not None:
        start = date.value.first_day()
        end = (date.value_end or date.value).last_day()
        if (
            published.precision == "day"
            and date.value.precision == "day"
            and start == published.first_day()
            and not is_end_date(text, date)
        ):
            # "the navies are holding a drill today", "is leading a delegation to Hanoi from
            # Tuesday to Sunday": the progressive with a day that begins on the publication
            # day is the day's programme, still ahead when the paper went out (rule
            # ``same_day_programme``); "met today", "runs from June 18" are not
            progressive = _progressive(text, trig, date)
            if progressive:
                return "planned", progressive
            later = _LATER_TODAY.search(date.text) or _LATER_BEFORE.search(
                text[max(0, date.start - 12) : date.start]
            )
            if later and tense(text, date.start, date.end) == "future":
                # "The Secretary departs Hanoi this evening for Manila"
                return "planned", f"{date.text!r} ahead on the publication day"
        ongoing = under_way(rules, text, trig, date)
        until = (
            start <= published.last_day()
            or _UNTIL.search(text[: date.start])
            or is_end_date(text, date)
        )
        if ongoing and until and end >= published.first_day():
            # "is currently taking part in an exercise that runs until Tuesday": under way
            return "occurred", ongoing
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


_HAD_BEEN_DUE = re.compile(
    r"\bhad\s+been\s+(?:due|scheduled|expected|set|slated|supposed|planning|hoping)\s+to\b",
    re.I,
)
_LATER_BEFORE = re.compile(r"\blater\s+(?:on\s+)?$", re.I)
_LATER_TODAY = re.compile(r"\b(?:evening|tonight|night|afternoon|later)\b", re.I)

_PROGRESSIVE = re.compile(
    r"\b(?:is|are|am)\s+(?:(?:also|now|still|currently|busy)\s+)?(?:being\s+)?"
    r"(?!(?:going|seeking|hoping|planning|expecting|looking)\b)[a-z]{2,}ing\b",
    re.I,
)


def _progressive(text: str, trig: Trigger, date: DateMention) -> str | None:
    """A present progressive governing the trigger: just before it in its clause, or the
    trigger's own verb ("is leading a group"), not one past its date."""
    cs, _ce = clause_span(text, trig.start)
    stop = min(date.start, trig.end + 120) if date.start > trig.end else trig.end
    found = None
    for m in _PROGRESSIVE.finditer(text, max(cs, trig.start - 40), stop):
        found = m.group()
    return found


def _cancelled_after(
    rules: Rules, text: str, start: int, end: int, passive: bool = False
) -> str | None:
    """A cancel cue after the trigger ("the visit was postponed"), not the purpose of the
    event ("the signing of a treaty to scrap missiles", "an accord to suspend tariffs").
    With ``passive``, only a passive ("has been postponed") counts, however far."""
    gaz = rules.cues.get("cancelled")
    if gaz is None or start >= end:
        return None
    for s, _e, t, _ in gaz.finditer(text[start:end]):
        before = text[max(start, start + s - 16) : start + s]
        if passive and not _PASSIVE.search(before):
            continue
        if not re.search(r"\bto\s+$", before):
            return t
    return None


_PASSIVE = re.compile(r"\b(?:has|have|had|was|were|is|are|been)\s+(?:been\s+)?$", re.I)


def _nearer_trigger(triggers: Sequence[Trigger], trig: Trigger, dm: DateMention) -> bool:
    """Another event's trigger stands between ``trig`` and a date outside its clause."""
    lo, hi = (trig.end, dm.start) if dm.start >= trig.end else (dm.end, trig.start)
    return any(o.type != trig.type and lo <= o.start and o.end <= hi for o in triggers)


def under_way(rules: Rules, text: str, trig: Trigger, date: DateMention | None) -> str | None:
    """An ``ongoing`` cue before the trigger in its clause ("is currently taking part in an
    exercise"), or between the trigger and its date ("joint exercises that the two armies are
    holding in Svay Rieng, which will conclude on Wednesday")."""
    cs, _ce = clause_span(text, trig.start)
    found = cue_in(rules, "ongoing", text, max(cs, trig.start - 80), trig.start)
    if found is None and date is not None and trig.end < date.start <= trig.end + 160:
        found = cue_in(rules, "ongoing", text, trig.end, date.start)
    return found


def _future_ref(text: str, trig: Trigger, dates: Sequence[DateMention]) -> bool:
    cs, ce = clause_span(text, trig.start)
    return any(d.timex == "FUTURE_REF" and cs <= d.start < ce for d in dates)


def _is_commercial(rules: Rules, text: str, trig: Trigger) -> bool:
    """Rule ``commercial``: "30 Japanese commercial banks have outstanding loans", "Exxon Corp
    signed an agreement": firms and markets, not states, act in the trigger's clause."""
    cs, ce = fine_clause(text, trig.start)
    if cue_in(rules, "commercial", text, cs, trig.start) is not None:
        return True
    # "signed last Saturday with a syndicate of eight banks": the other party is a firm (not
    # a firm named in what follows: "..., enabling British airline companies to fly")
    stop = _AFTER_STOP.search(text, trig.end, min(ce, trig.end + 80))
    end = stop.start() if stop else min(ce, trig.end + 80)
    return cue_in(rules, "commercial_after", text, trig.end, end) is not None


_AFTER_STOP = re.compile(r",|\b(?:enabling|allowing|permitting|aimed|which|that|to|for|so)\b", re.I)


_OF_BODY = re.compile(r"\s+of\s+(?:the\s+)?", re.I)


def _is_gathering(rules: Rules, text: str, trig: Trigger) -> bool:
    """Rule ``gathering``: a meeting of an international body ("an ICO executive board
    meeting", "the meeting of oil ministers of the Gulf Cooperation Council") is a gathering
    of its members, not a bilateral event; so is a meeting of three or more ("a three-way
    meeting", "trilateral talks", seeds cue ``multilateral``); a bilateral or sideline meeting
    there still is."""
    cs, ce = clause_span(text, trig.start)
    if cue_in(rules, "multilateral", text, max(cs, trig.start - 25), trig.start):
        return True  # "a three-way meeting of Cambodia, Vietnam and Laos"
    if _THREE_NAMES.search(text, max(cs, trig.start - 60), trig.start):
        return True  # "an informal Russia-India-China (RIC) meeting"
    if _BILATERAL_CUE.search(text[cs:ce]):
        return False
    if cue_in(rules, "organizations", text, max(cs, trig.start - 50), trig.start):
        return True
    after = _OF_BODY.match(text, trig.end)
    return bool(after) and bool(
        cue_in(rules, "organizations", text, trig.end, min(ce, trig.end + 70))
    )


_THREE_NAMES = re.compile(r"\b[A-Z][\w.]*[-–][A-Z][\w.]*[-–][A-Z][\w.]*")

_BILATERAL_CUE = re.compile(
    r"\bbilateral\b|\bsidelines?\b|\bmargins?\s+of\b|\bfringes?\s+of\b|\bone-on-one\b", re.I
)


_ONE_WORD_BEFORE = re.compile(r"[\w-]+\s+(?:[\w-]+\s+)?$")


def _is_hypothetical(rules: Rules, text: str, trig: Trigger) -> str | None:
    cs, ce = clause_span(text, trig.start)
    near = _ONE_WORD_BEFORE.search(text, max(cs, trig.start - 30), trig.start)
    adjective = cue_in(rules, "speculative", text, near.start(), trig.start) if near else None
    if adjective:
        return adjective  # "The possible talks follow ...", "a proposed visit"
    cue = cue_in(rules, "hypothetical", text, max(cs, trig.start - 60), trig.start)
    if cue:
        return cue
    after = cue_in(rules, "hypothetical_after", text, trig.end, min(ce, trig.end + 80))
    if after:
        return after
    return cue_in(rules, "negation", text, max(cs, trig.start - 20), trig.start)


def _summary(rules: Rules, typ: str, subtype: str, codes: tuple[str, ...], name: str | None) -> str:
    """ "Memorandum of understanding: Japan – Viet Nam": the subtype's label from the seeds."""
    label = next(
        (et.label for et in rules.data.event_types if (et.type, et.subtype) == (typ, subtype)),
        None,
    ) or (subtype.replace("_", " ") if subtype and subtype != typ else typ)
    names = " – ".join(rules.country_names.get(c, c) for c in codes)
    text = f"{label[:1].upper()}{label[1:]}: {names}"
    return f"{text} ({name})" if name else text


_OPENING = re.compile(
    r"\W*(?:after|following|during|before|ahead\s+of|prior\s+to|at\s+the\s+(?:end|close)\s+"
    r"of|on\s+the\s+(?:sidelines|margins)\s+of)\s+(?:(?:the|their|his|her|its|these)\s+)?$",
    re.I,
)


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
        earlier = [
            o
            for o in chosen
            if cs <= o.start < t.start
            and o.type != t.type
            # "After the talks, the two leaders witnessed the signing of ...": an opening
            # phrase, not the verb the later trigger completes
            and not (_OPENING.match(text, cs, o.start) and "," in text[o.end : t.start])
        ]
        before = text[max(cs, t.start - 40) : t.start]
        complement = (
            bool(earlier)
            and bool(_COMPLEMENT.search(before) or re.search(r"\bto\s+$", before))
            and not _PREDICATE.search(before)  # "... of 18 agreements was signed": a verb
            # "held talks in Caracas, on the first visit by ...": an adverbial after a comma
            and not re.search(r",\s*(?:on|during|in)\s+(?:\w+\s+){0,3}$", before)
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
    recent: tuple[str, ...] = (),
    here: str | None = None,
) -> list[Candidate]:
    triggers = find_triggers(sent, rules)
    if not triggers:
        return []
    named = named_spans(rules, sent.text)
    spans = [(s, e) for s, e, _ne in named]
    out: list[Candidate] = []
    main_dates: list[DateMention] = []
    for trig, complement in _selected(triggers, sent.text):
        own: DateMention | None = None
        if _is_hypothetical(rules, sent.text, trig):
            continue
        if _is_commercial(rules, sent.text, trig):
            continue
        if trig.type == "meeting" and _is_gathering(rules, sent.text, trig):
            continue
        if complement:
            # "to prepare for Golden Dragon 2020, which is to take place in March": an event
            # of its own only with a date of its own, after it, that the main trigger lacks
            own = date_after(sent.text, trig.start, trig.end, dates, spans)
            if own is None or own in main_dates:
                continue
        if (
            trig.type == "meeting"
            and _OPENING.match(sent.text, 0, trig.start)
            and "," in sent.text[trig.end : trig.end + 3]
        ):
            continue  # "After the talks, ...": the talks told before, not a new meeting
        sides, from_sentence = find_sides(sent, trig, entities, rules, doc_pair, recent)
        if not sides:
            continue
        if complement:
            dm, quality = own, 2
        else:
            dm, quality = governing_date(
                sent.text, trig.start, trig.end, dates, spans, noun=trig.noun
            )
            if dm is not None and quality == 2 and _nearer_trigger(triggers, trig, dm):
                # "The exercise was agreed upon at the first defence dialogue, held in
                # Beijing last month": the date is the dialogue's (rule ``nearer_trigger``)
                dm, quality = None, 0
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
            status == "cancelled"
            and dm is not None
            and dm.start > trig.end
            and dm.direction == "past"
            and cue_in(rules, "cancelled", sent.text, max(0, trig.start - 60), trig.start)
        ):
            # "Biden called off his planned stop in Port Moresby last week": when it was
            # called off, not when the stop was to be (rule ``called_off_when``)
            dm, quality = None, 0
        if (
            dm is not None
            and quality == 2
            and status == "occurred"
            and cue_in(rules, "planned", sent.text, max(0, trig.start - 30), trig.start)
        ):
            # "he told me he plans to visit Cambodia": a future event; the past date is the
            # telling's
            dm, quality = None, 0
            status, cue = decide_status(rules, sent.text, trig, None, doc.published)
        if dm is None and status == "occurred" and _future_ref(sent.text, trig, dates):
            status, cue = "planned", "the future"
        ongoing = None
        if under_way(rules, sent.text, trig, dm) is not None:
            cs, _ce = clause_span(sent.text, trig.start)
            stop = dm.start if dm is not None and dm.start > trig.end else trig.start
            now = cue_in(rules, "present", sent.text, max(cs, trig.start - 80), stop)
            ongoing = "now" if now else "tense"
        when = extent(sent.text, trig.start, dm, quality, dates, doc.published, ongoing)
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
                    location=location(sent, entities),
                    name=name,
                    summary=_summary(rules, trig.type, trig.subtype, codes, name),
                    cameo=_cameo(rules, trig.type, trig.subtype),
                    date_quality=when.quality,
                    sides_from_sentence=from_sentence,
                    date_role=when.role,  # type: ignore[arg-type]
                )
            )

    out = _during_the_stay(sent.text, out)
    out += _talks_here(sent.text, out, here, rules)

    # rule ``visit_includes_talks`` within a clause: "visited X and held talks with Y"
    def clause_of(c: Candidate) -> tuple[int, int]:
        return clause_span(sent.text, max(0, sent.text.find(c.trigger)))

    visit_dates = {
        (c.countries, clause_of(c)): (c.date, c.date_end) for c in out if c.type == "visit"
    }
    visits = set(visit_dates)

    visit_at = [(c.countries, sent.text.find(c.trigger)) for c in out if c.type == "visit"]

    def folded(c: Candidate) -> bool:
        if c.type != "meeting" or c.subtype in rules.subtypes.distinct:
            return False
        key = (c.countries, clause_of(c))
        if key in visits:
            # not talks on another day: "paid a state visit in July 1987, and Genscher met
            # Shevardnadze last month"
            vdate, vend = visit_dates[key]
            return (
                c.date is None
                or vdate is None
                or intervals_overlap(interval(c.date, c.date_end), interval(vdate, vend))
            )
        # "a state visit in May 2016, when he held talks in Seoul": the visit's own talks
        pos = sent.text.find(c.trigger)
        return any(
            codes == c.countries and 0 <= v < pos and _WHEN_HE.search(sent.text, v, pos)
            for codes, v in visit_at
        )

    talks = {(c.countries, clause_of(c)): c for c in out if folded(c) and c.date is not None}
    result = []
    for c in out:
        if folded(c):
            continue
        held = talks.get((c.countries, clause_of(c)))
        if c.type == "visit" and c.date is None and held is not None:
            # "met with ... today in Hanoi, on the second day of the Secretary's first
            # visit": the visit's talks date the visit
            c = replace(
                c,
                date=held.date,
                date_end=held.date_end,
                date_text=held.date_text,
                date_basis=held.date_basis,
                date_quality=min(held.date_quality, 1),
                status=held.status,
                status_cue=held.status_cue,
            )
        result.append(c)
    return result


_WHEN_HE = re.compile(r",\s*(?:when|where|during\s+which)\s+(?:he|she|they)\b", re.I)


def dateline_country(sentences: Sequence[Sentence], entities: Entities) -> str | None:
    """The country of a wire dateline ("ALEXANDRIA, Egypt, Sept 12 (Reuter) -"), if the
    first body sentence opens with one that names a known place."""
    lead = next((s for s in sentences if s.kind == "body"), None)
    if lead is None:
        return None
    m = WIRE_DATELINE.match(lead.text)
    if not m:
        return None
    codes = {c.code for c in entities.countries_in(lead.start, lead.start + m.end())}
    return codes.pop() if len(codes) == 1 else None


_HERE = re.compile(r"\b(?:here|in\s+this\s+(?:city|capital|port\s+city))\b", re.I)


def _talks_here(
    text: str, out: Sequence[Candidate], here: str | None, rules: Rules
) -> list[Candidate]:
    """Rule ``talks_here``: "Israeli Prime Minister Shimon Peres and Egyptian President
    Hosni Mubarak ended two days of talks here on Friday" under an Alexandria dateline: the
    foreign party is on a visit, and the talks are its talks."""
    if here is None or not _HERE.search(text):
        return []
    visits = {c.countries for c in out if c.type == "visit"}
    extra = []
    for c in out:
        if c.type == "meeting" and len(c.countries) == 2 and here in c.countries:
            if c.countries in visits:
                continue
            if {a.country for a in c.actors} != set(c.countries):
                continue  # both leaders named: not a conference of many "meeting here"
            extra.append(
                replace(
                    c,
                    type="visit",
                    subtype="visit",
                    summary=_summary(rules, "visit", "visit", c.countries, None),
                    cameo=_cameo(rules, "visit", "visit"),
                )
            )
            visits.add(c.countries)
    return extra


_DURING_WHICH = re.compile(
    r"[,;]\s*(?:during|in\s+the\s+course\s+of|at\s+the\s+end\s+of|on\s+the\s+sidelines\s+of)"
    r"\s+which\b",
    re.I,
)


def _during_the_stay(text: str, out: list[Candidate]) -> list[Candidate]:
    """Rule ``during_which``: "concluded a three-day state visit to Vietnam on Tuesday,
    during which the two countries inked five memoranda": an undated event of the relative
    clause falls within the visit's days (lowest quality: a stated date wins)."""
    visits = [c for c in out if c.type == "visit" and c.date is not None and c.date_quality]
    if not visits:
        return out
    result = []
    for c in out:
        if c.date is None and c.type != "visit":
            pos = text.find(c.trigger)
            for v in visits:
                vpos = text.find(v.trigger)
                if (
                    0 <= vpos < pos
                    and set(c.countries) == set(v.countries)
                    and _DURING_WHICH.search(text, vpos, pos)
                ):
                    c = replace(
                        c,
                        date=v.date,
                        date_end=v.date_end,
                        date_text=v.date_text,
                        date_basis="visit",
                        date_quality=0,
                        status=v.status if c.status_cue is None else c.status,
                    )
                    break
        result.append(c)
    return result


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
