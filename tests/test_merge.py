"""Merging candidates into events: rules, idempotence, order independence."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.extract.merge import merge_candidates
from timeline.extract.records import Candidate, Sentence
from timeline.partialdate import PartialDate


def cand(
    doc: str,
    start: int,
    date: str | None,
    *,
    typ: str = "visit",
    countries: tuple[str, ...] = ("KH", "US"),
    status: str = "occurred",
    end: str | None = None,
    name: str | None = None,
) -> Candidate:
    return Candidate(
        type=typ,
        subtype=typ,
        countries=countries,
        date=PartialDate.parse(date) if date else None,
        date_end=PartialDate.parse(end) if end else None,
        status=status,  # type: ignore[arg-type]
        document=doc,
        sentence=Sentence(start, start + 10, f"sentence {start}"),
        trigger=typ,
        name=name,
    )


def test_merge_takes_most_precise_date_and_keeps_every_source():
    events = merge_candidates(
        [
            cand("a.txt", 0, "2024-06", status="planned"),
            cand("b.txt", 5, "2024-06-04", status="planned"),
        ]
    )
    assert len(events) == 1
    ev = events[0]
    assert ev.date == PartialDate(2024, 6, 4)
    assert {c.document for c in ev.claims} == {"a.txt", "b.txt"}
    assert ev.status == "planned"


def test_merge_planned_then_occurred_is_occurred_and_flagged():
    events = merge_candidates(
        [
            cand("a.txt", 0, "2024-05", typ="drill", status="planned", countries=("CN", "KH")),
            cand("b.txt", 0, "2024-05-27", typ="drill", countries=("CN", "KH")),
        ]
    )
    assert [e.status for e in events] == ["occurred"]
    assert any("status" in c for c in events[0].conflicts)


def test_merge_a_later_report_dated_from_context_still_makes_it_occurred():
    """Planned in one article with its days; another article says it took place, and dates
    it only from its own news peg (quality 0): occurred. Within one article such a
    context-dated mention does not outvote the stated dates."""
    planned = cand("july.txt", 0, "2005-11-20", end="2005-11-22", status="planned")
    later = replace(cand("nov.txt", 0, "2005-11-21"), date_quality=0, date_basis="context")
    assert [e.status for e in merge_candidates([planned, later])] == ["occurred"]
    same_doc = replace(later, document="july.txt", sentence=Sentence(40, 50, "sentence 40"))
    assert [e.status for e in merge_candidates([planned, same_doc])] == ["planned"]


def test_merge_keeps_different_dates_types_and_pairs_apart():
    events = merge_candidates(
        [
            cand("a.txt", 0, "2022"),
            cand("a.txt", 20, "2024-06"),
            cand("a.txt", 40, "2024-06", typ="meeting"),
            cand("a.txt", 60, "2024-06", countries=("CN", "KH")),
        ]
    )
    assert len(events) == 4


def test_merge_named_exercises_do_not_merge_with_other_names():
    events = merge_candidates(
        [
            cand("a.txt", 0, "2024-05", typ="drill", name="Golden Dragon"),
            cand("a.txt", 30, "2024-05", typ="drill", name="Angkor Sentinel"),
        ]
    )
    assert len(events) == 2


def test_merge_undated_candidate_only_confirms_an_event_of_its_document():
    events = merge_candidates(
        [cand("a.txt", 0, "2024-06-04"), cand("a.txt", 50, None), cand("b.txt", 0, None)]
    )
    assert len(events) == 1
    assert [c.sentence.start for c in events[0].claims] == [0, 50]


def test_merge_folds_the_visitors_talks_into_their_visit():
    visit = cand("a.txt", 0, "2017-04-24", end="2017-04-26")
    talks = cand("a.txt", 90, "2017-04-25", typ="meeting")
    elsewhere = cand("b.txt", 0, "2017-04-20", typ="meeting")
    events = merge_candidates([visit, talks, elsewhere])
    assert sorted((e.type, len(e.claims)) for e in events) == [("meeting", 1), ("visit", 2)]


_dates = st.sampled_from([None, "2024", "2024-05", "2024-05-07", "2024-05-20", "2024-06-04"])
_cands = st.lists(
    st.builds(
        cand,
        doc=st.sampled_from(["a.txt", "b.txt", "c.txt"]),
        start=st.integers(0, 500),
        date=_dates,
        typ=st.sampled_from(["visit", "meeting", "drill"]),
        countries=st.sampled_from([("KH", "US"), ("CN", "KH"), ("CN", "KH", "US")]),
        status=st.sampled_from(["occurred", "planned"]),
    ),
    max_size=12,
)


def _shape(events):
    return sorted(
        (
            e.type,
            e.countries,
            str(e.date),
            e.status,
            tuple(sorted((c.document, c.sentence.start) for c in e.claims)),
        )
        for e in events
    )


@settings(max_examples=150, deadline=None)
@given(_cands, st.randoms(use_true_random=False))
def test_merge_is_independent_of_input_order(cands, rnd):
    shuffled = list(cands)
    rnd.shuffle(shuffled)
    assert _shape(merge_candidates(cands)) == _shape(merge_candidates(shuffled))


@settings(max_examples=100, deadline=None)
@given(_cands)
def test_merge_is_idempotent(cands):
    once = merge_candidates(cands)
    twice = merge_candidates(cands + cands)
    assert [(e.type, e.countries, e.date, e.status) for e in once] == [
        (e.type, e.countries, e.date, e.status) for e in twice
    ]
