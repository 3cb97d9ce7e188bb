"""Filters over reflections: what `list`, the browser and the learnings select by."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache

from store.records.clients import fold_name
from store.records.interchange import TEXT_FIELDS
from store.records.models import ConversationType, Outcome, Reflection


@dataclass(frozen=True, slots=True)
class ReflectionFilter:
    """Every criterion is optional; a reflection must meet all that are set.

    Names compare case-insensitively; `text` is a case-insensitive substring of any text field,
    the client, the member, a participant, a tag or an action item.
    """

    since: date | None = None
    until: date | None = None
    member: str | None = None
    client: str | None = None
    type: ConversationType | None = None
    outcome: Outcome | None = None
    tag: str | None = None
    text: str | None = None
    client_names: frozenset[str] | None = None
    """Folded spellings that all name one client (its profile's name and aliases); see
    `ClientDirectory.spellings_of`."""

    def matches(self, r: Reflection) -> bool:
        day = r.conversation_date
        return (
            (self.since is None or day >= self.since)
            and (self.until is None or day <= self.until)
            and (self.member is None or r.member.casefold() == self.member.casefold())
            and (self.client is None or r.client.casefold() == self.client.casefold())
            and (self.client_names is None or fold_name(r.client) in self.client_names)
            and (self.type is None or r.type == self.type)
            and (self.outcome is None or r.outcome == self.outcome)
            and (self.tag is None or self.tag.casefold() in (t.casefold() for t in r.tags))
            and (not self.text or mentions(r, self.text))
        )


def mentions(r: Reflection, text: str) -> bool:
    """Whether `text` appears, ignoring case, in anything a free-text search looks through.

    Field by field with a compiled pattern: no copy of the record's text is made, which keeps
    a search of 100k reflections (300 MB of text) within a second.
    """
    found = _pattern(text)
    return (
        any(found(getattr(r, name)) for name in TEXT_FIELDS)
        or any(found(name) for name in (r.client, r.member, *r.participants, *r.tags))
        or any(found(item.text) or found(item.owner) for item in r.action_items)
        or (r.cost_absorbed is not None and bool(found(r.cost_absorbed.note)))
    )


@lru_cache(maxsize=64)
def _pattern(text: str) -> Callable[[str], object]:
    return re.compile(re.escape(text), re.IGNORECASE).search


def newest_first_key(r: Reflection) -> tuple[date, time, str]:
    """Sort key putting the latest conversation first when used with reverse=True."""
    at = r.conversation_at
    moment = at.time() if isinstance(at, datetime) else time.min
    return (r.conversation_date, moment, r.id)


def newest_first(records: Iterable[Reflection]) -> list[Reflection]:
    """`records` sorted by `newest_first_key`, latest first: the very order of `sorted(records,
    key=newest_first_key, reverse=True)`, reached day by day.

    Why not that one call: sorting 100,000 records is one C call that holds the GIL for a few
    hundred ms, and a store loading in a worker then freezes the app's typing. Grouping by day
    runs as Python (other threads get their turn) and leaves only short sorts of one day each.
    """
    days: dict[date, list[Reflection]] = {}
    for r in records:
        days.setdefault(r.conversation_date, []).append(r)
    ordered: list[Reflection] = []
    for day in sorted(days, reverse=True):
        ordered.extend(sorted(days[day], key=newest_first_key, reverse=True))
    return ordered
