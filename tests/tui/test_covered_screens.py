"""Home, hidden under the form, does no layout and rebuilds no footer until it shows again; then
it shows what changed meanwhile, and its own keys (tui/covered_screens.py). Before, every change
to home (its reflections loaded, its footer's keys) laid home out and repainted the whole form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import ModalScreen
from textual.widgets import DataTable

from store import Store
from tests.factories import bare_reflection
from tests.tui.pilot_tools import burst, settle
from tui.app import AftercallApp
from tui.screens.home_screen import HomeScreen
from tui.screens.reflection_form_screen import ReflectionFormScreen
from tui.widgets.steady_footer import SteadyFooter

SIZE = (100, 32)


def _counting(obj: Any, name: str) -> list[int]:
    """Count calls of `obj.name` (an instance's method), calling through."""
    calls: list[int] = []
    method = getattr(obj, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return method(*args, **kwargs)

    setattr(obj, name, counted)
    return calls


async def test_home_under_the_form_waits_and_then_shows_what_changed(
    seeded_store: Store, make_app: Callable[[Store], AftercallApp]
) -> None:
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        rows_before = home.query_one("#recent", DataTable).row_count
        footer = home.query_one(SteadyFooter)
        keys_shown = [key.render() for key in footer.children]  # type: ignore[attr-defined]
        rebuilt = _counting(footer, "recompose")
        await burst(pilot, "n")
        assert isinstance(app.screen, ReflectionFormScreen)
        await settle(pilot)
        layouts = _counting(home, "_refresh_layout")
        form_repaints = _counting(app.screen._compositor, "render_full_update")

        seeded_store.add(bare_reflection(900, client="Initech"))
        home.reload()  # as a save or a sync reloads home while the form is open
        await settle(pilot)
        await pilot.pause(0.1)
        assert (layouts, rebuilt, form_repaints) == ([], [], [])

        await burst(pilot, "escape")
        await settle(pilot)
        assert app.screen is home
        assert layouts  # the layout it put off
        recent = home.query_one("#recent", DataTable)
        assert recent.row_count == rows_before + 1
        shown = " ".join(str(recent.get_row_at(row)) for row in range(recent.row_count))
        assert "Initech" in shown
        assert [key.render() for key in footer.children] == keys_shown  # type: ignore[attr-defined]


async def test_a_dialog_still_shows_the_screen_under_it(
    seeded_store: Store, make_app: Callable[[Store], AftercallApp]
) -> None:
    """A dialog's background lets the screen below show: that one is still drawn."""
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        await app.push_screen(ModalScreen[None]())
        await settle(pilot)
        assert app.screen.styles.background.a < 1
        assert home.is_current
