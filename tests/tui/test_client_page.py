"""The client page on the example team store: opened from home, browse, a reflection and the
command palette, it shows the timeline, both parties' open items and the health reasons."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Static

from store import Store
from tests.factories import make_reflection
from tests.tui.pilot_tools import Notices, after_keys, burst, settle
from tests.tui.test_tour import _demo_app
from tui.screens.briefing_dialog import BriefingDialog
from tui.screens.client_screen import ClientScreen
from tui.screens.home_screen import HomeScreen
from tui.screens.reflection_detail_screen import ReflectionDetailScreen
from tui.screens.reflection_form_screen import ReflectionFormScreen

SIZE = (100, 32)
CASTELL_REASONS = "lost in the last 30 days; temperature falling (4 -> 3); 2 of their items overdue"


def _text(screen: ClientScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def _column(table: DataTable[object], index: int) -> list[str]:
    return [str(table.get_row_at(n)[index]) for n in range(table.row_count)]


def assert_castell_page(screen: object) -> ClientScreen:
    """Castell Retail (analytical, lost its renewal on 29 October) as the page shows it."""
    assert isinstance(screen, ClientScreen)
    assert _text(screen, "#client-title") == "Castell Retail (also Castell) · 7 conversations"
    assert _text(screen, "#client-health") == f"Health  AT RISK: {CASTELL_REASONS}"
    assert "analytical: Bring facts and data" in _text(screen, "#client-profile")
    assert "approver Luis Ortega" in _text(screen, "#client-profile")
    timeline = screen.query_one("#timeline", DataTable)
    assert _column(timeline, 0) == ["2026-10-29", "2026-10-15", "2026-10-02", "2026-09-24",
                                    "2026-09-11", "2026-08-25", "2026-08-10"]  # fmt: skip
    assert _column(timeline, 2)[0] == "lost" and _column(timeline, 3)[0] == "3 -> 3"
    items = screen.query_one("#open-items", DataTable)
    assert set(_column(items, 1)) == {"us", "them"}  # both parties' items
    assert _column(items, 0)[:2] == ["overdue by 3 weeks", "overdue by 11 days"]  # oldest first
    notes = _text(screen, "#client-notes")
    assert "Cost absorbed to date  USD 5710.00" in notes
    assert "What worked" in notes and "What to change" in notes and "Next follow-up" in notes
    return screen


async def test_from_home_c_on_an_account_to_watch(tmp_path: Path) -> None:
    app = _demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        watch = app.screen.query_one("#watch", DataTable)
        assert _column(watch, 0)[0] == "Castell Retail" and _column(watch, 1)[0] == "at risk"
        await burst(pilot, "tab", "c")
        assert_castell_page(app.screen)
        await burst(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)
        app.screen.query_one("#due", DataTable).focus()
        await burst(pilot, "c")  # the client of the item due longest ago
        assert _text(app.screen, "#client-title").startswith("Brightline Travel ·")
        await burst(pilot, "escape")
        app.screen.query_one("#recent", DataTable).focus()
        await burst(pilot, "c")  # the newest reflection's client
        assert_castell_page(app.screen)
        assert len(app.screen_stack) == 2


async def test_home_hides_the_accounts_to_watch_when_every_account_is_healthy(
    make_store, make_app
) -> None:
    store: Store = make_store(member="Dana")
    store.put_many([make_reflection(outcome="resolved", action_items=[],
                                    conversation_at="2026-10-30")])  # fmt: skip
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#watch", DataTable).display
        assert not app.screen.query_one("#watch-title", Static).display


async def test_from_browse_and_a_reflection_the_stack_stays_bounded(tmp_path: Path) -> None:
    app = _demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "b")
        await burst(pilot, "c")
        page = assert_castell_page(app.screen)
        assert len(app.screen_stack) == 2
        # Page -> reflection -> page again, ten times: one page, never a taller stack.
        await burst(pilot, *["enter", "c"] * 10)
        assert app.screen is page and len(app.screen_stack) == 2
        await burst(pilot, "enter")
        assert isinstance(app.screen, ReflectionDetailScreen) and len(app.screen_stack) == 3
        await burst(pilot, "escape", "escape")
        assert app.current_mode == "browse" and len(app.screen_stack) == 1


async def test_from_a_reflection_c_opens_its_client(tmp_path: Path) -> None:
    app = _demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#recent", DataTable).focus()  # the newest: Castell's lost renewal
        await burst(pilot, "enter", "c")  # c before the reflection is read: it waits for it
        assert isinstance(app.screen_stack[-2], ReflectionDetailScreen)
        assert_castell_page(app.screen)


async def test_the_palette_opens_a_client_by_an_alias(tmp_path: Path) -> None:
    app = _demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"castell")
        await settle(pilot)
        await pilot.pause(0.5)  # the palette searches once typing pauses
        await pilot.press("enter")
        await settle(pilot)
        assert_castell_page(app.screen)


async def test_p_shows_the_briefing_and_c_copies_it(tmp_path: Path) -> None:
    notices = Notices()
    app = _demo_app(tmp_path)
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        await burst(pilot, "b")
        await burst(pilot, "c", "p")  # p before the page has loaded: it opens once it has
        dialog = app.screen
        assert isinstance(dialog, BriefingDialog)
        assert dialog.text.startswith("Before calling Castell Retail (also Castell)")
        await burst(pilot, "c")
        assert app.clipboard == dialog.text
        assert notices.said("Paste it into your notes")
        await burst(pilot, "escape")
        assert isinstance(app.screen, ClientScreen)


async def test_the_form_shows_the_clients_style_and_suggests_its_contacts(
    tmp_path: Path,
) -> None:
    app = _demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        # Typed at once, before the profiles may even have loaded: the hint still follows.
        await burst(pilot, "n", list("northwind"))
        form = app.screen
        assert isinstance(form, ReflectionFormScreen)
        hint = form.query_one("#hint-style", Static)
        assert hint.display
        assert str(hint.render()) == ("Northwind Foods is analytical: Bring facts and data: "
                                      "dates, figures, the plan step by step.")  # fmt: skip
        await burst(pilot, *["tab"] * 6, list("Dana, pri"))
        await burst(pilot, "right")  # take the suggestion
        # Priya Nair is Northwind's brand manager: its contacts come before the team's names.
        assert form.query_one("#participants", Input).value == "Dana, Priya Nair"
        form.query_one("#client", Input).focus()
        await burst(pilot, *["backspace"] * 9, list("Nobody new"))
        assert not hint.display


def test_snapshot_client_page(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(_demo_app(tmp_path), terminal_size=(100, 32),
                        run_before=after_keys("b", "c"))  # fmt: skip


def test_snapshot_client_page_at_80x24(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(_demo_app(tmp_path), terminal_size=(80, 24),
                        run_before=after_keys("b", "c"))  # fmt: skip
