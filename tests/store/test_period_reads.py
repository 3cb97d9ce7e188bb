"""A save reads only its own file; a month reads only the files that can hold it (issue 19).

Every test compares with what reading the whole store gives: the cache may only make things
cheaper, never different.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

import store.storage.shards as shards_module
from store import ConflictError, Store
from store.insights.learnings import compute_with_previous
from store.insights.period_view import period_records
from store.insights.periods import Period, month_of, parse_period
from store.records.models import Reflection
from store.storage import edit_profile, load_directory
from tests.factories import bare_reflection, numbered_id
from tests.store.cache_damage import DAMAGES, damage_cache


class Decodes:
    """Records which files the store decodes (the expensive, typed read)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[Path] = []
        real = shards_module._decode

        def counting(path: Path, raw: bytes) -> shards_module.ShardContents:
            self.paths.append(path)
            return real(path, raw)

        monkeypatch.setattr(shards_module, "_decode", counting)


def _record(rng: random.Random, n: int, member: str, day: date) -> Reflection:
    items = []
    for k in range(rng.randint(0, 3)):
        due = day + timedelta(days=rng.randint(-3, 40)) if rng.random() < 0.9 else None
        done = day + timedelta(days=rng.randint(0, 60)) if rng.random() < 0.6 else None
        owner = rng.choice(["", member, "Priya", "Sam"])
        if day.year == 2024 and rng.random() < 0.3:  # an owner whose every item is long done
            owner, done = "Old Hand", day + timedelta(days=2)
        items.append({"id": f"00000000-0000-4000-9000-{n * 10 + k:012d}",
                      "text": rng.choice(["Send plan", "Call back", "Fix"]),
                      "owner": owner,
                      "party": rng.choice(["us", "client"]),
                      "due": due and due.isoformat(),
                      "done_on": done and done.isoformat()})  # fmt: skip
    follow = day + timedelta(days=rng.randint(1, 30)) if rng.random() < 0.7 else None
    done = follow and day + timedelta(days=rng.randint(0, 45)) if rng.random() < 0.3 else None
    # Clients spelled in several cases, each met by every member in every year's file: a later
    # conversation in another file settles a follow-up, whatever the case.
    return bare_reflection(
        n, member=member, client=rng.choice(["Acme", "acme", "ACME", "Globex", "globex",
                                             "Initech", "Umbrella"]),
        conversation_at=day.isoformat(), action_items=items,
        follow_up_on=follow and follow.isoformat(), follow_up_done=done and done.isoformat(),
        what_worked=rng.choice(["Owned the slip early", "Named one approver", ""]),
    )  # fmt: skip


def _open(root: Path, member: str, device: str, state: Path, now: datetime) -> Store:
    return Store(root, member=member, device=device, lock_dir=state / "locks",
                 cache_dir=state / "cache", clock=lambda: now)  # fmt: skip


def _history(root: Path, state: Path, seed: int, *, tangled: bool = True) -> None:
    """Three members' conversations over three years, each saved in its own year; with
    `tangled`, one record edited on a second device, one deleted, one item done by a teammate."""
    rng = random.Random(seed)
    n = 0
    for member in ("Dana", "Sam", "Ola"):
        for year in (2024, 2025, 2026):
            now = datetime(year, 12, 31, 23, 0, tzinfo=UTC) if year < 2026 else datetime(
                2026, 11, 20, tzinfo=UTC)  # fmt: skip
            store = _open(root, member, f"{member.lower()}-pc", state, now)
            batch = []
            for _ in range(rng.randint(5, 15)):
                n += 1
                day = date(year, 1, 1) + timedelta(days=rng.randrange(300 if year == 2026 else 365))
                batch.append(_record(rng, n, member, day))
            store.put_many(batch)
    if not tangled:
        return
    now = datetime(2026, 11, 20, tzinfo=UTC)
    laptop = _open(root, "Dana", "dana-laptop", state, now)
    first = laptop.get(numbered_id(1))
    laptop.update(replace(first, client="Acme Moved"))
    laptop.delete(numbered_id(2))
    sam = _open(root, "Sam", "sam-pc", state, now)
    dana_record = next(r for r in sam.all() if r.member == "Dana" and r.action_items)
    sam.set_action_done(dana_record.id, dana_record.action_items[0].id, date(2026, 11, 1))


def _uncached(root: Path, period: Period, as_of: date) -> object:
    store = Store(root, member="Reader", device="r", lock_dir=root.parent / "plain" / "locks",
                  cache_dir=None)  # fmt: skip
    return compute_with_previous(store.query(), period, as_of)


def _cached(root: Path, state: Path, period: Period, as_of: date) -> object:
    store = _open(root, "Reader", "r", state, datetime(2026, 11, 20, tzinfo=UTC))
    records, rest, _ = period_records(store, period, as_of)
    return compute_with_previous(records, period, as_of, rest)


CASES = [
    ("2026-10", date(2026, 10, 31)),
    ("2026-10", date(2026, 10, 12)),
    ("2025-06", date(2025, 6, 30)),
    ("2025-06", date(2026, 11, 20)),
    ("2024-02", date(2024, 1, 10)),
    ("2026-q3", date(2026, 9, 30)),
    ("2025", date(2025, 12, 31)),
]


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(("period", "as_of"), CASES)
def test_a_month_from_the_cache_equals_the_whole_store(
    tmp_path: Path, seed: int, period: str, as_of: date
) -> None:
    root, state = tmp_path / "store", tmp_path / "state"
    _history(root, state, seed, tangled=seed != 3)
    chosen = parse_period(period)
    assert _cached(root, state, chosen, as_of) == _uncached(root, chosen, as_of)  # cold
    assert _cached(root, state, chosen, as_of) == _uncached(root, chosen, as_of)  # warm


def test_a_warm_month_decodes_only_the_files_that_hold_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, state = tmp_path / "store", tmp_path / "state"
    _history(root, state, 1, tangled=False)
    october = month_of(date(2026, 10, 1))
    _cached(root, state, october, date(2026, 10, 31))
    decodes = Decodes(monkeypatch)
    _cached(root, state, october, date(2026, 10, 31))
    assert decodes.paths and {p.name for p in decodes.paths} == {"2026.json"}
    assert any((state / "cache").iterdir()), "the cache is in the state folder"


def test_a_changed_file_is_read_again_even_at_the_same_size_and_mtime(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, state = tmp_path / "store", tmp_path / "state"
    _history(root, state, 1, tangled=False)
    october = month_of(date(2026, 10, 1))
    _cached(root, state, october, date(2026, 10, 31))
    old = next(root.glob("shards/sam*/2024.json"))
    raw, stat = old.read_bytes(), old.stat()
    at = raw.index(b'"client": "') + len(b'"client": "')  # the first record's, in the head
    assert at < 4096
    edited = raw[:at] + raw[at : at + 4].upper() + raw[at + 4 :]
    assert len(edited) == len(raw) and edited != raw
    old.write_bytes(edited)
    os.utime(old, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    decodes = Decodes(monkeypatch)
    assert _cached(root, state, october, date(2026, 10, 31)) == _uncached(
        root, october, date(2026, 10, 31)
    )
    assert old in decodes.paths


@pytest.mark.parametrize("damage", [*DAMAGES, "id index"])
def test_a_corrupt_cache_is_ignored(tmp_path: Path, damage: str) -> None:
    root, state = tmp_path / "store", tmp_path / "state"
    _history(root, state, 2)
    october = month_of(date(2026, 10, 1))
    _cached(root, state, october, date(2026, 11, 20))
    damage_cache(state, damage)
    assert _cached(root, state, october, date(2026, 11, 20)) == _uncached(
        root, october, date(2026, 11, 20)
    )


def test_a_cache_folder_inside_the_store_is_never_written(tmp_path: Path) -> None:
    root = tmp_path / "store"
    _history(root, tmp_path / "state", 1, tangled=False)
    inside = _open(root, "Reader", "r", tmp_path / "state", datetime(2026, 11, 20, tzinfo=UTC))
    inside._summaries = type(inside._summaries)(root / "cache", root)
    period_records(inside, month_of(date(2026, 10, 1)), date(2026, 10, 31))
    assert not (root / "cache").exists()


@pytest.mark.parametrize("warm", [False, True])
def test_a_save_decodes_only_its_own_current_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warm: bool
) -> None:
    root, state = tmp_path / "store", tmp_path / "state"
    _history(root, state, 1)
    if warm:
        _cached(root, state, month_of(date(2026, 10, 1)), date(2026, 10, 31))
    dana = _open(root, "Dana", "dana-pc", state, datetime(2026, 11, 20, tzinfo=UTC))
    decodes = Decodes(monkeypatch)
    dana.add(bare_reflection(9000, member="Dana", conversation_at="2026-11-02"))
    assert decodes.paths == [dana.own_dir / "2026.json"]


@pytest.mark.parametrize("warm", [False, True])
def test_a_save_still_refuses_an_id_a_teammate_holds(tmp_path: Path, warm: bool) -> None:
    root, state = tmp_path / "store", tmp_path / "state"
    _history(root, state, 1)
    if warm:
        _cached(root, state, month_of(date(2026, 10, 1)), date(2026, 10, 31))
    sams = [r for r in _open(root, "Sam", "sam-pc", state, datetime(2026, 11, 20, tzinfo=UTC))
            .all() if r.member == "Sam"]  # fmt: skip
    dana = _open(root, "Dana", "dana-pc", state, datetime(2026, 11, 20, tzinfo=UTC))
    with pytest.raises(ConflictError):
        dana.add(replace(sams[0], member="Dana"))


def test_an_edit_goes_past_the_newer_copy_on_another_device(tmp_path: Path) -> None:
    root, state = tmp_path / "store", tmp_path / "state"
    _history(root, state, 1)  # record 1 was edited on Dana's laptop
    pc = _open(root, "Dana", "dana-pc", state, datetime(2026, 11, 20, tzinfo=UTC))
    laptop_copy = _open(root, "Dana", "dana-laptop", state, datetime(2026, 11, 20, tzinfo=UTC))
    newest = laptop_copy.get(numbered_id(1))
    pc.update(replace(newest, client="Edited on the pc"))
    reread = _open(root, "Reader", "r", tmp_path / "other", datetime(2026, 11, 20, tzinfo=UTC))
    assert reread.get(numbered_id(1)).client == "Edited on the pc"


@pytest.mark.parametrize("spelling", [str.upper, lambda rid: "{" + rid + "}"])
def test_a_save_refuses_an_id_a_teammate_spelled_differently(
    tmp_path: Path, spelling: Callable[[str], str]
) -> None:
    root, state = tmp_path / "store", tmp_path / "state"
    _history(root, state, 1, tangled=False)
    hand = next(root.glob("shards/sam*/2024.json"))
    data = json.loads(hand.read_text())
    key, doc = next(iter(data["reflections"].items()))
    rid = doc["id"]
    data["reflections"][key] = doc | {"id": spelling(rid)}
    hand.write_text(json.dumps(data))
    dana = _open(root, "Dana", "dana-pc", state, datetime(2026, 11, 20, tzinfo=UTC))
    assert dana.get(rid).member == "Sam"
    fresh = _open(root, "Dana", "dana-pc", state, datetime(2026, 11, 20, tzinfo=UTC))
    with pytest.raises(ConflictError):
        fresh.add(replace(dana.get(rid), member="Dana"))


@pytest.mark.parametrize("seed", [1, 2])
def test_a_month_from_the_cache_equals_the_whole_store_with_aliases(
    tmp_path: Path, seed: int
) -> None:
    """A profile folds spellings into one client: a later call under an alias, in a file the
    month does not read, settles a follow-up as it does in the whole store."""
    root, state = tmp_path / "store", tmp_path / "state"
    _history(root, state, seed, tangled=False)
    dana = _open(root, "Dana", "dana-pc", state, datetime(2026, 11, 20, tzinfo=UTC))
    edit_profile(dana, "Umbrella Corp", aliases=("Umbrella", "INITECH"))
    directory = load_directory(root)
    for period, as_of in CASES:
        chosen = parse_period(period)
        plain = Store(root, member="Reader", device="r", lock_dir=tmp_path / "plain",
                      cache_dir=None)  # fmt: skip
        whole = compute_with_previous(directory.canonical(plain.query()), chosen, as_of)
        for _ in ("cold", "warm"):
            store = _open(root, "Reader", "r", state, datetime(2026, 11, 20, tzinfo=UTC))
            records, rest, _ = period_records(store, chosen, as_of)
            cached = compute_with_previous(
                directory.canonical(records), chosen, as_of, rest.renamed(directory.display)
            )
            assert cached == whole, (period, as_of)
