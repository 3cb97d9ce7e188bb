"""Action items across the team's reflections: who owes what, to whom, and how late it is."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from store.records.models import ActionItem, Party, Reflection


@dataclass(frozen=True, slots=True)
class ActionRow:
    """One action item with the reflection it came from."""

    item: ActionItem
    reflection: Reflection

    @property
    def client(self) -> str:
        return self.reflection.client

    def days_late(self, as_of: date) -> int:
        """Days past due as of `as_of` (0 when not due yet, done, or without a due date)."""
        if self.item.due is None or self.item.done_on is not None:
            return 0
        return max(0, (as_of - self.item.due).days)

    def is_overdue(self, as_of: date) -> bool:
        return self.days_late(as_of) > 0


@dataclass(frozen=True, slots=True)
class ActionFilter:
    open_only: bool = True
    overdue_only: bool = False
    party: Party | None = None
    owner: str | None = None


def action_rows(
    reflections: Iterable[Reflection], as_of: date, where: ActionFilter | None = None
) -> list[ActionRow]:
    """Matching items, the most overdue first, then by due date (undated last), then client."""
    where = where or ActionFilter()
    rows = [
        ActionRow(item, r)
        for r in reflections
        for item in r.action_items
        if (not where.open_only or item.done_on is None)
        and (where.party is None or item.party is where.party)
        and (where.owner is None or item.owner.casefold() == where.owner.casefold())
    ]
    if where.overdue_only:
        rows = [row for row in rows if row.is_overdue(as_of)]
    return sorted(
        rows,
        key=lambda row: (
            row.item.due is None,
            row.item.due or date.max,
            row.client.casefold(),
            row.item.text,
            row.item.id,
        ),
    )
