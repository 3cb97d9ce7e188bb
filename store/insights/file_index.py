"""What the learnings need from a file outside the period's window, kept small enough to cache.

A month's learnings read in full only the files holding conversations of the months they show.
Every other file counts only through its action items (open and overdue are judged across all
time), its follow-ups (with their done marks) and the day of its latest conversation with each
client (a later call settles a follow-up, store/insights/follow_ups.py); `summarise` keeps those
in a compact form, and `elsewhere` turns the summaries into the same tallies
`store.insights.learnings` would have counted from the records. A digest also judges each
account over its whole history: each summary keeps what that needs per client too
(`store.insights.client_past`). Equivalence tests hold both to the whole store's answers.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from store.insights.client_past import ClientPast, folded, pasts
from store.insights.client_past import summarise as summarise_clients
from store.records.models import ActionItem, Party, Reflection

if TYPE_CHECKING:
    from store.insights.periods import Period

FOLLOW_UP_WINDOW = 14
"""Days after the "as of" date in which a follow-up counts (as in `store.insights.learnings`)."""
LATE_KEPT = 25
"""Open items kept by name per file: at least as many as the learnings list."""
NO_OWNER = "(no owner)"
INDEX_VERSION = "file_index 3"
"""Names the shape of `summarise`'s index: cached summaries of another shape are made again."""
_PARTIES = {party.value: party for party in Party}

Flags = tuple[bool, bool, bool, bool, bool]
Late = tuple[date, str, str, str, ActionItem]
"""(due, client, reflection id, member, item) of an overdue item."""
Entry = dict[str, Any]
FollowRow = tuple[date, str, str, str, date | None, date]
"""(on, reflection id, client, member, marked done on, conversed on) of a follow-up."""


@dataclass(slots=True)
class Elsewhere:
    """The action items and follow-ups of the records the learnings did not read in full."""

    tallies: Counter[tuple[str, str, Flags]] = field(default_factory=Counter)
    settled_owners: set[str] = field(default_factory=set)
    late: list[Late] = field(default_factory=list)
    follow_ups: list[FollowRow] = field(default_factory=list)
    """Follow-ups asked for in the period's window, settled or not: the rule needs every file's
    latest conversation with the client (`latest`) and the decoded records' too."""
    latest: dict[str, date] = field(default_factory=dict)
    """The day of the latest conversation with each client (as spelled) in these files."""
    clients: dict[str, ClientPast] | None = None
    """Each client's past (as spelled) for its account's health, when asked for: then every
    conversation of these files is before the health windows (`digest_records`)."""

    def renamed(self, client: Callable[[str], str]) -> Elsewhere:
        """The same, each client named by `client` (a profile's display name)."""
        return Elsewhere(
            self.tallies,
            self.settled_owners,
            [(due, client(name), rid, member, item) for due, name, rid, member, item in self.late],
            [
                (on, rid, client(name), member, done, day)
                for on, rid, name, member, done, day in self.follow_ups
            ],
            _latest((client(name), day) for name, day in self.latest.items()),
            None
            if self.clients is None
            else folded((client(name), past) for name, past in self.clients.items()),
        )


def _latest(days: Iterable[tuple[str, date]]) -> dict[str, date]:
    latest: dict[str, date] = {}
    for name, day in days:
        if latest.get(name, day) <= day:
            latest[name] = day
    return latest


def summarise(reflections: Sequence[Reflection]) -> tuple[Entry, Entry]:
    """The compact index of one file's records (plain JSON types, for the cache): what every
    month reads, and the bulky rows only some months read (see `needs_rows`)."""
    days: list[int] = []
    open_groups: dict[tuple[str, str], list[Any]] = {}
    late: list[tuple[tuple[int, str, str, str, str], list[Any]]] = []
    done: list[tuple[int, int, int | None, str, str, str, str, str, str, str]] = []
    follow: list[list[Any]] = []
    latest: dict[str, int] = {}
    for r in reflections:
        day = r.conversation_date.toordinal()
        days.append(day)
        latest[r.client] = max(latest.get(r.client, day), day)
        if r.follow_up_on is not None:
            done_mark = r.follow_up_done.toordinal() if r.follow_up_done is not None else None
            follow.append([r.follow_up_on.toordinal(), r.id, r.client, r.member, done_mark, day])
        for item in r.action_items:
            due = item.due.toordinal() if item.due is not None else None
            if item.done_on is None:
                group = open_groups.setdefault((item.party.value, item.owner), [0, []])
                if due is None:
                    group[0] += 1
                    continue
                group[1].append(due)
                key = (due, r.client.casefold(), r.client, item.text, item.id)
                row = [due, r.client, r.id, r.member, item.id, item.text, item.owner,
                       item.party.value]  # fmt: skip
                late.append((key, row))
                continue
            finished = item.done_on.toordinal()
            settles = max(finished, due) if due is not None else finished
            done.append((settles, finished, due, item.party.value, item.owner, item.text,
                         item.id, r.id, r.client, r.member))  # fmt: skip
    done.sort(key=lambda row: row[0])
    follow.sort(key=lambda row: row[0])
    owners: dict[str, int] = {}
    for settled, _, _, _, owner, *_ in done:
        owners.setdefault(owner, settled)
    return {
        "first": min(days, default=None),
        "last": max(days, default=None),
        "open": [[party, owner, g[0], sorted(g[1])] for (party, owner), g in open_groups.items()],
        "late": [row for _, row in heapq.nsmallest(LATE_KEPT, late, key=lambda e: e[0])],
        "done_last": done[-1][0] if done else None,
        "done_owners": owners,
        "follow_range": [follow[0][0], follow[-1][0]] if follow else None,
        "latest": latest,
        "clients": summarise_clients(reflections),
    }, {"done": done, "follow": follow}


def needs_rows(entry: Entry, period: Period, as_of: date) -> bool:
    """Whether the learnings of `period` need the bulky rows of this file, or its entry alone
    says all: no item done or due in or after the period, no follow-up in its window."""
    start, day = period.start.toordinal(), as_of.toordinal()
    until = (as_of + timedelta(days=FOLLOW_UP_WINDOW)).toordinal()
    last, span = entry.get("done_last"), entry.get("follow_range")
    return (last is not None and not last < start <= day) or (
        span is not None and span[0] <= until and span[1] >= start
    )


def elsewhere(
    summaries: Iterable[tuple[Entry, Entry | None]],
    period: Period,
    as_of: date,
    *,
    clients: bool = False,
) -> Elsewhere:
    """What the files of `summaries` (entry, bulky rows) add to the period's action items and
    follow-ups, judged as of `as_of`, and with `clients` each client's past. The rows must be
    there when `needs_rows` says so, and each file's records must all have been conversed on or
    before `as_of` (with `clients`, before it).
    """
    summaries = list(summaries)
    found = Elsewhere()
    if clients:
        found.clients = pasts((entry["clients"] for entry, _ in summaries), as_of)
    start, end, day = period.start.toordinal(), period.end.toordinal(), as_of.toordinal()
    until = (as_of + timedelta(days=FOLLOW_UP_WINDOW)).toordinal()
    candidates: list[list[Any]] = []
    for entry, rows in summaries:
        _open(entry, found, start, end, day)
        for name, last in entry["latest"].items():
            if found.latest.get(name, date.min).toordinal() < last:
                found.latest[name] = date.fromordinal(last)
        candidates += (row for row in entry["late"] if row[0] < day)
        if not needs_rows(entry, period, as_of):
            if entry.get("done_last") is not None:
                found.settled_owners.update(entry["done_owners"])
            continue
        if rows is None:
            raise ValueError("the rows of a file summary are missing")
        _done(rows["done"], found, start, end, day)
        for on, rid, client, member, done_mark, conversed in rows["follow"]:
            if start <= on <= until:
                done_on = date.fromordinal(done_mark) if done_mark is not None else None
                found.follow_ups.append((date.fromordinal(on), rid, client, member, done_on,
                                         date.fromordinal(conversed)))  # fmt: skip
    # Only the most overdue can be listed: name those, not every file's candidates.
    for due, client, rid, member, item_id, text, owner, party in heapq.nsmallest(
        LATE_KEPT, candidates, key=lambda row: (row[0], row[1].casefold(), row[1], row[5], row[4])
    ):
        item = ActionItem(id=item_id, text=text, owner=owner, party=_PARTIES[party],
                          due=date.fromordinal(due))  # fmt: skip
        found.late.append((item.due, client, rid, member, item))  # type: ignore[arg-type]
    return found


def _open(entry: Entry, found: Elsewhere, start: int, end: int, day: int) -> None:
    """Items never done: open whatever the day, overdue once their due day has passed."""
    tallies = found.tallies
    for party, owner, no_due, dues in entry["open"]:
        name = owner or NO_OWNER
        overdue = bisect_left(dues, day)
        passed = max(0, bisect_right(dues, min(end, day - 1)) - bisect_left(dues, start))
        for flags, count in (
            ((True, False, False, False, False), no_due + len(dues) - overdue),
            ((True, True, False, False, False), overdue - passed),
            ((True, True, False, True, False), passed),
        ):
            if count:
                tallies[party, name, flags] += count


def _done(rows: list[list[Any]], found: Elsewhere, start: int, end: int, day: int) -> None:
    """Items done some day: settled ones (done and due before the period) only name an owner."""
    for _, finished, due, party, owner, text, item_id, rid, client, member in rows:
        if finished < start and finished <= day and (due is None or due < start):
            found.settled_owners.add(owner)
            continue
        is_open = finished > day
        overdue = is_open and due is not None and due < day
        if overdue:
            item = ActionItem(id=item_id, text=text, owner=owner, party=_PARTIES[party],
                              due=date.fromordinal(due),
                              done_on=date.fromordinal(finished))  # fmt: skip
            found.late.append((item.due, client, rid, member, item))  # type: ignore[arg-type]
        passed = due is not None and due < day and start <= due <= end
        flags = (
            is_open,
            overdue,
            start <= finished <= end and finished <= day,
            passed,
            passed and finished <= due,
        )
        found.tallies[party, owner or NO_OWNER, flags] += 1
