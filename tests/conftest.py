"""Shared fixtures.

Databases: ``db_factory(backend)`` gives a fresh, migrated database (SQLite file under
tmp_path, or a uniquely named PostgreSQL database on the server at TIMELINE_TEST_PG_URL,
dropped at the end of the run). ``sample_db`` is one such database per backend holding the
hand-made events below; tests must treat it as read-only. Parametrized over sqlite and
postgres; the postgres cases skip when TIMELINE_TEST_PG_URL is unset.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from timeline.db import Database, open_database
from timeline.digest import refresh as refresh_digests
from timeline.models import (
    Country,
    CountryAlias,
    Document,
    Event,
    EventActor,
    EventCountry,
    Mention,
)

PG_ENV = "TIMELINE_TEST_PG_URL"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


# -- databases ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_url() -> str:
    """The PostgreSQL server URL for tests; skips the test when TIMELINE_TEST_PG_URL is unset."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set")
    return url


@contextmanager
def empty_database(backend: str, tmp_path: Path) -> Iterator[str]:
    """The URL of a database nobody has created yet: a SQLite file under tmp_path, or an
    empty, uniquely named PostgreSQL database (dropped afterwards; skips without a server)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'timeline.db'}"
        return
    from timeline.config import normalize_url

    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set")
    admin = create_engine(normalize_url(base), isolation_level="AUTOCOMMIT")
    name = f"tl_empty_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield normalize_url(base).rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def new_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL nobody has created yet; parametrize indirectly with "postgres"."""
    with empty_database(getattr(request, "param", "sqlite"), tmp_path) as url:
        yield url


@pytest.fixture(params=BACKENDS)
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL nobody has created yet, on each backend."""
    with empty_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def db_factory(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[str], Database]]:
    """``db_factory("sqlite" | "postgres")``: a fresh database migrated to head, no seeds."""
    from timeline.config import normalize_url

    opened: list[Database] = []
    pg_databases: list[str] = []

    def make(backend: str) -> Database:
        if backend == "sqlite":
            path = tmp_path_factory.mktemp("db") / "timeline.db"
            url = f"sqlite:///{path}"
        else:
            server = make_url(normalize_url(request.getfixturevalue("pg_url")))
            name = f"timeline_test_{uuid.uuid4().hex[:12]}"
            admin = create_engine(server, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            admin.dispose()
            pg_databases.append(name)
            url = server.set(database=name).render_as_string(hide_password=False)
        db = open_database(url, seed=False)
        opened.append(db)
        return db

    yield make
    for db in opened:
        db.close()
    if pg_databases:
        server = make_url(normalize_url(os.environ[PG_ENV]))
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in pg_databases:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def sample_db(request: pytest.FixtureRequest, db_factory: Callable[[str], Database]) -> Database:
    """A database with the sample events (read-only: do not change it in a test)."""
    db = db_factory(request.param)
    add_sample_data(db)
    return db


@pytest.fixture
def sample_url(sample_db: Database) -> str:
    """The sample database's URL, for --db."""
    return sample_db.engine.url.render_as_string(hide_password=False)


# -- the sample events -------------------------------------------------------------------------
#
#  id  type/subtype              date                    status     countries
#  1   visit/official_visit      2024-06-04              occurred   KH US        2 documents
#  2   drill/joint_exercise      2024-05-16..2024-05-28  occurred   CN KH        date conflict
#  3   meeting/summit            2023 (year)             occurred   JP KH US     multilateral
#  4   agreement/mou             2024-12 (month)         planned    JP KH        <script> text
#  5   drill/naval_exercise      undated                 cancelled  KH US
#
#  Date order: 3, 2, 1, 4, 5.

COUNTRIES = {
    "CN": "China",
    "GN": "Guinea",
    "GW": "Guinea-Bissau",
    "JP": "Japan",
    "KH": "Cambodia",
    "US": "United States",
}
ALIASES = [
    ("United States of America", "US", "name"),
    ("America", "US", "short"),
    ("Washington", "US", "capital"),
    ("Bissau", "GW", "capital"),
    ("Kingdom of Cambodia", "KH", "name"),
]
SCRIPT_SENTENCE = 'Officials said the MoU <script>alert("x")</script> will be signed in December.'


def _document(name: str, published: dt.date | None, precision: str | None, **meta: str) -> Document:
    return Document(
        sha256=hashlib.sha256(name.encode()).hexdigest(),
        name=name,
        published=published,
        published_precision=precision,
        published_basis="given" if published else None,
        text=f"text of {name}",
        **meta,
    )


def _mention(document: Document, sentence: str, status: str, **claim: object) -> Mention:
    return Mention(
        document=document,
        sentence=sentence,
        char_start=0,
        char_end=len(sentence),
        claimed_status=status,
        **claim,
    )


def _event(codes: list[str], actors: list[tuple[str, str, str]], **fields: object) -> Event:
    event = Event(origin="extracted", reviewed=False, **fields)
    event.countries = [EventCountry(code=c) for c in codes]
    event.actors = [EventActor(name=n, country=c, role_on_date=r) for n, c, r in actors]
    return event


def add_sample_data(db: Database) -> None:
    """The five sample events above, with their documents and mentions, through the ORM."""
    seed2 = _document(
        "seed2.txt",
        dt.date(2024, 6, 3),
        "day",
        title="Austin to visit Cambodia",
        publisher="Bloomberg",
        url="https://example.com/austin",
    )
    kt = _document(
        "khmertimes-0605.txt",
        dt.date(2024, 6, 5),
        "day",
        title="Austin meets Hun Manet in Phnom Penh",
        publisher="Khmer Times",
    )
    dragon = _document(
        "golden-dragon.txt",
        dt.date(2024, 5, 16),
        "day",
        title="Golden Dragon drill begins",
        publisher="Xinhua",
        url="https://example.com/dragon",
    )
    trilateral = _document("trilateral.txt", dt.date(2023, 1, 1), "year")
    mou = _document(
        "mou.txt",
        dt.date(2024, 11, 20),
        "day",
        title="Japan <b>and</b> Cambodia to sign MoU",
        publisher="NHK",
        url="https://example.com/mou?a=1&b=2",
    )
    angkor = _document("angkor.txt", dt.date(2017, 1, 1), "month", publisher="VOA")

    visit = _event(
        ["US", "KH"],
        [
            ("Lloyd J. Austin III", "US", "Secretary of Defense"),
            ("Hun Manet", "KH", "Prime Minister"),
        ],
        type="visit",
        subtype="official_visit",
        date_start=dt.date(2024, 6, 4),
        precision="day",
        status="occurred",
        location="Phnom Penh",
        summary="US Defense Secretary Austin visits Cambodia",
        cameo="042",
    )
    visit.mentions = [
        _mention(
            kt,
            "Austin met Prime Minister Hun Manet in Phnom Penh on June 4.",
            "occurred",
            date_text="June 4",
            claimed_date=dt.date(2024, 6, 4),
            claimed_precision="day",
        ),
        _mention(
            seed2,
            "Defense Secretary Lloyd Austin travels to Cambodia Tuesday to meet Hun Manet.",
            "planned",
            date_text="Tuesday",
            claimed_date=dt.date(2024, 6, 4),
            claimed_precision="day",
        ),
    ]
    drill = _event(
        ["KH", "CN"],
        [("Tea Seiha", "KH", "Minister of National Defence")],
        type="drill",
        subtype="joint_exercise",
        date_start=dt.date(2024, 5, 16),
        date_end=dt.date(2024, 5, 28),
        precision="day",
        end_precision="day",
        status="occurred",
        location="Kampong Chhnang",
        summary="Golden Dragon joint exercise",
        cameo="062",
    )
    drill.mentions = [
        _mention(
            dragon,
            "The Golden Dragon exercise opened on Wednesday and runs until May 28.",
            "occurred",
            date_text="Wednesday",
            claimed_date=dt.date(2024, 5, 15),
            claimed_precision="day",
            claimed_date_end=dt.date(2024, 5, 28),
        )
    ]
    summit = _event(
        ["US", "JP", "KH"],
        [("Hun Sen", "KH", "Prime Minister")],
        type="meeting",
        subtype="summit",
        date_start=dt.date(2023, 1, 1),
        precision="year",
        status="occurred",
        summary="Trilateral talks on demining",
        cameo="040",
    )
    summit.mentions = [
        _mention(
            trilateral,
            "In 2023 Cambodia, Japan and the United States held talks on demining.",
            "occurred",
            date_text="2023",
            claimed_date=dt.date(2023, 1, 1),
            claimed_precision="year",
        )
    ]
    agreement = _event(
        ["KH", "JP"],
        [],
        type="agreement",
        subtype="mou",
        date_start=dt.date(2024, 12, 1),
        precision="month",
        status="planned",
        summary="Japan and Cambodia to sign a maritime security MoU",
        cameo="057",
    )
    agreement.mentions = [
        _mention(
            mou,
            SCRIPT_SENTENCE,
            "planned",
            date_text="in December",
            claimed_date=dt.date(2024, 12, 1),
            claimed_precision="month",
        )
    ]
    cancelled = _event(
        ["US", "KH"],
        [],
        type="drill",
        subtype="naval_exercise",
        status="cancelled",
        summary="Angkor Sentinel exercise cancelled",
        cameo="062",
    )
    cancelled.mentions = [
        _mention(
            angkor,
            "Cambodia has cancelled the Angkor Sentinel exercise with the United States.",
            "cancelled",
        )
    ]
    with db.session() as session, session.begin():
        session.add_all(Country(code=c, name=n) for c, n in COUNTRIES.items())
        session.add_all(CountryAlias(alias=a, code=c, kind=k) for a, c, k in ALIASES)
        session.flush()
        for event in (visit, drill, summit, agreement, cancelled):
            session.add(event)
            session.flush()  # ids 1..5 in this order
        refresh_digests(session, range(1, 6))  # as the store does for the events it writes


def _source(document: str, published: str | None, sentence: str, date_text: str | None, **meta):
    return {
        "document": document,
        "title": meta.get("title"),
        "publisher": meta.get("publisher"),
        "url": meta.get("url"),
        "published": published,
        "sentence": sentence,
        "date_text": date_text,
    }


@pytest.fixture(scope="session")
def sample_events() -> dict[int, dict]:
    """The sample events in the DESIGN.md JSON contract, by id (what query --format json says)."""
    events = [
        {
            "id": 1,
            "type": "visit",
            "subtype": "official_visit",
            "date": "2024-06-04",
            "date_end": None,
            "precision": "day",
            "status": "occurred",
            "countries": ["KH", "US"],
            "actors": [
                {"name": "Lloyd J. Austin III", "country": "US", "role": "Secretary of Defense"},
                {"name": "Hun Manet", "country": "KH", "role": "Prime Minister"},
            ],
            "location": "Phnom Penh",
            "summary": "US Defense Secretary Austin visits Cambodia",
            "cameo": "042",
            "sources": [  # earliest published first
                _source(
                    "seed2.txt",
                    "2024-06-03",
                    "Defense Secretary Lloyd Austin travels to Cambodia Tuesday to meet Hun Manet.",
                    "Tuesday",
                    title="Austin to visit Cambodia",
                    publisher="Bloomberg",
                    url="https://example.com/austin",
                ),
                _source(
                    "khmertimes-0605.txt",
                    "2024-06-05",
                    "Austin met Prime Minister Hun Manet in Phnom Penh on June 4.",
                    "June 4",
                    title="Austin meets Hun Manet in Phnom Penh",
                    publisher="Khmer Times",
                ),
            ],
        },
        {
            "id": 2,
            "type": "drill",
            "subtype": "joint_exercise",
            "date": "2024-05-16",
            "date_end": "2024-05-28",
            "precision": "day",
            "status": "occurred",
            "countries": ["CN", "KH"],
            "actors": [
                {"name": "Tea Seiha", "country": "KH", "role": "Minister of National Defence"}
            ],
            "location": "Kampong Chhnang",
            "summary": "Golden Dragon joint exercise",
            "cameo": "062",
            "sources": [
                _source(
                    "golden-dragon.txt",
                    "2024-05-16",
                    "The Golden Dragon exercise opened on Wednesday and runs until May 28.",
                    "Wednesday",
                    title="Golden Dragon drill begins",
                    publisher="Xinhua",
                    url="https://example.com/dragon",
                )
            ],
        },
        {
            "id": 3,
            "type": "meeting",
            "subtype": "summit",
            "date": "2023",
            "date_end": None,
            "precision": "year",
            "status": "occurred",
            "countries": ["JP", "KH", "US"],
            "actors": [{"name": "Hun Sen", "country": "KH", "role": "Prime Minister"}],
            "location": None,
            "summary": "Trilateral talks on demining",
            "cameo": "040",
            "sources": [
                _source(
                    "trilateral.txt",
                    "2023",
                    "In 2023 Cambodia, Japan and the United States held talks on demining.",
                    "2023",
                )
            ],
        },
        {
            "id": 4,
            "type": "agreement",
            "subtype": "mou",
            "date": "2024-12",
            "date_end": None,
            "precision": "month",
            "status": "planned",
            "countries": ["JP", "KH"],
            "actors": [],
            "location": None,
            "summary": "Japan and Cambodia to sign a maritime security MoU",
            "cameo": "057",
            "sources": [
                _source(
                    "mou.txt",
                    "2024-11-20",
                    SCRIPT_SENTENCE,
                    "in December",
                    title="Japan <b>and</b> Cambodia to sign MoU",
                    publisher="NHK",
                    url="https://example.com/mou?a=1&b=2",
                )
            ],
        },
        {
            "id": 5,
            "type": "drill",
            "subtype": "naval_exercise",
            "date": None,
            "date_end": None,
            "precision": None,
            "status": "cancelled",
            "countries": ["KH", "US"],
            "actors": [],
            "location": None,
            "summary": "Angkor Sentinel exercise cancelled",
            "cameo": "062",
            "sources": [
                _source(
                    "angkor.txt",
                    "2017-01",
                    "Cambodia has cancelled the Angkor Sentinel exercise with the United States.",
                    None,
                    publisher="VOA",
                )
            ],
        },
    ]
    return {e["id"]: e for e in events}
