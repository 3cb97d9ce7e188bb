"""Sections are modes: jumping never stacks screens, and each section keeps its state."""

from __future__ import annotations

import logging

import pytest
from textual.widget import Widget
from textual.widgets import DataTable, Input, Select, Static

from store import Store
from tests.factories import make_reflection
from tests.tui.pilot_tools import Notices, burst, settle
from tui.messages import Change, StoreChanged
from tui.screens.actions_screen import ActionsScreen
from tui.screens.home_screen import HomeScreen
from tui.screens.learnings_screen import LearningsScreen
from tui.screens.reflection_detail_screen import ReflectionDetailScreen
from tui.screens.reflections_screen import ReflectionsScreen

SIZE = (120, 40)


def _title(screen: Widget, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_fifty_jumps_l_a_b_keep_the_stack_bounded_and_every_section_its_state(
    seeded_store: Store, make_app
) -> None:
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b", "slash", *"plan", "enter")  # browse: search, back to the results
        await settle(pilot)
        browse = app.screen
        assert isinstance(browse, ReflectionsScreen)
        found = _title(browse, "#count")
        assert found.startswith("3 of 7")
        await pilot.press("l", "left_square_bracket")  # learnings: September
        await settle(pilot)
        learnings = app.screen
        assert isinstance(learnings, LearningsScreen)
        assert _title(learnings, "#period-title").startswith("September 2026")
        await pilot.press("a", "o")  # actions: overdue only
        await settle(pilot)
        actions = app.screen
        assert isinstance(actions, ActionsScreen)
        assert _title(actions, "#actions-title").startswith("Action items: overdue")

        keys = (["l", "a", "b"] * 17)[:50]
        await burst(pilot, *keys)  # fifty jumps at once, faster than any screen can draw
        await settle(pilot)

        assert keys[-1] == "a" and app.current_mode == "actions"
        assert app.screen is actions
        stacks = {mode: app.get_screen_stack(mode) for mode in app.MODES}
        assert {mode: len(stack) for mode, stack in stacks.items()} == dict.fromkeys(stacks, 1)
        assert stacks["learnings"] == [learnings] and stacks["actions"] == [actions]
        assert browse.query_one("#search", Input).value == "plan"
        assert _title(browse, "#count") == found
        assert _title(learnings, "#period-title").startswith("September 2026")
        assert _title(actions, "#actions-title").startswith("Action items: overdue")


async def test_browse_opens_on_its_results_so_the_section_keys_work(
    seeded_store: Store, make_app
) -> None:
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.focused, DataTable)
        shown = {key for key, b in app.screen.active_bindings.items() if b.binding.show}
        assert {"l", "b", "a"} <= shown
        await pilot.press("slash")
        await settle(pilot)
        # Typing in the search box: the letters are text, and the footer does not offer them.
        shown = {key for key, b in app.screen.active_bindings.items() if b.binding.show}
        assert not {"l", "b", "a", "s", "n"} & shown
        await pilot.press("l", "a")
        await settle(pilot)
        assert isinstance(app.screen, ReflectionsScreen)
        assert app.screen.query_one("#search", Input).value == "la"
        await pilot.press("escape")  # out of the search box, to the results
        assert isinstance(app.focused, DataTable)
        await pilot.press("escape")  # and home
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_a_detail_opened_in_a_section_stays_in_that_section(
    seeded_store: Store, make_app
) -> None:
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReflectionDetailScreen)
        await pilot.press("l", "b")
        await settle(pilot)
        assert isinstance(app.screen, ReflectionDetailScreen)
        assert len(app.screen_stack) == 2
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReflectionsScreen)


async def test_a_change_reaches_every_section_when_it_is_next_seen(
    seeded_store: Store, make_app
) -> None:
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await settle(pilot)
        app.screen.query_one("#member", Select).value = "Dana"
        await settle(pilot)
        browse = app.screen
        before = _title(browse, "#count")
        await pilot.press("escape")  # home
        await settle(pilot)
        home_rows = app.screen.query_one("#recent", DataTable).row_count
        seeded_store.add(make_reflection(member="Dana"))  # as a save would
        app.post_message(StoreChanged(Change.SAVED))
        await settle(pilot)
        assert app.screen.query_one("#recent", DataTable).row_count == home_rows + 1  # in view
        assert _title(browse, "#count") == before  # out of view: not recomputed yet
        await pilot.press("b")
        await settle(pilot)
        assert browse.query_one("#member", Select).value == "Dana"  # the filter stays
        after = _title(browse, "#count")
        assert int(after.split()[0]) == int(before.split()[0]) + 1
        assert after.split()[2] == str(len(seeded_store.all()))


async def test_a_failed_load_says_so_in_one_line_and_stops_loading(
    seeded_store: Store, make_app, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    def broken(progress: object = None) -> None:
        raise RuntimeError("the disk is on fire\nand a second line nobody needs")

    monkeypatch.setattr(seeded_store, "snapshot", broken)
    notices = Notices()
    app = make_app(seeded_store)
    with caplog.at_level(logging.ERROR, logger="aftercall"):
        async with app.run_test(size=SIZE, message_hook=notices) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            assert [n.message for n in notices.shown if n.severity == "error"] == [
                "Loading reflections failed: the disk is on fire"
            ]
            assert not [w for w in app.screen.query(Widget) if w.loading]
            assert not app.screen.query_one("#reading").display  # no "Reading..." for ever
    assert "Loading reflections failed: the disk is on fire" in caplog.text
