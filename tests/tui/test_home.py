"""Home: what is due, in words; recent reflections; opening, deleting; palette and keys."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import DataTable, HelpPanel, Static

from store import Reflection, Store
from tests.factories import make_reflection
from tests.tui.test_form import form_app
from tui.screens.confirm_dialog import ConfirmDialog
from tui.screens.home_screen import DUE_SHOWN, HomeScreen, due_now
from tui.screens.reflection_detail_screen import ReflectionDetailScreen
from tui.screens.reflection_form_screen import ReflectionFormScreen

SIZE = (100, 32)
TODAY = date(2026, 10, 31)


def _item(n: int, due: str | None, done_on: str | None = None, party: str = "us") -> dict:
    return {"id": f"5d1b2c3a-0000-4000-8000-00000000010{n}", "text": f"item {n}", "owner": "Kim",
            "party": party, "due": due, "done_on": done_on}  # fmt: skip


def _rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def test_due_now_picks_what_needs_doing_by_this_week() -> None:
    items = [_item(1, "2026-10-28"), _item(2, "2026-11-07", party="client"),
             _item(3, "2026-11-08"), _item(4, "2026-10-01", "2026-10-02"),
             _item(5, None)]  # fmt: skip
    records = [
        make_reflection(client="Acme", follow_up_on="2026-10-31", follow_up_done=None,
                        action_items=items),
        # A follow-up marked done is not due, whenever it was due.
        make_reflection(id="0b7f3c1e-2a44-4f0e-9a51-5d7f6c1b2a15", client="Hooli",
                        follow_up_on="2026-10-30", follow_up_done="2026-10-30", action_items=[]),
        make_reflection(id="0b7f3c1e-2a44-4f0e-9a51-5d7f6c1b2a12", client="Globex",
                        follow_up_on="2026-11-01", action_items=[]),
        # An older follow-up with Initech was overtaken by a later conversation with them.
        make_reflection(id="0b7f3c1e-2a44-4f0e-9a51-5d7f6c1b2a13", client="Initech",
                        conversation_at="2026-10-01", follow_up_on="2026-10-05",
                        action_items=[]),
        make_reflection(id="0b7f3c1e-2a44-4f0e-9a51-5d7f6c1b2a14", client="initech",
                        conversation_at="2026-10-20", follow_up_on=None, action_items=[]),
    ]  # fmt: skip
    due = due_now(records, TODAY)
    assert [(d.due.isoformat(), d.what, d.kind, d.client) for d in due.rows] == [
        ("2026-10-28", "item 1", "our item", "Acme"),
        ("2026-10-31", "Follow up with the client", "follow-up", "Acme"),
        ("2026-11-07", "item 2", "client's item", "Acme"),
    ]
    assert due.total == 3


def _backlog(count: int) -> list[Reflection]:
    """One reflection holding `count` open items, due on consecutive days in 2026."""
    items = [
        {"id": f"5d1b2c3a-0000-4000-8000-{n:012d}", "text": f"item {n}", "owner": "Kim",
         "party": "us", "due": (date(2026, 1, 1) + timedelta(days=n)).isoformat()}
        for n in range(count)
    ]  # fmt: skip
    return [make_reflection(follow_up_on=None, action_items=items)]


def test_a_long_backlog_shows_the_oldest_first_and_counts_the_rest() -> None:
    due = due_now(_backlog(100), TODAY, limit=5)
    assert [d.what for d in due.rows] == ["item 0", "item 1", "item 2", "item 3", "item 4"]
    assert due.total == 100


async def test_home_counts_what_it_does_not_list(store: Store, make_app) -> None:
    store.add(_backlog(DUE_SHOWN + 12)[0])
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one("#due", DataTable).row_count == DUE_SHOWN
        hint = str(app.screen.query_one("#due-hint", Static).render())
        assert hint == "12 more due; press a for every action item"


async def test_home_shows_lateness_in_words(seeded_store: Store, make_app) -> None:
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
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
        await app.workers.wait_for_complete()
        await pilot.pause()
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
        await app.workers.wait_for_complete()
        await pilot.pause()
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
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one("#recent", DataTable).row_count == before - 1
    assert len(seeded_store.all()) == before - 1


async def test_command_palette_offers_new_reflection_and_home(store: Store, tmp_path: Path) -> None:
    app = form_app(store, tmp_path / "d")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"new refl")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReflectionFormScreen)
        await pilot.press("ctrl+p", *"home")
        await app.workers.wait_for_complete()
        await pilot.pause()
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
    from store.storage import practice_events

    store = make_store(member="Dana")
    added = practice_events.add(store, "sent the agenda the day before", [])
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
