"""The Store API: typed CRUD, queries, the union of every device's files, and bad files."""

from __future__ import annotations

import dataclasses
import os
import stat
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from store import (
    ConflictError,
    ConversationType,
    NotFoundError,
    Outcome,
    ReadOnlyStoreError,
    ReflectionFilter,
    Store,
    ValidationError,
    reflection_to_dict,
)
from store.storage.shards import STORE_FILE, member_slug
from tests.conftest import Clock
from tests.factories import make_reflection

IDS = [f"00000000-0000-4000-8000-{n:012d}" for n in range(1, 10)]

DANA = member_slug("Dana Lee")
"""Dana Lee's folder name (a readable slug and a hash of the name)."""


def test_add_stamps_and_get_returns_the_same_record(store: Store, clock: Clock) -> None:
    stored = store.add(make_reflection())
    assert stored.created_at == stored.updated_at == clock.now
    assert stored.schema_version == 2
    assert store.get(stored.id) == stored
    assert store.get(stored.id[:6]) == stored


def test_add_refuses_an_existing_id(store: Store) -> None:
    store.add(make_reflection())
    with pytest.raises(ConflictError, match="already in the store"):
        store.add(make_reflection())


def test_update_keeps_created_at_and_moves_updated_at(store: Store, clock: Clock) -> None:
    first = store.add(make_reflection())
    clock.now += timedelta(hours=2)
    second = store.update(dataclasses.replace(first, outcome=Outcome.AT_RISK))
    assert second.created_at == first.created_at
    assert second.updated_at == clock.now
    assert store.get(first.id).outcome is Outcome.AT_RISK
    assert len(store.all()) == 1


def test_update_with_a_stopped_clock_still_moves_forward(store: Store) -> None:
    first = store.add(make_reflection())
    second = store.update(dataclasses.replace(first, client="Acme Group"))
    assert second.updated_at is not None and first.updated_at is not None
    assert second.updated_at > first.updated_at


def test_delete_removes_and_get_then_fails(store: Store) -> None:
    r = store.add(make_reflection())
    store.delete(r.id[:8])
    assert store.all() == []
    with pytest.raises(NotFoundError):
        store.get(r.id)


def test_get_names_unknown_and_ambiguous_ids(store: Store) -> None:
    store.add(make_reflection(id=IDS[0]))
    store.add(make_reflection(id=IDS[1]))
    with pytest.raises(NotFoundError, match="ambiguous"):
        store.get("00000000")
    with pytest.raises(NotFoundError, match="no reflection has id"):
        store.get("ffff")


def test_query_filters_and_orders_newest_first(store: Store) -> None:
    store.put_many([
        make_reflection(id=IDS[0], conversation_at="2026-09-03", client="Acme", tags=["pricing"]),
        make_reflection(id=IDS[1], conversation_at="2026-10-01T09:00", client="Globex",
                        type="complaint", member="Lee", outcome="at_risk"),
        make_reflection(id=IDS[2], conversation_at="2026-10-01T17:00", client="acme",
                        what_worked="The apology landed because it was specific."),
    ])  # fmt: skip
    ids = lambda where: [r.id for r in store.query(where)]  # noqa: E731
    assert ids(None) == [IDS[2], IDS[1], IDS[0]]
    assert ids(ReflectionFilter(since=date(2026, 10, 1))) == [IDS[2], IDS[1]]
    assert ids(ReflectionFilter(until=date(2026, 9, 30))) == [IDS[0]]
    assert ids(ReflectionFilter(client="ACME")) == [IDS[2], IDS[0]]
    assert ids(ReflectionFilter(member="lee")) == [IDS[1]]
    assert ids(ReflectionFilter(type=ConversationType.COMPLAINT)) == [IDS[1]]
    assert ids(ReflectionFilter(outcome=Outcome.AT_RISK)) == [IDS[1]]
    assert ids(ReflectionFilter(tag="PRICING")) == [IDS[0]]
    assert ids(ReflectionFilter(text="apology LANDED")) == [IDS[2]]
    assert store.clients() == ["acme", "Globex"]


def test_files_are_private_sorted_pretty_json(store: Store) -> None:
    store.add(make_reflection())
    (path,) = store.own_files()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert text.startswith('{\n  "reflections": {') and text.endswith("}\n")
    assert text.index('"client"') < text.index('"conversation_at"') < text.index('"what_worked"')
    assert path.parent.name == f"{DANA}@laptop" and DANA.startswith("dana-lee-")


def test_each_device_writes_only_its_own_folder(make_store: Callable[..., Store]) -> None:
    laptop, desktop = make_store(device="laptop"), make_store(device="desktop")
    a = laptop.add(make_reflection(id=IDS[0]))
    desktop.add(make_reflection(id=IDS[1]))
    assert {p.parent.name for p in laptop.own_files()} == {f"{DANA}@laptop"}
    assert {p.parent.name for p in desktop.own_files()} == {f"{DANA}@desktop"}
    # Either device reads both; editing the other device's record writes a newer copy locally.
    desktop.update(dataclasses.replace(a, outcome=Outcome.LOST))
    assert laptop.get(a.id).outcome is Outcome.LOST
    assert all(p.parent.name == f"{DANA}@laptop" for p in laptop.own_files())


def test_newest_copy_wins_whatever_the_file_order(
    make_store: Callable[..., Store], clock: Clock
) -> None:
    a, b = make_store(device="aaa"), make_store(device="zzz")
    r = b.add(make_reflection())
    clock.now += timedelta(minutes=1)
    a.update(dataclasses.replace(r, client="Newer"))
    assert b.get(r.id).client == "Newer"


def test_delete_hides_copies_on_other_devices(make_store: Callable[..., Store]) -> None:
    laptop, desktop = make_store(device="laptop"), make_store(device="desktop")
    r = laptop.add(make_reflection())
    desktop.delete(r.id)
    assert laptop.all() == [] and desktop.all() == []
    assert laptop.own_files()[0].read_text().count(r.id) == 1  # never touched by the desktop


def test_another_members_record_cannot_be_changed(make_store: Callable[..., Store]) -> None:
    r = make_store(member="Lee", device="one").add(make_reflection(member="Lee"))
    dana = make_store(member="Dana Lee", device="two")
    with pytest.raises(ConflictError, match="belongs to Lee"):
        dana.update(dataclasses.replace(r, client="Hijacked"))
    with pytest.raises(ConflictError, match="belongs to Lee"):
        dana.delete(r.id)
    assert dana.get(r.id).client == r.client


def test_files_roll_over_so_a_save_stays_small(make_store: Callable[..., Store]) -> None:
    small = make_store(shard_limit=3)
    small.put_many([make_reflection(id=rid) for rid in IDS[:7]])
    names = [p.name for p in small.own_files()]
    assert names == ["2026-2.json", "2026-3.json", "2026.json"]
    assert len(small.all()) == 7


def test_corrupt_file_is_reported_skipped_and_never_overwritten(
    make_store: Callable[..., Store],
) -> None:
    lee = make_store(member="Lee", device="one")
    lee.add(make_reflection(id=IDS[0], member="Lee"))
    dana = make_store()
    dana.add(make_reflection(id=IDS[1]))
    (bad,) = lee.own_files()
    bad.write_text('{"reflections": {"1": {')
    assert [r.id for r in dana.all()] == [IDS[1]]
    (problem,) = dana.problems
    assert problem.path == bad and "restore it from git" in str(problem)
    # Its owner keeps writing, into a new file; the corrupt one stays byte-identical.
    lee.add(make_reflection(id=IDS[2], member="Lee"))
    assert bad.read_text() == '{"reflections": {"1": {'
    assert {r.id for r in lee.all()} == {IDS[1], IDS[2]}


def test_a_bad_record_inside_a_good_file_skips_only_that_record(store: Store) -> None:
    store.put_many([make_reflection(id=IDS[0]), make_reflection(id=IDS[1])])
    (path,) = store.own_files()
    path.write_text(path.read_text().replace('"mood_after": 4', '"mood_after": 9', 1))
    assert len(store.all()) == 1
    (problem,) = store.problems
    assert "mood_after: must be a whole number from 1 to 5, got 9" in str(problem)


def test_a_file_changed_behind_the_stores_back_is_reread(
    make_store: Callable[..., Store],
) -> None:
    reader, writer = make_store(device="reader"), make_store(device="writer")
    assert reader.all() == []
    writer.add(make_reflection())
    assert len(reader.all()) == 1
    writer.own_files()[0].unlink()
    assert reader.all() == []


def test_a_file_edited_in_place_is_reread_even_at_the_same_size(
    make_store: Callable[..., Store],
) -> None:
    """A git checkout or a sync tool may rewrite a file in place: same inode, same size."""
    reader, writer = make_store(device="reader"), make_store(device="writer")
    writer.add(make_reflection(client="Acme Retail"))
    assert reader.all()[0].client == "Acme Retail"
    (path,) = writer.own_files()
    stat = path.stat()
    with path.open("r+b") as handle:  # no replace: the inode stays
        data = handle.read().replace(b"Acme Retail", b"Acme Resale")
        handle.seek(0)
        handle.write(data)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000))
    assert path.stat().st_ino == stat.st_ino and path.stat().st_size == stat.st_size
    assert reader.all()[0].client == "Acme Resale"


def test_a_teammates_new_file_appears_and_a_removed_one_goes(
    make_store: Callable[..., Store],
) -> None:
    reader, ana, ben = (make_store(member=m, device=m) for m in ("Dana", "Ana", "Ben"))
    ana.add(make_reflection(id=IDS[0], member="Ana"))
    assert [r.id for r in reader.all()] == [IDS[0]]
    ben.add(make_reflection(id=IDS[1], member="Ben"))  # a pull brings a new file
    assert {r.id for r in reader.all()} == {IDS[0], IDS[1]}
    for path in ana.own_files():
        path.unlink()
    assert [r.id for r in reader.all()] == [IDS[1]]


def test_a_save_after_an_outside_edit_keeps_that_edit(store: Store) -> None:
    """The save path's parse cache is checked under the lock, so it never writes back stale data."""
    store.add(make_reflection(id=IDS[0], client="Acme Retail"))
    (path,) = store.own_files()
    path.write_text(path.read_text().replace("Acme Retail", "Acme Restored"))
    store.add(make_reflection(id=IDS[1]))
    assert store.get(IDS[0]).client == "Acme Restored"
    fresh = Store(store.root, member=store.member, device="x", lock_dir=store.lock_dir)
    assert fresh.get(IDS[0]).client == "Acme Restored"


def test_older_schema_versions_are_migrated_on_read(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store.records import migrations

    store.add(make_reflection())
    monkeypatch.setattr("store.records.migrations.SCHEMA_VERSION", 3)
    monkeypatch.setattr("store.records.interchange.SCHEMA_VERSION", 3)
    monkeypatch.setattr("store.storage.codec.SCHEMA_VERSION", 3)
    monkeypatch.setitem(migrations.STEPS, 2, lambda doc: doc | {"client": doc["client"].upper()})
    fresh = Store(store.root, member="Lee", device="other", lock_dir=store.lock_dir)
    (r,) = fresh.all()
    assert (r.client, r.schema_version) == ("ACME RETAIL", 3)


def test_a_newer_store_format_opens_read_only(store: Store) -> None:
    store.add(make_reflection(id=IDS[0]))
    (store.root / STORE_FILE).write_text('{"format": 99}')
    assert store.read_only and len(store.all()) == 1
    before = {p: p.read_bytes() for p in store.own_files()}
    with pytest.raises(ReadOnlyStoreError, match="newer aftercall"):
        store.add(make_reflection(id=IDS[1]))
    assert {p: p.read_bytes() for p in store.own_files()} == before


def test_put_many_writes_nothing_when_one_record_clashes(store: Store) -> None:
    store.add(make_reflection(id=IDS[0]))
    before = store.own_files()[0].read_bytes()
    with pytest.raises(ConflictError):
        store.put_many([make_reflection(id=IDS[1]), make_reflection(id=IDS[0])])
    assert store.own_files()[0].read_bytes() == before


def test_stale_temp_files_are_cleaned_at_open(store: Store, make_store: Callable) -> None:
    store.add(make_reflection())
    orphan = store.own_dir / ".2026.json.dead.tmp"
    orphan.write_text("half")
    os.utime(orphan, (0, 0))
    make_store()
    assert not orphan.exists()


def test_interchange_of_stored_record_matches_input(store: Store) -> None:
    r = store.add(make_reflection())
    out = reflection_to_dict(store.get(r.id))
    assert out["cost_absorbed"] == {"amount": "1250.50", "currency": "EUR", "kind": "rush_fee",
                                    "note": "Rush printing at the second vendor"}  # fmt: skip
    assert Path(store.own_files()[0]).read_text().count('"1250.50"') == 1


def test_threads_sharing_one_store_lose_nothing(store: Store) -> None:
    import threading
    import uuid

    def add_some() -> None:
        for _ in range(15):
            store.add(make_reflection(id=str(uuid.uuid4())))

    threads = [threading.Thread(target=add_some) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store.all()) == 60 and store.problems == ()


def test_a_conversation_in_the_future_is_refused_but_an_old_one_may_be_edited(
    make_store, clock
) -> None:
    store = make_store()
    local = clock.now.astimezone().replace(tzinfo=None)  # a naive time is local wall time
    ahead = make_reflection(conversation_at=(local + timedelta(days=1)).isoformat())
    with pytest.raises(ValidationError, match="conversation_at: is in the future"):
        store.add(ahead)
    assert store.all() == []
    soon = make_reflection(conversation_at=(local + timedelta(minutes=3)).isoformat())
    stored = store.add(soon)  # within the clock skew allowed between devices
    clock.now -= timedelta(days=2)  # this device's clock now says the conversation is ahead
    edited = dataclasses.replace(stored, what_worked="edited")
    store.update(edited)  # the date did not change: allowed
    assert store.get(stored.id).what_worked == "edited"
