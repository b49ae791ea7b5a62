"""Commands that read articles: ingest, extract (dry run), evaluate, dates."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from timeline.cli.common import App, CliError, echo_err, pass_app


def _progress_bar(enabled: bool):  # type: ignore[no-untyped-def]
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("documents"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=not enabled,
        transient=True,
    )


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--manifest",
    type=click.Path(dir_okay=False),
    help="CSV or JSONL with file,title,publisher,url,published.",
)
@click.option(
    "--published", metavar="DATE", help="Publication date for every document (YYYY[-MM[-DD]])."
)
@click.option("--publisher", help="Publisher for every document.")
@click.option("--url", help="URL for every document.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes for extraction.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@pass_app
def ingest_cmd(
    app: App,
    paths: tuple[str, ...],
    manifest: str | None,
    published: str | None,
    publisher: str | None,
    url: str | None,
    jobs: int,
    quiet: bool,
) -> None:
    """Read articles, extract their events and store them (merged with what is stored).

    PATHS are files (.txt, .md, .html, .jsonl, .jsonl.gz), folders (read recursively) or '-'
    for standard input. Re-ingesting a document already stored changes nothing. Exit status:
    0 when every document was read, 1 when some failed (each is named on stderr), 2 on bad usage.

    \b
    Examples:
      timeline ingest articles/ --manifest manifest.csv
      timeline ingest story.txt --published 2024-06-03 --publisher Bloomberg
      timeline ingest reuters.jsonl.gz --jobs 2
      cat story.txt | timeline ingest - --published 2024-05
    """
    from timeline.errors import UsageError
    from timeline.extract.read import manifest_problem, parse_published
    from timeline.ingest import IngestOptions, ingest

    # Bad usage stops the run before anything is read or stored (exit status 2).
    if published:
        try:
            parse_published(published)
        except ValueError as exc:
            raise UsageError(f"--published {published!r}: {exc}") from exc
    if manifest:
        problem = manifest_problem(manifest)
        if problem is not None:
            raise UsageError(f"--manifest: {problem}")
    options = IngestOptions(manifest, published, publisher, url, jobs)
    show = not quiet and sys.stderr.isatty()
    with _progress_bar(show) as progress:
        task = progress.add_task("ingest", total=None)
        summary = ingest(
            app.db,
            list(paths),
            options,
            stdin=sys.stdin if "-" in paths else None,
            on_message=lambda m: progress.console.print(
                m, markup=False, highlight=False, emoji=False, soft_wrap=True
            ),
            on_progress=lambda n: progress.advance(task, n),
        )
    if not quiet:
        echo_err(
            f"documents: {summary.documents_new} new, {summary.documents_known} already known, "
            f"{summary.documents_failed} failed; events: {summary.events_new} new, "
            f"{summary.events_merged} merged; mentions: {summary.mentions}"
        )
    if summary.documents_failed:
        raise click.exceptions.Exit(1)


@click.command("extract")
@click.argument("path")
@click.option("--published", metavar="DATE", help="Publication date (YYYY[-MM[-DD]]).")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True
)
def extract_cmd(path: str, published: str | None, fmt: str) -> None:
    """Dry run: print the events one article yields, with the evidence and the why.

    No database is touched. Each event lists its sources with the sentence, the trigger
    phrase, the date expression and the status cue that decided it.

    \b
    Examples:
      timeline extract story.txt --published 2024-06-03
      timeline extract story.txt --format table
    """
    from timeline.errors import UsageError
    from timeline.extract.pipeline import extract_document
    from timeline.extract.read import ReadFailure, ReadWarning, iter_documents
    from timeline.extract.report import event_json, events_table
    from timeline.partialdate import PartialDate, PartialDateError

    if published:
        try:
            PartialDate.parse(published)
        except PartialDateError as exc:
            raise UsageError(f"--published: {exc}") from exc
    out: list[dict[str, Any]] = []
    failed = False
    for d in iter_documents([path], published=published, stdin=sys.stdin):
        if isinstance(d, ReadWarning):
            echo_err(f"warning: {d}")
            continue
        if isinstance(d, ReadFailure):
            echo_err(f"error: {d}")
            failed = True
            continue
        ex = extract_document(d)
        if ex.document.published_basis == "inferred":
            echo_err(f"{d.name}: publication date inferred from the text: {ex.document.published}")
        elif ex.document.published is None:
            echo_err(f"{d.name}: no publication date: relative dates stay unresolved")
        out.extend(event_json(ex, e) for e in ex.events if e.date is not None)
    if fmt == "json":
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        events_table(out, sys.stdout)
    if failed:
        raise click.exceptions.Exit(1)


@click.command("evaluate")
@click.argument("gold", type=click.Path(dir_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--verbose", "-v", is_flag=True, help="List missed gold events and false positives.")
@pass_app
def evaluate_cmd(app: App, gold: str, fmt: str, verbose: bool) -> None:
    """Score the stored events against a gold file (precision, recall, F1, dates, merging).

    \b
    Examples:
      timeline ingest corpus/articles --manifest corpus/manifest.csv
      timeline evaluate corpus/gold.json
      timeline evaluate corpus/gold.json --format json
    """
    from timeline.evaluate import evaluate

    with app.db.session() as session:
        report = evaluate(session, gold)
    d = report.as_dict()
    if fmt == "json":
        click.echo(json.dumps(d, indent=2))
        return
    if verbose:
        for g in d["missed"]:
            click.echo(f"missed: {g}")
        for s in d["inexact_dates"]:
            click.echo(f"inexact date: {s}")
        for s in d["wrong_status"]:
            click.echo(f"wrong status: {s}")
        for i in d["false_positive_ids"]:
            click.echo(f"false positive: event {i}")
    click.echo(
        f"found {report.tp} of {report.tp + report.fn} required gold events; "
        f"{report.fp} false positives ({report.duplicates} duplicates)"
    )
    click.echo(
        f"exact dates: {d['exact_date_rate']:.2%}  status: {d['status_rate']:.2%}  "
        f"multi-source merged: {report.multi_merged}/{report.multi_source}"
    )
    click.echo(f"precision {report.precision:.3f}  recall {report.recall:.3f}  F1 {report.f1:.3f}")


@click.command("dates")
@click.argument("file", default="-")
@click.option("--published", metavar="DATE", help="Anchor for relative dates (YYYY[-MM[-DD]]).")
def dates_cmd(file: str, published: str | None) -> None:
    """Print every date expression of a text as JSON lines (offsets, value, precision).

    Offsets are Python string indices into the text (end exclusive); a range gives one line
    for its start and one for its end. Without --published, relative dates are unresolved.

    \b
    Examples:
      echo "Austin travels to Cambodia Tuesday." | timeline dates --published 2024-06-03
      timeline dates story.txt --published 2013-12-17
    """
    from timeline.errors import UsageError
    from timeline.extract.dates import find_dates, mention_json
    from timeline.partialdate import PartialDate, PartialDateError

    try:
        anchor = PartialDate.parse(published) if published else None
    except PartialDateError as exc:
        raise UsageError(f"--published: {exc}") from exc
    try:
        raw = sys.stdin.buffer.read() if file == "-" else open(file, "rb").read()  # noqa: SIM115
        text = raw.decode("utf-8-sig", errors="replace")
    except OSError as exc:
        raise CliError(f"cannot read {file}: {exc.strerror}", 1) from exc
    for m in find_dates(text, anchor):
        for obj in mention_json(m):
            click.echo(json.dumps(obj, ensure_ascii=False))


COMMANDS = [ingest_cmd, extract_cmd, evaluate_cmd, dates_cmd]
