"""One renderer for every command that prints rows: table, csv, json, jsonl, markdown.

Rows are dicts; ``columns`` names the keys, in order, for the flat formats. Values that are
lists or dicts are JSON-encoded in csv/markdown cells and kept nested in json/jsonl.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

FORMATS = ("table", "csv", "json", "jsonl", "markdown")


def default_format(stream: TextIO | None = None) -> str:
    stream = stream or sys.stdout
    return "table" if stream.isatty() else "csv"


def _cell(value: Any) -> str:
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def render_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])


def render_json(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    out.write("[")
    first = True
    for row in rows:
        out.write("\n  " if first else ",\n  ")
        out.write(json.dumps(row, ensure_ascii=False, default=str))
        first = False
    out.write("\n]\n" if not first else "]\n")


def render_jsonl(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=str))
        out.write("\n")


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(rows: Iterable[dict[str, Any]], columns: Sequence[str], out: TextIO) -> None:
    out.write("| " + " | ".join(columns) + " |\n")
    out.write("|" + "|".join("---" for _ in columns) + "|\n")
    for row in rows:
        out.write("| " + " | ".join(_md_escape(_cell(row.get(c))) for c in columns) + " |\n")


def render_table(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str],
    out: TextIO,
    title: str | None = None,
) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, show_lines=False, header_style="bold")
    for c in columns:
        table.add_column(c, overflow="fold")
    n = 0
    for row in rows:
        # cells are plain text: "[bold]" in a summary is shown, never read as markup
        table.add_row(*(Text(_cell(row.get(c))) for c in columns))
        n += 1
    console = Console(file=out, width=None if out.isatty() else 160)
    if n:
        console.print(table)
    else:
        console.print("(no rows)")


def output_rows(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str],
    fmt: str,
    out: TextIO | None = None,
    title: str | None = None,
) -> None:
    out = out or sys.stdout
    if fmt == "csv":
        render_csv(rows, columns, out)
    elif fmt == "json":
        render_json(rows, out)
    elif fmt == "jsonl":
        render_jsonl(rows, out)
    elif fmt == "markdown":
        render_markdown(rows, columns, out)
    elif fmt == "table":
        render_table(rows, columns, out, title=title)
    else:  # pragma: no cover - click restricts the choice
        raise ValueError(f"unknown format {fmt!r}")


def csv_text(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    buf = io.StringIO()
    render_csv(rows, columns, buf)
    return buf.getvalue()
