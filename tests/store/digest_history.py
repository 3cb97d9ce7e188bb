"""A team's history saved month by month in small files, for the digest's fast path tests.

Each member saves each month's conversations at that month's end, so files roll over every few
months (a small shard limit) and by year: a digest of one month finds many files wholly outside
its windows. Clients are met at very different rates (some only in the first year), spelled in
several cases and under aliases, with action items done long after their file's last call,
follow-ups, temperatures, costs in two currencies and every outcome and type.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from store import Store
from store.records.models import Reflection
from store.storage import edit_profile
from tests.factories import bare_reflection

END = date(2026, 11, 20)
"""The last day of the history (the clock of every reader)."""
CLIENTS = [
    ("Acme Retail", 8), ("acme retail", 2), ("ACME", 2), ("Globex", 6), ("globex", 1),
    ("Initech", 3), ("Umbrella", 3), ("Umbrella Corp", 1), ("Hooli", 1), ("Stark", 1),
    ("Wayne", 1), ("Soylent", 1),
]  # fmt: skip
"""(spelling, weight): "ACME" and "INITECH" are aliases in the profiles `history` makes."""
FIRST_YEAR_ONLY = {"Hooli", "Soylent"}
WORDS = ["Owned the slip early", "Named one approver", "Brought a revised date", ""]
ASKS = ["One consolidated round of feedback", "Earlier access to the brief", ""]


def open_store(root: Path, member: str, device: str, state: Path, now: datetime,
               shard_limit: int = 6) -> Store:  # fmt: skip
    return Store(root, member=member, device=device, lock_dir=state / "locks",
                 cache_dir=state / "cache", clock=lambda: now, shard_limit=shard_limit)  # fmt: skip


def whole_store(root: Path) -> Store:
    """A reader with no cache: it reads every file, the truth the fast path must equal."""
    return Store(root, member="Reader", device="r", lock_dir=root.parent / "plain" / "locks",
                 cache_dir=None)  # fmt: skip


def reader(root: Path, state: Path) -> Store:
    return open_store(root, "Reader", "r", state, datetime(2026, 11, 20, 23, tzinfo=UTC))


def _client(rng: random.Random, day: date) -> str:
    names = [(n, w) for n, w in CLIENTS if day.year == 2024 or n not in FIRST_YEAR_ONLY]
    return rng.choices([n for n, _ in names], weights=[w for _, w in names])[0]


def _items(rng: random.Random, n: int, member: str, day: date) -> list[dict[str, Any]]:
    items = []
    for k in range(rng.choice([0, 0, 1, 2, 3])):
        due = day + timedelta(days=rng.randint(-5, 60))
        if rng.random() < 0.05:
            due = day + timedelta(days=rng.randint(200, 500))  # due long after the file's calls
        done = None
        if (roll := rng.random()) < 0.5:
            done = day + timedelta(days=rng.randint(0, 70))
        elif roll < 0.6:
            done = day + timedelta(days=rng.randint(150, 600))  # done a year or so later
        items.append({"id": f"00000000-0000-4000-9000-{n * 10 + k:012d}",
                      "text": rng.choice(["Send plan", "Call back", "Fix the feed"]),
                      "owner": rng.choice(["", member, "Priya", "Sam"]),
                      "party": rng.choice(["us", "us", "client"]),
                      "due": due.isoformat() if rng.random() < 0.9 else None,
                      "done_on": done and min(done, END).isoformat()})  # fmt: skip
    return items


def record(rng: random.Random, n: int, member: str, day: date) -> Reflection:
    follow = day + timedelta(days=rng.randint(1, 40)) if rng.random() < 0.6 else None
    done = follow and min(END, day + timedelta(days=rng.randint(0, 45)))
    cost = None
    if rng.random() < 0.3:
        cost = {"amount": f"{rng.randint(1, 2500)}.{rng.randint(0, 99):02d}",
                "currency": rng.choice(["EUR", "EUR", "USD"]), "note": "",
                "kind": rng.choice(["rush_fee", "credit", "discount", "free_work"])}  # fmt: skip
    noticed = day - timedelta(days=rng.randint(0, 6)) if rng.random() < 0.7 else None
    return bare_reflection(
        n, member=member, client=_client(rng, day), conversation_at=day.isoformat(),
        issue_noticed_at=noticed and noticed.isoformat(),
        type=rng.choice(["missed_deadline", "missed_deadline", "complaint", "escalation",
                         "renewal", "scope_change"]),
        outcome=rng.choice(["resolved", "resolved", "in_progress", "escalated", "at_risk",
                            "lost"]),
        structure={part: rng.random() < 0.7
                   for part in ("acknowledged", "explained", "resolved", "committed")},
        mood_before=rng.choice([None, 1, 2, 3, 4, 5]),
        mood_after=rng.choice([None, 1, 2, 3, 4, 5, 5]),
        cost_absorbed=cost, action_items=_items(rng, n, member, day),
        follow_up_on=follow and follow.isoformat(),
        follow_up_done=done.isoformat() if done and rng.random() < 0.3 else None,
        what_worked=rng.choice(WORDS), what_to_change=rng.choice(WORDS),
        and_client_contribution=rng.choice(ASKS),
    )  # fmt: skip


def _months() -> list[date]:
    months, day = [], date(2024, 1, 1)
    while day <= END:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def history(root: Path, state: Path, seed: int, *, tangled: bool = True) -> None:
    """Three members' conversations from January 2024 to 20 November 2026, saved monthly; with
    `tangled`, one record edited on a second device, one deleted, one item done by a teammate.
    Two profiles fold spellings: "Acme Retail" (alias "ACME"), "Umbrella Corp" (alias
    "Umbrella" and "INITECH")."""
    rng = random.Random(seed)
    n = 0
    for month in _months():
        end = min((month + timedelta(days=32)).replace(day=1) - timedelta(days=1), END)
        for member in ("Dana", "Sam", "Ola"):
            days = sorted(month + timedelta(days=rng.randrange((end - month).days + 1))
                          for _ in range(rng.randint(0, 4)))  # fmt: skip
            batch = []
            for day in days:
                n += 1
                batch.append(record(rng, n, member, day))
            now = datetime(end.year, end.month, end.day, 23, tzinfo=UTC)
            open_store(root, member, f"{member.lower()}-pc", state, now).put_many(batch)
    now = datetime(2026, 11, 20, 23, tzinfo=UTC)
    dana = open_store(root, "Dana", "dana-pc", state, now)
    edit_profile(dana, "Umbrella Corp", aliases=("Umbrella", "INITECH"))
    edit_profile(dana, "Acme Retail", aliases=("ACME",), style="analytical")
    if not tangled:
        return
    laptop = open_store(root, "Dana", "dana-laptop", state, now)
    danas = [r for r in laptop.all() if r.member == "Dana"]
    laptop.update(replace(danas[-1], client="Stark"))  # the oldest: its file is summarised
    laptop.delete(danas[-2].id)
    sam = open_store(root, "Sam", "sam-pc", state, now)
    dana_record = next(r for r in sam.all() if r.member == "Dana" and r.action_items)
    sam.set_action_done(dana_record.id, dana_record.action_items[0].id, date(2026, 11, 1))
