"""Headline figures of a period and their change from the previous one."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from store.insights.learnings import Insights


@dataclass(frozen=True, slots=True)
class Headline:
    """One summary figure with the previous period's value."""

    key: str
    value: float | Decimal | None
    previous: float | Decimal | None

    @property
    def change(self) -> float | Decimal | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous  # type: ignore[operator]


def adherence(insights: Insights) -> float | None:
    """Share of conversations that covered all four parts (0..1)."""
    s = insights.structure
    return round(s.all_four / s.total, 3) if s.total else None


def headlines(current: Insights, previous: Insights | None) -> list[Headline]:
    """Reflections, members, clients, cost per currency, adherence, median lag, mood shift."""

    def pair(key: str, get: Any) -> Headline:
        return Headline(key, get(current), get(previous) if previous is not None else None)

    rows = [
        pair("reflections", lambda i: i.reflections),
        pair("members", lambda i: len(i.members)),
        pair("clients", lambda i: len(i.clients)),
    ]
    currencies = sorted(set(current.cost) | set(previous.cost if previous else ()))
    for currency in currencies:
        rows.append(pair(f"cost_absorbed.{currency}", lambda i, c=currency: _total(i, c)))
    rows += [
        pair("structure_all_four", adherence),
        pair("median_response_lag_days", lambda i: i.lag.median_days),
        pair("mean_mood_shift", lambda i: i.mood.mean_shift),
    ]
    return rows


def _total(insights: Insights, currency: str) -> Decimal:
    cost = insights.cost.get(currency)
    return cost.total if cost is not None else Decimal(0)
