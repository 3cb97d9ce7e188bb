"""Learnings, browser, actions and export, driven the way a user drives them: by keys."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import Checkbox, DataTable, Input, Markdown, Select, Static

from store import Store
from store.insights.periods import parse_period
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
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LearningsScreen)
        title = str(screen.query_one("#period-title", Static).render())
        assert title.startswith("October 2026")
        first = str(screen.query_one(HeadlineRow).children[0].render())
        assert first.startswith("5")  # five reflections in October
        await pilot.press("left_square_bracket")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert str(screen.query_one("#period-title", Static).render()).startswith("September 2026")
        assert str(screen.query_one(HeadlineRow).children[0].render()).startswith("1")
        await pilot.press("q")  # the quarter holding today, from wherever we had stepped
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert str(screen.query_one("#period-title", Static).render()).startswith("2026-Q4")


async def test_learnings_open_on_the_latest_month_with_conversations(seeded_store: Store) -> None:
    """Ten days into a quiet December, the page to read is November's, not an empty one."""
    app = build_app(seeded_store, config=Config(member="Dana", currency="EUR"),
                    now=lambda: datetime(2026, 12, 10, 9, 0, tzinfo=UTC))  # fmt: skip
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        title = str(app.screen.query_one("#period-title", Static).render())
        assert title.startswith("November 2026  ·  as of 2026-11-30")
        await pilot.press("right_square_bracket")  # stepping still works from there
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert str(app.screen.query_one("#period-title", Static).render()).startswith("December")


async def test_browser_search_filters_as_you_type(seeded_store: Store, make_app) -> None:
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReflectionsScreen)
        table = app.screen.query_one("#results", DataTable)
        assert table.row_count == 7
        await pilot.press(*"revised plan")  # the search box has focus on arrival
        await _searched(pilot)
        assert table.row_count == 3  # two in what worked, one in an action item
        assert set(_cells(table, 1)) == {"Dana", "Lee", "Sam Ortiz"}
        app.screen.query_one("#search", Input).value = "no such words anywhere"
        await _searched(pilot)
        assert table.row_count == 0
        app.screen.query_one("#search", Input).value = ""
        await _searched(pilot)
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReflectionDetailScreen)


async def _searched(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_long_list_shows_the_newest_and_counts_the_rest(
    seeded_store: Store, make_app, monkeypatch
) -> None:
    monkeypatch.setattr("tui.screens.reflections_screen.SHOWN", 3)
    monkeypatch.setattr("tui.screens.actions_screen.SHOWN", 2)
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await _searched(pilot)
        table = app.screen.query_one("#results", DataTable)
        assert _cells(table, 0) == ["2026-11-02", "2026-10-28", "2026-10-22 10:00"]  # newest
        count = str(app.screen.query_one("#count", Static).render())
        assert (
            count == "7 of 7 reflections (the newest 3 shown: search or filter to reach the rest)"
        )
        await pilot.press("escape", "a")
        await _searched(pilot)
        assert app.screen.query_one("#actions", DataTable).row_count == 2
        title = str(app.screen.query_one("#actions-title", Static).render())
        assert title.startswith("Action items: open · both parties (4; the 2 most overdue shown)")


async def test_toggling_an_action_persists(seeded_store: Store, make_app) -> None:
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ActionsScreen)
        table = app.screen.query_one("#actions", DataTable)
        before = table.row_count
        texts = _cells(table, 5)
        assert "overdue by" in _cells(table, 1)[0]
        await pilot.press("space")
        await app.workers.wait_for_complete()
        await pilot.pause()
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
        await app.workers.wait_for_complete()
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        statuses = _cells(app.screen.query_one("#actions", DataTable), 1)
        assert statuses and all(s.startswith("overdue by") for s in statuses)


async def test_export_dialog_previews_and_writes(
    seeded_store: Store, make_app, tmp_path: Path
) -> None:
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await app.workers.wait_for_complete()
        await pilot.press("left_square_bracket")  # September, then back to October
        await app.workers.wait_for_complete()
        await pilot.press("right_square_bracket")
        await app.workers.wait_for_complete()
        await pilot.press("e")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#export-period", Input).value == "2026-10"
        preview = dialog.query_one("#export-preview", Markdown)
        assert "Team digest: October 2026" in preview.source
        target = tmp_path / "october.md"
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
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
        await _searched(pilot)
        table = app.screen.query_one("#results", DataTable)
        assert table.row_count == 7
        await pilot.press(*"revised plan")
        await pilot.pause()
        assert table.row_count == 7  # still typing: no search has run yet
        await pilot.pause(0.3)
        await _searched(pilot)
        assert table.row_count == 3


def test_the_preview_of_a_long_digest_stops_at_a_blank_line() -> None:
    text = "\n".join(["# Digest", "", "| a |", "|---|", "| 1 |", "| 2 |", "", "tail"])
    assert preview_excerpt(text, limit=100) == text
    cut = preview_excerpt(text, limit=5)  # line 5 is inside the table: cut before it
    assert cut == "# Digest\n\n*The preview stops here; the file holds all 8 lines.*\n"


async def test_export_dialog_offers_charts_only_for_formats_that_hold_them(
    seeded_store: Store, make_app, tmp_path: Path
) -> None:
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        app.action_export(parse_period("2026-10"))
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        charts = dialog.query_one("#export-charts", Checkbox)
        charts.value = True
        dialog.query_one("#export-format", Select).value = "csv"
        await pilot.pause()
        assert charts.disabled
        target = tmp_path / "october.csv"
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert target.read_text().startswith("id,")  # written, not refused
        app.action_export(parse_period("2026-10"))
        await pilot.pause()
        app.screen.query_one("#export-format", Select).value = "html"
        await pilot.pause()
        assert not app.screen.query_one("#export-charts", Checkbox).disabled


async def test_browser_filters_by_dates_typed_as_said(seeded_store: Store, make_app) -> None:
    """The app's clock says Saturday 31 October: "last monday" is the 26th."""
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await _searched(pilot)
        table = app.screen.query_one("#results", DataTable)
        assert table.row_count == 7
        app.screen.query_one("#since", Input).focus()
        await pilot.press(*"last monday")  # a burst, as typed
        await _searched(pilot)
        assert _cells(table, 0) == ["2026-11-02", "2026-10-28"]
        await pilot.press("tab", *"yesterday")
        await _searched(pilot)
        assert _cells(table, 0) == ["2026-10-28"]
        since = app.screen.query_one("#since", Input)
        assert since.border_subtitle == "Mon 26 Oct"
        since.value = "the other day"
        await _searched(pilot)
        assert _cells(table, 0) == ["2026-10-28", "2026-10-22 10:00", "2026-10-20",
                                    "2026-10-12 15:00", "2026-10-05", "2026-09-15"]  # fmt: skip
        count = str(app.screen.query_one("#count", Static).render())
        assert count.startswith('Since: cannot read "the other day"')
        since.value = ""
        app.screen.query_one("#until", Input).value = ""
        await _searched(pilot)
        assert table.row_count == 7


async def _title_after(pilot, *keys: str) -> str:
    await pilot.press(*keys)
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    return str(pilot.app.screen.query_one("#period-title", Static).render()).split("  ·")[0]


async def test_learnings_m_q_and_t_come_back_to_now_from_anywhere(seeded_store: Store) -> None:
    """Ten days into a quiet December the screen opens on November; m, q and t mean today."""
    app = build_app(seeded_store, config=Config(member="Dana", currency="EUR"),
                    now=lambda: datetime(2026, 12, 10, 9, 0, tzinfo=UTC))  # fmt: skip
    async with app.run_test(size=SIZE) as pilot:
        assert await _title_after(pilot, "l") == "November 2026"
        assert (
            await _title_after(
                pilot,
                "left_square_bracket",
                "left_square_bracket",
                "left_square_bracket",
                "left_square_bracket",
            )
            == "July 2026"
        )
        assert await _title_after(pilot, "m") == "December 2026"
        assert (
            await _title_after(pilot, "left_square_bracket", "left_square_bracket", "t")
            == "December 2026"
        )
        assert await _title_after(pilot, "q") == "2026-Q4"
        assert await _title_after(pilot, "left_square_bracket", "left_square_bracket") == "2026-Q2"
        assert await _title_after(pilot, "t") == "2026-Q4"  # now, still in quarters
        assert await _title_after(pilot, "left_square_bracket", "m") == "December 2026"
        assert await _title_after(pilot, "right_square_bracket", "home") == "December 2026"


async def test_m_pressed_while_the_opening_month_is_worked_out_is_not_overruled(
    seeded_store: Store, monkeypatch
) -> None:
    """The screen's first load guesses the month to open on; a key pressed meanwhile wins."""
    from tui.screens import learnings_screen

    release = threading.Event()
    guess = learnings_screen.opening_period

    def slow_guess(*args):
        release.wait(5)
        return guess(*args)

    monkeypatch.setattr(learnings_screen, "opening_period", slow_guess)
    app = build_app(seeded_store, config=Config(member="Dana", currency="EUR"),
                    now=lambda: datetime(2026, 12, 10, 9, 0, tzinfo=UTC))  # fmt: skip
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("m")
        release.set()
        assert await _title_after(pilot) == "December 2026"
