"""Event digests (the flat CSV columns stored per event) and document identity.

CSV export reads digests instead of assembling each event; these tests check that what it
writes is what the assembled events say, whether the digest was written by the store, is
missing, or was recomputed by `timeline db refresh`.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, func, select, update

from timeline.cli import cli
from timeline.db import open_database
from timeline.digest import compute
from timeline.export import DIGEST_COLUMNS, write_csv, write_events
from timeline.models import Document, EventDigest
from timeline.query import EventFilter, iter_events

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ARTICLES = PROJECT_ROOT / "seeds" / "articles"


def assembled_csv(db, flt: EventFilter | None = None) -> str:
    out = io.StringIO()
    with db.session() as session:
        write_events(iter_events(session, flt or EventFilter()), "csv", out)
    return out.getvalue()


def digest_csv(db, flt: EventFilter | None = None) -> str:
    out = io.StringIO()
    with db.session() as session:
        write_csv(session, flt or EventFilter(), out, chunk_size=2)
    return out.getvalue()


def ingest(url: str, *paths: str) -> None:
    result = CliRunner().invoke(cli, ["--db", url, "ingest", "-q", *paths])
    assert result.exit_code == 0, result.output + result.stderr


def test_digest_csv_equals_assembled_events(sample_db):
    assert digest_csv(sample_db) == assembled_csv(sample_db)
    pair = EventFilter(countries=("KH", "US"))
    assert digest_csv(sample_db, pair) == assembled_csv(sample_db, pair)
    assert digest_csv(sample_db).count("\r\n") == 6  # header and five events
    for limit in range(1, 6):  # dated events come before undated ones, within the limit
        flt = EventFilter(limit=limit)
        assert digest_csv(sample_db, flt) == assembled_csv(sample_db, flt)


def test_ingest_keeps_digests_of_merged_events_current(empty_db_url):
    """The sample articles tell one visit in two articles: the second document merges into
    the event the first created, and the digest then names both."""
    ingest(empty_db_url, str(ARTICLES))
    db = open_database(empty_db_url)
    with db.session() as session:
        stored = {
            row.event_id: {k: getattr(row, k) for k in DIGEST_COLUMNS}
            for row in session.scalars(select(EventDigest))
        }
        events = session.scalar(select(func.count()).select_from(EventDigest.__table__))
        assert stored == compute(session, list(stored))
    assert events == len(stored) > 0
    multi = [d for d in stored.values() if d["source_count"] == 2]
    assert len(multi) == 1 and multi[0]["countries"] == "KH;US"
    assert len(multi[0]["documents"].split(";")) == 2
    assert digest_csv(db) == assembled_csv(db)
    db.close()


def test_export_computes_missing_digests_and_db_refresh_restores_them(empty_db_url):
    ingest(empty_db_url, str(ARTICLES))
    db = open_database(empty_db_url)
    expected = assembled_csv(db)
    with db.session() as session, session.begin():
        session.execute(delete(EventDigest).where(EventDigest.event_id % 2 == 0))
        session.execute(update(EventDigest).values(csv_row="stale"))  # an edit made by SQL
    assert digest_csv(db).count("stale") > 0

    result = CliRunner().invoke(cli, ["--db", empty_db_url, "db", "refresh"])
    assert result.exit_code == 0, result.stderr
    assert "refreshed the digests of" in result.stderr
    assert digest_csv(db) == expected

    with db.session() as session, session.begin():
        session.execute(delete(EventDigest))
    # no digest at all: the export computes them and writes the same CSV
    assert digest_csv(db) == expected
    db.close()


def test_query_and_export_csv_use_the_same_rows(new_db):
    ingest(new_db, str(ARTICLES))
    runner = CliRunner()
    exported = runner.invoke(cli, ["--db", new_db, "export", "--format", "csv"])
    queried = runner.invoke(cli, ["--db", new_db, "query", "--pair", "US-KH", "--format", "csv"])
    assert exported.exit_code == queried.exit_code == 0
    lines = exported.stdout.splitlines()
    pair_lines = [ln for ln in lines[1:] if ",KH;US," in ln]
    assert pair_lines and queried.stdout.splitlines() == [lines[0], *pair_lines]


# -- document identity ------------------------------------------------------------------------


def records(*rows: dict) -> str:
    return "".join(json.dumps(r) + "\n" for r in rows)


@pytest.mark.parametrize(
    ("rows", "documents"),
    [
        # one story filed twice under two headlines and ids: two documents
        ([{"id": "4", "title": "A"}, {"id": "16", "title": "B"}], 2),
        # the same record twice: one document
        ([{"id": "4"}, {"id": "4"}], 1),
        # records without ids: the text alone decides
        ([{"title": "A"}, {"title": "B"}], 1),
    ],
)
def test_jsonl_records_are_documents_by_text_and_id(new_db, tmp_path, rows, documents):
    text = "BANGKOK, March 3 - Thailand and Malaysia signed a border trade pact on Tuesday."
    path = tmp_path / "wire.jsonl"
    path.write_text(records(*({"text": text, "published": "1987-03-03", **r} for r in rows)))
    ingest(new_db, str(path))
    ingest(new_db, str(path))  # again: nothing changes
    db = open_database(new_db)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Document.__table__)) == documents
    db.close()
