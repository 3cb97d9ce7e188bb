"""A client's conversations in the files a digest does not read, kept as its health needs them.

A digest reads in full every file holding a conversation of the health windows (the `HEALTH_DAYS`
up to the "as of" day), so the rules that count recent outcomes, missed deadlines and cost see
every record they count. Three rules and the account's next follow-up look back over the whole
history: the temperature of the last rated conversations, the silence since the last
conversation (with the follow-ups it left owed), and the items overdue on either side.
`summarise` keeps those per client, as spelled, in each file's cached summary; `pasts` turns
the summaries into one `ClientPast` per client as of a day. Spellings are folded into one client
at read time (`ClientPast.merged`), the way the health rules group clients.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from store.records.models import Outcome, Party, Reflection

Rated = tuple[date, str, int | None, int]
"""(conversed on, reflection id, temperature before, temperature after) of a rated call."""
Last = tuple[date, str, Outcome]
"""(conversed on, reflection id, outcome) of a client's latest conversation."""
_BOTH = tuple(Party)


def _order(row: tuple[Any, ...]) -> tuple[date, str]:
    """Conversations in the order the health rules read them: by day, then id."""
    return row[0], row[1]


@dataclass(frozen=True, slots=True)
class ClientPast:
    """One client's conversations outside the files read, as of a day."""

    last: Last
    follow_ups: tuple[date, ...]
    """Follow-ups not marked done, asked for in the conversations on `last`'s day."""
    rated: tuple[Rated, ...]
    """The last two conversations rated after the call, oldest first."""
    overdue: Mapping[Party, int]
    """Items due before the day and not done by it, per party."""

    def merged(self, other: ClientPast) -> ClientPast:
        """The two as one client's (two spellings, or two files)."""
        row: Row = [*self.last, list(self.follow_ups), list(self.rated), dict(self.overdue)]
        _fold(row, [*other.last, other.follow_ups, other.rated, other.overdue])
        day, rid, outcome, follow, rated, overdue = row
        return ClientPast(
            last=(day, rid, outcome),
            follow_ups=tuple(sorted(follow)),
            rated=tuple(rated),
            overdue={party: overdue.get(party, 0) for party in _BOTH},
        )


Row = list[Any]
"""A client's past as plain values, to fold many cheaply: [last day, last id, last outcome,
follow-ups owed on the last day, the last two rated calls, overdue items by party]. Days are
dates or ordinals, parties members or values, as long as the two rows folded agree."""


def _fold(seen: Row, row: Row) -> None:
    """`row` folded into `seen`, as one client's: the later last conversation wins (by day, then
    id) and a same-day one adds its follow-ups; the last two rated calls are kept; overdue items
    add up."""
    cut, rid, outcome, follow, rated, overdue = row
    if cut == seen[0]:
        seen[3] = [*seen[3], *follow]
    elif cut > seen[0]:
        seen[3] = list(follow)
    if (cut, rid) > (seen[0], seen[1]):
        seen[0:3] = cut, rid, outcome
    if rated:
        seen[4] = sorted([*seen[4], *rated], key=_order)[-2:]
    for party, count in overdue.items():
        seen[5][party] = seen[5].get(party, 0) + count


def folded(pasts: Iterable[tuple[str, ClientPast]]) -> dict[str, ClientPast]:
    """Pasts under one name each, those that share a name merged."""
    found: dict[str, ClientPast] = {}
    for name, past in pasts:
        found[name] = found[name].merged(past) if name in found else past
    return found


def summarise(reflections: Sequence[Reflection]) -> dict[str, list[Any]]:
    """Per client as spelled: [last day, last id, last outcome, follow-ups owed on the last
    day, the last two rated calls, items by party]. An item's entry holds [open items due on or
    before the client's last day, later dues of open items, (due, done) of items done late after
    that day]: any day after the last conversation counts them without the items themselves."""
    by_client: dict[str, list[Reflection]] = defaultdict(list)
    for r in reflections:
        by_client[r.client].append(r)
    summary: dict[str, list[Any]] = {}
    for client, rs in by_client.items():
        rs.sort(key=lambda r: (r.conversation_date, r.id))
        last = rs[-1]
        cut = last.conversation_date.toordinal()
        follow = sorted(
            r.follow_up_on.toordinal()
            for r in rs
            if r.conversation_date == last.conversation_date
            and r.follow_up_on is not None
            and r.follow_up_done is None
        )
        rated = [[r.conversation_date.toordinal(), r.id, r.mood_before, r.mood_after]
                 for r in rs if r.mood_after is not None][-2:]  # fmt: skip
        items: dict[str, list[Any]] = {}
        for r in rs:
            for item in r.action_items:
                if item.due is None:
                    continue
                due = item.due.toordinal()
                slot = items.setdefault(item.party.value, [0, [], []])
                if item.done_on is None:
                    if due <= cut:
                        slot[0] += 1
                    else:
                        slot[1].append(due)
                elif (done := item.done_on.toordinal()) > cut and due < done:
                    slot[2].append([due, done])
        for slot in items.values():
            slot[1].sort()
        summary[client] = [cut, last.id, last.outcome.value, follow, rated, items]
    return summary


def pasts(summaries: Iterable[dict[str, list[Any]]], as_of: date) -> dict[str, ClientPast]:
    """Each client's past (as spelled) from the files' summaries, judged as of `as_of`. Every
    conversation of those files must be before `as_of` (the digest reads the others in full).

    Hundreds of files name the same few clients: the summaries are folded as plain values
    first (`_fold`, as `ClientPast.merged` folds two pasts), and each client made once."""
    day = as_of.toordinal()
    folded_rows: dict[str, Row] = {}
    for summary in summaries:
        for name, (cut, rid, outcome, follow, rated, items) in summary.items():
            if cut >= day:
                raise ValueError("a summarised file holds a conversation on or after the day")
            overdue = {
                party: before + bisect_left(dues, day) + sum(due < day < done for due, done in late)
                for party, (before, dues, late) in items.items()
            }
            row = [cut, rid, outcome, list(follow), list(rated), overdue]
            if name in folded_rows:
                _fold(folded_rows[name], row)
            else:
                folded_rows[name] = row
    return {
        name: ClientPast(
            last=(date.fromordinal(cut), rid, Outcome(outcome)),
            follow_ups=tuple(date.fromordinal(on) for on in sorted(follow)),
            rated=tuple((date.fromordinal(d), i, b, a) for d, i, b, a in rated),
            overdue={party: overdue.get(party.value, 0) for party in _BOTH},
        )
        for name, (cut, rid, outcome, follow, rated, overdue) in folded_rows.items()
    }
