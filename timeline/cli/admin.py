"""Commands over the database itself and the reference data: db, seed, countries, actors."""

from __future__ import annotations

import click

from timeline.cli.common import App, CliError, echo_err, output_options, pass_app, resolve_format


@click.group("db")
def db_group() -> None:
    """Schema migrations (the database is also migrated on first use).

    \b
    Examples:
      timeline db current
      timeline db upgrade
      timeline --db sqlite:///old.db downgrade base
    """


def _engine(app: App):  # type: ignore[no-untyped-def]
    from timeline.db import make_engine

    return make_engine(app.db_url)


@db_group.command("upgrade")
@click.argument("revision", default="head")
@click.option("--no-seed", is_flag=True, help="Do not (re)load reference data afterwards.")
@pass_app
def db_upgrade(app: App, revision: str, no_seed: bool) -> None:
    """Upgrade the schema to REVISION (default: head) and load reference data."""
    from timeline.db import Database, current_revision, head_revision, upgrade
    from timeline.seeds import load_reference_data

    engine = _engine(app)
    upgrade(engine, revision)
    rev = current_revision(engine)
    if not no_seed and rev == head_revision():
        load_reference_data(Database(engine))
    echo_err(f"database at revision {rev}")
    engine.dispose()


@db_group.command("downgrade")
@click.argument("revision")
@pass_app
def db_downgrade(app: App, revision: str) -> None:
    """Downgrade the schema to REVISION ('base' removes every table)."""
    from timeline.db import current_revision, downgrade

    engine = _engine(app)
    downgrade(engine, revision)
    echo_err(f"database at revision {current_revision(engine) or 'base'}")
    engine.dispose()


@db_group.command("current")
@pass_app
def db_current(app: App) -> None:
    """Print the schema revision of the database and the newest one available."""
    from timeline.db import current_revision, head_revision

    engine = _engine(app)
    cur = current_revision(engine)
    head = head_revision()
    click.echo(f"{cur or 'base'}{' (head)' if cur == head else f' (head is {head})'}")
    engine.dispose()


@db_group.command("refresh")
@pass_app
def db_refresh(app: App) -> None:
    """Recompute derived data (the event digests that CSV export reads) from the event,
    event_country, event_actor, mention and document tables. Ingest keeps them current;
    run this after adding or changing events with SQL.

    \b
    Examples:
      timeline db refresh
      timeline --db postgresql://localhost/timeline db refresh
    """
    import sys

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
    from sqlalchemy import text

    from timeline.db import write_connection_options
    from timeline.digest import refresh_all

    db = app.db
    with db.connect() as conn:
        total = conn.scalar(text("SELECT count(*) FROM event")) or 0
    show = sys.stderr.isatty()
    with (
        Progress(
            TextColumn("refresh"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("events"),
            console=Console(stderr=True),
            disable=not show,
            transient=True,
        ) as progress,
        db.engine.connect().execution_options(**write_connection_options(db.engine)) as conn,
        conn.begin(),
    ):
        task = progress.add_task("refresh", total=total)
        done = refresh_all(conn, on_progress=lambda n: progress.advance(task, n))
    echo_err(f"refreshed the digests of {done:,} events")


@click.command("seed")
@click.option("--check", is_flag=True, help="Only validate the seed files; change nothing.")
@click.option(
    "--dir",
    "seed_dir",
    type=click.Path(file_okay=False, exists=True),
    default=None,
    help="Seed folder (default: the project's seeds/).",
)
@pass_app
def seed(app: App, check: bool, seed_dir: str | None) -> None:
    """Validate the reference data in seeds/ and load it into the database.

    \b
    Examples:
      timeline seed --check
      timeline seed
    """
    from pathlib import Path

    from timeline.seeddata import validate

    path = Path(seed_dir) if seed_dir else None
    problems = validate(path)
    for p in problems:
        echo_err(str(p))
    if problems:
        raise CliError(f"{len(problems)} problem(s) in the seed files", 1)
    if check:
        echo_err("seed files are valid")
        return
    from timeline.seeds import load_reference_data

    counts = load_reference_data(app.db, path)
    echo_err(", ".join(f"{v} {k}" for k, v in counts.items()))


@click.command("countries")
@output_options()
@pass_app
def countries(app: App, fmt: str | None) -> None:
    """List every ISO 3166-1 country with the aliases the extractor knows.

    \b
    Examples:
      timeline countries --format csv
      timeline countries --format json
    """
    from timeline.reference import COUNTRY_COLUMNS, list_countries
    from timeline.render import output_rows

    with app.db.connect() as session:
        rows = list_countries(session)
    output_rows(rows, COUNTRY_COLUMNS, resolve_format(fmt))


@click.command("actors")
@click.option("--country", help="Only office-holders of this country (code or name).")
@click.option("--on", "on", metavar="DATE", help="Only those in office on DATE (YYYY[-MM[-DD]]).")
@output_options()
@pass_app
def actors(app: App, country: str | None, on: str | None, fmt: str | None) -> None:
    """List people with their dated offices; --on tells who held which office that day.

    \b
    Examples:
      timeline actors --country KH --on 2020-01-01
      timeline actors --country japan --format json
    """
    from timeline.errors import UsageError
    from timeline.partialdate import PartialDate, PartialDateError
    from timeline.reference import ACTOR_COLUMNS, actors_on, resolve_country
    from timeline.render import output_rows

    try:
        date = PartialDate.parse(on) if on else None
    except PartialDateError as exc:
        raise UsageError(f"--on: {exc}") from exc
    with app.db.connect() as session:
        code = resolve_country(session, country) if country else None
        rows = actors_on(session, date, code)
    output_rows(rows, ACTOR_COLUMNS, resolve_format(fmt))


COMMANDS = [db_group, seed, countries, actors]
