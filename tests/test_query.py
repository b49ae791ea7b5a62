"""timeline.query on the sample database (see conftest.py): filters, pairs, show, stats, views."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from timeline.db import Database, downgrade, upgrade
from timeline.errors import UnknownCountryError, UsageError
from timeline.partialdate import PartialDate
from timeline.query import (
    STATUSES,
    EventFilter,
    EventNotFoundError,
    find_events,
    get_event,
    iter_events,
    parse_pair,
    stats,
)


def ids(db: Database, **filters: object) -> list[int]:
    with db.session() as session:
        return [e["id"] for e in find_events(session, EventFilter(**filters))]  # type: ignore[arg-type]


def test_query_find_events_returns_the_contract_in_date_order(sample_db, sample_events):
    with sample_db.session() as session:
        events = find_events(session, EventFilter())
    assert events == [sample_events[i] for i in (3, 2, 1, 4, 5)]


def test_query_iter_events_streams_in_chunks(sample_db, sample_events):
    with sample_db.session() as session:
        events = list(iter_events(session, EventFilter(), stream=True, chunk_size=2))
    assert events == [sample_events[i] for i in (3, 2, 1, 4, 5)]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["US-KH"], ("KH", "US")),
        (["kh-us"], ("KH", "US")),
        (["  us - kh "], ("KH", "US")),
        (["cambodia-united states"], ("KH", "US")),
        (["Cambodia-Japan"], ("JP", "KH")),
        (["united states of america-kingdom of cambodia"], ("KH", "US")),
        (["USA-KHM"], ("KH", "US")),
        (["US", "KH"], ("KH", "US")),
        (["washington", "Cambodia"], ("KH", "US")),
        (["guinea-bissau-us"], ("GW", "US")),
        (["Guinea-Bissau"], ("GW",)),
        (["bissau-guinea"], ("GN", "GW")),
        (["KH"], ("KH",)),
        ([], ()),
    ],
)
def test_query_parse_pair_accepts_codes_and_names_in_any_order(sample_db, values, expected):
    with sample_db.session() as session:
        assert parse_pair(session, values) == expected


@pytest.mark.parametrize(
    ("values", "bad", "message"),
    [
        (["US-XX"], "XX", "unknown country 'XX'."),
        (["XX-US"], "XX", "unknown country 'XX'."),
        (["Cambodja-US"], "Cambodja", "unknown country 'Cambodja'. Did you mean: KH (Cambodia)?"),
        (["xanadu"], "xanadu", "unknown country 'xanadu'."),
        (["US", "Japn"], "Japn", "unknown country 'Japn'. Did you mean: JP (Japan)?"),
    ],
)
def test_query_parse_pair_names_the_unknown_part(sample_db, values, bad, message):
    with sample_db.session() as session, pytest.raises(UnknownCountryError) as info:
        parse_pair(session, values)
    assert info.value.given == bad
    assert str(info.value) == message
    assert info.value.exit_code == 2


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (["US-KH", "JP"], "a pair has two countries, got 3: US-KH, JP"),
        (["US-us"], "a pair needs two different countries: US-us"),
    ],
)
def test_query_parse_pair_rejects_other_than_two_countries(sample_db, values, message):
    with sample_db.session() as session, pytest.raises(UsageError, match=message):
        parse_pair(session, values)


@pytest.mark.parametrize(
    ("countries", "expected"),
    [
        (("KH", "US"), [3, 1, 5]),
        (("JP", "US"), [3]),
        (("JP", "KH"), [3, 4]),
        (("CN", "KH"), [2]),
        (("CN", "US"), []),
        (("KH",), [3, 2, 1, 4, 5]),
        (("JP",), [3, 4]),
    ],
)
def test_query_pair_filter_includes_multilateral_events(sample_db, countries, expected):
    assert ids(sample_db, countries=countries) == expected


D = PartialDate.parse


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, [3, 2, 1, 4, 5]),
        ({"types": ("drill",)}, [2, 5]),
        ({"types": ("visit", "meeting")}, [3, 1]),
        ({"types": ("drill", "agreement")}, [2, 4, 5]),
        ({"types": ("port_call",)}, []),
        ({"since": D("2024-06")}, [1, 4]),
        ({"since": D("2024-05-20")}, [2, 1, 4]),  # the drill runs until 28 May
        ({"since": D("2024-12-25")}, [4]),  # month precision: December 2024
        ({"since": D("2023-07"), "until": D("2023-07")}, [3]),  # year precision: 2023
        ({"until": D("2023-12")}, [3]),
        ({"until": D("2024-05-16")}, [3, 2]),
        ({"until": D("2024-05-15")}, [3]),
        ({"since": D("2024"), "until": D("2024")}, [2, 1, 4]),
        ({"since": D("2025")}, []),
        ({"status": "planned"}, [4]),
        ({"status": "cancelled"}, [5]),
        ({"actor": "hun"}, [3, 1]),
        ({"actor": "AUSTIN"}, [1]),
        ({"actor": "%"}, []),
        ({"text": "exercise"}, [2, 5]),
        ({"text": "demining talks"}, [3]),
        ({"text": "tuesday"}, [1]),  # in a source sentence, not the summary
        ({"text": "golden wednesday"}, [2]),  # one word in the summary, one in a sentence
        ({"text": "golden tuesday"}, []),
        ({"text": "100%"}, []),
        ({"limit": 2}, [3, 2]),
        ({"countries": ("KH", "US"), "types": ("drill",)}, [5]),
        ({"countries": ("KH", "US"), "since": D("2024")}, [1]),
        ({"countries": ("KH",), "status": "occurred", "limit": 2}, [3, 2]),
    ],
)
def test_query_filters_select_the_expected_events(sample_db, filters, expected):
    assert ids(sample_db, **filters) == expected


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        (
            {"since": D("2024-06"), "until": D("2024-05")},
            "--since 2024-06 is after --until 2024-05",
        ),
        ({"status": "happened"}, "unknown status 'happened'"),
        ({"countries": ("JP", "KH", "US")}, "a pair has at most two countries, got 3"),
    ],
)
def test_query_event_filter_rejects_bad_values(filters, message):
    with pytest.raises(UsageError, match=message):
        EventFilter(**filters)


def test_query_statuses_match_the_cli_choices():
    from timeline.cli.query import STATUSES as CLI_STATUSES

    assert CLI_STATUSES == STATUSES


def test_query_get_event_lists_each_source_claim_and_status_conflicts(sample_db, sample_events):
    with sample_db.session() as session:
        event = get_event(session, 1)
    assert [
        (s["document"], s["claimed_date"], s["claimed_status"], s["date_text"])
        for s in event["sources"]
    ] == [
        ("seed2.txt", "2024-06-04", "planned", "Tuesday"),
        ("khmertimes-0605.txt", "2024-06-04", "occurred", "June 4"),
    ]
    assert event["conflicts"] == [
        {"document": "seed2.txt", "field": "status", "claimed": "planned", "event": "occurred"}
    ]
    contract = {k: v for k, v in event.items() if k in sample_events[1] and k != "sources"}
    assert contract == {k: v for k, v in sample_events[1].items() if k != "sources"}
    assert event["origin"] == "extracted"


def test_query_get_event_flags_claimed_dates_outside_the_events(sample_db):
    with sample_db.session() as session:
        drill = get_event(session, 2)
        summit = get_event(session, 3)
        undated = get_event(session, 5)
    assert drill["conflicts"] == [
        {
            "document": "golden-dragon.txt",
            "field": "date",
            "claimed": "2024-05-15/2024-05-28",
            "event": "2024-05-16/2024-05-28",
        }
    ]
    assert drill["sources"][0]["claimed_date_end"] == "2024-05-28"
    assert summit["conflicts"] == []  # "2023" claimed for a 2023 event
    assert undated["conflicts"] == []
    assert undated["sources"][0]["claimed_date"] is None


def test_query_get_event_unknown_id(sample_db):
    with sample_db.session() as session, pytest.raises(EventNotFoundError, match="no event"):
        get_event(session, 99)


def test_query_stats_counts_everything(sample_db):
    with sample_db.session() as session:
        counts = stats(session)
    assert counts == {
        "pair": None,
        "documents": 6,
        "events": 5,
        "mentions": 6,
        "by_type": {"agreement": 1, "drill": 2, "meeting": 1, "visit": 1},
        "by_year": {"2023": 1, "2024": 3, "undated": 1},
        "by_status": {"cancelled": 1, "occurred": 3, "planned": 1},
    }


def test_query_stats_for_a_pair(sample_db):
    with sample_db.session() as session:
        counts = stats(session, ("KH", "US"))
    assert counts == {
        "pair": "KH-US",
        "documents": 4,
        "events": 3,
        "mentions": 4,
        "by_type": {"drill": 1, "meeting": 1, "visit": 1},
        "by_year": {"2023": 1, "2024": 1, "undated": 1},
        "by_status": {"cancelled": 1, "occurred": 2},
    }


def test_query_timeline_view_has_one_row_per_event_and_pair(sample_db):
    with sample_db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT event_id, pair, country_a, country_b, date, precision, type, subtype,"
                " status, summary, location, actors, source_count"
                " FROM timeline ORDER BY event_id, pair"
            )
        ).all()
    assert [tuple(r) for r in rows] == [
        (1, "KH-US", "KH", "US", "2024-06-04", "day", "visit", "official_visit", "occurred",
         "US Defense Secretary Austin visits Cambodia", "Phnom Penh",
         "Lloyd J. Austin III, Hun Manet", 2),
        (2, "CN-KH", "CN", "KH", "2024-05-16", "day", "drill", "joint_exercise", "occurred",
         "Golden Dragon joint exercise", "Kampong Chhnang", "Tea Seiha", 1),
        (3, "JP-KH", "JP", "KH", "2023", "year", "meeting", "summit", "occurred",
         "Trilateral talks on demining", None, "Hun Sen", 1),
        (3, "JP-US", "JP", "US", "2023", "year", "meeting", "summit", "occurred",
         "Trilateral talks on demining", None, "Hun Sen", 1),
        (3, "KH-US", "KH", "US", "2023", "year", "meeting", "summit", "occurred",
         "Trilateral talks on demining", None, "Hun Sen", 1),
        (4, "JP-KH", "JP", "KH", "2024-12", "month", "agreement", "mou", "planned",
         "Japan and Cambodia to sign a maritime security MoU", None, None, 1),
        (5, "KH-US", "KH", "US", None, None, "drill", "naval_exercise", "cancelled",
         "Angkor Sentinel exercise cancelled", None, None, 1),
    ]  # fmt: skip


def test_query_timeline_view_answers_the_readme_query(sample_db):
    with sample_db.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT event_id, date FROM timeline WHERE pair = 'KH-US' ORDER BY date")
        ).all()
    dated = [tuple(r) for r in rows if r.date is not None]
    assert dated == [(3, "2023"), (1, "2024-06-04")]
    assert len(rows) == 3


def test_query_sources_view_has_one_row_per_mention(sample_db):
    with sample_db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT event_id, document, title, publisher, url, published, date_text,"
                " claimed_date, claimed_status FROM sources ORDER BY mention_id"
            )
        ).all()
    assert [tuple(r) for r in rows] == [
        (1, "khmertimes-0605.txt", "Austin meets Hun Manet in Phnom Penh", "Khmer Times", None,
         "2024-06-05", "June 4", "2024-06-04", "occurred"),
        (1, "seed2.txt", "Austin to visit Cambodia", "Bloomberg", "https://example.com/austin",
         "2024-06-03", "Tuesday", "2024-06-04", "planned"),
        (2, "golden-dragon.txt", "Golden Dragon drill begins", "Xinhua",
         "https://example.com/dragon", "2024-05-16", "Wednesday", "2024-05-15", "occurred"),
        (3, "trilateral.txt", None, None, None, "2023", "2023", "2023", "occurred"),
        (4, "mou.txt", "Japan <b>and</b> Cambodia to sign MoU", "NHK",
         "https://example.com/mou?a=1&b=2", "2024-11-20", "in December", "2024-12", "planned"),
        (5, "angkor.txt", None, "VOA", None, "2017-01", None, None, "cancelled"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_query_views_migration_downgrades_and_upgrades(db_factory, backend):
    from sqlalchemy import inspect

    db = db_factory(backend)
    assert {"timeline", "sources"} <= set(inspect(db.engine).get_view_names())
    downgrade(db.engine, "3b75d010227b")
    assert not {"timeline", "sources"} & set(inspect(db.engine).get_view_names())
    upgrade(db.engine)
    assert {"timeline", "sources"} <= set(inspect(db.engine).get_view_names())
