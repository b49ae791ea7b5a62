"""Errors the library raises on purpose; the CLI turns them into `Error: ...` and an exit status."""

from __future__ import annotations


class TimelineError(Exception):
    """Base class. ``exit_code`` is what the CLI exits with."""

    exit_code = 1


class UsageError(TimelineError):
    """Bad input from the user (unknown country, bad date, bad option value)."""

    exit_code = 2


class UnknownCountryError(UsageError):
    def __init__(self, given: str, suggestions: list[str]) -> None:
        self.given = given
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown country {given!r}.{hint}")


class DatabaseError(TimelineError):
    """The database cannot be opened, migrated or written."""

    exit_code = 1
