"""The team's practices: the seed, events folded newest first, hostile files, sync by id."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from store import Store, ValidationError
from store.records.practice_seed import SEED
from store.records.practices import PracticeEvent, fold
from store.storage import practice_events
from store.storage.practice_events import PRACTICES_FILE, read_events, vocabulary
from store.sync.sharing import sync
from tests.conftest import Clock

AT = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
SUMMARY = "b7005c0e-0663-52e8-9cc7-daeda014c77e"


def _event(eid: str, pid: str, at: datetime, **fields: object) -> PracticeEvent:
    return PracticeEvent(id=eid, practice_id=pid, at=at, member="Ana", device="d", fields=fields)


def test_the_fold_starts_from_the_seed_and_the_newest_change_of_each_field_wins() -> None:
    assert len(fold([]).active()) == len(SEED)
    e1 = "00000000-0000-4000-8000-000000000001"
    e2 = "00000000-0000-4000-8000-000000000002"
    events = [
        _event(e2, SUMMARY, AT + timedelta(minutes=1), retired=True),
        _event(e1, SUMMARY, AT, wording="wrote up what we agreed the same day", retired=False),
    ]
    for order in (events, events[::-1]):
        practice = fold(order).practices[SUMMARY]
        assert practice.wording == "wrote up what we agreed the same day"
        assert practice.retired
    # A tie on `at` goes to the higher event id, whatever order the files were read in.
    tied = [_event(e1, SUMMARY, AT, wording="one"), _event(e2, SUMMARY, AT, wording="two")]
    assert (
        fold(tied).practices[SUMMARY].wording
        == fold(tied[::-1]).practices[SUMMARY].wording
        == "two"
    )


def test_add_reword_retire_and_adopt_through_the_store(store: Store, clock: Clock) -> None:
    added = practice_events.add(store, "named one owner per action", ["missed_deadline"])
    clock.now += timedelta(minutes=1)
    practice_events.record(store, added.practice_id, {"wording": "one owner for each action"})
    clock.now += timedelta(minutes=1)
    practice_events.record(store, SUMMARY, {"retired": True})
    adopted = practice_events.add(store, "sent the agenda the day before", [],
                                  adopted_from="send agenda day before")  # fmt: skip
    vocab = vocabulary(store.root)
    mine = vocab.practices[added.practice_id]
    assert (mine.wording, mine.added_by, [t.value for t in mine.types]) == (
        "one owner for each action", store.member, ["missed_deadline"])  # fmt: skip
    assert vocab.practices[SUMMARY].retired and SUMMARY not in {p.id for p in vocab.active()}
    assert vocab.by_phrase("send agenda day before") == vocab.practices[adopted.practice_id]
    assert (store.own_dir / PRACTICES_FILE).is_file()


def test_a_bad_field_is_refused_naming_it(store: Store) -> None:
    with pytest.raises(ValidationError, match=r"fields.types\[0\]: must be one of"):
        practice_events.add(store, "a practice", ["not_a_type"])
    with pytest.raises(ValidationError, match=r"fields\.wording: must not contain a line break"):
        practice_events.add(store, "two\nlines", [])
    assert not (store.own_dir / PRACTICES_FILE).exists()


def test_a_teammate_file_with_bad_events_is_read_without_them(store: Store, tmp_path: Path) -> None:
    practice_events.add(store, "our own practice", [])
    folder = store.root / "shards" / "eve-1234abcd@x"
    folder.mkdir(parents=True)
    (folder / PRACTICES_FILE).write_text(
        '{"practice_events": {"1": {"id": "nope"}, "2": 7, '
        '"3": {"id": "00000000-0000-4000-8000-00000000000a", '
        '"practice_id": "00000000-0000-4000-8000-00000000000b", "at": "2026-11-01T10:00:00+00:00", '
        '"member": "Eve", "device": "x", "schema_version": 1, '
        '"fields": {"wording": "asked what success looks like", "colour": "kept, ignored"}}}}'
    )
    other = store.root / "shards" / "zed-1234abcd@y"
    other.mkdir(parents=True)
    (other / PRACTICES_FILE).write_text("{not json")
    files = read_events(store.root)
    wordings = {p.wording for p in fold(files.events).active()}
    assert {"our own practice", "asked what success looks like"} <= wordings
    messages = [str(p) for p in files.problems]
    assert len(messages) == 2
    assert "2 practice events could not be read" in messages[0]
    assert "cannot be read" in messages[1]
    # Our own file still takes new events; the bad teammate files are untouched.
    before = (other / PRACTICES_FILE).read_bytes()
    practice_events.add(store, "another", [])
    assert (other / PRACTICES_FILE).read_bytes() == before


def test_own_unreadable_file_is_never_overwritten(store: Store) -> None:
    store.own_dir.mkdir(parents=True)
    (store.own_dir / PRACTICES_FILE).write_text("{broken")
    with pytest.raises(Exception, match=r"cannot be read .* never overwritten"):
        practice_events.add(store, "x y", [])
    assert (store.own_dir / PRACTICES_FILE).read_text() == "{broken"


def test_two_clones_adding_and_editing_practices_concurrently_converge(team, clock: Clock) -> None:
    ana, join = team
    ben = join("Ben", "pc")
    second = join("Ana", "laptop", "ana-second-clone")  # same member and device: same file
    first = practice_events.add(ana, "asked what success looks like", [])
    sync(ana)
    sync(ben)
    sync(second)
    clock.now += timedelta(minutes=5)
    # Concurrently, in the same file on two clones and in Ben's own file:
    practice_events.record(ana, first.practice_id, {"wording": "asked what a good outcome is"})
    practice_events.add(second, "kept the call under thirty minutes", [])
    clock.now += timedelta(minutes=1)
    practice_events.record(second, SUMMARY, {"retired": True})
    practice_events.add(ben, "shared the plan on screen", ["scope_change"])
    practice_events.record(ben, first.practice_id, {"types": ["renewal"]})
    for store in (second, ben, ana, second, ben):
        sync(store)
    vocabs = [vocabulary(s.root) for s in (ana, ben, second)]
    assert vocabs[0] == vocabs[1] == vocabs[2]
    merged = vocabs[0].practices
    assert merged[first.practice_id].wording == "asked what a good outcome is"
    assert [t.value for t in merged[first.practice_id].types] == ["renewal"]
    assert merged[SUMMARY].retired
    wordings = {p.wording for p in vocabs[0].active()}
    assert {"kept the call under thirty minutes", "shared the plan on screen"} <= wordings
    assert len(read_events(ana.root).events) == 6
