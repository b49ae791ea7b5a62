"""Reliability: bad input, idempotence, hostile option values, fuzzing, internal errors.

Every CLI case runs `timeline --db URL ...` in-process (click's CliRunner) on a new database
(SQLite under tmp_path; PostgreSQL when TIMELINE_TEST_PG_URL is set). The promises tested here
are listed in docs/guarantees.md.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import re
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from timeline.cli import cli
from timeline.db import make_engine

PG_ENV = "TIMELINE_TEST_PG_URL"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

PAIRS = [("Japan", "Cambodia"), ("France", "India"), ("Vietnam", "Thailand")]


def article(i: int, *, front_matter: bool = True) -> str:
    """A small article with one meeting on its own day (no two articles share an event)."""
    a, b = PAIRS[i % len(PAIRS)]
    day = dt.date(2015, 1, 1) + dt.timedelta(days=3 * i)
    body = (
        f"The foreign ministers of {a} and {b} met in the capital on {day:%B} {day.day}, "
        f"{day.year}, and discussed trade, officials said (story {i}).\n"
    )
    if not front_matter:
        return body
    published = day + dt.timedelta(days=1)
    return f"---\ntitle: Story {i}\npublished: {published.isoformat()}\n---\n{body}"


# -- databases -----------------------------------------------------------------------------------


def timeline(url: str, *args: str, input: bytes | str | None = None) -> Result:
    result = CliRunner().invoke(cli, ["--db", url, *args], input=input)
    assert "Traceback" not in result.output + result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{args}: unexpected {result.exception!r}\n{result.stderr}")
    return result


def stats(url: str) -> dict[str, int]:
    result = timeline(url, "stats", "--format", "json")
    assert result.exit_code == 0, result.stderr
    counts = json.loads(result.stdout)
    return {k: counts[k] for k in ("documents", "events", "mentions")}


def dump(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    engine = make_engine(url)
    out: dict[str, list[tuple]] = {}
    with engine.connect() as conn:
        insp = inspect(conn)
        for table in sorted(insp.get_table_names()):
            cols = [c["name"] for c in insp.get_columns(table)]
            key = insp.get_pk_constraint(table)["constrained_columns"] or cols
            order = ", ".join(f'"{c}"' for c in key)
            out[table] = [
                tuple(r) for r in conn.execute(text(f'SELECT * FROM "{table}" ORDER BY {order}'))
            ]
    engine.dispose()
    return out


def documents(url: str) -> dict[str, tuple]:
    """name -> (title, publisher, url, published, published_basis) of stored documents."""
    from timeline.models import Document

    engine = make_engine(url)
    columns = ("name", "title", "publisher", "url", "published", "published_basis")
    with Session(engine) as session:
        rows = session.execute(select(*(getattr(Document, c) for c in columns))).all()
    engine.dispose()
    return {r[0]: tuple(r[1:]) for r in rows}


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


# -- bad input: one kind at a time -------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
NO_BODY_HTML = (
    "<html><head><title>Menu</title></head><body><nav><ul><li><a href='/'>Home</a></li>"
    "<li><a href='/news'>News</a></li></ul></nav><footer>Copyright 2024</footer></body></html>"
)


def _jsonl_with_broken_line() -> str:
    good = [json.dumps({"id": f"r{i}", "text": article(i, front_matter=False)}) for i in (1, 2)]
    return f'{good[0]}\n{{"id": "r9", "text": "unterminated\n{good[1]}\n'


# (file name, content, exit status, message on stderr (regex; {path} is the file), stored names)
BAD_INPUTS = {
    "binary": ("photo.txt", PNG, 1, r"error: {path}: binary file", []),
    "empty": ("empty.txt", b"", 1, r"error: {path}: empty document", []),
    "blank": ("blank.md", b"  \n\n\t\n", 1, r"error: {path}: empty document", []),
    "cp1252": (
        "cafe.txt",
        article(1).replace("trade", "trade \u2013 caf\u00e9s").encode("cp1252"),
        0,
        r"warning: {path}: decoded as cp1252",
        ["cafe.txt"],
    ),
    "latin-1": (
        "latin.txt",
        article(1).replace("trade", "trade \x81 caf\u00e9").encode("latin-1"),
        0,
        r"warning: {path}: decoded as latin-1",
        ["latin.txt"],
    ),
    "utf-16": (
        "wide.txt",
        article(1).encode("utf-16"),
        0,
        r"warning: {path}: decoded as UTF-16",
        ["wide.txt"],
    ),
    "front matter without end": (
        "open.md",
        "---\ntitle: Open\n" + article(1, front_matter=False),
        0,
        r"warning: {path}: malformed front matter \(no closing '---'\)",
        ["open.md"],
    ),
    "front matter bad line": (
        "badline.md",
        "---\ntitle: x\nthis is not a field\n---\n" + article(1, front_matter=False),
        0,
        r"warning: {path}: malformed front matter \(line 3\)",
        ["badline.md"],
    ),
    "impossible date": (
        "feb30.txt",
        article(1).replace("published: 2015-01-05", "published: 2015-02-30"),
        0,
        r"warning: {path}: published '2015-02-30' \(front matter\) ignored: impossible date",
        ["feb30.txt"],
    ),
    "far-future date": (
        "future.txt",
        article(1).replace("published: 2015-01-05", "published: 2999-01-01"),
        0,
        r"warning: {path}: published '2999-01-01' \(front matter\) ignored: more than a year",
        ["future.txt"],
    ),
    "not a date": (
        "nodate.txt",
        article(1).replace("published: 2015-01-05", "published: '; DROP TABLE document; --"),
        0,
        r"warning: {path}: published .* ignored: not a date",
        ["nodate.txt"],
    ),
    "broken JSONL line": (
        "wire.jsonl",
        _jsonl_with_broken_line(),
        1,
        r"error: {path}:2: invalid JSON",
        ["r1", "r2"],
    ),
    "JSONL line without text": (
        "notext.jsonl",
        '{"id": "a", "title": "t"}\n[1, 2]\n{"id": "b", "text": "' + "x" * 10 + '"}\n',
        1,
        r"error: {path}:1: record has no text\n(.*\n)*error: {path}:2: not a JSON object",
        ["b"],
    ),
    "truncated gzip": (
        "cut.jsonl.gz",
        gzip.compress(
            "".join(
                json.dumps({"id": f"g{i}", "text": article(i, front_matter=False)}) + "\n"
                for i in range(40)
            ).encode()
        )[:-30],
        1,
        r"error: {path}:\d+: cannot read",
        None,  # the lines before the cut are stored
    ),
    "non-English": (
        "khmer.txt",
        "\u1780\u1798\u17d2\u1796\u17bb\u1787\u17b6 \u1793\u17b7\u1784 "
        "\u1787\u1794\u17c9\u17bb\u1793 "
        "\u1794\u17b6\u1793\u1787\u17bd\u1794\u1782\u17d2\u1793\u17b6\u17d4\n"
        "\u65e5\u672c\u3068\u30ab\u30f3\u30dc\u30b8\u30a2\u306f\u65e5\u66dc\u65e5\u306b\u4f1a\u8ac7"
        "\u3057\u305f\u3002 \u0645\u0635\u0631 \u0648\u0627\u0644\u064a\u0627\u0628\u0627\u0646.\n",
        0,
        r"documents: 2 new, 0 already known, 0 failed",
        ["khmer.txt"],
    ),
    "HTML without article": (
        "menu.html",
        NO_BODY_HTML,
        1,
        r"error: {path}: no article text found",
        [],
    ),
    "HTML that is not HTML": ("junk.html", b"\x00\x01\x02" * 100, 1, r"error: {path}: binary", []),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_named_and_the_run_goes_on(new_db: str, tmp_path: Path, case: str) -> None:
    name, content, status, message, stored = BAD_INPUTS[case]
    folder = tmp_path / "in"
    bad = write(folder / name, content)
    good = write(folder / "zz-good.txt", article(99))  # read after the bad one
    result = timeline(new_db, "ingest", str(folder))
    assert result.exit_code == status, result.stderr
    assert re.search(message.format(path=re.escape(str(bad))), result.stderr), result.stderr
    assert result.stdout == ""
    names = set(documents(new_db))
    assert good.name in names
    if stored is not None:
        assert names == {good.name, *stored}
    else:
        assert len(names) > 1


def test_bad_input_exit_status_when_every_input_fails(new_db: str, tmp_path: Path) -> None:
    write(tmp_path / "a.txt", b"")
    result = timeline(new_db, "ingest", str(tmp_path / "a.txt"), str(tmp_path / "missing.txt"))
    assert result.exit_code == 1
    assert f"error: {tmp_path / 'missing.txt'}: no such file or folder" in result.stderr
    assert "0 new, 0 already known, 2 failed" in result.stderr


def test_bad_input_manifest_naming_missing_files(new_db: str, tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", article(0, front_matter=False))
    manifest = write(
        tmp_path / "manifest.csv",
        "file,title,publisher,url,published\n"
        "a.txt,Talks,Wire,https://example.com/a,2015-01-02\n"
        "gone.txt,Gone,Wire,,2015-01-03\n"
        "also-gone.txt,,,,\n",
    )
    result = timeline(new_db, "ingest", str(tmp_path / "in"), "--manifest", str(manifest))
    assert result.exit_code == 0, result.stderr  # every input was read; the rows are warnings
    assert f"warning: {manifest}:3: no input named 'gone.txt'" in result.stderr
    assert f"warning: {manifest}:4: no input named 'also-gone.txt'" in result.stderr
    assert documents(new_db) == {
        "a.txt": ("Talks", "Wire", "https://example.com/a", dt.date(2015, 1, 2), "manifest")
    }


def test_bad_input_dates_are_not_used(new_db: str, tmp_path: Path) -> None:
    body = article(0, front_matter=False)
    for name, published in [("feb30.txt", "2015-02-30"), ("future.txt", "3024-01-01")]:
        write(tmp_path / name, f"---\npublished: {published}\n---\n{body}{name}\n")
    write(tmp_path / "w.jsonl", json.dumps({"id": "w", "text": body, "published": "0000-00-00"}))
    result = timeline(new_db, "ingest", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    for name, (*_, published, basis) in documents(new_db).items():
        assert basis in (None, "inferred"), name
        assert published is None or published <= dt.date.today(), name


@pytest.mark.slow
def test_bad_input_30_mb_files(new_db: str, tmp_path: Path) -> None:
    """A 30 MB text (one 'article'), a 30 MB JSONL line and a 30 MB page: each fails fast with
    its name and the reason; the small articles around them are stored."""
    paragraph = "Cambodia and Japan held talks in Tokyo on Sunday, officials said.\n\n"
    big = paragraph * (30_000_000 // len(paragraph))
    write(tmp_path / "a-huge.txt", "---\ntitle: Huge\n---\n" + big)
    records = [json.dumps({"id": f"s{i}", "text": article(i, front_matter=False)}) for i in (1, 2)]
    write(
        tmp_path / "b-wire.jsonl",
        "\n".join([records[0], json.dumps({"id": "big", "text": big}), records[1]]) + "\n",
    )
    page = "<html><body><article>" + f"<p>{paragraph}</p>" * 430_000 + "</article></body></html>"
    write(tmp_path / "c-page.html", page)
    write(tmp_path / "d-small.txt", article(3))
    started = time.perf_counter()
    result = timeline(new_db, "ingest", str(tmp_path))
    elapsed = time.perf_counter() - started
    assert result.exit_code == 1, result.stderr
    too_long = r"too long for one article \([\d,]+ characters; the limit is [\d,]+\): split it"
    assert re.search(f"error: {re.escape(str(tmp_path / 'a-huge.txt'))}: {too_long}", result.stderr)
    assert re.search(
        f"error: {re.escape(str(tmp_path / 'b-wire.jsonl'))}:2: {too_long}", result.stderr
    )
    assert re.search(
        f"error: {re.escape(str(tmp_path / 'c-page.html'))}: too large \\(3\\d\\.\\d MB; the limit",
        result.stderr,
    )
    assert set(documents(new_db)) == {"s1", "s2", "d-small.txt"}
    assert elapsed < 60, f"{elapsed:.1f} s"


def test_bad_input_stdin_in_cp1252(new_db: str) -> None:
    data = article(2).replace("trade", "trade \u2013 caf\u00e9s").encode("cp1252")
    result = timeline(new_db, "ingest", "-", input=data)
    assert result.exit_code == 0, result.stderr
    assert "warning: <stdin>: decoded as cp1252" in result.stderr
    assert set(documents(new_db)) == {"stdin"}


# -- bad input: all at once, and nothing stored is harmed -----------------------------------------


@pytest.mark.parametrize("new_db", BACKENDS, indirect=True)
def test_bad_input_never_harms_what_is_stored(new_db: str, tmp_path: Path) -> None:
    good = tmp_path / "good"
    for i in range(6):
        write(good / f"a{i}.txt", article(i))
    assert timeline(new_db, "ingest", str(good)).exit_code == 0
    before = dump(new_db)

    bad = tmp_path / "bad"
    failing = {}
    for case, (name, content, status, _message, stored) in BAD_INPUTS.items():
        if status == 1 and stored == []:
            failing[case] = write(bad / name, content)
    write(bad / "wire.jsonl", '{"text": \n[]\n{"id": 1}\n')
    write(bad / "dup.md", article(3))  # known content under another name
    result = timeline(new_db, "ingest", str(bad), str(tmp_path / "nowhere"), "--jobs", "2")
    assert result.exit_code == 1, result.stderr
    for path in failing.values():
        assert f"error: {path}: " in result.stderr
    for line in (1, 2, 3):
        assert f"error: {bad / 'wire.jsonl'}:{line}: " in result.stderr
    assert f"error: {tmp_path / 'nowhere'}: no such file or folder" in result.stderr
    assert "0 new, 1 already known" in result.stderr
    assert dump(new_db) == before


# -- bad usage: exit status 2, nothing read or stored ---------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--published", "yesterday"], r"--published 'yesterday': not a date"),
        (["--published", "2024-13-01"], r"--published '2024-13-01': impossible date"),
        (["--published", "2999-01-01"], r"--published '2999-01-01': more than a year"),
        (["--manifest", "{tmp}/none.csv"], r"--manifest: .*none.csv: manifest not found"),
        (["--manifest", "{tmp}/bin.csv"], r"--manifest: .*bin.csv: binary file"),
        (["--manifest", "{tmp}/nofile.csv"], r"--manifest: .*nofile.csv:1: manifest needs"),
        (["--jobs", "0"], r"Invalid value for '--jobs'"),
        (["--no-such-option"], r"No such option"),
    ],
)
def test_bad_usage_exits_2_and_stores_nothing(
    new_db: str, tmp_path: Path, args: list[str], message: str
) -> None:
    write(tmp_path / "bin.csv", PNG)
    write(tmp_path / "nofile.csv", "name,title\na.txt,x\n")
    write(tmp_path / "in" / "a.txt", article(0))
    args = [a.format(tmp=tmp_path) for a in args]
    result = timeline(new_db, "ingest", str(tmp_path / "in"), *args)
    assert result.exit_code == 2, result.stderr
    assert re.search(message, result.stderr), result.stderr
    assert result.stderr.count("Error: ") == 1
    assert stats(new_db)["documents"] == 0


def test_bad_usage_no_paths(new_db: str) -> None:
    result = timeline(new_db, "ingest")
    assert result.exit_code == 2
    assert "Missing argument 'PATHS...'" in result.stderr


# -- idempotence ---------------------------------------------------------------------------------


@pytest.mark.parametrize("new_db", BACKENDS, indirect=True)
def test_idempotent_reingest_and_renamed_copies(new_db: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for i in range(8):
        write(folder / f"a{i}.txt", article(i))
    first = timeline(new_db, "ingest", str(folder))
    assert first.exit_code == 0, first.stderr
    assert "8 new, 0 already known" in first.stderr
    counts, before = stats(new_db), dump(new_db)
    assert counts["documents"] == 8 and counts["events"] >= 8

    again = timeline(new_db, "ingest", str(folder), "--jobs", "2")
    assert again.exit_code == 0 and "0 new, 8 already known" in again.stderr

    # the same texts under other names, other line ends, other edges and other metadata
    copies = tmp_path / "copies"
    write(copies / "renamed.md", article(0))
    write(copies / "crlf.txt", article(1).replace("\n", "\r\n").encode())
    write(copies / "padded.txt", article(2).replace("---\nThe", "---\n\n  The") + "\n \n")
    # (a JSONL record without an id; with an id of its own it would be a document of its own)
    record = {"text": article(3, front_matter=False), "title": "Another title"}
    lines = [json.dumps(record)]
    write(copies / "wire.jsonl", "\n".join(lines) + "\n")
    copy = timeline(new_db, "ingest", str(copies), "--publisher", "Other", "--url", "http://x")
    assert copy.exit_code == 0, copy.stderr
    assert "0 new, 4 already known" in copy.stderr
    stdin = timeline(new_db, "ingest", "-", input=article(4).encode())
    assert stdin.exit_code == 0 and "0 new, 1 already known" in stdin.stderr

    assert stats(new_db) == counts
    assert dump(new_db) == before


def test_idempotent_duplicates_within_one_run(new_db: str, tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "sub/c.md"):
        write(tmp_path / name, article(5))
    result = timeline(new_db, "ingest", str(tmp_path), str(tmp_path / "a.txt"))
    assert result.exit_code == 0, result.stderr
    assert "1 new, 3 already known" in result.stderr
    assert stats(new_db)["documents"] == 1


# -- hostile option values -----------------------------------------------------------------------

HOSTILE = [
    "'; DROP TABLE event; --",
    "' OR '1'='1",
    '" OR ""="',
    "%",
    "_",
    "%_%\\",
    "\\' ; SELECT pg_sleep(5); --",
    "1) UNION SELECT * FROM document --",
    "<script>alert(1)</script>",
    "KH-US'--",
    "\u202e",  # right-to-left override
    "\ud800",  # a lone surrogate, as os.fsdecode makes of an invalid byte in argv
    "x" * 100_000,
    "Cambodia" * 5_000,
]
QUERY_OPTIONS = ["--pair", "--actor", "--text", "--type", "--since", "--until", "--status"]


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v[:20]))
def test_hostile_values_in_query_filters(sample_db, value: str) -> None:  # type: ignore[no-untyped-def]
    url = sample_db.engine.url.render_as_string(hide_password=False)
    before = dump(url)
    for option in QUERY_OPTIONS:
        for command in (["query", "--format", "json"], ["export", "--format", "csv"]):
            result = timeline(url, *command, option, value)
            assert result.exit_code in (0, 2), (option, result.stderr)
            if result.exit_code == 2:
                assert "Error" in result.stderr
    for args in (
        ["actors", "--country", value],
        ["actors", "--on", value],
        ["stats", "--pair", value],
    ):
        result = timeline(url, *args)
        assert result.exit_code in (0, 2), (args, result.stderr)
    assert dump(url) == before


@pytest.mark.parametrize("new_db", BACKENDS, indirect=True)
def test_hostile_values_in_ingest_options(new_db: str, tmp_path: Path) -> None:
    values = [v for v in HOSTILE if len(v) < 1000] + ["p" * 100_000]
    for i, value in enumerate(values):
        path = write(tmp_path / f"a{i}.txt", article(i, front_matter=False))
        result = timeline(new_db, "ingest", str(path), "--publisher", value, "--url", value)
        assert result.exit_code == 0, (value[:40], result.stderr)
    stored = documents(new_db)
    assert len(stored) == len(values)
    for i, value in enumerate(values):
        _title, publisher, url, *_ = stored[f"a{i}.txt"]
        expected = value.replace("\ud800", "\ufffd")
        assert url == expected  # a Text column: kept whole
        assert publisher == (expected if len(expected) <= 300 else expected[:299] + "\u2026")
    assert {"document", "event", "mention", "country"} <= set(dump(new_db))


# -- fuzzing -------------------------------------------------------------------------------------

SUFFIXES = [".txt", ".md", ".html", ".jsonl", ".jsonl.gz", ".csv"]


def _read_all(path: str, **kwargs: object) -> list[object]:
    from timeline.extract.read import ReadFailure, ReadWarning, iter_documents
    from timeline.extract.records import Document

    items = list(iter_documents([path], **kwargs))  # type: ignore[arg-type]
    for item in items:
        assert isinstance(item, Document | ReadFailure | ReadWarning)
        if isinstance(item, Document):
            assert item.text.strip()
            assert "\x00" not in item.text
            item.text.encode("utf-8")  # storable
    return items


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_fuzz_readers_on_arbitrary_bytes(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "input" + suffix)
        with open(path, "wb") as fh:
            fh.write(data)
        _read_all(path)
        _read_all(folder, manifest=path)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
records = st.fixed_dictionaries(
    {},
    optional={
        "text": st.text(max_size=300) | json_values,
        "id": json_values,
        "title": json_values,
        "publisher": json_values,
        "url": json_values,
        "published": st.text(max_size=30) | json_values,
    },
)
jsonl_lines = st.one_of(
    records.map(lambda r: json.dumps(r, ensure_ascii=False)),
    records.map(json.dumps),
    json_values.map(json.dumps),
    st.text(max_size=200).filter(lambda s: "\n" not in s and "\r" not in s),
    st.sampled_from(
        [
            "[" * 5000,
            '{"text": "' + "9" * 5000 + '"}',
            '{"text": 1' + "0" * 5000 + "}",
            '{"text": "Japan \\u0000 and Cambodia met \\ud800 on May 5, 2024.", "id": "\\udfff"}',
            '{"text": "ok", "published": "' + "2024-" * 50 + '"}',
            '\ufeff{"text": "bom"}',
        ]
    ),
)


@FUZZ
@given(lines=st.lists(jsonl_lines, max_size=8), gz=st.booleans())
def test_fuzz_readers_on_arbitrary_jsonl_lines(lines: list[str], gz: bool) -> None:
    data = ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "wire.jsonl" + (".gz" if gz else ""))
        with open(path, "wb") as fh:
            fh.write(gzip.compress(data) if gz else data)
        items = _read_all(path)
    from timeline.extract.read import ReadFailure

    for item in items:  # a failure names the file and the line
        if isinstance(item, ReadFailure):
            assert item.source == path and item.line is not None


@FUZZ
@given(value=st.text(max_size=60) | st.from_regex(r"\d{1,5}(-\d{1,3}(-\d{1,3})?)?", fullmatch=True))
def test_fuzz_parse_published(value: str) -> None:
    from timeline.extract.read import parse_published

    try:
        date = parse_published(value, today=dt.date(2024, 6, 1))
    except ValueError:
        return
    assert date.first_day() <= dt.date(2025, 6, 1)


anchors = st.none() | st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).flatmap(
    lambda d: st.sampled_from([d.isoformat(), d.isoformat()[:7], d.isoformat()[:4]])
)
NEWS_WORDS = (
    "on in from to until by last next this week month year Monday Tuesday May June "
    "2024 1999 12 31 - / , . : 15-17 Dec. Jan the of early late mid-2023 '90s ago "
    "Japan Cambodia visit met talks signed drill will said yesterday today tomorrow"
)
news_words = st.sampled_from(NEWS_WORDS.split())
news_text = st.lists(news_words | st.text(max_size=6), max_size=40).map(" ".join)


@FUZZ
@given(text_=st.text(max_size=300) | news_text, published=anchors)
def test_fuzz_find_dates(text_: str, published: str | None) -> None:
    from timeline.extract.dates import find_dates

    found = find_dates(text_, published)
    for m in found:
        assert 0 <= m.start < m.end <= len(text_)
        assert text_[m.start : m.end] == m.text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_=st.text(min_size=1, max_size=400) | news_text, published=anchors)
def test_fuzz_extract_document(text_: str, published: str | None) -> None:
    from timeline.extract.pipeline import extract_document
    from timeline.extract.records import Document
    from timeline.partialdate import PartialDate

    doc = Document(
        name="fuzz", text=text_, published=PartialDate.parse(published) if published else None
    )
    extract_document(doc)  # never raises


def test_storable_strings() -> None:
    from timeline.store import storable

    assert storable("a\x00b\ud800c") == "a\ufffdb\ufffdc"
    assert storable("x" * 10, 4) == "xxx\u2026"
    assert storable("ok", 4) == "ok"


# -- internal errors -----------------------------------------------------------------------------


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom\nsecond line")


def test_internal_error_prints_one_line_and_exits_1(monkeypatch, capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from timeline import cli as cli_module

    monkeypatch.setattr("timeline.db.open_database", _boom)
    monkeypatch.setattr("sys.argv", ["timeline", "--db", f"sqlite:///{tmp_path}/x.db", "stats"])
    monkeypatch.delenv("TIMELINE_DEBUG", raising=False)
    assert cli_module.run() == 1
    err = capsys.readouterr().err
    assert err == (
        "Error: internal error: RuntimeError: boom second line\n"
        "set TIMELINE_DEBUG=1 for a traceback\n"
    )

    monkeypatch.setenv("TIMELINE_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boom"):
        cli_module.run()


def test_internal_error_in_a_subprocess_has_no_traceback(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import timeline.db as d\n"
        "def boom(*a, **k): raise KeyError('no such thing')\n"
        "d.open_database = boom\n"
        "from timeline.cli import main\n"
        "main()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "TIMELINE_DEBUG"}
    args = [sys.executable, "-c", code, "--db", f"sqlite:///{tmp_path}/x.db", "stats"]
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "Error: internal error: KeyError: 'no such thing'" in done.stderr
