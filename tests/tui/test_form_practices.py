"""The form's practice pickers, at typing speed: ticked with space beside "what worked" and
"what to change", stored exactly, one practice never both used and missed, kept through a change
of type and through an edit."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.widgets import Select

from store import ConversationType, Store
from store.records import fold
from tests.factories import make_reflection
from tests.tui.pilot_tools import burst, settle
from tests.tui.test_form import SIZE, form_app
from tests.tui.test_form_bursts import open_form, stored
from tui.screens.home_screen import HomeScreen
from tui.widgets.practice_picker import PracticePicker

ACTIVE = fold(()).active()
FOR_OTHER = [p.id for p in ACTIVE if p.applies_to(ConversationType.OTHER)]
"""What the pickers list, in order, for a new form (its type starts as "other")."""
FOR_DEADLINE = [p.id for p in ACTIVE if p.applies_to(ConversationType.MISSED_DEADLINE)]


def shown(screen, picker: str) -> list[str]:
    return screen.query_one(f"#{picker}", PracticePicker).listed


async def test_practices_ticked_in_a_burst_are_stored_exactly(store: Store, tmp_path: Path) -> None:
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot, focus="#what_worked")
        assert shown(screen, "practices_used") == FOR_OTHER
        # worked -> used: tick 1st and 3rd; -> what to change -> missed: tick the 2nd.
        await burst(pilot, list("Called first"), "tab", "space", "down", "down", "space",
                    "tab", list("Sooner"), "tab", "down", "space", "ctrl+s")  # fmt: skip
        assert isinstance(app.screen, HomeScreen)
    record = stored(store)
    assert record.what_worked == "Called first"
    assert record.what_to_change == "Sooner"
    assert record.practices_used == (FOR_OTHER[0], FOR_OTHER[2])
    assert record.practices_missed == (FOR_OTHER[1],)


async def test_a_practice_ticked_as_missed_is_no_longer_used(store: Store, tmp_path: Path) -> None:
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, focus="#practices_used")
        await burst(pilot, "space", "down", "space",            # used: 1st and 2nd
                    "tab", "tab", "space", "ctrl+s")  # missed: the 1st  # fmt: skip
    record = stored(store)
    assert record.practices_used == (FOR_OTHER[1],)
    assert record.practices_missed == (FOR_OTHER[0],)


async def test_a_new_type_lists_its_practices_and_keeps_every_tick(
    store: Store, tmp_path: Path
) -> None:
    only_for_deadlines = next(pid for pid in FOR_DEADLINE if pid not in FOR_OTHER)
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot, focus="#practices_used")
        used = screen.query_one("#practices_used", PracticePicker)
        await burst(pilot, "space")
        screen.query_one("#type", Select).value = "missed_deadline"
        await settle(pilot)
        assert shown(screen, "practices_used") == FOR_DEADLINE
        used.select(only_for_deadlines)
        screen.query_one("#type", Select).value = "price_increase"
        await settle(pilot)
        listed = shown(screen, "practices_used")
        assert only_for_deadlines in listed  # not for price rises, but ticked: still listed
        assert used.picked == [p for p in listed if p in {FOR_OTHER[0], only_for_deadlines}]
        await burst(pilot, "ctrl+s")
    assert set(stored(store).practices_used) == {FOR_OTHER[0], only_for_deadlines}


async def test_an_edit_keeps_a_retired_or_unsynced_practice(store: Store, tmp_path: Path) -> None:
    unsynced = "0b7c4b0e-8f7e-4c55-9d1e-3a3f0f6b2c11"  # added on a teammate's device
    record = store.add(replace(make_reflection(client="Acme"),
                               practices_used=(FOR_OTHER[0],), practices_missed=()))  # fmt: skip
    # The codec refuses an id it does not know only when it knows the vocabulary: write it raw.
    store.update(replace(record, practices_missed=(unsynced,)))
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert unsynced in shown(screen, "practices_missed")
        await burst(pilot, "ctrl+s")
    again = stored(store)
    assert again.practices_used == (FOR_OTHER[0],)
    assert again.practices_missed == (unsynced,)
