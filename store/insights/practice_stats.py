"""Practices counted exactly: how often each was ticked used or missed, by whom, and whether the
conversations that used it ended better than those (of the types it applies to) that did not."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from store.insights.periods import Period
from store.records.models import Outcome, Reflection
from store.records.practices import Practice, Vocabulary


@dataclass(frozen=True, slots=True)
class Resolved:
    """How many of `total` conversations ended resolved."""

    resolved: int = 0
    total: int = 0

    @property
    def rate(self) -> float | None:
        return self.resolved / self.total if self.total else None


def resolved_of(records: Sequence[Reflection]) -> Resolved:
    return Resolved(sum(r.outcome is Outcome.RESOLVED for r in records), len(records))


@dataclass(frozen=True, slots=True)
class PracticeStat:
    practice: Practice
    used: int
    missed: int
    members: tuple[str, ...]
    """Members who ticked it used, sorted."""
    with_it: Resolved
    without_it: Resolved
    """Conversations of the types it applies to that did not use it."""
    adopted_recently: bool = False
    """Adopted as a practice in the previous period or this one: the digest reports how it did."""


def practice_stats(
    chosen: Sequence[Reflection], vocabulary: Vocabulary, period: Period
) -> tuple[PracticeStat, ...]:
    """Every practice ticked in the period, plus every recently adopted one, most used first."""
    stats: list[PracticeStat] = []
    since = period.previous().start
    for practice in vocabulary.ordered():
        applies = [r for r in chosen if practice.applies_to(r.type) or practice.id in
                   r.practices_used or practice.id in r.practices_missed]  # fmt: skip
        using = [r for r in applies if practice.id in r.practices_used]
        missed = sum(practice.id in r.practices_missed for r in applies)
        adopted = (
            practice.adopted_at is not None and since <= practice.adopted_at.date() <= period.end
        )
        if not using and not missed and not adopted:
            continue
        stats.append(
            PracticeStat(
                practice=practice,
                used=len(using),
                missed=missed,
                members=tuple(sorted({r.member for r in using}, key=str.casefold)),
                with_it=resolved_of(using),
                without_it=resolved_of([r for r in applies if practice.id not in r.practices_used]),
                adopted_recently=adopted,
            )
        )
    order = {p.id: n for n, p in enumerate(vocabulary.ordered())}
    return tuple(sorted(stats, key=lambda s: (-s.used, -s.missed, order[s.practice.id])))


def most_missed(stats: Sequence[PracticeStat]) -> PracticeStat | None:
    missed = [s for s in stats if s.missed]
    return min(missed, key=lambda s: (-s.missed, s.used, s.practice.wording)) if missed else None


def adopted_day(stat: PracticeStat) -> date | None:
    at = stat.practice.adopted_at
    return at.date() if at is not None else None
