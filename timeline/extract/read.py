"""Read inputs into :class:`Document` records, one at a time.

Inputs: ``.txt``/``.md`` files (optional front matter), ``.html``/``.htm`` pages (trafilatura),
``.jsonl``/``.jsonl.gz`` files (one article per line), folders (recursively) and ``-`` for stdin.
Metadata precedence, field by field: ``--published/--publisher/--url`` options, then the
manifest row, then the document's own metadata (front matter, JSONL record, HTML metadata).

Nothing is raised for a bad input: it is yielded as a :class:`ReadFailure` (the input, or one
JSONL line, was not read) and reading goes on. :class:`ReadWarning` items report manifest rows
that matched no input and unusable option values; they are not failures.

Limits: a file, standard input or one JSONL line is read up to MAX_INPUT_BYTES and an HTML
page up to MAX_HTML_BYTES (its parser is slow on huge pages); anything longer fails without
being held in memory (``/dev/zero`` fails; a JSONL file streams line by line). NUL characters
and lone surrogates, which no database stores, become U+FFFD.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import itertools
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, TextIO, cast

from timeline.extract.records import Document, PublishedBasis
from timeline.partialdate import PartialDate, PartialDateError

FIELDS = ("title", "publisher", "url", "published")
SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl", ".jsonl.gz")
STDIN_NAME = "stdin"
MAX_INPUT_BYTES = 256 * 1024 * 1024
MAX_HTML_BYTES = 10 * 1024 * 1024  # markup, scripts and inline data of one saved page
_MAX_DATE_CHARS = 100
_ALLOWED_BYTES = bytes(range(32, 256)) + b"\t\n\r\f\v\x1b"


@dataclass(frozen=True)
class _Located:
    source: str  # a path, "<stdin>", or an option name ("--published")
    line: int | None  # 1-based line in ``source``, when it has one
    message: str

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ReadFailure(_Located):
    """An input (or one line of a JSONL input) that could not be read."""


@dataclass(frozen=True)
class ReadWarning(_Located):
    """A problem worth printing that stops nothing (e.g. a manifest row matching no input)."""


ReadItem = Document | ReadFailure | ReadWarning


# -- publication dates --------------------------------------------------------------------------

_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
_MONTHS = {n: i for i, n in enumerate(_MONTH_NAMES.split(), 1)} | {"sept": 9}
_MONTHS |= {n[:3]: i for n, i in list(_MONTHS.items())}
_TIME = r"(?:[ ,T]+(?:at\s+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?)?"
_ZONE = r"(?:\s*(?:Z|[+-]\d{2}:?\d{2}|(?:GMT|UTC)(?:[+-]\d{1,2})?|[A-Z]{2,5}))?"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_DATE_FORMS = [
    re.compile(form + _ZONE, re.I)
    for form in (
        rf"(?P<y>\d{{4}})(?:[-/.](?P<m>\d{{1,2}})(?:[-/.](?P<d>\d{{1,2}}))?)?{_TIME}",  # ISO
        r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})",  # 20240508
        rf"{_WEEKDAY}(?P<mn>[a-z]+)\.?\s+{_DAY},?\s+(?P<y>\d{{4}}){_TIME}",  # May 8, 2024
        rf"{_WEEKDAY}{_DAY}[\s-]+(?:of\s+)?(?P<mn>[a-z]+)\.?,?[\s-]+(?P<y>\d{{4}}){_TIME}",
        r"(?P<mn>[a-z]+)\.?,?\s+(?P<y>\d{4})",  # May 2024
    )
]


def parse_published(value: str, *, today: dt.date | None = None) -> PartialDate:
    """Parse a publication date at its own precision: ``2024-05-08``, ``2024-05``, ``2024``,
    ``May 8, 2024``, ``8 May 2024``, ``May 2024``, ``2024-05-08T10:00:00Z``,
    ``Mon, 26 Feb 1987 10:00:00 GMT``. Raises ValueError for anything else, for impossible
    dates and for dates more than a year after ``today``."""
    text = value.strip().strip("\"'")
    if len(text) > _MAX_DATE_CHARS:
        raise ValueError("not a date (too long)")
    for form in _DATE_FORMS:
        m = form.fullmatch(text)
        if not m:
            continue
        parts = m.groupdict()
        if parts.get("mn") is not None:
            month: int | None = _MONTHS.get(parts["mn"].lower())
            if month is None:
                continue
        else:
            month = int(parts["m"]) if parts.get("m") else None
        day = int(parts["d"]) if parts.get("d") else None
        try:
            date = PartialDate(int(parts["y"]), month, day)
        except PartialDateError as exc:
            raise ValueError(f"impossible date ({exc})") from exc
        limit = (today or dt.date.today()) + dt.timedelta(days=365)
        if date.first_day() > limit:
            raise ValueError("more than a year in the future")
        return date
    raise ValueError("not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")


# -- bytes to text ------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str | None, list[str]]:
    """Text and warnings, or (None, [reason]) for a binary input."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), ["decoded as UTF-16"]
    head = data[:8192]
    if b"\x00" in head or len(head.translate(None, _ALLOWED_BYTES)) > len(head) * 0.1:
        return None, ["binary file"]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), ["decoded as cp1252"]
    except UnicodeDecodeError:
        return data.decode("latin-1"), ["decoded as latin-1"]


def _too_large(size: int, limit: int) -> str:
    return f"too large ({size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB)"


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _storable(text: str) -> str:
    """NUL characters and lone surrogates (from JSON escapes) become U+FFFD, offsets kept."""
    return _UNSTORABLE.sub("\ufffd", text) if _UNSTORABLE.search(text) else text


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


_FM_LINE = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)")
_FM_END = re.compile(r"^---[ \t]*$", re.M)


def _front_matter(text: str) -> tuple[dict[str, str], str, str | None]:
    """(fields, body, warning) for text that may start with ``---`` front matter."""
    first = text.split("\n", 1)[0]
    if first.rstrip() != "---":
        return {}, text, None
    end = _FM_END.search(text, len(first) + 1, len(first) + 1 + 20_000)
    if not end:
        return {}, text, "malformed front matter (no closing '---'); text kept whole"
    fields: dict[str, str] = {}
    for number, line in enumerate(text[len(first) + 1 : end.start()].split("\n"), start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _FM_LINE.fullmatch(line.strip())
        if not m:
            return {}, text, f"malformed front matter (line {number}); text kept whole"
        key, value = m.group(1).lower(), m.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if key in FIELDS and value:
            fields[key] = value
    return fields, text[end.end() + 1 :], None


# -- assembling documents -----------------------------------------------------------------------


@dataclass
class _Row:
    line: int
    file: str
    values: dict[str, str]
    used: bool = False


@dataclass
class _Context:
    manifest: dict[str, _Row] = field(default_factory=dict)
    options: dict[str, str] = field(default_factory=dict)


def _document(
    ctx: _Context,
    name: str,
    text: str,
    own: dict[str, str],
    basis: PublishedBasis,
    warnings: list[str],
    source_path: str,
    record_id: str | None = None,
) -> Document | ReadFailure:
    if not text.strip():
        return ReadFailure(source_path, None, "empty document")
    text = _storable(text)
    own = {k: _storable(v) for k, v in own.items()}
    row = ctx.manifest.get(name)
    if row is not None:
        row.used = True
    layers: list[tuple[dict[str, str], PublishedBasis]] = [
        (ctx.options, "option"),
        (row.values if row else {}, "manifest"),
        (own, basis),
    ]
    meta = {key: next((lay[key] for lay, _ in layers if lay.get(key)), None) for key in FIELDS}
    published, published_basis = None, None
    for layer, layer_basis in layers:
        if not layer.get("published"):
            continue
        try:
            published, published_basis = parse_published(layer["published"]), layer_basis
            break
        except ValueError as exc:
            label = layer_basis.replace("_", " ")
            warnings.append(f"published {layer['published']!r} ({label}) ignored: {exc}")
    return Document(
        name=name,
        text=text,
        title=meta["title"],
        publisher=meta["publisher"],
        url=meta["url"],
        published=published,
        published_basis=published_basis,
        source_path=source_path,
        warnings=tuple(warnings),
        record_id=record_id,
    )


def _text_document(
    ctx: _Context, name: str, text: str, warnings: list[str], source: str
) -> Document | ReadFailure:
    text = _newlines(text)
    if "\x00" in text[:8192]:
        return ReadFailure(source, None, "binary file")
    fields, body, warning = _front_matter(text)
    if warning:
        warnings.append(warning)
    return _document(ctx, name, body, fields, "front_matter", warnings, source)


def _has_prose(text: str) -> bool:
    """Whether some line of ``text`` reads like a sentence (eight words or more)."""
    return any(len(line.split()) >= 8 for line in text.splitlines())


def _html_document(
    ctx: _Context, name: str, html: str, warnings: list[str], source: str
) -> Document | ReadFailure:
    try:
        import trafilatura  # heavy: imported only when an HTML page is read
    except ImportError as exc:
        return ReadFailure(source, None, f"cannot read HTML: trafilatura unavailable ({exc})")
    try:
        body = trafilatura.extract(html, output_format="txt", include_comments=False)
        if body and not _has_prose(body):
            # Only menus, footers or a cookie notice? trafilatura's fallbacks return any
            # text; its strict mode returns nothing for a page without an article.
            strict = trafilatura.extract(html, output_format="txt", include_comments=False,
                                         favor_precision=True, fast=True)  # fmt: skip
            body = body if strict and strict.strip() else None
        meta = trafilatura.extract_metadata(html) if body and body.strip() else None
    except Exception as exc:  # a parser failure on a hostile page stops this page only
        return ReadFailure(source, None, f"cannot parse HTML ({type(exc).__name__}: {exc})")
    if not body or not body.strip():
        return ReadFailure(source, None, "no article text found")
    own: dict[str, str] = {}
    if meta is not None:
        for key, attr in (("title", "title"), ("publisher", "sitename"), ("url", "url"),
                          ("published", "date")):  # fmt: skip
            value = getattr(meta, attr, None)
            if value:
                own[key] = str(value).strip()
    return _document(ctx, name, _newlines(body), own, "html", warnings, source)


def _json_object(line: str, number: int, source: str) -> dict[str, object] | ReadFailure:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        return ReadFailure(source, number, f"invalid JSON ({exc.msg}, column {exc.colno})")
    except (ValueError, RecursionError) as exc:  # 5,000-digit numbers, [[[[...]]]] nesting
        return ReadFailure(source, number, f"invalid JSON ({type(exc).__name__})")
    return rec if isinstance(rec, dict) else ReadFailure(source, number, "not a JSON object")


def _record(
    ctx: _Context, line: str, number: int, source: str, base: str, warnings: list[str]
) -> Document | ReadFailure | None:
    """One JSONL line: a Document, a ReadFailure, or None for a blank line."""
    if not line.strip():
        return None
    rec = _json_object(line, number, source)
    if isinstance(rec, ReadFailure):
        return rec
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        return ReadFailure(source, number, "record has no text")
    own = {k: str(rec[k]).strip() for k in FIELDS if rec.get(k) not in (None, "")}
    rid = rec.get("id")
    record_id = str(rid).strip() if rid not in (None, "") else None
    name = record_id or f"{base}:{number}"
    where = f"{source}:{number}"
    return _document(ctx, name, _newlines(text), own, "record", warnings, where, record_id)


@dataclass(frozen=True)
class _LongLine:
    size: int  # bytes or characters read, all of them skipped


def _bounded_lines(fh: IO[bytes] | IO[str], limit: int) -> Iterator[bytes | str | _LongLine]:
    """The lines of ``fh``; a line longer than ``limit`` is skipped (never held in memory)
    and reported as a _LongLine."""
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line[-1:] in (b"\n", "\n"):
            yield line
            continue
        size = len(line)
        while True:
            chunk = fh.readline(1 << 20)
            size += len(chunk)
            if not chunk or chunk[-1:] in (b"\n", "\n"):
                break
        yield _LongLine(size)


def _jsonl_lines(
    ctx: _Context, lines: Iterable[bytes | str | _LongLine], source: str, first: int = 1
) -> Iterator[Document | ReadFailure]:
    """Records line by line; a read error (truncated gzip) ends the input with a failure."""
    base, number = os.path.basename(source), first - 1
    try:
        for number, raw in enumerate(lines, start=first):  # noqa: B007 (used in except)
            warnings: list[str] = []
            if isinstance(raw, _LongLine):
                yield ReadFailure(source, number, _too_large(raw.size, MAX_INPUT_BYTES))
                continue
            if isinstance(raw, bytes):
                text, warnings = _decode(raw.removeprefix(b"\xef\xbb\xbf"))
                if text is None:
                    yield ReadFailure(source, number, "binary data")
                    continue
            else:
                text = raw.removeprefix("\ufeff")
            item = _record(ctx, text.rstrip("\r\n"), number, source, base, warnings)
            if item is not None:
                yield item
    except (OSError, EOFError, zlib.error) as exc:
        yield ReadFailure(source, number + 1, f"cannot read ({exc})")


def _read_jsonl(ctx: _Context, path: str) -> Iterator[Document | ReadFailure]:
    try:
        with gzip.open(path, "rb") if path.lower().endswith(".gz") else open(path, "rb") as fh:
            lines = _bounded_lines(cast(IO[bytes], fh), MAX_INPUT_BYTES)
            yield from _jsonl_lines(ctx, lines, path)
    except OSError as exc:  # opening; read errors are reported by _jsonl_lines
        yield ReadFailure(path, None, f"cannot read ({exc.strerror or exc})")


def _size(fh: IO[bytes]) -> int:
    try:
        return os.fstat(fh.fileno()).st_size
    except OSError:
        return 0


def _read_file(ctx: _Context, path: str) -> Iterator[Document | ReadFailure]:
    low = path.lower()
    if low.endswith((".jsonl", ".jsonl.gz")):
        yield from _read_jsonl(ctx, path)
        return
    html = low.endswith((".html", ".htm"))
    limit = MAX_HTML_BYTES if html else MAX_INPUT_BYTES
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)  # bounded: a 30 GB file or /dev/zero is not read whole
            if len(data) > limit:
                size = max(_size(fh), len(data))
                del data
                yield ReadFailure(path, None, _too_large(size, limit))
                return
    except OSError as exc:
        yield ReadFailure(path, None, f"cannot read ({exc.strerror or exc})")
        return
    text, warnings = _decode(data)
    del data
    if text is None:
        yield ReadFailure(path, None, warnings[0])
        return
    name = os.path.basename(path)
    if html:
        yield _html_document(ctx, name, text, warnings, path)
    else:
        yield _text_document(ctx, name, text, warnings, path)


def _read_stdin(ctx: _Context, stream: TextIO | IO[bytes]) -> Iterator[Document | ReadFailure]:
    """Standard input: JSONL when the first non-blank line starts with '{', else one text.
    Bytes are read when the stream has them (sys.stdin.buffer) and decoded like a file's."""
    src: IO[bytes] | IO[str] = getattr(stream, "buffer", None) or stream
    limit = MAX_INPUT_BYTES

    def too_large(size: int) -> ReadFailure:
        while chunk := src.read(1 << 20):
            size += len(chunk)
        return ReadFailure("<stdin>", None, _too_large(size, limit))

    pending: list[bytes | str] = []
    size = 0
    for line in _bounded_lines(src, limit):
        if isinstance(line, _LongLine) or size + len(line) > limit:
            yield too_large(size + (line.size if isinstance(line, _LongLine) else len(line)))
            return
        pending.append(line)
        size += len(line)
        if line.strip():
            break
    first = pending[-1].lstrip() if pending else ""
    if not first:
        yield ReadFailure("<stdin>", None, "empty document")
    elif (
        (first.decode("utf-8", "replace") if isinstance(first, bytes) else first)
        .lstrip("\ufeff")
        .startswith("{")
    ):
        lines = itertools.chain(pending[-1:], _bounded_lines(src, limit))
        yield from _jsonl_lines(ctx, lines, "<stdin>", first=len(pending))
    else:
        rest = src.read(limit + 1 - size)
        if size + len(rest) > limit:
            yield too_large(size + len(rest))
            return
        parts = cast(list[Any], [*pending, rest])
        data = (b"" if isinstance(rest, bytes) else "").join(parts)
        if isinstance(data, bytes):
            text, warnings = _decode(data)
            if text is None:
                yield ReadFailure("<stdin>", None, warnings[0])
                return
        else:
            text, warnings = data, []
        yield _text_document(ctx, STDIN_NAME, text, warnings, "<stdin>")


def _walk(folder: str) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(SUFFIXES):
                yield os.path.join(root, name)


# -- manifest -----------------------------------------------------------------------------------


def _manifest_rows(path: str) -> Iterator[tuple[int, dict[str, object]] | ReadFailure]:
    with open(path, "rb") as fh:
        data = fh.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        yield ReadFailure(path, None, _too_large(len(data), MAX_INPUT_BYTES))
        return
    text, _ = _decode(data)
    del data
    if text is None:
        yield ReadFailure(path, None, "binary file")
        return
    text = _newlines(text)
    if path.lower().endswith(".jsonl") or text.lstrip().startswith("{"):
        for number, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                rec = _json_object(line, number, path)
                yield rec if isinstance(rec, ReadFailure) else (number, rec)
        return
    reader = csv.DictReader(io.StringIO(text))
    try:
        if not reader.fieldnames or "file" not in [f.strip().lower() for f in reader.fieldnames]:
            yield ReadFailure(path, 1, _NO_FILE_COLUMN)
            return
        for row in reader:
            yield reader.line_num, {(k or "").strip().lower(): v for k, v in row.items()}
    except csv.Error as exc:  # e.g. a field longer than csv.field_size_limit()
        yield ReadFailure(path, reader.line_num, f"invalid CSV ({exc})")


_NO_FILE_COLUMN = "manifest needs a header with a 'file' column"


def manifest_problem(path: str) -> ReadFailure | None:
    """Why the manifest at ``path`` cannot be used at all (missing, unreadable, binary, no
    'file' column), or None; problems with single rows are reported while reading."""
    for item in _load_manifest(path, _Context()):
        if isinstance(item, ReadFailure) and (item.line is None or item.message == _NO_FILE_COLUMN):
            return item
    return None


def _load_manifest(path: str, ctx: _Context) -> Iterator[ReadFailure | ReadWarning]:
    if not os.path.isfile(path):
        yield ReadFailure(path, None, "manifest not found")
        return
    try:
        items = list(_manifest_rows(path))
    except OSError as exc:
        yield ReadFailure(path, None, f"cannot read ({exc.strerror or exc})")
        return
    for item in items:
        if isinstance(item, ReadFailure):
            yield item
            continue
        number, rec = item
        file = os.path.basename(str(rec.get("file") or "").strip().replace("\\", "/"))
        if not file:
            yield ReadWarning(path, number, "row has no file name")
            continue
        if file in ctx.manifest:
            yield ReadWarning(path, number, f"{file!r} already listed on line "
                                            f"{ctx.manifest[file].line}; row ignored")  # fmt: skip
            continue
        values = {k: str(rec[k]).strip() for k in FIELDS if rec.get(k) not in (None, "")}
        ctx.manifest[file] = _Row(number, file, {k: v for k, v in values.items() if v})


# -- entry point --------------------------------------------------------------------------------


def iter_documents(
    paths: Sequence[str],
    *,
    manifest: str | None = None,
    published: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
    stdin: TextIO | None = None,
) -> Iterator[ReadItem]:
    """Yield a Document per article read, a ReadFailure per input that could not be read, and
    ReadWarning items (manifest rows matching no input come last). Streaming throughout."""
    ctx = _Context()
    if manifest:
        yield from _load_manifest(manifest, ctx)
    if published:
        try:
            parse_published(published)
            ctx.options["published"] = published
        except ValueError as exc:
            yield ReadWarning("--published", None, f"{published!r} ignored: {exc}")
    ctx.options.update({k: v for k, v in (("publisher", publisher), ("url", url)) if v})
    for path in paths:
        if path == "-":
            yield from _read_stdin(ctx, stdin if stdin is not None else sys.stdin)
        elif os.path.isdir(path):
            found = False
            for file in _walk(path):
                found = True
                yield from _read_file(ctx, file)
            if not found:
                yield ReadWarning(path, None, "no .txt, .md, .html, .htm or .jsonl(.gz) files")
        elif os.path.exists(path):
            yield from _read_file(ctx, path)
        else:
            yield ReadFailure(path, None, "no such file or folder")
    for row in ctx.manifest.values():
        if not row.used:
            yield ReadWarning(manifest or "manifest", row.line, f"no input named {row.file!r}")
