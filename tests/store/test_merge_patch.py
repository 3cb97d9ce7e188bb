"""After any sequence of writes, the patched in-memory view equals a fresh merge of the files."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from store import Outcome, Store
from tests.conftest import FROZEN_NOW, Clock
from tests.factories import make_reflection

IDS = [f"00000000-0000-4000-8000-{n:012d}" for n in range(1, 6)]
ITEM = "5d1b2c3a-0000-4000-8000-000000000002"

_ops = st.lists(
    st.tuples(
        st.sampled_from(["add", "update", "delete", "close", "reopen"]),
        st.sampled_from(["dana", "dana2", "lee"]),
        st.sampled_from(IDS),
        st.integers(0, 3),
    ),
    min_size=1,
    max_size=14,
)


def _run(stores: dict[str, Store], op: str, who: str, rid: str) -> None:
    store = stores[who]
    member = store.member
    try:
        if op == "add":
            store.add(make_reflection(id=rid, member=member))
        elif op == "update":
            r = store.get(rid)
            store.update(dataclasses.replace(r, outcome=Outcome.AT_RISK, what_worked=who))
        elif op == "delete":
            store.delete(rid)
        else:
            store.set_action_done(rid, ITEM, date(2026, 11, 3) if op == "close" else None)
    except Exception as error:  # refused operations are part of the sequence too
        assert type(error).__name__ in ("ConflictError", "NotFoundError"), error


@settings(max_examples=60, deadline=None)
@given(ops=_ops)
def test_patched_view_equals_a_fresh_merge(ops, tmp_path_factory) -> None:
    root: Path = tmp_path_factory.mktemp("store")
    clock = Clock(FROZEN_NOW)
    make: Callable[[str, str], Store] = lambda member, device: Store(  # noqa: E731
        root, member=member, device=device, lock_dir=root.parent / "locks", clock=clock,
        shard_limit=4,
    )  # fmt: skip
    stores = {"dana": make("Dana", "a"), "dana2": make("Dana", "b"), "lee": make("Lee", "c")}
    for op, who, rid, minutes in ops:
        clock.now += timedelta(minutes=minutes)
        _run(stores, op, who, rid)
        for store in stores.values():
            fresh = make(store.member, store.device)
            assert store.snapshot().reflections == fresh.snapshot().reflections
            assert store.snapshot().locations == fresh.snapshot().locations
