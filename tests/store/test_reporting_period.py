"""Reporting periods: parsing, stepping, the default "as of" day, and themes' normalisation."""

from __future__ import annotations

from datetime import date

import pytest

from store import ValidationError
from store.insights.periods import default_as_of, parse_period, period_between, previous_full_month
from store.insights.themes import phrases


def test_parse_month_quarter_year() -> None:
    october = parse_period("2026-10")
    assert (october.start, october.end, october.label) == (
        date(2026, 10, 1), date(2026, 10, 31), "October 2026")  # fmt: skip
    q4 = parse_period("2026-q4")
    assert (q4.start, q4.end, q4.label) == (date(2026, 10, 1), date(2026, 12, 31), "2026-Q4")
    year = parse_period("2026")
    assert (year.start, year.end) == (date(2026, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize("text", ["Oct", "2026-13", "2026-Q5", "26-10", ""])
def test_bad_periods_are_named(text: str) -> None:
    with pytest.raises(
        ValidationError, match=f'^period: expected YYYY-MM, YYYY-Qn or YYYY, got "{text}"'
    ):
        parse_period(text)


def test_stepping() -> None:
    assert parse_period("2026-01").previous() == parse_period("2025-12")
    assert parse_period("2026-Q1").previous() == parse_period("2025-Q4")
    assert parse_period("2026-12").next() == parse_period("2027-01")
    custom = period_between(date(2026, 10, 10), date(2026, 10, 19))
    assert custom.previous() == period_between(date(2026, 9, 30), date(2026, 10, 9))
    with pytest.raises(ValidationError, match=r"^until: "):
        period_between(date(2026, 10, 10), date(2026, 10, 1))


def test_as_of_defaults() -> None:
    october = parse_period("2026-10")
    assert default_as_of(october, date(2026, 11, 23)) == date(2026, 10, 31)
    assert default_as_of(october, date(2026, 10, 12)) == date(2026, 10, 12)
    assert previous_full_month(date(2026, 11, 23)) == october


def test_phrases_normalise_case_punctuation_stop_words_and_plurals() -> None:
    assert phrases("Asked for CONSOLIDATED feedback-rounds; the Approvers' replies.") == {
        "asked consolidated", "asked consolidated feedback", "asked consolidated feedback round",
        "consolidated feedback", "consolidated feedback round", "feedback round",
        "approver reply",
    }  # fmt: skip
