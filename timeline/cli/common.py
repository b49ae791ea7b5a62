"""Shared CLI pieces: the app context, error handling, output options."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from timeline.errors import TimelineError
from timeline.render import FORMATS

F = TypeVar("F", bound=Callable[..., Any])


class CliError(click.ClickException):
    """Printed as `Error: message`, exits with the library error's status."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class TimelineGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        from sqlalchemy.exc import SQLAlchemyError

        try:
            return super().invoke(ctx)
        except TimelineError as exc:
            raise CliError(str(exc), exc.exit_code) from exc
        except ValueError as exc:
            if type(exc).__name__ != "SeedError":  # seeddata is imported only when needed
                raise
            raise CliError(f"invalid reference data: {exc}", 1) from exc
        except SQLAlchemyError as exc:
            orig = getattr(exc, "orig", None) or exc
            raise CliError(f"database: {orig}", 1) from exc
        except BrokenPipeError:  # `timeline query ... | head`
            sys.stderr.close()
            ctx.exit(0)


class App:
    """What every command shares: the database URL, opened on first use."""

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        self._db: Any = None

    @property
    def db(self) -> Any:
        if self._db is None:
            from timeline.db import open_database

            self._db = open_database(self.db_url)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


pass_app = click.make_pass_decorator(App)


def output_options(formats: tuple[str, ...] = FORMATS) -> Callable[[F], F]:
    """--format for every command that prints rows (default: table on a terminal, else csv)."""

    def decorator(fn: F) -> F:
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(formats, case_sensitive=False),
            default=None,
            help="Output format (default: table on a terminal, csv otherwise).",
        )(fn)

    return decorator


def resolve_format(fmt: str | None) -> str:
    from timeline.render import default_format

    return (fmt or default_format()).lower()


def echo_err(message: str) -> None:
    click.echo(message, err=True)
