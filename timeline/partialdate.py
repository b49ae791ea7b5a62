"""Dates known to a precision: a year, a month or a day.

Shared by the extraction side and the database side; imports nothing heavy.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["day", "month", "year"]
PRECISION_RANK: dict[str, int] = {"year": 0, "month": 1, "day": 2}

_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


class PartialDateError(ValueError):
    """A string that is not YYYY, YYYY-MM or YYYY-MM-DD, or an impossible date."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to year, month or day precision.

    >>> PartialDate.parse("2024-06").iso()
    '2024-06'
    >>> PartialDate(2024, 6).last_day()
    datetime.date(2024, 6, 30)
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise PartialDateError(f"year out of range: {self.year}")
        if self.month is None and self.day is not None:
            raise PartialDateError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise PartialDateError(f"month out of range: {self.month}")
        if self.day is not None:
            assert self.month is not None
            if not 1 <= self.day <= calendar.monthrange(self.year, self.month)[1]:
                raise PartialDateError(
                    f"day out of range: {self.year:04d}-{self.month:02d}-{self.day:02d}"
                )

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        m = _ISO.match(text or "")
        if not m:
            raise PartialDateError(f"not a date (use YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")
        y, mo, d = m.groups()
        return cls(int(y), int(mo) if mo else None, int(d) if d else None)

    @classmethod
    def from_date(cls, value: dt.date, precision: str = "day") -> PartialDate:
        if precision == "year":
            return cls(value.year)
        if precision == "month":
            return cls(value.year, value.month)
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def iso(self) -> str:
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        return self.iso()

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day is not None:
            assert self.month is not None
            return dt.date(self.year, self.month, self.day)
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def contains(self, other: PartialDate) -> bool:
        """True when ``other`` lies wholly inside this period."""
        return self.first_day() <= other.first_day() and other.last_day() <= self.last_day()

    def overlaps(self, other: PartialDate) -> bool:
        return self.first_day() <= other.last_day() and other.first_day() <= self.last_day()

    def truncate(self, precision: str) -> PartialDate:
        if precision == "year":
            return PartialDate(self.year)
        if precision == "month" and self.month is not None:
            return PartialDate(self.year, self.month)
        return self


def interval(start: PartialDate, end: PartialDate | None = None) -> tuple[dt.date, dt.date]:
    """The days a date or a date range covers, first and last included."""
    return start.first_day(), (end or start).last_day()


def intervals_overlap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def format_human(start: PartialDate, end: PartialDate | None = None) -> str:
    """'4 June 2024', 'June 2024', '2024', '15-17 December 2013'."""

    def one(d: PartialDate) -> str:
        if d.day is not None:
            return f"{d.day} {calendar.month_name[d.month or 1]} {d.year}"
        if d.month is not None:
            return f"{calendar.month_name[d.month]} {d.year}"
        return str(d.year)

    if end is None or end == start:
        return one(start)
    if (
        start.precision == "day"
        and end.precision == "day"
        and (start.year, start.month)
        == (
            end.year,
            end.month,
        )
    ):
        return f"{start.day}-{end.day} {calendar.month_name[start.month or 1]} {start.year}"
    return f"{one(start)} to {one(end)}"
