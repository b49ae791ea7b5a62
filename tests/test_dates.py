"""Tests for timeline.extract.dates: the temporal-expression finder and normaliser.

Each table row is (text, published, expected), expected being the ``timeline dates`` output
reduced to (span text, value, precision) triples, in order.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.extract.dates import dates_main, find_dates, longest_match_wins, mention_json
from timeline.extract.dates_patterns import Cand
from timeline.partialdate import PartialDate, interval, intervals_overlap

SHARED = Path("/work/shared/corpus")


def triples(text: str, published: str | None) -> list[tuple[str, str | None, str | None]]:
    out = []
    for m in find_dates(text, published):
        for obj in mention_json(m):
            assert text[obj["start"] : obj["end"]] == obj["text"]
            out.append((obj["text"], obj["value"], obj["precision"]))
    return out


ABSOLUTE = [
    ("The talks ended on June 4, 2024.", None, [("June 4, 2024", "2024-06-04", "day")]),
    ("signed on 4 June 2024 in Tokyo", None, [("4 June 2024", "2024-06-04", "day")]),
    ("on 4th of June 2024", None, [("4th of June 2024", "2024-06-04", "day")]),
    ("Sept. 11, 2001 changed everything", None, [("Sept. 11, 2001", "2001-09-11", "day")]),
    ("Jun. 4 meeting", "2024-06-01", [("Jun. 4", "2024-06-04", "day")]),
    ("a report dated 2024-06-04", None, [("2024-06-04", "2024-06-04", "day")]),
    (
        "filed 13/06/2024 and 06/13/2024",
        None,
        [("13/06/2024", "2024-06-13", "day"), ("06/13/2024", "2024-06-13", "day")],
    ),
    ("in June 2024", None, [("June 2024", "2024-06", "month")]),
    ("in 2022 the ties", None, [("2022", "2022", "year")]),
    ("since 2017,", None, [("2017", "2017", "year")]),
    ("2022's budget", None, [("2022", "2022", "year")]),
    ("the 2013 summit", None, [("2013", "2013", "year")]),
    (
        "by mid-2023 and early 2024",
        None,
        [("mid-2023", "2023", "year"), ("early 2024", "2024", "year")],
    ),
    ("in the 1990s", None, [("the 1990s", "199", "decade")]),
    ("in the late '80s", None, [("the late '80s", "198", "decade")]),
    ("fiscal 1987 results", None, [("fiscal 1987", "1987", "year")]),
    ("the 20th century", None, [("the 20th century", "19", "century")]),
    ("WASHINGTON, Tuesday, June 4, 2024", None, [("Tuesday, June 4, 2024", "2024-06-04", "day")]),
    ("Christmas 2023 was quiet", None, [("Christmas 2023", "2023-12-25", "day")]),
    ("June the 4th, 2024", None, [("June the 4th, 2024", "2024-06-04", "day")]),
]

ANCHORED = [
    ("On May 7, Hun Manet met Murphy", "2024-05", [("May 7", "2024-05-07", "day")]),
    ("talks on Dec. 28 ended", "2024-01-03", [("Dec. 28", "2023-12-28", "day")]),
    ("will leave on October 11", "2023-10-07", [("October 11", "2023-10-11", "day")]),
    ("had arrived in Goa on January 4", "2025-03-19", [("January 4", "2025-01-04", "day")]),
    ("a meeting in November produced", "2008-12-30", [("November", "2008-11", "month")]),
    ("which is to take place in March", "2019-10-24", [("March", "2020-03", "month")]),
    ("from mid-December", "2008-12-30", [("mid-December", "2008-12", "month")]),
    (
        "talked by phone in October last year",
        "2025-01-13",
        [("October last year", "2024-10", "month")],
    ),
    ("last May the drills", "2024-03-10", [("last May", "2023-05", "month")]),
    ("on May 7", "2024", [("May 7", "2024-05-07", "day")]),
    ("on May 7", None, [("May 7", None, None)]),
]

RELATIVE = [
    (  # a weekday of a named week
        "talks from Tuesday to Thursday of next week",
        "1987-12-01",
        [("Tuesday", "1987-12-08", "day"), ("Thursday of next week", "1987-12-10", "day")],
    ),
    ("on Monday next week", "1987-12-01", [("Monday next week", "1987-12-07", "day")]),
    ("on Thursday of last week", "1987-12-01", [("Thursday of last week", "1987-11-26", "day")]),
    (  # a passive after "to be" lies ahead
        "consultations, to be held in Karlsruhe in November.",
        "1987-09-24",
        [("November", "1987-11", "month")],
    ),
    ("The talks were held in November.", "1987-09-24", [("November", "1986-11", "month")]),
    ("He arrived today.", "2024-06-04", [("today", "2024-06-04", "day")]),
    (
        "yesterday and tomorrow",
        "2024-06-04",
        [("yesterday", "2024-06-03", "day"), ("tomorrow", "2024-06-05", "day")],
    ),
    ("a speech tonight", "2024-06-04", [("tonight", "2024-06-04", "day")]),
    ("Austin travels to Cambodia Tuesday", "2024-06-03", [("Tuesday", "2024-06-04", "day")]),
    ("The ministers met on Tuesday", "2024-06-06", [("Tuesday", "2024-06-04", "day")]),
    ("She will visit on Monday", "2024-06-06", [("Monday", "2024-06-10", "day")]),
    ("Sitharaman on Friday held talks", "2018-10-19", [("Friday", "2018-10-19", "day")]),
    (
        "last Tuesday and next Tuesday",
        "2024-06-04",
        [("last Tuesday", "2024-05-28", "day"), ("next Tuesday", "2024-06-11", "day")],
    ),
    ("this Tuesday", "2024-06-06", [("this Tuesday", "2024-06-04", "day")]),
    ("the ministry said Tuesday", "2024-06-06", [("Tuesday", "2024-06-04", "day")]),
    ("Sunday afternoon", "2024-06-04", [("Sunday afternoon", "2024-06-02", "day")]),
    (
        "last week, this week, next week",
        "2024-06-04",
        [
            ("last week", "2024-W22", "week"),
            ("this week", "2024-W23", "week"),
            ("next week", "2024-W24", "week"),
        ],
    ),
    (
        "last month, this month, next month",
        "2024-01-15",
        [
            ("last month", "2023-12", "month"),
            ("this month", "2024-01", "month"),
            ("next month", "2024-02", "month"),
        ],
    ),
    (
        "last year, this year, next year",
        "2024-06-04",
        [
            ("last year", "2023", "year"),
            ("this year", "2024", "year"),
            ("next year", "2025", "year"),
        ],
    ),
    (
        "earlier this year and later this month",
        "2024-06-04",
        [("earlier this year", "2024", "year"), ("later this month", "2024-06", "month")],
    ),
    ("talks over the weekend", "2024-06-04", [("the weekend", "2024-W22-WE", "weekend")]),
    ("this weekend", "2024-06-04", [("this weekend", "2024-W23-WE", "weekend")]),
    ("two days ago", "2024-06-04", [("two days ago", "2024-06-02", "day")]),
    ("three weeks ago", "2024-06-04", [("three weeks ago", "2024-W20", "week")]),
    ("a year ago", "2024-06-04", [("a year ago", "2023", "year")]),
    ("in two weeks", "2024-06-04", [("in two weeks", "2024-W25", "week")]),
    (
        "He left on June 1. The following day he flew home.",
        "2024-06-04",
        [("June 1", "2024-06-01", "day"), ("The following day", "2024-06-02", "day")],
    ),
    ("Xinhua reported a day earlier", "2024-06-04", [("a day earlier", "2024-06-03", "day")]),
    ("the end of the year", "2024-06-04", [("the end of the year", "2024", "year")]),
]

REFS_PERIODS = [
    ("It recently emerged", "1987-10-20", [("recently", "PAST_REF", "ref")]),
    (
        "now and currently",
        "1987-10-20",
        [("now", "PRESENT_REF", "ref"), ("currently", "PRESENT_REF", "ref")],
    ),
    ("in the future", "1987-10-20", [("the future", "FUTURE_REF", "ref")]),
    (
        "profit in the first quarter rose",
        "1987-10-20",
        [("the first quarter", "1987-Q1", "quarter")],
    ),
    ("fourth-quarter profit rose", "1988-01-15", [("fourth-quarter", "1987-Q4", "quarter")]),
    ("the third quarter of 1986", None, [("the third quarter of 1986", "1986-Q3", "quarter")]),
    ("Q1 2024 earnings", None, [("Q1 2024", "2024-Q1", "quarter")]),
    ("in the second half of 2023", None, [("the second half of 2023", "2023-H2", "half")]),
    ("this fall", "1987-10-20", [("this fall", "1987-FA", "season")]),
    ("last summer", "1987-10-20", [("last summer", "1987-SU", "season")]),
    ("the summer of 2024", None, [("the summer of 2024", "2024-SU", "season")]),
]

RANGES = [
    (  # two days joined by "and": each its own expression (the extractor joins them)
        "The ministers met on 13 and 14 May.",
        "2019-05-16",
        [("13", "2019-05-13", "day"), ("14 May", "2019-05-14", "day")],
    ),
    (
        "The ministers met on May 13th and 14th.",
        "2019-05-16",
        [("May 13th", "2019-05-13", "day"), ("14th", "2019-05-14", "day")],
    ),
    # a full month name ends before the sentence's full stop
    ("The drills ended in June.", "2019-08-01", [("June", "2019-06", "month")]),
    (
        "from July 28 to 29",
        "2024-07-01",
        [("July 28", "2024-07-28", "day"), ("29", "2024-07-29", "day")],
    ),
    ("Dec. 15-17", "2013-12-17", [("Dec. 15", "2013-12-15", "day"), ("17", "2013-12-17", "day")]),
    (
        "15-17 December",
        "2013-12-17",
        [("15", "2013-12-15", "day"), ("17 December", "2013-12-17", "day")],
    ),
    (
        "December 15 to 17, 2013",
        None,
        [("December 15", "2013-12-15", "day"), ("17, 2013", "2013-12-17", "day")],
    ),
    (
        "Tuesday through Friday",
        "2024-06-03",
        [("Tuesday", "2024-06-04", "day"), ("Friday", "2024-06-07", "day")],
    ),
    (
        "between March 14 and 17",
        "2024-03-01",
        [("March 14", "2024-03-14", "day"), ("17", "2024-03-17", "day")],
    ),
    (
        "as August 18 to 25",
        "2005-08-02",
        [("August 18", "2005-08-18", "day"), ("25", "2005-08-25", "day")],
    ),
    (
        "from Oct. 21-25",
        "2024-10-01",
        [("Oct. 21", "2024-10-21", "day"), ("25", "2024-10-25", "day")],
    ),
    ("in 2019-2020", None, [("2019", "2019", "year"), ("2020", "2020", "year")]),
    (
        "due in 1987, 1988-89 and 1990",
        None,
        [
            ("1987", "1987", "year"),
            ("1988", "1988", "year"),
            ("89", "1989", "year"),
            ("1990", "1990", "year"),
        ],
    ),
    (
        "from June 18 to June 19.",
        "2024-06-18",
        [("June 18", "2024-06-18", "day"), ("June 19", "2024-06-19", "day")],
    ),
    (
        "Nov. 30-Dec. 2, 2024",
        None,
        [("Nov. 30", "2024-11-30", "day"), ("Dec. 2, 2024", "2024-12-02", "day")],
    ),
    (
        "from Saturday to Thursday",
        "2021-09-03",
        [("Saturday", "2021-09-04", "day"), ("Thursday", "2021-09-09", "day")],
    ),
]

FALSE_DATES = [
    ("On May 4 and 5 soldiers were hurt.", "2024-06-04", [("May 4", "2024-05-04", "day")]),
    ("We may march on the capital.", "2024-06-04", []),
    ("It cost $20, up 61%, the 60th time, 20 percent.", "2024-06-04", []),
    ("1,000 people and 2000 troops and 2,000 troops", "2024-06-04", []),
    ("call 555-2024 or 020 7946 0958", "2024-06-04", []),
    ("at 10 a.m. the second vote", "2024-06-04", []),
    ("the Sun reported; he sat down", "2024-06-04", []),
    ("under Section 2024 of the code", "2024-06-04", []),
    ("the 3rd and 21st rounds", "2024-06-04", []),
    ("Theresa May said the March was peaceful", "2024-06-04", []),
    ("the Sunday Times and Bloody Sunday", "2024-06-04", []),
    ("the past year and three years", "2024-06-04", []),
    ("the fall of the Berlin Wall and the Arab Spring", "2024-06-04", []),
    ("the first time in two years", "2024-06-04", []),
    ("over the past 25 years and over the last year", "2024-06-04", []),
    ("every Tuesday and each May", "2024-06-04", []),
    (
        "see https://example.com/arrive-on-Saturday/ now",
        "2024-06-04",
        [("now", "PRESENT_REF", "ref")],
    ),
    ("prices fell from the mid 30s", "2024-06-04", []),
]

ALL_CAPS = [
    ("SALVADOR, Feb 26 - Showers continued", "1987-02-26", [("Feb 26", "1987-02-26", "day")]),
    ("OPEC MAY CUT OUTPUT IN MARCH", "1987-02-26", [("MARCH", "1987-03", "month")]),
    ("TALKS HELD ON MARCH 3, 1987", None, [("MARCH 3, 1987", "1987-03-03", "day")]),
    (
        "Pay April one\n    Record March 15",
        "1987-02-26",
        [("April one", "1987-04-01", "day"), ("March 15", "1987-03-15", "day")],
    ),
]

PARTIAL_PUBLISHED = [
    ("travels to Cambodia Tuesday", "2024-05", [("Tuesday", None, None)]),
    (
        "this month and last month",
        "2024-05",
        [("this month", "2024-05", "month"), ("last month", "2024-04", "month")],
    ),
    (
        "last year and last month",
        "2024",
        [("last year", "2023", "year"), ("last month", None, None)],
    ),
    ("this week", "2024-05", [("this week", None, None)]),
    ("today", "2024-05", [("today", None, None)]),
]

UNRESOLVED = [
    (
        "on Tuesday, last week and last year",
        None,
        [("Tuesday", None, None), ("last week", None, None), ("last year", None, None)],
    ),
    ("in June", None, [("June", None, None)]),
    (
        "December 15 to 17, 2013",
        None,
        [("December 15", "2013-12-15", "day"), ("17, 2013", "2013-12-17", "day")],
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), ABSOLUTE)
def test_dates_absolute(text: str, published: str | None, expected: list) -> None:
    assert triples(text, published) == expected


@pytest.mark.parametrize(("text", "published", "expected"), ANCHORED)
def test_dates_anchored_year_from_publication(text, published, expected) -> None:
    assert triples(text, published) == expected


@pytest.mark.parametrize(("text", "published", "expected"), RELATIVE)
def test_dates_relative(text, published, expected) -> None:
    assert triples(text, published) == expected


@pytest.mark.parametrize(("text", "published", "expected"), REFS_PERIODS)
def test_dates_refs_and_periods(text, published, expected) -> None:
    assert triples(text, published) == expected


@pytest.mark.parametrize(("text", "published", "expected"), RANGES)
def test_dates_ranges(text, published, expected) -> None:
    assert triples(text, published) == expected


@pytest.mark.parametrize(("text", "published", "expected"), FALSE_DATES)
def test_dates_no_false_dates(text, published, expected) -> None:
    assert triples(text, published) == expected


@pytest.mark.parametrize(("text", "published", "expected"), ALL_CAPS)
def test_dates_all_caps_wire_copy(text, published, expected) -> None:
    assert triples(text, published) == expected


@pytest.mark.parametrize(("text", "published", "expected"), PARTIAL_PUBLISHED)
def test_dates_partial_publication_date(text, published, expected) -> None:
    assert triples(text, published) == expected


@pytest.mark.parametrize(("text", "published", "expected"), UNRESOLVED)
def test_dates_unresolved_without_publication_date(text, published, expected) -> None:
    assert triples(text, published) == expected


@pytest.mark.parametrize(
    ("text", "published", "basis", "direction"),
    [
        ("June 4, 2024", "2024-06-10", "absolute", "none"),
        ("on May 7", "2024-05-20", "anchored", "past"),
        ("will meet on Tuesday", "2024-06-03", "relative", "future"),
        ("met last week", "2024-06-03", "relative", "past"),
        ("Tuesday", None, "unresolved", "none"),
    ],
)
def test_dates_basis_and_direction(text, published, basis, direction) -> None:
    (m,) = find_dates(text, published)
    assert (m.basis, m.direction) == (basis, direction)


def test_dates_range_record_and_json_parts() -> None:
    (m,) = find_dates("from July 28 to 29", PartialDate(2024, 7, 1))
    assert (m.text, str(m.value), str(m.value_end)) == ("July 28 to 29", "2024-07-28", "2024-07-29")
    assert [o["part"] for o in mention_json(m)] == ["start", "end"]
    assert mention_json(m)[1] == {
        "start": 16,
        "end": 18,
        "text": "29",
        "value": "2024-07-29",
        "precision": "day",
        "part": "end",
    }


def test_dates_week_record_holds_days() -> None:
    (m,) = find_dates("this week", "2024-06-04")
    assert (m.timex, str(m.value), str(m.value_end)) == ("2024-W23", "2024-06-03", "2024-06-09")


def test_dates_main_json_lines() -> None:
    lines = list(dates_main("Austin arrives on Tuesday.", "2024-06-03"))
    assert lines == [
        '{"start": 18, "end": 25, "text": "Tuesday", "value": "2024-06-04", "precision": "day"}'
    ]


def test_dates_longest_match_wins_rule() -> None:
    a, b, c = Cand(0, 5, "x"), Cand(3, 12, "y"), Cand(12, 14, "z")
    assert longest_match_wins([a, b, c]) == [b, c]
    tie1, tie2 = Cand(0, 4, "x", priority=1), Cand(0, 4, "y", priority=0)
    assert longest_match_wins([tie1, tie2]) == [tie2]


def test_dates_import_is_cheap() -> None:
    code = "import sys, timeline.extract.dates; print('dateparser' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(),
    published=st.one_of(
        st.none(),
        st.dates(min_value=dt.date(1, 1, 1)).map(PartialDate.from_date),
        st.builds(PartialDate, st.integers(1, 9999), st.integers(1, 12)),
        st.builds(PartialDate, st.integers(1, 9999)),
    ),
)
def test_dates_never_raise_and_offsets_consistent(text: str, published) -> None:
    mentions = find_dates(text, published)
    for m in mentions:
        assert text[m.start : m.end] == m.text
        for obj in mention_json(m):
            assert text[obj["start"] : obj["end"]] == obj["text"]
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:], strict=False))


_WORDS = [
    "on",
    "May",
    "7",
    "Tuesday",
    "last",
    "week",
    "2024",
    "-",
    "to",
    "the",
    "1990s",
    "in",
    "June",
    "Dec.",
    "15",
    "next",
    "year",
    "$20",
    "we",
    "March",
    "ago",
    "two",
    "days",
    ",",
]


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(_WORDS), max_size=12),
    day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
)
def test_dates_never_raise_on_date_like_word_salad(words: list[str], day: dt.date) -> None:
    text = " ".join(words)
    for m in find_dates(text, PartialDate.from_date(day)):
        assert text[m.start : m.end] == m.text
        mention_json(m)


@given(st.dates(min_value=dt.date(1, 1, 1)), st.sampled_from(["day", "month", "year"]))
def test_dates_partialdate_iso_round_trip(day: dt.date, precision: str) -> None:
    p = PartialDate.from_date(day, precision)
    assert PartialDate.parse(p.iso()) == p


def _gold_cases() -> list:
    cases = []
    for name in ("seeds", "dev"):
        path = SHARED / name / "gold.json"
        if not path.exists():
            continue
        gold = json.loads(path.read_text(encoding="utf-8"))
        published = {d["file"]: d.get("published") for d in gold["documents"]}
        for ev in gold["events"]:
            if ev.get("required") and ev.get("date"):
                cases.append((ev["id"], published.get(ev["sources"][0]), ev))
    return cases


def _hits(ev: dict, published: str | None) -> bool:
    """True when a date found in the event's evidence overlaps the gold date interval."""
    gold = interval(
        PartialDate.parse(ev["date"]),
        PartialDate.parse(ev["date_end"]) if ev.get("date_end") else None,
    )
    return any(
        m.value is not None and intervals_overlap(interval(m.value, m.value_end), gold)
        for quote in ev.get("evidence", [])
        for m in find_dates(quote, published)
    )


def test_dates_gold_evidence_development_check() -> None:
    """Dates in the gold evidence quotes land on the gold dates (a development check).

    Only quotes that contain a date expression count; the threshold leaves room for dates
    that need more context than one quote gives.
    """
    cases = _gold_cases()
    if not cases:
        pytest.skip("no gold files under /work/shared/corpus")
    with_dates = [
        (i, p, ev)
        for i, p, ev in cases
        if any(m.value is not None for q in ev.get("evidence", []) for m in find_dates(q, p))
    ]
    hits = [i for i, p, ev in with_dates if _hits(ev, p)]
    missed = sorted({i for i, _, _ in with_dates} - set(hits))
    assert len(hits) >= 0.9 * len(with_dates), f"missed: {missed}"


def test_dates_gold_evidence_no_spurious_years() -> None:
    cases = _gold_cases()
    if not cases:
        pytest.skip("no gold files under /work/shared/corpus")
    for _, p, ev in cases:
        for quote in ev.get("evidence", []):
            for m in find_dates(quote, p):
                assert not re.fullmatch(r"\d{1,3}", m.text), (quote, m)


RESULTS_PERIODS = [
    (  # "a year ago" after a named quarter: that quarter a year before
        "Net profit rose to $12 million in the third quarter from $9 million a year ago.",
        "2019-11-05",
        [("the third quarter", "2019-Q3", "quarter"), ("a year ago", "2018-Q3", "quarter")],
    ),
    (  # "the quarter" with none named: the last one completed before publication
        "Sales rose in the quarter, compared with the year-earlier period.",
        "2019-11-05",
        [("the quarter", "2019-Q3", "quarter"), ("the year-earlier period", "2018-Q3", "quarter")],
    ),
    (
        "For the current fiscal year the company expects growth.",
        "2019-11-05",
        [("the current fiscal year", "2019", "year")],
    ),
    (  # years said in words, as in broadcast transcripts; "two thousand" alone is a number
        "It was signed in nineteen ninety-six, and renewed in two thousand and five by two "
        "thousand delegates.",
        "2019-11-05",
        [("nineteen ninety-six", "1996", "year"), ("two thousand and five", "2005", "year")],
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), RESULTS_PERIODS)
def test_dates_reporting_periods_and_spelled_years(text, published, expected) -> None:
    assert triples(text, published) == expected


def test_dates_later_this_year_lies_ahead_and_earlier_this_month_behind() -> None:
    found = {
        m.text: m.direction for m in find_dates("later this year, earlier this month", "2024-04-10")
    }
    assert found == {"later this year": "future", "earlier this month": "past"}
