"""Natural date input, relative to a frozen clock (Saturday 31 October 2026, 15:00)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tui.natural_dates import DateInputError, parse_day, parse_when

NOW = datetime(2026, 10, 31, 15, 0)  # a Saturday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday 4pm", datetime(2026, 10, 30, 16, 0)),
        ("2 hours ago", datetime(2026, 10, 31, 13, 0)),
        ("an hour ago", datetime(2026, 10, 31, 14, 0)),
        ("mon 10:30", datetime(2026, 10, 26, 10, 30)),
        ("Monday 9am", datetime(2026, 10, 26, 9, 0)),
        ("last sat", date(2026, 10, 24)),
        ("sat", date(2026, 10, 31)),
        ("today 12am", datetime(2026, 10, 31, 0, 0)),
        ("now", datetime(2026, 10, 31, 15, 0)),
        ("3 days ago", date(2026, 10, 28)),
        ("at 9", datetime(2026, 10, 31, 9, 0)),
        ("2026-10-14", date(2026, 10, 14)),
        ("2026-10-14 16:30", datetime(2026, 10, 14, 16, 30)),
        ("2026-10-14T16:30", datetime(2026, 10, 14, 16, 30)),
    ],
)
def test_when_something_happened(text: str, expected: date | datetime) -> None:
    assert parse_when(text, NOW) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fri", date(2026, 11, 6)),
        ("next mon", date(2026, 11, 2)),
        ("tomorrow", date(2026, 11, 1)),
        ("in 3 days", date(2026, 11, 3)),
        ("in 2 weeks", date(2026, 11, 14)),
        ("2026-11-20", date(2026, 11, 20)),
    ],
)
def test_when_something_is_due(text: str, expected: date) -> None:
    assert parse_day(text, NOW) == expected


@pytest.mark.parametrize("text", ["", "soonish", "yesterday 25:00", "blursday", "13pm"])
def test_unreadable_text_says_what_works(text: str) -> None:
    with pytest.raises(DateInputError, match="yesterday 4pm"):
        parse_when(text, NOW)
