"""Generate a realistic synthetic team store for benchmarks, through the store's own API.

    python benchmarks/generate.py --reflections 100000 --members 50 --seed 1 --store /tmp/bench

Each member writes from their own device, so the store has the real layout: one folder per
member and device, files rolled over at the store's limit. Clients have recurring patterns (one
keeps missing feedback rounds, one keeps escalating), costs come in three currencies, and text
fields run from about 200 to 3,000 characters.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from store import (
    ActionItem,
    Channel,
    ConversationType,
    CostAbsorbed,
    CostKind,
    Outcome,
    Party,
    Reflection,
    Store,
    Structure,
)

CLIENTS = [
    "Acme Retail", "Globex", "Initech", "Umbrella Health", "Stark Logistics", "Wayne Foods",
    "Hooli", "Vandelay Imports", "Soylent", "Tyrell Labs", "Cyberdyne", "Wonka Brands",
]  # fmt: skip
HABITS = {
    "Acme Retail": ConversationType.MISSED_DEADLINE,
    "Globex": ConversationType.ESCALATION,
    "Initech": ConversationType.SCOPE_CHANGE,
    "Umbrella Health": ConversationType.PRICE_INCREASE,
}
"""Clients that keep having the same kind of hard conversation."""
WORKED = [
    "Named the slip in the first minute and owned its impact on their launch.",
    "Let them speak fully before answering; reflected back what we heard.",
    "Brought a revised plan with names and dates on it.",
    "Gave the real reason briefly instead of a long excuse.",
    "Asked the account director to lead, which calmed the call.",
    "Shared the data on turnaround times before they asked for it.",
    "Confirmed the next steps in writing within the hour.",
]
CHANGE = [
    "Warn the client the moment the timeline is at risk, not on the due date.",
    "Check in with their approvers before the final review.",
    "Prepare the numbers before a price conversation.",
    "Do not promise a date before production confirms it.",
    "Move serious topics to a video call instead of email.",
    "Keep the internal blame out of the recap email.",
]
ASKS = [
    "We need consolidated feedback in one round from one approver.",
    "We asked for earlier access to their brand assets.",
    "They agreed to book review slots two weeks ahead.",
    "We need their legal sign-off before we start production.",
    "They will send final copy before design begins.",
]
OWNED = [
    "We missed the deadline by two days.",
    "Our plan did not allow for their holiday week.",
    "We did not chase the missing feedback early enough.",
    "We quoted a timeline production had not confirmed.",
]
PEOPLE = ["Priya", "Sam", "Jordan", "Alex", "Morgan", "Riley", "Casey", "Taylor"]
PASTED = (
    "Next time we confirm the revised launch date in writing with named owners for every "
    "open item before the call ends, and share the notes with the whole account team."
)
"""The sentence a `--pasted` store holds in every text field of every reflection."""
REPEATED = " ".join(["urgent"] * 300)
"""And after it, one word pasted 300 times."""
CURRENCIES = ["EUR", "USD", "GBP"]


def _text(rng: random.Random, bank: list[str], low: int = 200, high: int = 3000) -> str:
    target = rng.randint(low, high)
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < target:
        parts.append(rng.choice(bank))
    return " ".join(parts)


def make_reflection(rng: random.Random, member: str, start: date, days: int) -> Reflection:
    client = rng.choice(CLIENTS)
    kind = HABITS.get(client) if rng.random() < 0.6 else None
    kind = kind or rng.choice(list(ConversationType))
    day = start + timedelta(days=rng.randrange(days))
    at = datetime(day.year, day.month, day.day, rng.randint(8, 18), rng.choice((0, 15, 30, 45)))
    cost = None
    if rng.random() < 0.3:
        cost = CostAbsorbed(
            amount=Decimal(rng.randint(50, 5000)).quantize(Decimal("0.01")),
            currency=rng.choice(CURRENCIES), kind=rng.choice(list(CostKind)),
            note="Goodwill after the slip",
        )  # fmt: skip
    items = tuple(
        ActionItem(
            id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            text=rng.choice(ASKS + CHANGE)[:80],
            owner=member if party is Party.US else rng.choice(PEOPLE),
            party=party,
            due=day + timedelta(days=rng.randint(2, 21)),
            done_on=day + timedelta(days=rng.randint(1, 30)) if rng.random() < 0.6 else None,
        )
        for party in rng.sample([Party.US, Party.CLIENT, Party.US], rng.randint(0, 3))
    )
    before = rng.randint(1, 3)
    return Reflection(
        id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        member=member,
        client=client,
        conversation_at=at,
        issue_noticed_at=day - timedelta(days=rng.choice((0, 0, 1, 2, 3, 6))),
        type=kind,
        channel=rng.choice(list(Channel)),
        participants=tuple(rng.sample(PEOPLE, rng.randint(0, 3))),
        structure=Structure(*(rng.random() < 0.7 for _ in range(4))),
        what_worked=_text(rng, WORKED, 100, 1000),
        what_to_change=_text(rng, CHANGE, 60, 800),
        yes_we_owned=_text(rng, OWNED, 40, 600),
        and_client_contribution=_text(rng, ASKS, 40, 600),
        cost_absorbed=cost,
        action_items=items,
        follow_up_on=day + timedelta(days=rng.randint(3, 30)),
        mood_before=before,
        mood_after=min(5, before + rng.randint(0, 3)),
        outcome=rng.choice(list(Outcome)),
        tags=tuple(rng.sample(["deadline", "feedback", "pricing", "renewal", "vip"], 2)),
    )


def _pasted(r: Reflection) -> Reflection:
    text = f"{PASTED} {REPEATED}."
    return replace(r, what_worked=text, what_to_change=text, yes_we_owned=text,
                   and_client_contribution=text)  # fmt: skip


def generate(
    root: Path,
    reflections: int,
    members: int,
    seed: int,
    state: Path,
    *,
    month: date | None = None,
    pasted: bool = False,
) -> list[str]:
    """Write the store; returns the member names. Spreads conversations over three years, or
    over the 28 days from `month`; with `pasted`, every text field is `PASTED` + `REPEATED`."""
    rng = random.Random(seed)
    names = [f"Member {i:02d}" for i in range(1, members + 1)]
    start, days = (month, 28) if month else (date(2024, 1, 1), 1050)
    per_member = [reflections // members + (i < reflections % members) for i in range(members)]
    stamp = datetime(2026, 12, 1, tzinfo=UTC)  # after the last conversation (1,050 days on)
    for name, count in zip(names, per_member, strict=True):
        store = Store(root, member=name, device=f"bench{names.index(name):02d}",
                      lock_dir=state / "locks", clock=lambda: stamp)  # fmt: skip
        batch = [make_reflection(rng, name, start, days) for _ in range(count)]
        if pasted:
            batch = [_pasted(r) for r in batch]
        store.put_many(batch)
    return names


HISTORY_END = date(2026, 10, 31)
OWNER = "Benchmark Owner"
"""The member whose saves the team-scale cases time (see `generate_history`)."""


def generate_history(
    root: Path, reflections: int, members: int, seed: int, state: Path, *, years: int, own: int
) -> list[str]:
    """Write `years` of history ending on 31 October 2026, as a team writes it: each member's
    conversations in date order, saved in the year they happened (so files roll over by year),
    plus `own` reflections for `OWNER` on device `owner`."""
    rng = random.Random(seed)
    names = [f"Member {i:02d}" for i in range(1, members + 1)]
    days = 365 * years
    start = HISTORY_END - timedelta(days=days - 1)
    per_member = [reflections // members + (i < reflections % members) for i in range(members)]
    writers = [(name, f"bench{i:02d}", count)
               for i, (name, count) in enumerate(zip(names, per_member, strict=True))]  # fmt: skip
    if own:
        writers.append((OWNER, "owner", own))
    for name, device, count in writers:
        batch = sorted((make_reflection(rng, name, start, days) for _ in range(count)),
                       key=lambda r: r.conversation_date)  # fmt: skip
        by_year: dict[int, list[Reflection]] = {}
        for r in batch:
            by_year.setdefault(r.conversation_date.year, []).append(r)
        for year, rows in sorted(by_year.items()):
            stamp = min(
                datetime(year, 12, 31, 23, 59, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)
            )
            store = Store(root, member=name, device=device, lock_dir=state / "locks",
                          clock=lambda stamp=stamp: stamp)  # fmt: skip
            store.put_many(rows)
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reflections", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument(
        "--month",
        type=date.fromisoformat,
        help="put every conversation in the 28 days from this day",
    )
    parser.add_argument(
        "--pasted",
        action="store_true",
        help="one sentence plus one word 300 times in every text field",
    )
    parser.add_argument("--years", type=int, help="that many years of history, saved year by year")
    parser.add_argument(
        "--own", type=int, default=0, help=f"with --years: reflections of {OWNER!r}, who saves"
    )
    args = parser.parse_args()
    if args.store.exists() and any(args.store.iterdir()):
        parser.error(f"{args.store} is not empty")
    started = time.perf_counter()
    state = args.store.parent / ".state"
    if args.years:
        generate_history(args.store, args.reflections, args.members, args.seed, state,
                         years=args.years, own=args.own)  # fmt: skip
    else:
        generate(args.store, args.reflections, args.members, args.seed, state,
                 month=args.month, pasted=args.pasted)  # fmt: skip
    size = sum(p.stat().st_size for p in args.store.rglob("*.json"))
    print(f"{args.reflections} reflections by {args.members} members in {args.store} "
          f"({size / 1e6:.0f} MB) in {time.perf_counter() - started:.1f} s")  # fmt: skip


if __name__ == "__main__":
    main()
