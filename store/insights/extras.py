"""The practice-aware learnings in one bundle: practices, outcome drivers, trend, next month.

Computed once per digest or `learnings` call from the period's insights, every record (for the
trend) and the team's vocabulary; `extras_to_dict` is their part of the JSON.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from store.insights.accounts import with_clients
from store.insights.drivers import OutcomeDrivers, outcome_drivers
from store.insights.file_index import Elsewhere
from store.insights.headline_trend import TrendPoint, trend
from store.insights.learnings import Insights, compute_with_previous
from store.insights.next_month import Commitment, next_month
from store.insights.periods import Period
from store.insights.practice_stats import PracticeStat, Resolved, practice_stats
from store.records.clients import ClientDirectory
from store.records.models import Reflection
from store.records.practices import Vocabulary


@dataclass(frozen=True, slots=True)
class Extras:
    practices: tuple[PracticeStat, ...]
    drivers: OutcomeDrivers
    trend: tuple[TrendPoint, ...]
    next_month: tuple[Commitment, ...]


def period_extras(insights: Insights, vocabulary: Vocabulary) -> Extras:
    """The extras the period's own records give (practices, drivers, next month), the trend
    left empty: what a reader of only the period's files can compute."""
    stats = practice_stats(insights.in_period, vocabulary, insights.period)
    return Extras(
        practices=stats,
        drivers=outcome_drivers(insights.in_period),
        trend=(),
        next_month=next_month(insights, stats),
    )


def compute_extras(
    records: Iterable[Reflection], insights: Insights, vocabulary: Vocabulary
) -> Extras:
    """`period_extras` plus the six-period trend, which reads every record."""
    extras = period_extras(insights, vocabulary)
    return replace(extras, trend=trend(records, insights.period, insights.as_of, current=insights))


def full_learnings(
    records: Sequence[Reflection],
    period: Period,
    as_of: date,
    directory: ClientDirectory,
    vocabulary: Vocabulary,
    elsewhere: Elsewhere | None = None,
) -> tuple[Insights, Insights, Extras]:
    """What the digest, `learnings --format json` and the learnings screen show, computed one
    way: the period against the one before, each account over its whole history, and the
    extras. `records` are the whole store's, with client aliases already merged; or those of
    the files holding `digest_windows` (`digest_records`), and `elsewhere` the rest, summarised
    with each client's past and renamed like the records."""
    if elsewhere is not None and elsewhere.clients is None:
        raise ValueError("the summaries of the rest lack the clients' pasts the accounts need")
    current, previous = compute_with_previous(records, period, as_of, elsewhere)
    past = elsewhere.clients if elsewhere is not None else None
    current = with_clients(current, records, directory, past)
    return current, previous, compute_extras(records, current, vocabulary)


def _resolved(r: Resolved) -> dict[str, Any]:
    return {"resolved": r.resolved, "total": r.total,
            "rate": None if r.rate is None else round(r.rate, 4)}  # fmt: skip


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def extras_to_dict(extras: Extras) -> dict[str, Any]:
    d = extras.drivers
    return {
        "practices": [
            {
                "id": s.practice.id,
                "wording": s.practice.wording,
                "used": s.used,
                "missed": s.missed,
                "members": list(s.members),
                "outcome_used": _resolved(s.with_it),
                "outcome_not_used": _resolved(s.without_it),
                "adopted_from": s.practice.adopted_from or None,
                "adopted_at": s.practice.adopted_at.isoformat() if s.practice.adopted_at else None,
            }
            for s in extras.practices
        ],
        "outcome_drivers": {
            "all_four": _resolved(d.all_four),
            "not_all_four": _resolved(d.not_all_four),
            "parts": [
                {
                    "part": p.part,
                    "skipped": p.skipped,
                    "with": _resolved(p.with_part),
                    "without": _resolved(p.without_part),
                }
                for p in d.parts
            ],
            "by_lag": {bucket: _resolved(r) for bucket, r in d.by_lag.items()},
        },
        "trend": [
            {
                "period": p.period.label,
                "start": p.period.start.isoformat(),
                "end": p.period.end.isoformat(),
                "reflections": p.reflections,
                "all_four": _round(p.all_four),
                "resolved": _round(p.resolved),
                "median_response_lag_days": p.median_lag_days,
                "mean_mood_shift": _round(p.mean_mood_shift),
            }
            for p in extras.trend
        ],
        "next_month": [
            {"kind": c.kind, "text": c.text, "owner": c.owner, "evidence": c.evidence}
            for c in extras.next_month
        ],
    }
