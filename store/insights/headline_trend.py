"""The headline figures of the last six periods, oldest first: is the team getting better?"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from store.insights.headlines import adherence
from store.insights.learnings import Insights, headline_insights
from store.insights.periods import Period
from store.insights.practice_stats import resolved_of
from store.records.models import Reflection

TREND_PERIODS = 6


@dataclass(frozen=True, slots=True)
class TrendPoint:
    period: Period
    reflections: int
    all_four: float | None
    """Share of conversations that covered all four parts."""
    resolved: float | None
    """Share of conversations that ended resolved."""
    median_lag_days: float | None
    mean_mood_shift: float | None


def _point(insights: Insights) -> TrendPoint:
    return TrendPoint(
        period=insights.period,
        reflections=insights.reflections,
        all_four=adherence(insights),
        resolved=resolved_of(insights.in_period).rate,
        median_lag_days=insights.lag.median_days,
        mean_mood_shift=insights.mood.mean_shift,
    )


def trend(
    records: Iterable[Reflection], period: Period, as_of: date, current: Insights | None = None
) -> tuple[TrendPoint, ...]:
    """`period` and the five before it (each judged as of its own end, or `as_of` if sooner)."""
    dated = [(r.conversation_date, r) for r in records]
    points = []
    for steps in range(TREND_PERIODS - 1, -1, -1):
        p = period.shifted(-steps)
        if steps == 0 and current is not None:
            points.append(_point(current))
        else:
            # A period's headline figures read only its own conversations: hand over just those
            # rather than have each period walk every record.
            inside = [r for day, r in dated if p.start <= day <= p.end]
            points.append(_point(headline_insights(inside, p, min(as_of, p.end))))
    return tuple(points)
