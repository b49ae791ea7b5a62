"""The shipped timeline.db is what `timeline ingest seeds/articles` builds from the samples.

Rebuild it after a change to the extractor or the sample articles:
    rm -f timeline.db && timeline ingest seeds/articles
(also after a change to the reference data in seeds/)
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from timeline.db import open_database
from timeline.ingest import IngestOptions, ingest
from timeline.models import Event, Mention

ROOT = Path(__file__).resolve().parents[1]


def _events(url: str) -> set[tuple[object, ...]]:
    db = open_database(url)
    try:
        with db.session() as s:
            rows = s.scalars(
                select(Event).options(
                    selectinload(Event.countries),
                    selectinload(Event.mentions).selectinload(Mention.document),
                )
            )
            return {
                (
                    e.type,
                    e.subtype,
                    tuple(sorted(c.code for c in e.countries)),
                    e.date_start,
                    e.date_end,
                    e.precision,
                    e.status,
                    tuple(sorted({m.document.name for m in e.mentions})),
                )
                for e in rows
            }
    finally:
        db.close()


def test_shipped_db_is_built_from_the_sample_articles(tmp_path):
    shipped = ROOT / "timeline.db"
    assert shipped.exists()
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    db = open_database(url)
    summary = ingest(db, [str(ROOT / "seeds" / "articles")], IngestOptions())
    db.close()
    assert summary.documents_failed == 0
    assert summary.documents_new == len(list((ROOT / "seeds" / "articles").glob("*.md")))
    copy = tmp_path / "shipped.db"
    copy.write_bytes(shipped.read_bytes())  # never open the repository's file for writing
    assert _events(f"sqlite:///{copy}") == _events(url)


def test_shipped_db_has_austins_june_2024_visit(tmp_path):
    copy = tmp_path / "shipped.db"
    copy.write_bytes((ROOT / "timeline.db").read_bytes())
    visits = [
        e
        for e in _events(f"sqlite:///{copy}")
        if e[0] == "visit" and e[2] == ("KH", "US") and str(e[3]).startswith("2024-06")
    ]
    assert len(visits) == 1
    assert len(visits[0][7]) == 2  # told by the announcement and by the report


def test_shipped_db_is_at_the_newest_schema_so_a_query_never_writes_it(tmp_path):
    """An outdated shipped file would be migrated (written) by the first query after install."""
    from timeline.db import current_revision, head_revision, make_engine

    copy = tmp_path / "shipped.db"
    copy.write_bytes((ROOT / "timeline.db").read_bytes())
    engine = make_engine(f"sqlite:///{copy}")
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_shipped_db_holds_the_seeds_reference_data(tmp_path):
    """`timeline actors` on a fresh install lists the people seeds/actors.jsonl lists."""
    import json

    from sqlalchemy import text

    copy = tmp_path / "shipped.db"
    copy.write_bytes((ROOT / "timeline.db").read_bytes())
    seeded = {
        json.loads(line)["id"]
        for line in (ROOT / "seeds" / "actors.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    db = open_database(f"sqlite:///{copy}")
    try:
        with db.session() as s:
            stored = set(s.execute(text("SELECT slug FROM actor")).scalars())
    finally:
        db.close()
    assert seeded <= stored
