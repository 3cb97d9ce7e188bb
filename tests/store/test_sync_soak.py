"""Soak: three clones (one member on two devices), rounds of concurrent saves and syncs in random
order. Every acknowledged record must end up on every clone, and no sync may fail for good."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter

import pytest

from store import Store
from store.git import SyncError
from store.sync import sync
from tests.factories import make_reflection, numbered_id

ROUNDS = 50


@pytest.mark.slow
def test_soak_concurrent_saves_and_syncs_lose_nothing(team) -> None:
    ana_laptop, join = team
    stores = [ana_laptop, join("Ben", "pc"), join("Ana", "desktop")]
    rng = random.Random(13)
    acknowledged: set[str] = set()
    figures: Counter[str] = Counter()
    lock = threading.Lock()
    counter = iter(range(1, 1_000_000))

    def save(store: Store, count: int, delay: float) -> None:
        time.sleep(delay)
        for _ in range(count):
            with lock:
                rid = numbered_id(next(counter))
            store.add(make_reflection(id=rid, member=store.member))
            with lock:
                acknowledged.add(rid)
                figures["saves"] += 1

    def share(store: Store, delay: float) -> None:
        time.sleep(delay)
        try:
            report = sync(store)
        except SyncError:
            with lock:
                figures["syncs failed (retried next round)"] += 1
            return
        with lock:
            figures["syncs"] += 1
            figures["push races retried"] += report.retries

    for _round in range(ROUNDS):
        jobs = []
        for store in stores:
            jobs.append(lambda s=store: save(s, rng.randint(1, 3), rng.uniform(0, 0.2)))
            jobs.append(lambda s=store: share(s, rng.uniform(0, 0.2)))
        rng.shuffle(jobs)
        threads = [threading.Thread(target=job) for job in jobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    for store in stores * 2:
        sync(store)  # the final round must succeed everywhere: nothing fails for good
        figures["syncs"] += 1
    lost = {id(s): acknowledged - set(s.snapshot().reflections) for s in stores}
    figures["records lost"] = sum(len(v) for v in lost.values())
    print(f"\nsoak: {ROUNDS} rounds, {dict(figures)}")
    assert figures["records lost"] == 0, lost
    assert figures["syncs failed (retried next round)"] == 0
