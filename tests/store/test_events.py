"""Closing another member's action item: an event in the actor's own file, replayed on read."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta

import pytest

from store import NotFoundError, Store
from tests.conftest import Clock
from tests.factories import make_reflection

OPEN_ITEM = "5d1b2c3a-0000-4000-8000-000000000002"


@pytest.fixture
def lee(make_store: Callable[..., Store]) -> Store:
    return make_store(member="Lee", device="lee-laptop")


@pytest.fixture
def dana(make_store: Callable[..., Store]) -> Store:
    return make_store(member="Dana Lee", device="dana-laptop")


def _item(store: Store, rid: str, item_id: str = OPEN_ITEM):
    return next(i for i in store.get(rid).action_items if i.id == item_id)


def test_closing_another_members_item_writes_only_to_my_file(dana: Store, lee: Store) -> None:
    r = dana.add(make_reflection())
    danas_file = dana.own_files()[0].read_bytes()
    lee.set_action_done(r.id, OPEN_ITEM, date(2026, 11, 19))
    assert dana.own_files()[0].read_bytes() == danas_file
    assert OPEN_ITEM in lee.own_files()[0].read_text()
    assert _item(dana, r.id).done_on == date(2026, 11, 19)
    assert _item(lee, r.id).done_on == date(2026, 11, 19)


def test_my_own_item_changes_the_record_itself(dana: Store) -> None:
    r = dana.add(make_reflection())
    dana.set_action_done(r.id, OPEN_ITEM, date(2026, 11, 18))
    assert '"events"' not in dana.own_files()[0].read_text()
    assert _item(dana, r.id).done_on == date(2026, 11, 18)


def test_last_writer_by_timestamp_wins(dana: Store, lee: Store, clock: Clock) -> None:
    r = dana.add(make_reflection())
    clock.now += timedelta(minutes=1)
    lee.set_action_done(r.id, OPEN_ITEM, date(2026, 11, 19))
    # The owner reopens it later: the owner's newer record wins over the older event.
    clock.now += timedelta(minutes=1)
    current = dana.get(r.id)
    items = tuple(dataclasses.replace(i, done_on=None) for i in current.action_items)
    dana.update(dataclasses.replace(current, action_items=items))
    assert _item(lee, r.id).done_on is None
    # Then the lead closes it again, later still: the event wins.
    clock.now += timedelta(minutes=1)
    lee.set_action_done(r.id, OPEN_ITEM, date(2026, 11, 20))
    assert _item(dana, r.id).done_on == date(2026, 11, 20)


def test_an_owner_edit_made_from_the_replayed_state_keeps_the_closure(
    dana: Store, lee: Store, clock: Clock
) -> None:
    r = dana.add(make_reflection())
    lee.set_action_done(r.id, OPEN_ITEM, date(2026, 11, 19))
    clock.now += timedelta(hours=1)
    dana.update(dataclasses.replace(dana.get(r.id), what_worked="Edited later"))
    assert _item(lee, r.id).done_on == date(2026, 11, 19)


def test_concurrent_events_resolve_the_same_everywhere(
    make_store: Callable[..., Store], dana: Store
) -> None:
    r = dana.add(make_reflection())
    kim, lee = make_store(member="Kim", device="k"), make_store(member="Lee", device="l")
    kim.set_action_done(r.id, OPEN_ITEM, date(2026, 11, 1))
    lee.set_action_done(r.id, OPEN_ITEM, date(2026, 11, 2))  # same clock instant: a tie
    seen = {_item(s, r.id).done_on for s in (dana, kim, lee)}
    assert len(seen) == 1


def test_unknown_item_is_named(dana: Store) -> None:
    r = dana.add(make_reflection())
    with pytest.raises(NotFoundError, match="has no action item 'nope'"):
        dana.set_action_done(r.id, "nope", None)
