"""Learnings, browser, actions and export, driven the way a user drives them: by keys."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import DataTable, Input, Markdown, Static

from store import Store
from tests.tui.pilot_tools import settle
from tui.app import build_app
from tui.config import Config
from tui.screens.actions_screen import ActionsScreen
from tui.screens.export_dialog import ExportDialog, preview_excerpt
from tui.screens.learnings_screen import LearningsScreen
from tui.screens.reflection_detail_screen import ReflectionDetailScreen
from tui.screens.reflections_screen import ReflectionsScreen
from tui.widgets.headline_row import HeadlineRow

SIZE = (120, 40)


def _cells(table: DataTable, column: int) -> list[str]:
    return [str(table.get_row_at(i)[column]) for i in range(table.row_count)]


async def test_learnings_period_change_updates_the_numbers(seeded_store: Store, make_app) -> None:
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LearningsScreen)
        title = str(screen.query_one("#period-title", Static).render())
        assert title.startswith("October 2026")
        first = str(screen.query_one(HeadlineRow).children[0].render())
        assert first.startswith("5")  # five reflections in October
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert str(screen.query_one("#period-title", Static).render()).startswith("September 2026")
        assert str(screen.query_one(HeadlineRow).children[0].render()).startswith("1")
        await pilot.press("q")
        await settle(pilot)
        assert str(screen.query_one("#period-title", Static).render()).startswith("2026-Q3")


async def test_learnings_open_on_the_latest_month_with_conversations(seeded_store: Store) -> None:
    """Ten days into a quiet December, the page to read is November's, not an empty one."""
    app = build_app(seeded_store, config=Config(member="Dana", currency="EUR"),
                    now=lambda: datetime(2026, 12, 10, 9, 0, tzinfo=UTC))  # fmt: skip
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await settle(pilot)  # a load, then the reopening on November and its own load
        title = str(app.screen.query_one("#period-title", Static).render())
        assert title.startswith("November 2026  ·  as of 2026-11-30")
        await pilot.press("right_square_bracket")  # stepping still works from there
        await settle(pilot)
        assert str(app.screen.query_one("#period-title", Static).render()).startswith("December")


async def test_browser_search_filters_as_you_type(seeded_store: Store, make_app) -> None:
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, ReflectionsScreen)
        table = app.screen.query_one("#results", DataTable)
        assert table.row_count == 7
        await pilot.press("slash", *"revised plan")  # / goes to the search box
        await settle(pilot)
        assert table.row_count == 3  # two in what worked, one in an action item
        assert set(_cells(table, 1)) == {"Dana", "Lee", "Sam Ortiz"}
        app.screen.query_one("#search", Input).value = "no such words anywhere"
        await settle(pilot)
        assert table.row_count == 0
        app.screen.query_one("#search", Input).value = ""
        await settle(pilot)
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReflectionDetailScreen)


async def test_a_long_list_shows_the_newest_and_counts_the_rest(
    seeded_store: Store, make_app, monkeypatch
) -> None:
    monkeypatch.setattr("tui.screens.reflections_screen.SHOWN", 3)
    monkeypatch.setattr("tui.screens.actions_screen.SHOWN", 2)
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await settle(pilot)
        table = app.screen.query_one("#results", DataTable)
        assert _cells(table, 0) == ["2026-11-02", "2026-10-28", "2026-10-22 10:00"]  # newest
        count = str(app.screen.query_one("#count", Static).render())
        assert (
            count == "7 of 7 reflections (the newest 3 shown: search or filter to reach the rest)"
        )
        await pilot.press("escape", "a")
        await settle(pilot)
        assert app.screen.query_one("#actions", DataTable).row_count == 2
        title = str(app.screen.query_one("#actions-title", Static).render())
        assert title.startswith("Action items: open · both parties (4; the 2 most overdue shown)")


async def test_toggling_an_action_persists(seeded_store: Store, make_app) -> None:
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ActionsScreen)
        table = app.screen.query_one("#actions", DataTable)
        before = table.row_count
        texts = _cells(table, 5)
        assert "overdue by" in _cells(table, 1)[0]
        await pilot.press("space")
        await settle(pilot)
        assert table.row_count == before - 1
    done = [
        item for r in seeded_store.query() for item in r.action_items
        if item.text == texts[0] and item.done_on is not None
    ]  # fmt: skip
    assert len(done) == 1 and str(done[0].done_on) == "2026-10-31"


async def test_overdue_filter(seeded_store: Store, make_app) -> None:
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        statuses = _cells(app.screen.query_one("#actions", DataTable), 1)
        assert statuses and all(s.startswith("overdue by") for s in statuses)


async def test_export_dialog_previews_and_writes(
    seeded_store: Store, make_app, tmp_path: Path
) -> None:
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("left_square_bracket")  # September, then back to October
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#export-period", Input).value == "2026-10"
        preview = dialog.query_one("#export-preview", Markdown)
        assert "Team digest: October 2026" in preview.source
        target = tmp_path / "october.md"
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert target.read_text().startswith("# Team digest: October 2026\n")


async def test_a_large_store_searches_once_typing_pauses(
    seeded_store: Store, make_app, monkeypatch
) -> None:
    monkeypatch.setattr("tui.screens.reflections_screen.QUICK_SEARCH", 0)  # every store is large
    monkeypatch.setattr("tui.screens.reflections_screen.SEARCH_PAUSE", 0.2)
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.pause(0.3)
        await settle(pilot)
        table = app.screen.query_one("#results", DataTable)
        assert table.row_count == 7
        await pilot.press("slash", *"revised plan")
        await pilot.pause()
        assert table.row_count == 7  # still typing: no search has run yet
        await pilot.pause(0.3)
        await settle(pilot)
        assert table.row_count == 3


def test_the_preview_of_a_long_digest_stops_at_a_blank_line() -> None:
    text = "\n".join(["# Digest", "", "| a |", "|---|", "| 1 |", "| 2 |", "", "tail"])
    assert preview_excerpt(text, limit=100) == text
    cut = preview_excerpt(text, limit=5)  # line 5 is inside the table: cut before it
    assert cut == "# Digest\n\n*The preview stops here; the file holds all 8 lines.*\n"
