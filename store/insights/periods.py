"""Reporting periods (a month, a quarter, a year or any range of days) and the "as of" date.

Learnings and digests are computed for a period "as of" a day: what was overdue is judged on that
day, not on the wall clock, so a digest for October reads the same whenever it is rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from store.records.errors import ValidationError
from store.records.interchange import FIRST_YEAR, LAST_YEAR

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True, slots=True)
class Period:
    """The days from `start` to `end`, both included."""

    start: date
    end: date
    kind: str = "custom"
    """"month", "quarter", "year" or "custom": decides what previous() and next() step by."""

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.start:%B %Y}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()} to {self.end.isoformat()}"

    @property
    def code(self) -> str:
        """How `parse_period` and --period spell it: "2026-10", "2026-Q4", "2026".

        A custom range has no such spelling; it reads as its first and last day.
        """
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "custom":
            return f"{self.start.isoformat()}_{self.end.isoformat()}"
        return self.label

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def shifted(self, steps: int) -> Period:
        """The period `steps` lengths later (negative: earlier), of the same kind."""
        frames: dict[str, tuple[int, Literal["month", "quarter", "year"]]] = {
            "month": (1, "month"), "quarter": (3, "quarter"), "year": (12, "year"),
        }  # fmt: skip
        if self.kind in frames:
            months, frame = frames[self.kind]
            import arrow  # deferred: the first screen needs no calendar

            first, last = arrow.get(self.start).shift(months=months * steps).span(frame)
            return Period(first.date(), last.date(), self.kind)
        delta = timedelta(days=self.days * steps)
        return Period(self.start + delta, self.end + delta, "custom")

    def previous(self) -> Period:
        return self.shifted(-1)

    def next(self) -> Period:
        return self.shifted(1)


def month_of(day: date) -> Period:
    import arrow  # deferred: the first screen needs no calendar

    first, last = arrow.get(day).span("month")
    return Period(first.date(), last.date(), "month")


def quarter_of(day: date) -> Period:
    import arrow  # deferred: the first screen needs no calendar

    first, last = arrow.get(day).span("quarter")
    return Period(first.date(), last.date(), "quarter")


def previous_full_month(today: date) -> Period:
    """The last month that has ended: the digest's default."""
    return month_of(today).previous()


def in_range(day: date, field: str) -> date:
    """`day`, if in the years a record's dates may take (so stepping a period cannot overflow)."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationError(
            field, f"{day.isoformat()} is outside the years {FIRST_YEAR} to {LAST_YEAR}"
        )
    return day


def parse_period(text: str) -> Period:
    """ "2026-10" (a month), "2026-Q4" (a quarter) or "2026" (a year)."""
    value = text.strip()
    try:
        if match := _MONTH.match(value):
            return month_of(in_range(date(int(match[1]), int(match[2]), 1), "period"))
        if match := _QUARTER.match(value):
            return quarter_of(in_range(date(int(match[1]), 3 * int(match[2]) - 2, 1), "period"))
        if match := _YEAR.match(value):
            year = in_range(date(int(match[1]), 1, 1), "period").year
            return Period(date(year, 1, 1), date(year, 12, 31), "year")
    except ValueError:
        pass
    raise ValidationError("period", f'expected YYYY-MM, YYYY-Qn or YYYY, got "{text}"')


def period_between(since: date, until: date) -> Period:
    in_range(since, "since")
    in_range(until, "until")
    if until < since:
        raise ValidationError("until", f"{until.isoformat()} is before --since {since.isoformat()}")
    return Period(since, until, "custom")


def default_as_of(period: Period, today: date) -> date:
    """The end of the period once it is over, else today."""
    return period.end if period.end < today else today
