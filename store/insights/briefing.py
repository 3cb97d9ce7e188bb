"""What to know before the next hard call with a client, in one screen.

Built from the client's reflections (every spelling and alias of the client, through the
`ClientDirectory`) and its profile, judged on an injected `today`. Renderers live in
`exports.briefing`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from store.insights.follow_ups import LatestConversations
from store.insights.health import ClientHealth, client_health
from store.insights.name_mask import name_tokens
from store.insights.themes import find_themes
from store.records.clients import STYLE_HINTS, ClientDirectory, Contact, Style
from store.records.models import ActionItem, ConversationType, Outcome, Party, Reflection

LISTED = 4
"""Promises, lessons and asks shown per list: the briefing must fit one screen."""
SNIPPET = 110


@dataclass(frozen=True, slots=True)
class Promise:
    text: str
    owner: str
    due: date | None
    done_on: date | None
    status: str
    """kept, kept late, overdue, open (due later or undated)."""
    days_late: int = 0


@dataclass(frozen=True, slots=True)
class PromiseRecord:
    """One side's promises: the ones worth reading first, and how that side keeps them."""

    shown: tuple[Promise, ...]
    kept: int
    """Items done by their due date."""
    due: int
    """Items whose due date has passed (done or not)."""
    open: int
    overdue: int


@dataclass(frozen=True, slots=True)
class LastConversation:
    reflection_id: str
    on: date
    type: ConversationType
    outcome: Outcome
    member: str
    mood_before: int | None
    mood_after: int | None


@dataclass(frozen=True, slots=True)
class Lesson:
    text: str
    on: date
    member: str


@dataclass(frozen=True, slots=True)
class Briefing:
    client: str
    aliases: tuple[str, ...]
    today: date
    conversations: int
    style: Style
    style_hint: str
    channel: str
    approver: str
    contacts: tuple[Contact, ...]
    last: LastConversation | None
    ours: PromiseRecord
    theirs: PromiseRecord
    asks: tuple[str, ...]
    worked: tuple[Lesson, ...]
    backfired: tuple[Lesson, ...]
    cost: dict[str, Decimal]
    likely_type: ConversationType
    guidance: str
    health: ClientHealth
    next_follow_up: date | None


def _status(item: ActionItem, today: date) -> tuple[str, int]:
    done, due = item.done_on if item.done_on and item.done_on <= today else None, item.due
    if done is not None:
        return ("kept" if due is None or done <= due else "kept late"), 0
    if due is not None and due < today:
        return "overdue", (today - due).days
    return "open", 0


_ORDER = {"overdue": 0, "open": 1, "kept late": 2, "kept": 3}


def _promises(records: list[Reflection], party: Party, today: date) -> PromiseRecord:
    promises = [
        Promise(item.text, item.owner, item.due, item.done_on, *_status(item, today))
        for r in records
        for item in r.action_items
        if item.party is party
    ]
    last_ids = {i.id for i in records[-1].action_items} if records else set()
    recent = {(i.text, i.owner) for r in records[-1:] for i in r.action_items if i.id in last_ids}
    # What needs chasing first (overdue, oldest first), then open, then how the last call's
    # promises went.
    chosen = sorted(
        (p for p in promises if p.status in ("overdue", "open") or (p.text, p.owner) in recent),
        key=lambda p: (_ORDER[p.status], p.due or date.max, p.text),
    )
    passed = [p for p in promises if p.due is not None and p.due < today]
    return PromiseRecord(
        shown=tuple(chosen[:LISTED]),
        kept=sum(
            p.done_on is not None and p.due is not None and p.done_on <= p.due for p in passed
        ),
        due=len(passed),
        open=sum(p.status in ("open", "overdue") for p in promises),
        overdue=sum(p.status == "overdue" for p in promises),
    )


def first_sentence(text: str, most: int = SNIPPET) -> str:
    flat = " ".join(text.split())
    sentence = re.split(r"(?<=[.!?])\s", flat, maxsplit=1)[0]
    return sentence if len(sentence) <= most else sentence[: most - 1].rstrip() + "…"


def _lessons(records: list[Reflection], text_of: Callable[[Reflection], str]) -> tuple[Lesson, ...]:
    """The newest lessons first: the team's latest word on this client counts most."""
    return tuple(
        Lesson(first_sentence(text_of(r)), r.conversation_date, r.member)
        for r in reversed(records)
        if text_of(r).strip()
    )[: LISTED - 1]


def _asks(records: list[Reflection]) -> tuple[str, ...]:
    """What we keep asking of the client (a recurring phrase), else the latest ask."""
    themes = find_themes(
        records, lambda r: r.and_client_contribution, names=name_tokens(records), min_members=1,
        limit=2,
    ).team  # fmt: skip
    asks = [f"{t.shown} ({t.count} conversations)" for t in themes]
    latest = next((r for r in reversed(records) if r.and_client_contribution.strip()), None)
    if not asks and latest is not None:
        asks.append(first_sentence(latest.and_client_contribution))
    return tuple(asks)


def likely_type(records: list[Reflection]) -> ConversationType:
    """The last conversation's type while it is unresolved, else the client's most common."""
    if not records:
        return ConversationType.OTHER
    if records[-1].outcome is not Outcome.RESOLVED:
        return records[-1].type
    counts = Counter(r.type for r in records)
    return max(counts, key=lambda t: (counts[t], t.value))


def records_of(
    directory: ClientDirectory, client: str, records: Iterable[Reflection]
) -> list[Reflection]:
    """The client's reflections under every spelling, oldest first."""
    key = directory.key(client)
    return sorted(
        (r for r in records if directory.key(r.client) == key),
        key=lambda r: (r.conversation_at.isoformat(), r.id),
    )


def build_briefing(
    client: str,
    records: Iterable[Reflection],
    directory: ClientDirectory,
    today: date,
    guidance: Mapping[str, str],
    cost_norm: Mapping[str, Decimal] | None = None,
) -> Briefing:
    """The briefing for `client`; `guidance` maps a conversation type to its line of advice
    ("default" for any type without one)."""
    mine = [r for r in records_of(directory, client, records) if r.conversation_date <= today]
    profile = directory.resolve(client)
    last = mine[-1] if mine else None
    cost: dict[str, Decimal] = defaultdict(Decimal)
    for r in mine:
        if r.cost_absorbed is not None:
            cost[r.cost_absorbed.currency] += r.cost_absorbed.amount
    kind = likely_type(mine)
    follow_ups = LatestConversations(mine, key=directory.key).upcoming(mine, today)
    style = profile.style if profile is not None else Style.UNKNOWN
    return Briefing(
        client=profile.name if profile is not None else (last.client if last else client),
        aliases=profile.aliases if profile is not None else (),
        today=today,
        conversations=len(mine),
        style=style,
        style_hint=STYLE_HINTS[style],
        channel=profile.channel if profile is not None else "",
        approver=profile.approver if profile is not None else "",
        contacts=profile.contacts if profile is not None else (),
        last=None
        if last is None
        else LastConversation(
            last.id,
            last.conversation_date,
            last.type,
            last.outcome,
            last.member,
            last.mood_before,
            last.mood_after,
        ),
        ours=_promises(mine, Party.US, today),
        theirs=_promises(mine, Party.CLIENT, today),
        asks=_asks(mine),
        worked=_lessons(mine, lambda r: r.what_worked),
        backfired=_lessons(mine, lambda r: r.what_to_change),
        cost=dict(sorted(cost.items())),
        likely_type=kind,
        guidance=guidance.get(kind.value) or guidance.get("default", ""),
        health=client_health(mine, today, cost_norm),
        next_follow_up=min(follow_ups, default=None),
    )
