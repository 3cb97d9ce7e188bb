"""Headline figures as short text: "42", "1250.50", "38%", with changes like "+3" or "-5 pts"."""

from __future__ import annotations

from decimal import Decimal

from store.insights import Headline
from store.records import format_amount


def headline_value(key: str, value: float | Decimal | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, Decimal):
        return format_amount(value)
    if key == "structure_all_four":
        return f"{value:.0%}"
    return f"{value:g}"


def headline_change(h: Headline) -> str:
    change = h.change
    if change is None:
        return "-"
    if isinstance(change, Decimal):
        return ("+" if change > 0 else "") + format_amount(change)
    if h.key == "structure_all_four":
        return f"{change * 100:+.0f} pts"
    return f"{change:+g}"
