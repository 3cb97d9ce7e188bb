"""Natural date input, relative to a frozen clock (Saturday 31 October 2026, 15:00)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tui.natural_dates import DateInputError, as_text, describe, parse_day, parse_when

NOW = datetime(2026, 10, 31, 15, 0)  # a Saturday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday 4pm", datetime(2026, 10, 30, 16, 0)),
        ("Yesterday at 4 PM", datetime(2026, 10, 30, 16, 0)),
        ("4pm yesterday", datetime(2026, 10, 30, 16, 0)),
        ("2 hours ago", datetime(2026, 10, 31, 13, 0)),
        ("2h ago", datetime(2026, 10, 31, 13, 0)),
        ("30 mins ago", datetime(2026, 10, 31, 14, 30)),
        ("an hour ago", datetime(2026, 10, 31, 14, 0)),
        ("mon 10:30", datetime(2026, 10, 26, 10, 30)),
        ("10:30 mon", datetime(2026, 10, 26, 10, 30)),
        ("Monday 9am", datetime(2026, 10, 26, 9, 0)),
        ("tues", date(2026, 10, 27)),
        ("last sat", date(2026, 10, 24)),
        ("sat", date(2026, 10, 31)),
        ("last week", date(2026, 10, 24)),
        ("today 12am", datetime(2026, 10, 31, 0, 0)),
        ("today noon", datetime(2026, 10, 31, 12, 0)),
        ("now", datetime(2026, 10, 31, 15, 0)),
        ("3 days ago", date(2026, 10, 28)),
        ("a month ago", date(2026, 9, 30)),
        ("at 9", datetime(2026, 10, 31, 9, 0)),
        ("16:30", datetime(2026, 10, 31, 16, 30)),
        ("oct 14", date(2026, 10, 14)),
        ("14 October 4pm", datetime(2026, 10, 14, 16, 0)),
        ("dec 24", date(2025, 12, 24)),  # the last one that has happened
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
        ("sat", date(2026, 11, 7)),
        ("this sat", date(2026, 10, 31)),
        ("next mon", date(2026, 11, 2)),
        ("tomorrow", date(2026, 11, 1)),
        ("tomorrow 9am", date(2026, 11, 1)),
        ("next week", date(2026, 11, 7)),
        ("in 3 days", date(2026, 11, 3)),
        ("in 2 weeks", date(2026, 11, 14)),
        ("in 2w", date(2026, 11, 14)),
        ("in a month", date(2026, 11, 30)),
        ("oct 14", date(2027, 10, 14)),  # the next one to come
        ("2026-11-20", date(2026, 11, 20)),
    ],
)
def test_when_something_is_due(text: str, expected: date) -> None:
    assert parse_day(text, NOW) == expected


def test_a_month_from_the_end_of_a_month_stays_in_the_next_month() -> None:
    assert parse_day("in 1 month", datetime(2027, 1, 31, 9, 0)) == date(2027, 2, 28)


@pytest.mark.parametrize(
    "text",
    ["", "soonish", "yesterday 25:00", "blursday", "13pm", "monkey", "oct 32", "feb 30",
     "next tomorrow", "ma 3", "in 2 fortnights"],
)  # fmt: skip
def test_unreadable_text_says_what_works(text: str) -> None:
    with pytest.raises(DateInputError, match="yesterday 4pm"):
        parse_when(text, NOW)


def test_resolved_dates_read_back_plainly() -> None:
    today = NOW.date()
    assert describe(datetime(2026, 10, 30, 16, 0), today) == "Fri 30 Oct, 16:00"
    assert describe(date(2027, 1, 4), today) == "Mon 4 Jan 2027"
    assert as_text(datetime(2026, 10, 30, 16, 0)) == "2026-10-30 16:00"
    assert as_text(date(2026, 10, 30)) == "2026-10-30" and as_text(None) == ""
    assert parse_when(as_text(datetime(2026, 10, 30, 16, 0)), NOW) == datetime(2026, 10, 30, 16)
