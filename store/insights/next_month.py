"""Up to three commitments for the next period, each with an owner and the evidence behind it.

Derived, never invented: the practice the team missed most (owner: the member who missed it
most), the client ask that keeps coming (owner: who spoke with that client most), and the slowest
response (owner: who had that conversation). Ties are broken by name, so the same records always
give the same list.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from store.insights.learnings import Insights
from store.insights.practice_stats import PracticeStat, most_missed


@dataclass(frozen=True, slots=True)
class Commitment:
    kind: str
    """"practice", "client_ask" or "response"."""
    text: str
    owner: str
    evidence: str


def _top(names: Counter[str]) -> str:
    return min(names, key=lambda n: (-names[n], n.casefold(), n)) if names else ""


def next_month(insights: Insights, stats: Sequence[PracticeStat]) -> tuple[Commitment, ...]:
    chosen = insights.in_period
    commitments: list[Commitment] = []
    missed = most_missed(stats)
    if missed is not None:
        pid = missed.practice.id
        owner = _top(Counter(r.member for r in chosen if pid in r.practices_missed))
        commitments.append(Commitment(
            "practice", f"Practise “{missed.practice.wording}” in every conversation it fits",
            owner, f"missed in {missed.missed} conversation{'s' if missed.missed != 1 else ''}, "
            f"used in {missed.used}",
        ))  # fmt: skip
    if insights.client_asks:
        ask = insights.client_asks[0]
        owner = _top(Counter(r.member for r in chosen if r.client == ask.client))
        commitments.append(Commitment(
            "client_ask", f"Raise “{ask.shown}” with {ask.client} as a standing agreement",
            owner, f"asked of {ask.client} in {ask.count} conversations",
        ))  # fmt: skip
    if insights.lag.slowest:
        rid, client, days = insights.lag.slowest[0]
        owner = next((r.member for r in chosen if r.id == rid), "")
        commitments.append(Commitment(
            "response", f"Call {client} the day a problem is noticed",
            owner, f"{days} days passed between noticing the problem and talking about it",
        ))  # fmt: skip
    return tuple(commitments)
