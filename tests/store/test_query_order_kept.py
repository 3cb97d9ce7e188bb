"""`Store.query` keeps the whole store newest first with the snapshot it was ordered from: every
later query filters that list instead of ordering 100k records again. It must give what ordering
afresh gives, before and after a write, and never hand out the list it keeps."""

from __future__ import annotations

import random
from datetime import date, timedelta

from store import Store
from store.records.filters import ReflectionFilter, newest_first
from tests.factories import bare_reflection


def _fill(store: Store, count: int) -> None:
    rng = random.Random(7)
    start = date(2026, 1, 1)
    for n in range(count):
        day = start + timedelta(days=rng.randrange(200))
        hour = rng.choice(["", "T09:30", "T16:00"])
        store.add(bare_reflection(n + 1, conversation_at=f"{day.isoformat()}{hour}",
                                  client=rng.choice(["Acme", "Hooli", "Initech"])))  # fmt: skip


def test_queries_give_what_ordering_afresh_gives_before_and_after_a_write(store: Store) -> None:
    _fill(store, 60)
    hooli = ReflectionFilter(client="hooli")
    fresh = newest_first(store.snapshot().reflections.values())
    assert store.query(hooli) == [r for r in fresh if r.client == "Hooli"]  # nothing kept yet
    assert store.query() == fresh
    assert store.query(hooli) == [r for r in fresh if r.client == "Hooli"]  # from the kept list
    store.add(bare_reflection(500, conversation_at="2026-03-03T12:00", client="Hooli"))
    fresh = newest_first(store.snapshot().reflections.values())
    assert any(r.id.endswith("500") for r in fresh)
    assert store.query() == fresh
    assert store.query(hooli) == [r for r in fresh if r.client == "Hooli"]


def test_a_caller_changing_its_list_changes_nothing_kept(store: Store) -> None:
    _fill(store, 10)
    first = store.query()
    expected = list(first)
    first.clear()
    assert store.query() == expected
