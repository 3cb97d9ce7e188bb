"""App-wide keys: the keys panel opens and closes, and home says how to quit."""

from __future__ import annotations

from textual.widgets import Footer, HelpPanel, Input

from store import Store
from tests.tui.pilot_tools import burst
from tests.tui.test_form import SIZE, form_app
from tui.screens.home_screen import HomeScreen
from tui.screens.reflection_form_screen import ReflectionFormScreen


async def test_f1_question_mark_and_escape_close_the_keys_panel(store: Store, tmp_path) -> None:
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for opener, closer in (("f1", "f1"), ("question_mark", "question_mark"), ("f1", "escape"),
                               ("question_mark", "f1")):  # fmt: skip
            await burst(pilot, opener)
            assert app.screen.query(HelpPanel), opener
            await burst(pilot, closer)
            assert not app.screen.query(HelpPanel), closer
        assert isinstance(app.screen, HomeScreen)


async def test_in_the_form_escape_closes_the_panel_before_leaving(store: Store, tmp_path) -> None:
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await burst(pilot, "n", list("Is it?"), "f1")  # ? is text in a field
        assert app.screen.query_one("#client", Input).value == "Is it?"
        assert app.screen.query(HelpPanel)
        await burst(pilot, "escape")
        assert isinstance(app.screen, ReflectionFormScreen) and not app.screen.query(HelpPanel)


async def test_home_shows_how_to_quit_and_q_quits(store: Store, tmp_path) -> None:
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        shown = {(b.binding.key, b.binding.description) for b in app.screen.active_bindings.values()
                 if b.binding.show}  # fmt: skip
        assert ("ctrl+q", "Quit") in shown and footer.display
        await burst(pilot, "q")
    assert app.return_code == 0 and not app.is_running
