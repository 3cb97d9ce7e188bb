"""Reporting periods at their edges: calendar bounds, stepping, custom ranges and bad input.

Complements test_reporting_period.py (the common cases) with the boundaries a period picker and
`--period/--since/--until` reach: leap years, year ends, inclusive ends, one-day ranges.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store import ValidationError
from store.insights.periods import (
    Period,
    default_as_of,
    month_of,
    parse_period,
    period_between,
    quarter_of,
)

_DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2028-02", date(2028, 2, 1), date(2028, 2, 29)),
        ("2026-12", date(2026, 12, 1), date(2026, 12, 31)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-Q2", date(2026, 4, 1), date(2026, 6, 30)),
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
        (" 2026-q4 ", date(2026, 10, 1), date(2026, 12, 31)),
        ("2028", date(2028, 1, 1), date(2028, 12, 31)),
    ],
)
def test_calendar_bounds(text: str, start: date, end: date) -> None:
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)
    assert period.days == (end - start).days + 1


@pytest.mark.parametrize(
    ("text", "kind", "label"),
    [("2026-10", "month", "October 2026"), ("2026-Q4", "quarter", "2026-Q4"),
     ("2026", "year", "2026")],
)  # fmt: skip
def test_kind_and_label(text: str, kind: str, label: str) -> None:
    period = parse_period(text)
    assert (period.kind, period.label) == (kind, label)


@pytest.mark.parametrize("text", ["2026-00", "2026-Q0", "abcd", "2026-10-01", "Q4-2026", "2026Q4"])
def test_bad_periods_give_one_line(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_period(text)
    assert str(caught.value) == f'period: expected YYYY-MM, YYYY-Qn or YYYY, got "{text}"'


def test_contains_is_inclusive_at_both_ends() -> None:
    october = parse_period("2026-10")
    assert october.contains(date(2026, 10, 1)) and october.contains(date(2026, 10, 31))
    assert not october.contains(date(2026, 9, 30)) and not october.contains(date(2026, 11, 1))


@pytest.mark.parametrize(
    ("text", "previous", "following"),
    [
        ("2026-01", "2025-12", "2026-02"),
        ("2026-03", "2026-02", "2026-04"),
        ("2026-Q1", "2025-Q4", "2026-Q2"),
        ("2026-Q4", "2026-Q3", "2027-Q1"),
        ("2026", "2025", "2027"),
    ],
)
def test_stepping_across_year_ends(text: str, previous: str, following: str) -> None:
    period = parse_period(text)
    assert period.previous() == parse_period(previous)
    assert period.next() == parse_period(following)
    assert period.shifted(-2) == parse_period(previous).previous()


def test_custom_ranges_step_by_their_length() -> None:
    one_day = period_between(date(2026, 10, 14), date(2026, 10, 14))
    assert (one_day.days, one_day.kind) == (1, "custom")
    assert one_day.label == "2026-10-14 to 2026-10-14"
    assert one_day.next() == period_between(date(2026, 10, 15), date(2026, 10, 15))
    week = period_between(date(2026, 12, 28), date(2027, 1, 3))
    assert week.next() == period_between(date(2027, 1, 4), date(2027, 1, 10))


def test_until_before_since_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        period_between(date(2026, 10, 10), date(2026, 10, 9))
    assert str(caught.value) == "until: 2026-10-09 is before --since 2026-10-10"


def test_default_as_of_is_the_end_once_over_else_today() -> None:
    october = parse_period("2026-10")
    assert default_as_of(october, date(2026, 11, 1)) == date(2026, 10, 31)
    assert default_as_of(october, date(2026, 10, 31)) == date(2026, 10, 31)
    assert default_as_of(october, date(2026, 10, 1)) == date(2026, 10, 1)


@settings(max_examples=50, deadline=None)
@given(_DAYS)
def test_month_and_quarter_of_any_day_tile_the_calendar(day: date) -> None:
    for period in (month_of(day), quarter_of(day)):
        assert period.contains(day) and period.start.day == 1
        assert period.next().start == period.end + timedelta(days=1)
        assert period.previous().end == period.start - timedelta(days=1)
        assert period.next().previous() == period
    assert quarter_of(day).start.month in (1, 4, 7, 10)
    month, quarter = month_of(day), quarter_of(day)
    assert quarter.start <= month.start and month.end <= quarter.end


@settings(max_examples=50, deadline=None)
@given(_DAYS, st.integers(0, 400), st.integers(-5, 5))
def test_custom_shifts_keep_their_length(start: date, length: int, steps: int) -> None:
    period = period_between(start, start + timedelta(days=length))
    moved = period.shifted(steps)
    assert moved.days == period.days
    assert moved.start == period.start + timedelta(days=period.days * steps)
    assert isinstance(moved, Period) and moved.shifted(-steps) == period
