"""Tests for timeline.extract.read: inputs -> Document records, failures and warnings."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import time
from pathlib import Path

import pytest

from timeline.extract.read import (
    ReadFailure,
    ReadWarning,
    iter_documents,
    parse_published,
)
from timeline.extract.records import Document
from timeline.partialdate import PartialDate

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
BODY = "Cambodia and Japan held talks in Tokyo on Sunday.\n"


def read(paths: list[str | Path], **kwargs: object) -> list[object]:
    return list(iter_documents([str(p) for p in paths], **kwargs))  # type: ignore[arg-type]


def docs(items: list[object]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def only_doc(items: list[object]) -> Document:
    found = docs(items)
    assert len(found) == 1, items
    return found[0]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- front matter --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "title", "publisher", "published"),
    [
        ("title: Talks held\npublisher: The Daily\n", "Talks held", "The Daily", None),
        ("title: \"Quoted: title\"\npublished: '2024-05'\n", "Quoted: title", None, "2024-05"),
        ("published: May 8, 2024\nauthor: Someone\n", None, None, "2024-05-08"),
        ("published: 2024-05-08T10:00:00Z\n\n# comment\n", None, None, "2024-05-08"),
    ],
)
def test_read_front_matter(
    tmp_path: Path, header: str, title: str | None, publisher: str | None, published: str | None
) -> None:
    path = write(tmp_path / "a.txt", f"---\n{header}---\n{BODY}")
    doc = only_doc(read([path]))
    assert (doc.name, doc.text, doc.title, doc.publisher) == ("a.txt", BODY, title, publisher)
    assert doc.published == (PartialDate.parse(published) if published else None)
    assert doc.published_basis == ("front_matter" if published else None)
    assert doc.warnings == ()
    assert doc.source_path == str(path)


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("---\ntitle: x\n" + BODY, "malformed front matter (no closing '---'); text kept whole"),
        (
            "---\ntitle: x\nnot a pair\n---\n" + BODY,
            "malformed front matter (line 3); text kept whole",
        ),
    ],
)
def test_read_front_matter_malformed_keeps_text(tmp_path: Path, text: str, warning: str) -> None:
    doc = only_doc(read([write(tmp_path / "a.md", text)]))
    assert doc.text == text
    assert doc.title is None
    assert doc.warnings == (warning,)


def test_read_without_front_matter_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"Line one.\r\nLine two.\rLine three.\r\n")
    doc = only_doc(read([path]))
    assert doc.text == "Line one.\nLine two.\nLine three.\n"
    assert (doc.title, doc.published, doc.published_basis) == (None, None, None)


# -- published dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-08", "2024-05-08"),
        ("2024-05", "2024-05"),
        ("2024", "2024"),
        ("May 8, 2024", "2024-05-08"),
        ("8 May 2024", "2024-05-08"),
        ("Sept. 2024", "2024-09"),
        ("2024-05-08T10:00:00Z", "2024-05-08"),
        ("2024-05-08 10:00:00+07:00", "2024-05-08"),
        ("Mon, 26 Feb 1987", "1987-02-26"),
        ("Wed, 08 May 2024 10:00:00 GMT", "2024-05-08"),
        ("26-FEB-1987 15:01:01.79", "1987-02-26"),
        ("Jan 28, 2018, 2:18 am IST", "2018-01-28"),
        ("20240508", "2024-05-08"),
    ],
)
def test_read_parse_published_forms(value: str, expected: str) -> None:
    assert parse_published(value, today=dt.date(2025, 1, 1)).iso() == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2024-02-30", "impossible date (day out of range: 2024-02-30)"),
        ("2024-13", "impossible date (month out of range: 13)"),
        ("2026-01-02", "more than a year in the future"),
        ("soon", "not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"),
        ("Foo 8, 2024", "not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"),
    ],
)
def test_read_parse_published_rejects(value: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_published(value, today=dt.date(2025, 1, 1))
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2024-02-30", "impossible date (day out of range: 2024-02-30)"),
        ("2999-01-01", "more than a year in the future"),
    ],
)
def test_read_impossible_and_far_future_published(tmp_path: Path, value: str, reason: str) -> None:
    doc = only_doc(read([write(tmp_path / "a.txt", f"---\npublished: {value}\n---\n{BODY}")]))
    assert (doc.published, doc.published_basis) == (None, None)
    assert doc.warnings == (f"published '{value}' (front matter) ignored: {reason}",)


# -- manifest ------------------------------------------------------------------------------------

FRONT = "---\ntitle: FM title\npublisher: FM pub\nurl: http://fm\npublished: 2020-01-01\n---\n"


def manifest_file(tmp_path: Path, kind: str, rows: list[dict[str, str]]) -> Path:
    if kind == "csv":
        header = "file,title,publisher,url,published"
        lines = [header] + [",".join(r.get(k, "") for k in header.split(",")) for r in rows]
        return write(tmp_path / "manifest.csv", "\n".join(lines) + "\n")
    return write(tmp_path / "manifest.jsonl", "".join(json.dumps(r) + "\n" for r in rows))


@pytest.mark.parametrize("kind", ["csv", "jsonl"])
def test_read_manifest_fills_and_overrides_front_matter(tmp_path: Path, kind: str) -> None:
    write(tmp_path / "in" / "a.txt", FRONT + BODY)
    write(tmp_path / "in" / "b.txt", BODY)
    rows = [
        {"file": "a.txt", "title": "M title", "published": "2021-02"},
        {"file": "articles/b.txt", "publisher": "M pub", "published": "2022"},
    ]
    manifest = manifest_file(tmp_path, kind, rows)
    a, b = docs(read([tmp_path / "in"], manifest=str(manifest)))
    assert (a.title, a.publisher, a.url) == ("M title", "FM pub", "http://fm")
    assert (a.published, a.published_basis) == (PartialDate(2021, 2), "manifest")
    assert (b.title, b.publisher, b.published) == (None, "M pub", PartialDate(2022))
    assert b.published_basis == "manifest"


def test_read_options_win_over_manifest_and_front_matter(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", FRONT + BODY)
    manifest = manifest_file(tmp_path, "csv", [{"file": "a.txt", "publisher": "M", "url": "u"}])
    doc = only_doc(
        read([path], manifest=str(manifest), published="2024-05", publisher="Opt", url="http://o")
    )
    assert (doc.title, doc.publisher, doc.url) == ("FM title", "Opt", "http://o")
    assert (doc.published, doc.published_basis) == (PartialDate(2024, 5), "option")


def test_read_invalid_manifest_date_falls_back_with_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", FRONT + BODY)
    manifest = manifest_file(tmp_path, "csv", [{"file": "a.txt", "published": "2024-02-30"}])
    doc = only_doc(read([path], manifest=str(manifest)))
    assert (doc.published, doc.published_basis) == (PartialDate(2020, 1, 1), "front_matter")
    assert doc.warnings == (
        "published '2024-02-30' (manifest) ignored: impossible date (day out of range: 2024-02-30)",
    )


@pytest.mark.parametrize("kind", ["csv", "jsonl"])
def test_read_manifest_rows_without_input_warn_at_end(tmp_path: Path, kind: str) -> None:
    path = write(tmp_path / "a.txt", BODY)
    rows = [{"file": "gone.txt", "title": "x"}, {"file": "a.txt"}, {"file": "also-gone.txt"}]
    manifest = manifest_file(tmp_path, kind, rows)
    items = read([path], manifest=str(manifest))
    assert isinstance(items[0], Document)
    line = {"csv": (2, 4), "jsonl": (1, 3)}[kind]
    assert items[1:] == [
        ReadWarning(str(manifest), line[0], "no input named 'gone.txt'"),
        ReadWarning(str(manifest), line[1], "no input named 'also-gone.txt'"),
    ]
    assert not isinstance(items[1], ReadFailure)
    assert str(items[1]) == f"{manifest}:{line[0]}: no input named 'gone.txt'"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, ReadFailure("{m}", None, "manifest not found")),
        (
            "name,title\nx,y\n",
            ReadFailure("{m}", 1, "manifest needs a header with a 'file' column"),
        ),
        (
            '{"file": "a.txt"}\n{bad\n',
            ReadFailure(
                "{m}",
                2,
                "invalid JSON (Expecting property name enclosed in double quotes, column 2)",
            ),
        ),
    ],
)
def test_read_manifest_problems(tmp_path: Path, content: str | None, expected: ReadFailure) -> None:
    manifest = tmp_path / "m.csv"
    if content is not None:
        write(manifest, content)
    items = read([write(tmp_path / "a.txt", BODY)], manifest=str(manifest))
    assert items[0] == ReadFailure(str(manifest), expected.line, expected.message)
    assert isinstance(items[1], Document)


def test_read_invalid_published_option_warns_once(tmp_path: Path) -> None:
    items = read([write(tmp_path / "a.txt", BODY), tmp_path / "a.txt"], published="soon")
    assert items[0] == ReadWarning(
        "--published", None, "'soon' ignored: not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"
    )
    assert [d.published for d in docs(items)] == [None, None]


# -- JSONL ---------------------------------------------------------------------------------------

RECORDS = [
    {"id": "r1", "text": "First story.", "title": "One", "published": "1987-02-26", "x": 1},
    {"text": "Second story.", "publisher": "Wire", "url": "http://w/2"},
]


@pytest.mark.parametrize("name", ["stories.jsonl", "stories.jsonl.gz"])
def test_read_jsonl_records(tmp_path: Path, name: str) -> None:
    data = "".join(json.dumps(r) + "\n" for r in RECORDS).encode()
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    first, second = docs(read([path]))
    assert (first.name, first.text, first.title) == ("r1", "First story.", "One")
    assert (first.published, first.published_basis) == (PartialDate(1987, 2, 26), "record")
    assert first.source_path == f"{path}:1"
    assert (second.name, second.publisher, second.url) == (f"{name}:2", "Wire", "http://w/2")
    assert (second.published, second.published_basis) == (None, None)


def test_read_jsonl_broken_lines_reported_with_line_numbers(tmp_path: Path) -> None:
    lines = [
        json.dumps(RECORDS[0]),
        "",
        '{"text": "broken',
        "[1, 2]",
        json.dumps({"title": "no text"}),
        json.dumps({"id": 7, "text": "Last story."}),
    ]
    path = write(tmp_path / "bad.jsonl", "\n".join(lines) + "\n")
    items = read([path])
    assert [type(i).__name__ for i in items] == [
        "Document", "ReadFailure", "ReadFailure", "ReadFailure", "Document",
    ]  # fmt: skip
    assert str(items[1]) == f"{path}:3: invalid JSON (Unterminated string starting at, column 10)"
    assert items[2] == ReadFailure(str(path), 4, "not a JSON object")
    assert items[3] == ReadFailure(str(path), 5, "record has no text")
    assert items[4].name == "7"  # type: ignore[union-attr]


def test_read_truncated_gzip_reports_failure_after_good_lines(tmp_path: Path) -> None:
    data = gzip.compress(("".join(json.dumps(RECORDS[0]) + "\n" for _ in range(50))).encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = read([path])
    assert isinstance(items[-1], ReadFailure)
    assert items[-1].message.startswith("cannot read (")
    assert all(isinstance(i, Document) for i in items[:-1])


def test_read_jsonl_streams_lazily(tmp_path: Path) -> None:
    path = write(tmp_path / "s.jsonl", json.dumps(RECORDS[0]) + "\n{broken\n")
    items = iter_documents([str(path)])
    assert isinstance(next(items), Document)  # the first record comes before line 2 is parsed
    assert isinstance(next(items), ReadFailure)


# -- encodings, binary, empty, large -------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text", "warnings"),
    [
        ("Café talks.".encode(), "Café talks.", ()),
        (b"\xef\xbb\xbfCaf\xc3\xa9 talks.", "Café talks.", ()),
        (b"Caf\xe9 \x93talks\x94.", "Café “talks”.", ("decoded as cp1252",)),
        (b"Caf\xe9 \x81talks.", "Café \x81talks.", ("decoded as latin-1",)),
    ],
)
def test_read_encodings(tmp_path: Path, data: bytes, text: str, warnings: tuple[str, ...]) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    doc = only_doc(read([path]))
    assert (doc.text, doc.warnings) == (text, warnings)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04\x00\x00binary", "binary file"),
        (bytes(range(1, 32)) * 20, "binary file"),
        (b"", "empty document"),
        (b"  \n\t\n", "empty document"),
        (b"---\ntitle: only metadata\n---\n\n", "empty document"),
    ],
)
def test_read_binary_and_empty_files(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    assert read([path]) == [ReadFailure(str(path), None, message)]


def test_read_missing_path_is_a_failure(tmp_path: Path) -> None:
    assert read([tmp_path / "nope.txt"]) == [
        ReadFailure(str(tmp_path / "nope.txt"), None, "no such file or folder")
    ]


def test_read_large_file(tmp_path: Path) -> None:
    paragraph = "Cambodia and Japan held talks in Tokyo on Sunday, officials said.\n\n"
    path = tmp_path / "big.txt"
    path.write_text("---\ntitle: Big\n---\n" + paragraph * (30_000_000 // len(paragraph)))
    started = time.perf_counter()
    doc = only_doc(read([path]))
    assert time.perf_counter() - started < 10
    assert doc.title == "Big"
    assert len(doc.text) == len(paragraph) * (30_000_000 // len(paragraph))


# -- folders -------------------------------------------------------------------------------------


def test_read_folder_recursive_sorted_and_filtered(tmp_path: Path) -> None:
    for rel in ["b.txt", "a.md", "sub/c.txt", "sub/d.csv", ".hidden.txt", ".git/e.txt", "z.json"]:
        write(tmp_path / rel, BODY)
    assert [d.name for d in docs(read([tmp_path]))] == ["a.md", "b.txt", "c.txt"]


def test_read_empty_folder_warns(tmp_path: Path) -> None:
    write(tmp_path / "notes.csv", "x\n")
    assert read([tmp_path]) == [
        ReadWarning(str(tmp_path), None, "no .txt, .md, .html, .htm or .jsonl(.gz) files")
    ]


# -- stdin ---------------------------------------------------------------------------------------


def test_read_stdin_text_with_front_matter() -> None:
    stream = io.StringIO("---\npublished: 2024-06\n---\n" + BODY)
    doc = only_doc(read(["-"], stdin=stream))
    assert (doc.name, doc.text, doc.published, doc.source_path) == (
        "stdin", BODY, PartialDate(2024, 6), "<stdin>",
    )  # fmt: skip


def test_read_stdin_jsonl() -> None:
    stream = io.StringIO("\n" + json.dumps(RECORDS[0]) + "\nnot json\n" + json.dumps(RECORDS[1]))
    items = read(["-"], stdin=stream)
    assert [getattr(i, "name", None) for i in items] == ["r1", None, "<stdin>:4"]
    assert items[1] == ReadFailure("<stdin>", 3, "invalid JSON (Expecting value, column 1)")


def test_read_stdin_empty() -> None:
    assert read(["-"], stdin=io.StringIO("\n  \n")) == [
        ReadFailure("<stdin>", None, "empty document")
    ]


# -- HTML ----------------------------------------------------------------------------------------

PAGE = """<html><head><title>Talks held | The Daily</title>
<meta property="og:title" content="Talks held">
<meta property="og:site_name" content="The Daily">
<meta property="article:published_time" content="2024-05-08T10:00:00Z">
<link rel="canonical" href="https://example.com/talks"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Talks held</h1>
<p>Cambodia and Japan held talks in Tokyo on Sunday, the ministry said in a statement.</p>
<p>The two sides agreed to upgrade relations to a strategic partnership, officials said.</p>
</article><footer>Copyright 2024 The Daily</footer></body></html>"""


def needs_trafilatura() -> None:
    try:
        import trafilatura  # noqa: F401
    except ImportError as exc:  # e.g. lxml.html.clean missing
        pytest.skip(f"trafilatura unavailable: {exc}")


def test_read_html_main_text_and_metadata(tmp_path: Path) -> None:
    needs_trafilatura()
    doc = only_doc(read([write(tmp_path / "page.html", PAGE)]))
    assert "held talks in Tokyo on Sunday" in doc.text
    assert "Home" not in doc.text and "Copyright" not in doc.text
    assert (doc.title, doc.publisher, doc.url) == (
        "Talks held", "The Daily", "https://example.com/talks",
    )  # fmt: skip
    assert (doc.published, doc.published_basis) == (PartialDate(2024, 5, 8), "html")


@pytest.mark.parametrize("page", ["<html><body></body></html>", "<html><head></head></html>"])
def test_read_html_without_article_body(tmp_path: Path, page: str) -> None:
    needs_trafilatura()
    path = write(tmp_path / "empty.htm", page)
    assert read([path]) == [ReadFailure(str(path), None, "no article text found")]


# -- the shared corpus (skipped when absent) -----------------------------------------------------


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="shared corpus not present")
def test_read_shared_seeds_with_manifest() -> None:
    items = read([SHARED / "seeds" / "articles"], manifest=str(SHARED / "seeds" / "manifest.csv"))
    found = docs(items)
    assert [d.name for d in found] == [f"seed{i}.txt" for i in range(5)]
    assert len(items) == 5
    assert [d.published.iso() for d in found if d.published] == [
        "2024-05", "2024-05-08", "2024-06-03", "2013-12-17", "2022-04-25",
    ]  # fmt: skip
    assert {d.published_basis for d in found} == {"manifest"}


@pytest.mark.skipif(
    not (SHARED / "reuters21578" / "reuters21578.jsonl.gz").is_file(),
    reason="shared corpus not present",
)
def test_read_shared_reuters_gz_streams_all_stories() -> None:
    count = 0
    for item in iter_documents([str(SHARED / "reuters21578" / "reuters21578.jsonl.gz")]):
        assert isinstance(item, Document), item
        count += 1
    assert count == 19043
