"""What is due now: follow-ups due by today and open action items due within a week.

This is how aftercall reminds without a server: home lists these on every start.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date, timedelta

from store.insights.follow_ups import LatestConversations
from store.records.models import ActionItem, Party, Reflection

DUE_SHOWN = 30
"""Rows worth listing; the rest are counted (the actions screen lists every item)."""
SOON = 7
"""Open action items due within this many days count as due now."""
FOLLOW_UP = "Follow up with the client"


@dataclass(frozen=True, slots=True)
class DueRow:
    due: date
    what: str
    kind: str
    """ "follow-up", "our item" or "client's item"."""
    owner: str
    client: str
    reflection_id: str


@dataclass(frozen=True, slots=True)
class DueList:
    rows: list[DueRow]
    """The `limit` most urgent, oldest due date first."""
    total: int


def due_now(records: list[Reflection], today: date, limit: int = DUE_SHOWN) -> DueList:
    """Follow-ups due today or overdue, and open items overdue or due within `SOON` days.

    A follow-up drops off once marked done or once a later conversation with the same client
    is recorded (the rule the learnings and the digest share: store/insights/follow_ups.py).
    A large store can owe thousands of items; only the `limit` oldest become rows.
    """
    folded = {r.client: r.client.casefold() for r in records}  # once per client, not per record
    latest = LatestConversations(records)
    horizon = today + timedelta(days=SOON)
    due: list[tuple[date, str, str, Reflection, ActionItem | None]] = []
    for r in records:
        key, on = folded[r.client], r.follow_up_on
        if on is not None and on <= today and latest.follow_up_open(r):
            due.append((on, key, FOLLOW_UP, r, None))
        for item in r.action_items:
            if item.done_on is None and item.due is not None and item.due <= horizon:
                due.append((item.due, key, item.text, r, item))
    first = heapq.nsmallest(limit, due, key=lambda e: (e[0], e[1], e[2], e[3].id))
    return DueList([_row(on, r, item) for on, _, _, r, item in first], len(due))


def _row(on: date, r: Reflection, item: ActionItem | None) -> DueRow:
    if item is None:
        return DueRow(on, FOLLOW_UP, "follow-up", r.member, r.client, r.id)
    kind = "our item" if item.party is Party.US else "client's item"
    return DueRow(on, item.text, kind, item.owner, r.client, r.id)
