"""Home: what is due, in words; recent reflections; opening, deleting; palette and keys."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import DataTable, HelpPanel, Static

from store import Store
from store.insights.due import DUE_SHOWN
from tests.factories import backlog, make_reflection
from tests.tui.pilot_tools import settle
from tests.tui.test_form import form_app
from tui.screens.confirm_dialog import ConfirmDialog
from tui.screens.home_screen import HomeScreen
from tui.screens.reflection_detail_screen import ReflectionDetailScreen
from tui.screens.reflection_form_screen import ReflectionFormScreen

SIZE = (100, 32)
TODAY = date(2026, 10, 31)


def _rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_home_counts_what_it_does_not_list(store: Store, make_app) -> None:
    store.add(backlog(DUE_SHOWN + 12))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#due", DataTable).row_count == DUE_SHOWN
        hint = str(app.screen.query_one("#due-hint", Static).render())
        assert hint == "12 more due; press a for every action item"


async def test_home_shows_lateness_in_words(seeded_store: Store, make_app) -> None:
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        due = _rows(app.screen.query_one("#due", DataTable))
        assert due[0][0] == "overdue by 4 weeks"
        assert ["overdue by 10 days", "Name a single approver", "Initech", "Priya",
                "client's item"] in due  # fmt: skip
        recent = _rows(app.screen.query_one("#recent", DataTable))
        assert recent[0] == ["2026-11-02", "Dana", "Globex", "missed deadline", "resolved"]
        assert len(recent) == len(seeded_store.all())


async def test_an_empty_store_says_what_to_do(store: Store, make_app) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#recent").display
        assert "Press n after your next hard call" in str(
            app.screen.query_one("#empty-hint").render()
        )


async def test_open_a_due_row_then_delete_with_confirmation(
    seeded_store: Store, tmp_path: Path
) -> None:
    app = form_app(seeded_store, tmp_path / "d")
    before = len(seeded_store.all())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#due").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReflectionDetailScreen)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # the cursor starts on "keep"
        await pilot.pause()
        assert isinstance(app.screen, ReflectionDetailScreen)
        await pilot.press("d", "y")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await settle(pilot)
        assert app.screen.query_one("#recent", DataTable).row_count == before - 1
    assert len(seeded_store.all()) == before - 1


async def test_command_palette_offers_new_reflection_and_home(store: Store, tmp_path: Path) -> None:
    app = form_app(store, tmp_path / "d")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"new refl")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReflectionFormScreen)
        await pilot.press("ctrl+p", *"home")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # nothing typed: no question


async def test_f1_and_question_mark_show_the_keys(store: Store, tmp_path: Path) -> None:
    app = form_app(store, tmp_path / "d")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert app.screen.query(HelpPanel)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("f1")  # in the form too, where ? is just text
        await pilot.pause()
        assert app.screen.query(HelpPanel)
    app = form_app(store, tmp_path / "d")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query(HelpPanel)


async def test_the_detail_view_names_a_practice_the_team_added(make_store, tmp_path: Path) -> None:
    from store.storage import add_practice

    store = make_store(member="Dana")
    added = add_practice(store, "sent the agenda the day before", [])
    saved = store.add(make_reflection(member="Dana", practices_used=[added.practice_id]))
    app = form_app(store, tmp_path / "d")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(ReflectionDetailScreen(saved.id))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReflectionDetailScreen)
        shown = str(app.screen.query_one("#detail", Static).render())
    assert "sent the agenda the day before" in shown
