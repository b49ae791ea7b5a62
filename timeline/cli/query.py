"""Commands that read events: query, export, show, stats."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from typing import Any, TypeVar

import click

from timeline.cli.common import (
    App,
    CliError,
    echo_err,
    output_options,
    pass_app,
    resolve_format,
)

F = TypeVar("F", bound=Callable[..., Any])

STATUSES = ("occurred", "planned", "cancelled")  # timeline.query.STATUSES, without the import


def _partial_date(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    from timeline.partialdate import PartialDate, PartialDateError

    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except PartialDateError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from exc


MAX_TEXT = 1000  # longer filter values are a usage error, not a database error


def _clean(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """Undecodable bytes from the shell become U+FFFD; an absurdly long value is bad usage."""
    value = value.encode("utf-8", "replace").decode("utf-8") if value else value
    if value and len(value) > MAX_TEXT:
        raise click.BadParameter(f"longer than {MAX_TEXT} characters", ctx=ctx, param=param)
    return value


def _text(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    return _clean(ctx, param, value) if value is not None else None


def _texts(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_clean(ctx, param, v) for v in values)


def _types(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    types = tuple(
        dict.fromkeys(
            t.strip().lower() for v in _texts(ctx, param, values) for t in v.split(",") if t.strip()
        )
    )
    if types:
        from timeline.seeddata import load

        known = sorted({et.type for et in load().event_types})
        unknown = [t for t in types if t not in known]
        if unknown:
            raise click.BadParameter(
                f"unknown type {unknown[0]!r} (choose from {', '.join(known)})",
                ctx=ctx,
                param=param,
            )
    return types


def pair_option(fn: F) -> F:
    return click.option(
        "--pair",
        "pair",
        multiple=True,
        callback=_texts,
        metavar="A-B",
        help="Countries by code or name, either order: US-KH, cambodia-japan, or --pair US "
        "--pair KH. One country alone selects all its events.",
    )(fn)


def filter_options(fn: F) -> F:
    """The event filters shared by query and export."""
    options = [
        pair_option,
        click.option(
            "--type",
            "types",
            multiple=True,
            callback=_types,
            metavar="TYPE[,TYPE]",
            help="Event types (visit, meeting, agreement, drill); repeatable or comma-separated.",
        ),
        click.option(
            "--since",
            callback=_partial_date,
            metavar="DATE",
            help="Events overlapping this date or later (YYYY, YYYY-MM or YYYY-MM-DD).",
        ),
        click.option(
            "--until",
            callback=_partial_date,
            metavar="DATE",
            help="Events overlapping this date or earlier (YYYY, YYYY-MM or YYYY-MM-DD).",
        ),
        click.option(
            "--status", type=click.Choice(STATUSES, case_sensitive=False), help="Only this status."
        ),
        click.option(
            "--actor",
            callback=_text,
            metavar="NAME",
            help="Participant name contains NAME (any case).",
        ),
        click.option(
            "--text",
            callback=_text,
            metavar="WORDS",
            help="Every word occurs in the summary or a source sentence.",
        ),
        click.option("--limit", type=click.IntRange(min=1), help="At most this many events."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _event_filter(session: Any, pair: tuple[str, ...], **filters: Any) -> Any:
    from timeline.query import EventFilter, parse_pair

    status = filters.pop("status")
    return EventFilter(
        countries=parse_pair(session, pair),
        status=status.lower() if status else None,
        **filters,
    )


@click.command("query")
@filter_options
@output_options(("table", "csv", "json", "jsonl", "markdown"))
@pass_app
def query(app: App, fmt: str | None, pair: tuple[str, ...], **filters: Any) -> None:
    """Events matching the filters (e.g. between two countries), oldest first.

    Dates show at the precision the sources give (2024, 2024-06 or 2024-06-04). JSON
    output follows the event contract; CSV columns are listed in the README.

    \b
    Examples:
      timeline query --pair US-KH
      timeline query --pair cambodia-japan --type visit,meeting --since 2023
      timeline query --pair KH --pair CN --status planned --format json
      timeline query --actor "hun manet" --text naval --format csv
    """
    from timeline.export import export as write

    with app.db.connect() as session:
        flt = _event_filter(session, pair, **filters)
        write(session, flt, resolve_format(fmt), sys.stdout)


@click.command("export")
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("csv", "json", "jsonl", "markdown", "html", "timelinejs")),
    default="json",
    show_default=True,
    help="html: one self-contained page; timelinejs: Knight Lab TimelineJS3 JSON.",
)
@click.option(
    "-o",
    "--output",
    default="-",
    metavar="FILE",
    show_default=True,
    help="Write to FILE ('-' for stdout).",
)
@click.option("--title", help="Title of the html/timelinejs page (default: the pair's names).")
@pass_app
def export(
    app: App, fmt: str, output: str, title: str | None, pair: tuple[str, ...], **filters: Any
) -> None:
    """Write all (or the filtered) events for reports and other programs.

    \b
    Examples:
      timeline export -o events.json
      timeline export --format csv -o events.csv
      timeline export --pair US-KH --format html -o us-kh.html
      timeline export --pair US-KH --format timelinejs -o us-kh.timeline.json
    """
    from timeline.export import export as write

    with app.db.connect() as session:
        flt = _event_filter(session, pair, **filters)
        if output == "-":
            write(session, flt, fmt, sys.stdout, title=title)
            return
        if os.path.exists(output) and not os.path.isfile(output):
            # a device or a pipe (-o /dev/null, a FIFO): write to it, never replace it
            try:
                with open(output, "w", encoding="utf-8", newline="") as out:
                    count = write(session, flt, fmt, out, title=title)
            except OSError as exc:
                raise CliError(f"cannot write {output}: {exc.strerror}", 1) from exc
            echo_err(f"wrote {count} events to {output}")
            return
        folder = os.path.dirname(os.path.abspath(output))
        try:
            fd, tmp = tempfile.mkstemp(prefix=".timeline-export-", dir=folder)
        except OSError as exc:
            raise CliError(f"cannot write {output}: {exc.strerror}", 1) from exc
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                count = write(session, flt, fmt, out, title=title)
            os.replace(tmp, output)
        except BaseException:
            os.unlink(tmp)
            raise
    echo_err(f"wrote {count} events to {output}")


def _object_format(fmt: str | None) -> str:
    return (fmt or ("table" if sys.stdout.isatty() else "json")).lower()


@click.command("show")
@click.argument("event_id", type=int)
@output_options(("table", "json"))
@pass_app
def show(app: App, event_id: int, fmt: str | None) -> None:
    """One event with every source: what each says (date, status, sentence) and where
    they disagree. Default format: table on a terminal, json otherwise.

    \b
    Examples:
      timeline show 12
      timeline show 12 --format json
    """
    import json

    from timeline.query import get_event

    with app.db.connect() as session:
        event = get_event(session, event_id)
    if _object_format(fmt) == "json":
        click.echo(json.dumps(event, ensure_ascii=False, indent=2))
        return
    _show_table(event)


def _show_table(event: dict[str, Any]) -> None:
    from timeline.export import actor_text, human_date, type_label
    from timeline.render import output_rows

    fields = [
        ("id", event["id"]),
        ("date", f"{human_date(event)} ({event['precision'] or 'undated'})"),
        ("type", type_label(event)),
        ("status", event["status"]),
        ("countries", ", ".join(event["countries"])),
        ("people", "; ".join(actor_text(a) for a in event["actors"])),
        ("location", event["location"]),
        ("summary", event["summary"]),
        ("cameo", event["cameo"]),
    ]
    output_rows(
        ({"field": k, "value": v} for k, v in fields), ("field", "value"), "table", sys.stdout
    )
    sources = ("document", "published", "claimed_date", "claimed_status", "date_text", "sentence")
    output_rows(event["sources"], sources, "table", sys.stdout, title="Sources")
    if event["conflicts"]:
        conflicts = ("document", "field", "claimed", "event")
        output_rows(event["conflicts"], conflicts, "table", sys.stdout, title="Conflicts")


@click.command("stats")
@pair_option
@output_options(("table", "json"))
@pass_app
def stats(app: App, pair: tuple[str, ...], fmt: str | None) -> None:
    """Counts of documents, events and mentions; events by type, year and status.
    Default format: table on a terminal, json otherwise.

    \b
    Examples:
      timeline stats
      timeline stats --pair US-KH --format json
    """
    import json

    from timeline.query import STATS_COLUMNS, parse_pair, stats_rows
    from timeline.query import stats as count

    with app.db.connect() as session:
        counts = count(session, parse_pair(session, pair) or None)
    if _object_format(fmt) == "json":
        click.echo(json.dumps(counts, ensure_ascii=False, indent=2))
        return
    from timeline.render import output_rows

    output_rows(stats_rows(counts), STATS_COLUMNS, "table", sys.stdout)


COMMANDS = [query, export, show, stats]
