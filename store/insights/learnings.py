"""The team's learnings: a pure function of the reflections, a period and an "as of" date.

Reflections count for a period by the day of the conversation. Action items are judged as of
the "as of" day: an item done after that day was still open then. Money is summed per currency
and never across currencies.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from statistics import median
from typing import Any

from store.insights.file_index import Elsewhere
from store.insights.follow_ups import LatestConversations
from store.insights.name_mask import name_tokens
from store.insights.periods import Period, month_of
from store.insights.themes import Theme, ThemeSet, by_name, find_themes
from store.records.models import STRUCTURE_PARTS, ActionItem, Party, Reflection, as_date

FOLLOW_UP_WINDOW = 14
"""Days after the "as of" date in which a follow-up counts as coming due."""
REPEAT_WINDOW = 90
"""A client's repeated conversations of one type are counted over at least this many days."""
LAG_BUCKETS = ("same day", "1-2 days", "3+ days")
TOP = 5


@dataclass(frozen=True, slots=True)
class CostItem:
    reflection_id: str
    client: str
    member: str
    kind: str
    amount: Decimal
    note: str


@dataclass(frozen=True, slots=True)
class CostSummary:
    """Goodwill spent in one currency."""

    currency: str
    total: Decimal
    by_client: dict[str, Decimal]
    by_kind: dict[str, Decimal]
    by_type: dict[str, Decimal]
    by_month: dict[str, Decimal]
    largest: tuple[CostItem, ...]


@dataclass(frozen=True, slots=True)
class StructureSummary:
    by_part: dict[str, int]
    all_four: int
    total: int
    outcome_all_four: dict[str, int]
    outcome_not_all_four: dict[str, int]


@dataclass(frozen=True, slots=True)
class LagSummary:
    median_days: float | None
    max_days: int | None
    slowest: tuple[tuple[str, str, int], ...]
    """(reflection id, client, days), slowest first."""
    outcome_by_bucket: dict[str, dict[str, int]]


@dataclass(frozen=True, slots=True)
class MoodSummary:
    mean_shift: float | None
    measured: int
    turnarounds: tuple[tuple[str, str, str, int, int], ...]
    """(reflection id, client, member, before, after), biggest rise first."""


@dataclass(frozen=True, slots=True)
class YesAnd:
    """What we owned and what the client contributed, for one client, newest first."""

    client: str
    owned: tuple[tuple[str, str], ...]
    """(member, text)"""
    client_side: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class ClientAsk:
    client: str
    phrase: str
    count: int
    wording: str = ""
    """As the team wrote it; see `Theme.wording`."""
    reflection_ids: tuple[str, ...] = ()

    @property
    def shown(self) -> str:
        return self.wording or self.phrase


@dataclass(frozen=True, slots=True)
class ClientRepeat:
    client: str
    type: str
    count: int
    since: date


@dataclass(frozen=True, slots=True)
class PartyActions:
    open: int = 0
    overdue: int = 0
    done: int = 0
    due: int = 0
    """Items whose due date has passed by the "as of" day (the base of the kept rate)."""
    kept: int = 0
    """Of those, done on or before the due date."""

    @property
    def kept_rate(self) -> float | None:
        return self.kept / self.due if self.due else None


@dataclass(frozen=True, slots=True)
class OverdueItem:
    reflection_id: str
    client: str
    member: str
    item: ActionItem
    days_late: int


@dataclass(frozen=True, slots=True)
class ActionSummary:
    open: int
    overdue: int
    done: int
    """Done within the period."""
    by_party: dict[str, PartyActions]
    by_owner: dict[str, PartyActions]
    overdue_items: tuple[OverdueItem, ...] = ()
    """The `OVERDUE_LISTED` most overdue, most overdue first; `overdue` counts them all."""


NO_ACTIONS = ActionSummary(open=0, overdue=0, done=0, by_party={}, by_owner={})


@dataclass(frozen=True, slots=True)
class FollowUp:
    reflection_id: str
    client: str
    member: str
    on: date


@dataclass(frozen=True, slots=True)
class Insights:
    period: Period
    as_of: date
    reflections: int
    members: tuple[str, ...]
    clients: tuple[str, ...]
    by_type: dict[str, int]
    by_channel: dict[str, int]
    by_outcome: dict[str, int]
    by_member: dict[str, int]
    by_client: dict[str, int]
    cost: dict[str, CostSummary]
    structure: StructureSummary
    lag: LagSummary
    mood: MoodSummary
    yes_and: tuple[YesAnd, ...]
    themes_worked: tuple[Theme, ...]
    """Team themes (two members or more); see `store.insights.themes`."""
    themes_change: tuple[Theme, ...]
    themes_client: tuple[Theme, ...]
    client_asks: tuple[ClientAsk, ...]
    client_repeats: tuple[ClientRepeat, ...]
    actions: ActionSummary
    follow_ups: tuple[FollowUp, ...]
    in_period: tuple[Reflection, ...] = field(repr=False, default=())
    """The period's reflections, oldest first (for the digest's appendix)."""
    solo_worked: tuple[Theme, ...] = ()
    """What one member alone keeps writing in what worked (each theme has one member)."""
    solo_change: tuple[Theme, ...] = ()
    accounts: tuple[Any, ...] = ()
    """One `store.insights.accounts.AccountRow` per client of the period, once filled in."""
    by_style: dict[str, Any] = field(default_factory=dict)
    """Style -> `StyleSummary` of the period's conversations, once filled in."""


def _counts(values: Iterable[str]) -> dict[str, int]:
    """Counts, most common first, ties alphabetical: a stable order for tables and JSON."""
    counted = Counter(values)
    return dict(sorted(counted.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0])))


def _sums(pairs: Iterable[tuple[str, Decimal]]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for key, amount in pairs:
        totals[key] += amount
    return dict(sorted(totals.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0])))


def _cost(records: list[Reflection]) -> dict[str, CostSummary]:
    items: dict[str, list[tuple[Reflection, Decimal]]] = defaultdict(list)
    for r in records:
        if r.cost_absorbed is not None:
            items[r.cost_absorbed.currency].append((r, r.cost_absorbed.amount))
    summaries = {}
    for currency in sorted(items):
        rows = items[currency]
        largest = sorted(rows, key=lambda ra: (-ra[1], ra[0].conversation_date, ra[0].id))[:TOP]
        summaries[currency] = CostSummary(
            currency=currency,
            total=sum((a for _, a in rows), Decimal(0)),
            by_client=_sums((r.client, a) for r, a in rows),
            by_kind=_sums((r.cost_absorbed.kind.value, a) for r, a in rows if r.cost_absorbed),
            by_type=_sums((r.type.value, a) for r, a in rows),
            by_month=dict(sorted(_sums((f"{r.conversation_date:%Y-%m}", a) for r, a in rows)
                                 .items())),
            largest=tuple(
                CostItem(r.id, r.client, r.member, r.cost_absorbed.kind.value, a,
                         r.cost_absorbed.note)
                for r, a in largest if r.cost_absorbed
            ),
        )  # fmt: skip
    return summaries


def _structure(records: list[Reflection]) -> StructureSummary:
    full = [r for r in records if r.structure.all_four]
    partial = [r for r in records if not r.structure.all_four]
    return StructureSummary(
        by_part={p: sum(getattr(r.structure, p) for r in records) for p in STRUCTURE_PARTS},
        all_four=len(full),
        total=len(records),
        outcome_all_four=_counts(r.outcome.value for r in full),
        outcome_not_all_four=_counts(r.outcome.value for r in partial),
    )


def lag_days(r: Reflection) -> int | None:
    """Days from noticing the problem to talking about it, when both are known and in order."""
    if r.issue_noticed_at is None:
        return None
    days = (r.conversation_date - as_date(r.issue_noticed_at)).days
    return days if days >= 0 else None


def lag_bucket(days: int) -> str:
    return LAG_BUCKETS[0] if days == 0 else LAG_BUCKETS[1] if days <= 2 else LAG_BUCKETS[2]


def _lag(records: list[Reflection]) -> LagSummary:
    lags = [(r, d) for r in records if (d := lag_days(r)) is not None]
    by_bucket: dict[str, Counter[str]] = {b: Counter() for b in LAG_BUCKETS}
    for r, days in lags:
        by_bucket[lag_bucket(days)][r.outcome.value] += 1
    slowest = sorted(lags, key=lambda rd: (-rd[1], rd[0].conversation_date, rd[0].id))[:TOP]
    return LagSummary(
        median_days=float(median(d for _, d in lags)) if lags else None,
        max_days=max((d for _, d in lags), default=None),
        slowest=tuple((r.id, r.client, d) for r, d in slowest),
        outcome_by_bucket={b: _counts(c.elements()) for b, c in by_bucket.items() if c},
    )


def _mood(records: list[Reflection]) -> MoodSummary:
    both = [r for r in records if r.mood_before is not None and r.mood_after is not None]
    shifts = [(r, (r.mood_after or 0) - (r.mood_before or 0)) for r in both]
    rising = sorted((rs for rs in shifts if rs[1] > 0),
                    key=lambda rs: (-rs[1], rs[0].conversation_date, rs[0].id))[:TOP]  # fmt: skip
    return MoodSummary(
        mean_shift=round(sum(s for _, s in shifts) / len(shifts), 2) if shifts else None,
        measured=len(shifts),
        turnarounds=tuple(
            (r.id, r.client, r.member, r.mood_before or 0, r.mood_after or 0) for r, _ in rising
        ),
    )


def _yes_and(records: list[Reflection]) -> tuple[YesAnd, ...]:
    by_client: dict[str, list[Reflection]] = defaultdict(list)
    for r in records:
        if r.yes_we_owned.strip() or r.and_client_contribution.strip():
            by_client[r.client].append(r)
    return tuple(
        YesAnd(
            client=client,
            owned=tuple((r.member, r.yes_we_owned.strip()) for r in rs if r.yes_we_owned.strip()),
            client_side=tuple(
                (r.member, r.and_client_contribution.strip())
                for r in rs
                if r.and_client_contribution.strip()
            ),
        )
        for client, rs in sorted(by_client.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    )


def _client_asks(records: list[Reflection], names: frozenset[str]) -> tuple[ClientAsk, ...]:
    """What each client keeps being asked for: recurring across that client's conversations,
    whoever recorded them (one account manager often holds a client)."""
    by_client: dict[str, list[Reflection]] = defaultdict(list)
    for r in records:
        by_client[r.client].append(r)
    asks = [
        ClientAsk(client, theme.phrase, theme.count, theme.wording, theme.reflection_ids)
        for client, rs in by_client.items()
        for theme in find_themes(rs, _client_side, names=names, min_members=1, limit=3).team
    ]
    return tuple(sorted(asks, key=lambda a: (-a.count, a.client.casefold(), a.client, a.phrase)))


@dataclass(frozen=True, slots=True)
class _Slices:
    """The reflections each part of the learnings reads, found in one pass over the store."""

    chosen: list[Reflection]
    """In the period, oldest first."""
    recent: list[Reflection]
    """In the repeat window, which ends with the period."""
    so_far: list[Reflection]
    """Conversed on or before the "as of" day: their action items and follow-ups count."""
    repeat_since: date


def _slices(records: Iterable[Reflection], period: Period, as_of: date) -> _Slices:
    since = min(period.start, period.end - timedelta(days=REPEAT_WINDOW - 1))
    start, end = period.start, period.end
    chosen: list[tuple[date, str, Reflection]] = []
    recent: list[Reflection] = []
    so_far: list[Reflection] = []
    for r in records:
        day = r.conversation_date
        if day <= as_of:
            so_far.append(r)
        if since <= day <= end:
            recent.append(r)
            if day >= start:
                chosen.append((day, r.id, r))
    chosen.sort(key=lambda e: (e[0], e[1]))
    return _Slices([r for _, _, r in chosen], recent, so_far, since)


def _repeats(slices: _Slices) -> tuple[ClientRepeat, ...]:
    since = slices.repeat_since
    counted = Counter((r.client, r.type.value) for r in slices.recent)
    in_period = {(r.client, r.type.value) for r in slices.chosen}
    repeats = [
        ClientRepeat(client, kind, count, since)
        for (client, kind), count in counted.items()
        if count >= 2 and (client, kind) in in_period
    ]
    return tuple(sorted(repeats, key=lambda c: (-c.count, c.client.casefold(), c.client, c.type)))


OVERDUE_LISTED = 25
"""Overdue items listed by name (most overdue first); the rest are counted."""


def _actions(
    so_far: list[Reflection], period: Period, as_of: date, elsewhere: Elsewhere
) -> ActionSummary:
    """Every item of every conversation up to `as_of`, judged as of that day.

    This loop meets every action item in the store, so it only tallies each item's
    (party, owner, flags) and builds the summaries from those few tallies at the end. Items of
    files not read in full come already tallied in `elsewhere` (see `store.insights.file_index`).
    """
    tallies: Counter[tuple[str, str, tuple[bool, bool, bool, bool, bool]]] = Counter()
    tallies.update(elsewhere.tallies)
    late: list[tuple[date, str, str, str, ActionItem]] = list(elsewhere.late)
    start, end = period.start, period.end
    settled_owners: set[str] = set(elsewhere.settled_owners)
    for r in so_far:
        for item in r.action_items:
            done_on, due = item.done_on, item.due
            if (
                done_on is not None
                and done_on < start
                and done_on <= as_of
                and (due is None or due < start)
            ):
                settled_owners.add(item.owner)  # done and due before the period: no count moves
                continue
            is_open = done_on is None or done_on > as_of
            overdue = is_open and due is not None and due < as_of
            if overdue:
                late.append((due, r.client, r.id, r.member, item))  # type: ignore[arg-type]
            passed = due is not None and due < as_of and start <= due <= end
            flags = (
                is_open,
                overdue,
                done_on is not None and start <= done_on <= end and done_on <= as_of,
                passed,
                passed and done_on is not None and done_on <= due,  # type: ignore[operator]
            )
            tallies[item.party, item.owner or "(no owner)", flags] += 1
    parties: dict[str, list[int]] = {p.value: [0] * 5 for p in Party}
    owners: dict[str, list[int]] = defaultdict(lambda: [0] * 5)
    for owner in settled_owners:
        owners.setdefault(owner or "(no owner)", [0] * 5)  # listed, with nothing counted
    for (party, owner, flags), n in tallies.items():
        for counts in (parties[party], owners[owner]):
            for i, flag in enumerate(flags):
                counts[i] += n * flag
    first = heapq.nsmallest(
        OVERDUE_LISTED, late,
        key=lambda e: (e[0], e[1].casefold(), e[1], e[4].text, e[4].id),
    )  # fmt: skip
    return ActionSummary(
        open=sum(t[0] for t in parties.values()),
        overdue=sum(t[1] for t in parties.values()),
        done=sum(t[2] for t in parties.values()),
        by_party={p: PartyActions(*t) for p, t in parties.items()},
        by_owner={o: PartyActions(*owners[o]) for o in by_name(owners)},
        overdue_items=tuple(
            OverdueItem(rid, client, member, item, (as_of - due).days)
            for due, client, rid, member, item in first
        ),
    )


def _follow_ups(
    so_far: list[Reflection], period: Period, as_of: date, elsewhere: Elsewhere
) -> tuple[FollowUp, ...]:
    """Follow-ups coming due, less those already settled (store/insights/follow_ups.py)."""
    until = as_of + timedelta(days=FOLLOW_UP_WINDOW)
    latest = LatestConversations(so_far, elsewhere.latest)
    due = [
        FollowUp(r.id, r.client, r.member, r.follow_up_on)
        for r in so_far
        if r.follow_up_on is not None
        and period.start <= r.follow_up_on <= until
        and (r.follow_up_done is None or r.follow_up_done > as_of)
        and not latest.covered_later(r)
    ]
    due += [
        FollowUp(rid, client, member, on)
        for on, rid, client, member, done, conversed in elsewhere.follow_ups
        if period.start <= on <= until
        and (done is None or done > as_of)
        and not latest.after(client, conversed)
    ]
    return tuple(sorted(due, key=lambda f: (f.on, f.client.casefold(), f.client, f.reflection_id)))


def compute_insights(
    records: Iterable[Reflection], period: Period, as_of: date, elsewhere: Elsewhere | None = None
) -> Insights:
    """Everything the learnings screen, `aftercall learnings` and the digest show.

    `records` are every reflection, or (with `elsewhere`) those of the files that hold the
    window the period reads (`window`), and `elsewhere` the rest, summarised.
    """
    return _insights(records, period, as_of, full=True, elsewhere=elsewhere)


def window(period: Period) -> tuple[date, date]:
    """The conversation days whose records the learnings of `period` read in full: the period,
    the one before it (for comparison) and the repeat window."""
    before = period.previous()
    return min(before.start, period.end - timedelta(days=REPEAT_WINDOW - 1)), period.end


def _insights(
    records: Iterable[Reflection],
    period: Period,
    as_of: date,
    *,
    full: bool,
    elsewhere: Elsewhere | None = None,
) -> Insights:
    """Without `full`, the parts no headline uses (themes, client asks and repeats, action
    items, follow-ups) are left empty: the period a digest compares with needs only its
    headline figures, and the rest costs a pass over every action item in the store."""
    slices = _slices(records, period, as_of)
    rest = elsewhere if elsewhere is not None else Elsewhere()
    chosen = slices.chosen
    names = name_tokens(chosen) if full else frozenset()
    worked = _themes(chosen, _worked, names) if full else ThemeSet()
    change = _themes(chosen, _change, names) if full else ThemeSet()
    return Insights(
        period=period,
        as_of=as_of,
        reflections=len(chosen),
        members=by_name(r.member for r in chosen),
        clients=by_name(r.client for r in chosen),
        by_type=_counts(r.type.value for r in chosen),
        by_channel=_counts(r.channel.value for r in chosen),
        by_outcome=_counts(r.outcome.value for r in chosen),
        by_member=_counts(r.member for r in chosen),
        by_client=_counts(r.client for r in chosen),
        cost=_cost(chosen),
        structure=_structure(chosen),
        lag=_lag(chosen),
        mood=_mood(chosen),
        yes_and=_yes_and(list(reversed(chosen))),
        themes_worked=worked.team,
        themes_change=change.team,
        themes_client=_themes(chosen, _client_side, names).team if full else (),
        client_asks=_client_asks(chosen, names) if full else (),
        client_repeats=_repeats(slices) if full else (),
        actions=_actions(slices.so_far, period, as_of, rest) if full else NO_ACTIONS,
        follow_ups=_follow_ups(slices.so_far, period, as_of, rest) if full else (),
        in_period=tuple(chosen),
        solo_worked=worked.solo,
        solo_change=change.solo,
    )


def headline_insights(records: Iterable[Reflection], period: Period, as_of: date) -> Insights:
    """Only the headline figures of a period (see `_insights`): for comparisons and trends."""
    return _insights(records, period, as_of, full=False)


def compute_with_previous(
    records: Iterable[Reflection], period: Period, as_of: date, elsewhere: Elsewhere | None = None
) -> tuple[Insights, Insights]:
    """The period's insights and the previous period's headline figures, to compare them
    (`elsewhere` as in `compute_insights`)."""
    everything = list(records)
    before = period.previous()
    current = _insights(everything, period, as_of, full=True, elsewhere=elsewhere)
    return current, _insights(everything, before, min(as_of, before.end), full=False)


def _worked(r: Reflection) -> str:
    return r.what_worked


def _change(r: Reflection) -> str:
    return r.what_to_change


def _client_side(r: Reflection) -> str:
    return r.and_client_contribution


THEMES_LISTED = 10
SOLO_LISTED = 5


def _themes(
    chosen: list[Reflection], text_of: Callable[[Reflection], str], names: frozenset[str]
) -> ThemeSet:
    """Recurring phrases with every name in the period's records masked."""
    return find_themes(chosen, text_of, names=names, limit=THEMES_LISTED, solo_limit=SOLO_LISTED)


def opening_period(records: Iterable[Reflection], today: date) -> Period:
    """The month to show first: this one, or if it has no reflections yet, the latest that has.

    Early in a month, or in a store whose last call was weeks ago, "this month" is an empty
    page; the latest month with conversations is what the user came to read.
    """
    this = month_of(today)
    latest = max((d for r in records if (d := r.conversation_date) <= today), default=None)
    return this if latest is None or this.contains(latest) else month_of(latest)
