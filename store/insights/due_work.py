"""What is due or overdue, for `aftercall due` and the calendar file: open action items with a
due date, and follow-ups the reflections booked.

A follow-up is owed until it is marked done or a later conversation with the same client is
recorded (the rule home and the digest share: store/insights/follow_ups.py); a follow-up whose
date has passed is overdue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from store.insights.follow_ups import LatestConversations
from store.records.clients import ClientDirectory
from store.records.models import ActionItem, Reflection

SOON_DAYS = 7
"""`aftercall due` lists what falls due within this many days, besides what is overdue."""


@dataclass(frozen=True, slots=True)
class DueEntry:
    uid: str
    """Stable across runs: from the action item's id, or the reflection's for a follow-up."""
    on: date
    client: str
    what: str
    owner: str
    reflection: Reflection
    item: ActionItem | None = None

    @property
    def kind(self) -> str:
        return "follow-up" if self.item is None else "action"

    def days_late(self, today: date) -> int:
        return max(0, (today - self.on).days)


def _mine(member: str | None, owner: str, r: Reflection) -> bool:
    if member is None:
        return True
    me = member.strip().casefold()
    return owner.strip().casefold() == me or (not owner.strip() and r.member.casefold() == me)


def due_entries(
    records: Iterable[Reflection],
    directory: ClientDirectory,
    today: date,
    *,
    member: str | None = None,
) -> list[DueEntry]:
    """Every open dated item and every follow-up not yet held, oldest date first.

    `member` keeps only what that member owes: items they own (or own by default, as the
    reflection's author when no owner is named) and follow-ups they booked.
    """
    chosen = [r for r in records if r.conversation_date <= today]
    latest = LatestConversations(chosen, key=directory.key)
    entries: list[DueEntry] = []
    for r in chosen:
        client = directory.display(r.client)
        for item in r.action_items:
            is_open = item.done_on is None or item.done_on > today
            if item.due is not None and is_open and _mine(member, item.owner, r):
                entries.append(DueEntry(f"{item.id}@aftercall", item.due, client, item.text,
                                        item.owner, r, item))  # fmt: skip
    booked: dict[tuple[str, date], Reflection] = {}
    for r in sorted(chosen, key=lambda r: (r.conversation_date, r.id)):
        on = r.follow_up_on
        if on is not None and latest.follow_up_open(r) and _mine(member, "", r):
            booked[directory.key(r.client), on] = r  # one per client and day: the latest booking
    for (_, on), r in booked.items():
        client = directory.display(r.client)
        entries.append(DueEntry(f"follow-up-{r.id}@aftercall", on, client,
                                f"Follow up with {client}", r.member, r))  # fmt: skip
    return sorted(entries, key=lambda e: (e.on, e.client.casefold(), e.what, e.uid))


def due_soon(entries: Iterable[DueEntry], today: date, soon: int = SOON_DAYS) -> list[DueEntry]:
    """What is overdue, or due within `soon` days."""
    until = today + timedelta(days=soon)
    return [e for e in entries if e.on <= until]
