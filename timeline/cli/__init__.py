"""The `timeline` command line: a thin shell over the library.

Each command parses options, opens the database through the shared context, calls one library
function and prints rows with the shared renderer. Library errors become `Error: ...` with a
non-zero exit status (2 for bad usage, 1 for failures).
"""

from __future__ import annotations

import click

from timeline import __version__
from timeline.cli.common import TimelineGroup, pass_app  # noqa: F401  (re-exported)
from timeline.config import DB_ENV, DEFAULT_DB_URL


@click.group(
    cls=TimelineGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="""\b
Examples:
  timeline query --pair US-KH
  timeline ingest articles/ --manifest manifest.csv
  timeline --db postgresql://user@host/timeline export --format json -o events.json
""",
)
@click.option(
    "--db",
    "db_url",
    envvar=DB_ENV,
    default=DEFAULT_DB_URL,
    show_default=True,
    metavar="URL",
    help=f"Database URL (sqlite:///file.db or postgresql://...); also read from {DB_ENV}.",
)
@click.version_option(__version__, prog_name="timeline")
@click.pass_context
def cli(ctx: click.Context, db_url: str) -> None:
    """A diplomatic-event timeline database: dated bilateral events from news, with sources."""
    from timeline.cli.common import App

    ctx.obj = App(db_url)
    ctx.call_on_close(ctx.obj.close)


def _register() -> None:
    from timeline.cli import admin, ingest, query

    for module in (admin, ingest, query):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def run(args: list[str] | None = None) -> int:
    """Run the command line (``args`` default to sys.argv) and return the exit status. An
    unexpected exception (a bug) prints one `Error: internal error` line instead of a
    traceback and gives 1; TIMELINE_DEBUG=1 lets the exception through."""
    import os

    try:
        cli.main(args=args, prog_name="timeline")
    except SystemExit as exc:
        if isinstance(exc.code, int):
            return exc.code
        if exc.code is not None:
            click.echo(str(exc.code), err=True)
            return 1
    except Exception as exc:
        if os.environ.get("TIMELINE_DEBUG", "") not in ("", "0"):
            raise
        message = " ".join(str(exc).split())[:500]
        click.echo(f"Error: internal error: {type(exc).__name__}: {message}", err=True)
        click.echo("set TIMELINE_DEBUG=1 for a traceback", err=True)
        return 1
    return 0


def main() -> None:
    """The console script: run(), then end the process with os._exit once stdout and stderr
    are flushed. The database is closed by then (cli's call_on_close); tearing down
    SQLAlchemy's modules at interpreter exit would take longer than a small query (about
    0.1 s) and has nothing left to do."""
    import os
    import sys

    code = run()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # a closed pipe (`| head`) or a closed stream
            pass
    os._exit(code)
