"""Crash safety and concurrency, with real `timeline` processes.

- two `timeline ingest` processes at once on one database (SQLite file, PostgreSQL), with the
  same or overlapping inputs, on a database neither has created yet: both exit 0, no
  "database is locked", every document stored once, one event per real-world event;
- several processes opening a new database at the same moment: migrated and seeded once;
- `kill -9` part way through an ingest: the database is intact (PRAGMA integrity_check),
  holds whole documents only, and a rerun completes it.

Each result is compared with a reference database built by one process, one document after
the other (documents by content hash; events by type, dates, countries and the documents and
sentences that state them), so the tests hold whatever the extractor finds.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from timeline.cli import cli
from timeline.config import PROJECT_ROOT
from timeline.db import head_revision, make_engine
from timeline.models import Country, CountryAlias, Document, Event, EventCountry, Mention

pytestmark = pytest.mark.slow

PG_ENV = "TIMELINE_TEST_PG_URL"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
PAIRS = [
    ("Japan", "Cambodia"),
    ("France", "India"),
    ("Vietnam", "Thailand"),
    ("Australia", "Indonesia"),
    ("Laos", "China"),
]
SINGLE = 200  # articles, each with its own event
MULTI = 30  # events told by two different articles, one in each half of the inputs
TIMEOUT = 240


def _day(i: int) -> dt.date:
    return dt.date(2015, 1, 1) + dt.timedelta(days=3 * i)


def story(i: int) -> str:
    a, b = PAIRS[i % len(PAIRS)]
    day = _day(i)
    return (
        f"---\ntitle: Story {i}\npublisher: Wire\npublished: {day + dt.timedelta(days=1)}\n---\n"
        f"The foreign ministers of {a} and {b} met in the capital on {day:%B} {day.day}, "
        f"{day.year}, and discussed trade, officials said (story {i}).\n"
    )


def report(k: int) -> str:
    """Another article about the event of story(SINGLE + k)."""
    i = SINGLE + k
    a, b = PAIRS[i % len(PAIRS)]
    day = _day(i)
    return (
        f"---\ntitle: Report {k}\npublisher: Other Wire\npublished: {day + dt.timedelta(days=2)}"
        f"\n---\nOfficials in the capital said that {a} and {b} held talks in Tokyo on "
        f"{day:%B} {day.day}, {day.year} on fisheries and trade (report {k}).\n"
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """all: every article; a and b: two overlapping halves (a: stories 0-129 and the first
    telling of each multi-source event; b: stories 70-199 and the second telling)."""
    root = tmp_path_factory.mktemp("corpus")
    folders = {name: root / name for name in ("all", "a", "b")}
    for folder in folders.values():
        folder.mkdir()
    for i in range(SINGLE):
        name = f"s{i:03d}.txt"
        (folders["all"] / name).write_text(story(i))
        if i < 130:
            (folders["a"] / name).write_text(story(i))
        if i >= 70:
            (folders["b"] / name).write_text(story(i))
    for k in range(MULTI):
        # same position in both halves, so that both processes store them at about one time
        (folders["all"] / f"m{k:03d}a.txt").write_text(story(SINGLE + k))
        (folders["all"] / f"m{k:03d}b.txt").write_text(report(k))
        (folders["a"] / f"m{k:03d}.txt").write_text(story(SINGLE + k))
        (folders["b"] / f"m{k:03d}.txt").write_text(report(k))
    return folders


@pytest.fixture(scope="module")
def reference(corpus: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict:
    """What one process storing the whole corpus, one document after the other, makes of it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'ref.db'}"
    result = CliRunner().invoke(cli, ["--db", url, "ingest", str(corpus["all"])])
    assert result.exit_code == 0, result.stderr
    ref = contents(url)
    assert len(ref["documents"]) == SINGLE + 2 * MULTI
    merged = [e for e in ref["events"] if len({sha for sha, _ in e[-1]}) == 2]
    assert len(merged) >= MULTI  # each multi-source event is one event with both sources
    ref["countries"] = len(ref["countries"])
    return ref


def contents(url: str) -> dict:
    """Documents (content hashes) and events (with their sources) of a database, without ids."""
    engine = make_engine(url)
    with Session(engine) as session:
        shas = list(session.scalars(select(Document.sha256)))
        codes: dict[int, list[str]] = {}
        for event_id, code in session.execute(select(EventCountry.event_id, EventCountry.code)):
            codes.setdefault(event_id, []).append(code)
        sources: dict[int, list[tuple[str, int]]] = {}
        rows = session.execute(
            select(Mention.event_id, Document.sha256, Mention.char_start).join(Document)
        )
        for event_id, sha, start in rows:
            sources.setdefault(event_id, []).append((sha, start))
        events = sorted(
            (
                e.type,
                e.subtype or "",
                str(e.date_start),
                str(e.date_end),
                e.precision or "",
                e.status,
                tuple(sorted(codes.get(e.id, []))),
                tuple(sorted(sources.get(e.id, []))),
            )
            for e in session.scalars(select(Event))
        )
        countries = list(session.scalars(select(Country.code)))
        aliases = session.scalar(select(func.count()).select_from(CountryAlias))
    engine.dispose()
    return {
        "documents": sorted(shas),
        "events": events,
        "countries": countries,
        "aliases": aliases,
    }


def assert_complete(url: str, ref: dict) -> None:
    got = contents(url)
    assert len(got["documents"]) == len(set(got["documents"])), "a document stored twice"
    assert got["documents"] == ref["documents"]
    assert len(got["countries"]) == ref["countries"]
    assert got["events"] == ref["events"]


# -- databases and processes -----------------------------------------------------------------------


# Imports everything first, says it is ready, waits for the word, then runs `timeline ARGS`:
# the processes start their real work at the same moment.
LAUNCHER = """\
import os, sys, time
from timeline.cli import main
import alembic.command, timeline.ingest, timeline.extract.pipeline, timeline.seeds
ready, go = sys.argv[1], sys.argv[2]
open(ready, "w").close()
while not os.path.exists(go):
    time.sleep(0.002)
sys.argv = ["timeline", *sys.argv[3:]]
main()
"""


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TIMELINE_DB", "TIMELINE_DEBUG")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    return env


def run_together(tmp_path: Path, *commands: list[str]) -> list[tuple[int, str, str]]:
    """Run `timeline COMMAND` in one process each, released at the same moment; returns
    (exit status, stdout, stderr) of each."""
    go = tmp_path / "go"
    procs = []
    for n, args in enumerate(commands):
        ready = tmp_path / f"ready{n}"
        out = open(tmp_path / f"out{n}", "w+")  # noqa: SIM115 (closed below)
        err = open(tmp_path / f"err{n}", "w+")  # noqa: SIM115
        cmd = [sys.executable, "-c", LAUNCHER, str(ready), str(go), *args]
        procs.append((ready, subprocess.Popen(cmd, stdout=out, stderr=err, env=_env()), out, err))
    deadline = time.monotonic() + 120
    while not all(ready.exists() for ready, *_ in procs):
        assert all(p.poll() is None for _, p, *_ in procs), "a process died while starting"
        assert time.monotonic() < deadline, "processes did not start"
        time.sleep(0.01)
    go.touch()
    results = []
    for _, proc, out, err in procs:
        try:
            status = proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
        out.seek(0)
        err.seek(0)
        results.append((status, out.read(), err.read()))
        out.close()
        err.close()
    return results


def assert_clean(status: int, stderr: str) -> None:
    assert status == 0, stderr
    for bad in ("locked", "Error", "error:", "Traceback", "warning:"):
        assert bad not in stderr, stderr


SUMMARY = re.compile(r"documents: (\d+) new, (\d+) already known, (\d+) failed")


def summary(stderr: str) -> tuple[int, int, int]:
    m = SUMMARY.search(stderr)
    assert m, stderr
    return int(m[1]), int(m[2]), int(m[3])


# -- two ingests at once ---------------------------------------------------------------------------


@pytest.mark.parametrize("new_db", BACKENDS, indirect=True)
def test_two_ingests_at_once_same_inputs(new_db, corpus, reference, tmp_path) -> None:  # type: ignore[no-untyped-def]
    args = ["--db", new_db, "ingest", str(corpus["all"])]
    results = run_together(tmp_path, args, [*args, "--jobs", "2"])
    for status, _, stderr in results:
        assert_clean(status, stderr)
    counts = [summary(stderr) for _, _, stderr in results]
    total = SINGLE + 2 * MULTI
    assert sum(new for new, _, _ in counts) == total  # each document stored by one of them
    assert all(new + known == total for new, known, _ in counts)
    assert_complete(new_db, reference)


@pytest.mark.parametrize("new_db", BACKENDS, indirect=True)
def test_two_ingests_at_once_overlapping_inputs(new_db, corpus, reference, tmp_path) -> None:  # type: ignore[no-untyped-def]
    results = run_together(
        tmp_path,
        ["--db", new_db, "ingest", str(corpus["a"])],
        ["--db", new_db, "ingest", str(corpus["b"])],
    )
    for status, _, stderr in results:
        assert_clean(status, stderr)
    (new_a, known_a, _), (new_b, known_b, _) = (summary(e) for _, _, e in results)
    assert new_a + new_b == SINGLE + 2 * MULTI
    assert known_a + known_b == 60  # stories 70-129 are in both halves
    assert_complete(new_db, reference)


@pytest.mark.parametrize("new_db", BACKENDS, indirect=True)
def test_first_use_by_several_processes_at_once(new_db, reference, tmp_path) -> None:  # type: ignore[no-untyped-def]
    results = run_together(tmp_path, *[["--db", new_db, "stats", "--format", "json"]] * 4)
    for status, stdout, stderr in results:
        assert status == 0, stderr
        assert stderr == ""
        assert '"documents": 0' in stdout
    engine = make_engine(new_db)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [
            head_revision()
        ]
    engine.dispose()
    got = contents(new_db)
    assert len(got["countries"]) == reference["countries"]  # seeded once, completely
    assert got["aliases"] == reference["aliases"]


# -- kill -9 part way ----------------------------------------------------------------------


def _count(engine, table: str = "document") -> int:  # type: ignore[no-untyped-def]
    try:
        with engine.connect() as conn:
            return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
    except SQLAlchemyError:  # not created yet
        return 0


@pytest.mark.parametrize("new_db", BACKENDS, indirect=True)
def test_kill_9_part_way_then_rerun(new_db, corpus, reference, tmp_path) -> None:  # type: ignore[no-untyped-def]
    total = SINGLE + 2 * MULTI
    cmd = [sys.executable, "-m", "timeline", "--db", new_db, "ingest", str(corpus["all"])]
    err = open(tmp_path / "err", "w+")  # noqa: SIM115
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=_env())
    engine = make_engine(new_db)
    deadline = time.monotonic() + TIMEOUT
    try:
        while _count(engine) < 40:
            assert proc.poll() is None, "the ingest ended before it was killed"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
        err.close()
    assert proc.returncode == -signal.SIGKILL
    engine.dispose()

    if new_db.startswith("sqlite"):
        con = sqlite3.connect(new_db.removeprefix("sqlite:///"))
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        con.close()

    # whole documents only: each stored document has every mention it has in the reference
    stored = contents(new_db)
    assert 40 <= len(stored["documents"]) < total
    assert len(stored["documents"]) == len(set(stored["documents"]))
    ref_sources = Counter(s for e in reference["events"] for s in e[-1])
    got_sources = Counter(s for e in stored["events"] for s in e[-1])
    assert set(got_sources) <= set(ref_sources)
    for sha in stored["documents"]:
        assert {s for s in got_sources if s[0] == sha} == {s for s in ref_sources if s[0] == sha}
    assert all(e[-1] and len(e[6]) >= 2 for e in stored["events"])  # no event left half-made

    rerun = subprocess.run(cmd, capture_output=True, text=True, env=_env(), timeout=TIMEOUT)
    assert_clean(rerun.returncode, rerun.stderr)
    assert summary(rerun.stderr) == (total - len(stored["documents"]), len(stored["documents"]), 0)
    assert_complete(new_db, reference)
