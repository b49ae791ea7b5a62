"""Migrations on a populated database keep every row.

Populate a database at head (ingested articles with reference data, plus a hand-made event
that sets every column), then step down one revision at a time to the first one (not to
base: that drops the tables) and back up to head. After every step each table that exists
holds exactly the rows it held before, column for column; the views come back too.
"""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from sqlalchemy import inspect, text

from timeline.cli import cli
from timeline.config import MIGRATIONS_DIR, PROJECT_ROOT
from timeline.db import (
    current_revision,
    downgrade,
    head_revision,
    make_engine,
    open_database,
    upgrade,
)
from timeline.digest import refresh
from timeline.models import Document, Event, EventActor, EventCountry, Mention

PG_ENV = "TIMELINE_TEST_PG_URL"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
ARTICLES = PROJECT_ROOT / "seeds" / "articles"


def populate(url: str) -> None:
    result = CliRunner().invoke(cli, ["--db", url, "ingest", str(ARTICLES)])
    assert result.exit_code == 0, result.stderr
    db = open_database(url)
    with db.session() as session, session.begin():
        doc = Document(
            sha256="f" * 64,
            name="hand-made 'quoted' \u00e9v\u00e9nement.txt",
            title="Title",
            publisher="Publisher",
            url="https://example.com/?a=1&b=2",
            published=dt.date(2024, 2, 29),
            published_precision="day",
            published_basis="manifest",
            text="Text with a NUL-free but odd \u2028 line separator and emoji \U0001f30f.",
        )
        event = Event(
            type="drill",
            subtype="naval_exercise",
            date_start=dt.date(2024, 2, 28),
            date_end=dt.date(2024, 3, 2),
            precision="day",
            end_precision="day",
            status="planned",
            location="Ream",
            name="Golden Dragon",
            summary="A summary; with 'quotes' and \"double quotes\"",
            cameo="062",
            origin="manual",
            reviewed=True,
            conflicts="a.txt: date 2024-02-27\nb.txt: status occurred",
        )
        event.countries = [
            EventCountry(code="KH", side="host"),
            EventCountry(code="CN", side="guest"),
        ]
        event.actors = [EventActor(name="Someone", country="KH", role_on_date="Minister")]
        event.mentions = [
            Mention(
                document=doc,
                sentence="Odd \u2028 sentence.",
                char_start=0,
                char_end=17,
                trigger="drill",
                date_text="Feb. 28-March 2",
                date_basis="absolute",
                claimed_date=dt.date(2024, 2, 28),
                claimed_date_end=dt.date(2024, 3, 2),
                claimed_precision="day",
                claimed_end_precision="day",
                claimed_status="planned",
                date_quality=3,
            )
        ]
        session.add(event)
        session.flush()
        refresh(session, [event.id])  # what `timeline db refresh` does after edits by hand
    db.close()


def dump(url: str, objects: str = "tables") -> dict[str, list[tuple]]:
    """Every row of every table (or view), in a stable order."""
    engine = make_engine(url)
    out: dict[str, list[tuple]] = {}
    with engine.connect() as conn:
        insp = inspect(conn)
        names = insp.get_table_names() if objects == "tables" else insp.get_view_names()
        for name in sorted(set(names) - {"alembic_version"}):
            cols = [c["name"] for c in insp.get_columns(name)]
            order = ", ".join(f'"{c}"' for c in cols)
            rows = conn.execute(text(f'SELECT * FROM "{name}" ORDER BY {order}'))
            out[name] = sorted((tuple(r) for r in rows), key=repr)
    engine.dispose()
    return out


def revisions_below_head() -> list[str]:
    """Revisions from head's parent down to the first one (base is not a revision)."""
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return [rev.down_revision for rev in script.walk_revisions() if rev.down_revision]


def test_migrations_keep_every_row(empty_db_url: str) -> None:
    populate(empty_db_url)
    tables, views = dump(empty_db_url), dump(empty_db_url, "views")
    assert all(tables[t] for t in ("document", "event", "event_country", "mention", "country"))
    assert len(tables["document"]) == len(list(ARTICLES.iterdir())) + 1
    assert views and all(views.values())

    engine = make_engine(empty_db_url)
    below = revisions_below_head()
    assert below, "only one revision: nothing to step down to but base"
    for revision in below:
        downgrade(engine, "-1")
        assert current_revision(engine) == revision
        now = dump(empty_db_url)
        assert set(now) <= set(tables)
        for name, rows in now.items():
            assert rows == tables[name], f"{name} changed by the downgrade to {revision}"
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    engine.dispose()
    assert dump(empty_db_url) == tables
    assert dump(empty_db_url, "views") == views

    # and the application still works on it
    result = CliRunner().invoke(cli, ["--db", empty_db_url, "stats", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert f'"documents": {len(tables["document"])}' in result.stdout
