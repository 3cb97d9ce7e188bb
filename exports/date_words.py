"""Dates as every rendered document writes them, so the digest and the recap agree."""

from __future__ import annotations

from datetime import date


def long_date(day: date) -> str:
    """ "14 October 2026": unambiguous on both sides of the Atlantic."""
    return f"{day.day} {day:%B %Y}"
