"""The learnings seen per client and per client style: the digest's accounts at risk and the
outcomes with analytical, emotional and assertive clients.

Clients are grouped through the `ClientDirectory`, so every alias counts as the one client.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from store.insights.client_past import ClientPast, folded
from store.insights.follow_ups import LatestConversations
from store.insights.health import ClientHealth, client_health, overdue_with, team_cost_norm
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
    client: str,
    style: Style,
    so_far: list[Reflection],
    i: Insights,
    norm: dict[str, Decimal],
    past: ClientPast | None,
) -> AccountRow:
    chosen = [r for r in so_far if i.period.contains(r.conversation_date)]
    cost: dict[str, Decimal] = defaultdict(Decimal)
    for r in chosen:
        if r.cost_absorbed is not None:
            cost[r.cost_absorbed.currency] += r.cost_absorbed.amount
    overdue = overdue_with(so_far, i.as_of, past)
    ask = next((a.shown for a in i.client_asks if a.client == client), "")
    # so_far holds this client's records only, whatever names they carry: one key for all.
    also = {client: past.last[0]} if past is not None else None
    latest = LatestConversations(so_far, also, key=lambda _name: client)
    follow = latest.upcoming(so_far, i.as_of)
    if past is not None and not latest.after(client, past.last[0]):
        follow += [on for on in past.follow_ups if on >= i.as_of]
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
        health=client_health(so_far, i.as_of, norm, past),
    )


def accounts(
    i: Insights,
    records: Iterable[Reflection],
    directory: ClientDirectory,
    past: Mapping[str, ClientPast] | None = None,
) -> tuple[AccountRow, ...]:
    """A row per client conversed with in the period, the least healthy first. `records` are
    the whole store's, or (with `past`, by client name) those of the files holding the health
    windows, with `past` standing for the rest (`store.insights.client_past`)."""
    key = cache(directory.key)  # folding a name costs more than the rest of a record's work
    groups: dict[str, list[Reflection]] = defaultdict(list)
    for r in records:
        if r.conversation_date <= i.as_of:
            groups[key(r.client)].append(r)
    for rs in groups.values():
        rs.sort(key=lambda r: (r.conversation_date, r.id))
    norm = team_cost_norm(groups.values(), i.as_of)
    in_period = {key(r.client): directory.display(r.client) for r in i.in_period}
    pasts = folded((key(name), p) for name, p in (past or {}).items())
    rows = [
        _row(name, directory.style_of(name), groups[key], i, norm, pasts.get(key))
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
    i: Insights,
    records: Iterable[Reflection],
    directory: ClientDirectory,
    past: Mapping[str, ClientPast] | None = None,
) -> Insights:
    """`i` with its accounts and learnings by client style filled in (`past` as in `accounts`)."""
    return dataclasses.replace(
        i, accounts=accounts(i, records, directory, past), by_style=by_style(i, directory)
    )
