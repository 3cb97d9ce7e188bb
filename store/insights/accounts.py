"""The learnings seen per client and per client style: the digest's accounts at risk and the
outcomes with analytical, emotional and assertive clients.

Clients are grouped through the `ClientDirectory`, so every alias counts as the one client.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from store.insights.follow_ups import LatestConversations
from store.insights.health import ClientHealth, client_health, overdue_counts, team_cost_norm
from store.insights.learnings import Insights
from store.records.clients import ClientDirectory, Style
from store.records.models import Party, Reflection


@dataclass(frozen=True, slots=True)
class AccountRow:
    """One client with a conversation in the period."""

    client: str
    style: Style
    outcomes: tuple[str, ...]
    """The period's outcomes, oldest first."""
    mood_before: int | None
    """Temperature at the start of the period's first conversation."""
    mood_after: int | None
    """...and at the end of its last."""
    cost: dict[str, Decimal]
    overdue_ours: int
    overdue_theirs: int
    repeated_ask: str
    next_follow_up: date | None
    health: ClientHealth


@dataclass(frozen=True, slots=True)
class StyleSummary:
    conversations: int
    clients: int
    outcomes: dict[str, int]
    all_four: int
    """Conversations that covered acknowledge, explain, resolve and commit."""
    turned_around: int
    """Conversations that ended warmer than they began."""


def _row(
    client: str, style: Style, so_far: list[Reflection], i: Insights, norm: dict[str, Decimal]
) -> AccountRow:
    chosen = [r for r in so_far if i.period.contains(r.conversation_date)]
    cost: dict[str, Decimal] = defaultdict(Decimal)
    for r in chosen:
        if r.cost_absorbed is not None:
            cost[r.cost_absorbed.currency] += r.cost_absorbed.amount
    overdue = overdue_counts(so_far, i.as_of)
    ask = next((a.shown for a in i.client_asks if a.client == client), "")
    # so_far holds this client's records only, whatever names they carry: one key for all.
    follow = LatestConversations(so_far, key=lambda _name: client).upcoming(so_far, i.as_of)
    return AccountRow(
        client=client,
        style=style,
        outcomes=tuple(r.outcome.value for r in chosen),
        mood_before=next((r.mood_before for r in chosen if r.mood_before is not None), None),
        mood_after=next((r.mood_after for r in reversed(chosen) if r.mood_after is not None), None),
        cost=dict(sorted(cost.items())),
        overdue_ours=overdue[Party.US],
        overdue_theirs=overdue[Party.CLIENT],
        repeated_ask=ask,
        next_follow_up=min(follow, default=None),
        health=client_health(so_far, i.as_of, norm),
    )


def accounts(
    i: Insights, records: Iterable[Reflection], directory: ClientDirectory
) -> tuple[AccountRow, ...]:
    """A row per client conversed with in the period, the least healthy first."""
    groups: dict[str, list[Reflection]] = defaultdict(list)
    for r in records:
        if r.conversation_date <= i.as_of:
            groups[directory.key(r.client)].append(r)
    for rs in groups.values():
        rs.sort(key=lambda r: (r.conversation_date, r.id))
    norm = team_cost_norm(groups.values(), i.as_of)
    in_period = {directory.key(r.client): directory.display(r.client) for r in i.in_period}
    rows = [
        _row(name, directory.style_of(name), groups[key], i, norm)
        for key, name in in_period.items()
    ]
    return tuple(sorted(rows, key=lambda a: (-a.health.level, a.client.casefold(), a.client)))


def by_style(i: Insights, directory: ClientDirectory) -> dict[str, StyleSummary]:
    """The period's conversations by the client's style (every style listed, in a fixed order)."""
    groups: dict[Style, list[Reflection]] = {style: [] for style in Style}
    for r in i.in_period:
        groups[directory.style_of(r.client)].append(r)
    return {
        style.value: StyleSummary(
            conversations=len(rs),
            clients=len({directory.key(r.client) for r in rs}),
            outcomes=dict(sorted(Counter(r.outcome.value for r in rs).items())),
            all_four=sum(r.structure.all_four for r in rs),
            turned_around=sum(
                r.mood_before is not None
                and r.mood_after is not None
                and r.mood_after > r.mood_before
                for r in rs
            ),
        )
        for style, rs in groups.items()
    }


def with_clients(
    i: Insights, records: Iterable[Reflection], directory: ClientDirectory
) -> Insights:
    """`i` with its accounts and learnings by client style filled in."""
    return dataclasses.replace(
        i, accounts=accounts(i, records, directory), by_style=by_style(i, directory)
    )
