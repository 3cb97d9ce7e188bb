"""What drives outcomes: resolved rates split by the four parts, by response lag and by practice.

A team learns from the comparison, not the raw count: of the conversations that covered all four
parts, how many ended resolved, against those that did not; which part is skipped most.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from store.insights.learnings import LAG_BUCKETS, lag_bucket, lag_days
from store.insights.practice_stats import Resolved, resolved_of
from store.records.models import STRUCTURE_PARTS, Reflection


@dataclass(frozen=True, slots=True)
class PartDriver:
    part: str
    skipped: int
    with_part: Resolved
    without_part: Resolved


@dataclass(frozen=True, slots=True)
class OutcomeDrivers:
    all_four: Resolved
    not_all_four: Resolved
    parts: tuple[PartDriver, ...]
    """Most skipped first (ties in the order the parts happen)."""
    by_lag: dict[str, Resolved]
    """Resolved rate per response lag bucket, for conversations whose lag is known."""

    @property
    def most_skipped(self) -> PartDriver | None:
        first = self.parts[0] if self.parts else None
        return first if first is not None and first.skipped else None


def outcome_drivers(chosen: Sequence[Reflection]) -> OutcomeDrivers:
    parts = [
        PartDriver(
            part=part,
            skipped=sum(not getattr(r.structure, part) for r in chosen),
            with_part=resolved_of([r for r in chosen if getattr(r.structure, part)]),
            without_part=resolved_of([r for r in chosen if not getattr(r.structure, part)]),
        )
        for part in STRUCTURE_PARTS
    ]
    buckets: dict[str, list[Reflection]] = {b: [] for b in LAG_BUCKETS}
    for r in chosen:
        days = lag_days(r)
        if days is not None:
            buckets[lag_bucket(days)].append(r)
    return OutcomeDrivers(
        all_four=resolved_of([r for r in chosen if r.structure.all_four]),
        not_all_four=resolved_of([r for r in chosen if not r.structure.all_four]),
        parts=tuple(sorted(parts, key=lambda p: -p.skipped)),
        by_lag={b: resolved_of(rs) for b, rs in buckets.items() if rs},
    )
