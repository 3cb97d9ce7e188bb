"""The trend behind the learnings page: conversations and cost absorbed, period by period."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from store.insights.periods import Period
from store.records.models import Reflection

TREND_PERIODS = 12


@dataclass(frozen=True, slots=True)
class Trend:
    periods: list[Period]
    """Oldest first, ending with the period asked for."""
    conversations: list[int]
    cost: list[Decimal]
    """Cost absorbed in `currency` (zeros when there is none)."""
    currency: str | None


def trend(
    records: Iterable[Reflection],
    period: Period,
    currency: str | None,
    periods: int = TREND_PERIODS,
) -> Trend:
    """Counts and cost for `period` and the `periods - 1` before it, of the same kind.

    Cost in other currencies is left out: amounts in two currencies do not add up.
    """
    history = [period.shifted(-n) for n in range(periods - 1, -1, -1)]
    counts = dict.fromkeys(history, 0)
    cost = {p: Decimal(0) for p in history}
    first, last = history[0].start, history[-1].end
    for r in records:
        day = r.conversation_date
        if not first <= day <= last:
            continue
        for p in history:
            if p.contains(day):
                counts[p] += 1
                if currency and r.cost_absorbed and r.cost_absorbed.currency == currency:
                    cost[p] += r.cost_absorbed.amount
                break
    return Trend(history, [counts[p] for p in history], [cost[p] for p in history], currency)
