"""`SteadyInput` keeps its text's width without laying the screen out again on every key; it
must still scroll and show its text exactly as Textual's Input does."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input

from tests.tui.pilot_tools import burst
from tui.widgets.steady_input import SteadyInput

TEXT = "Globex Corporation, the EMEA procurement team and their new CFO " * 3


class TwoInputs(App[None]):
    CSS = "Input { width: 1fr; }"

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Input(id="stock")
            yield SteadyInput(id="steady")


def _shown(field: Input) -> list[str]:
    return [field.render_line(y).text for y in range(field.size.height)]


async def test_a_long_text_scrolls_and_shows_as_in_textual_s_input() -> None:
    app = TwoInputs()
    layouts = 0
    async with app.run_test(size=(80, 8)) as pilot:
        screen: Screen[None] = app.screen
        original = screen._refresh_layout

        def counting(*args: object, **kwargs: object) -> None:
            nonlocal layouts
            layouts += 1
            original(*args, **kwargs)  # type: ignore[arg-type]

        for name in ("stock", "steady"):
            app.query_one(f"#{name}", Input).focus()
            await pilot.pause()
            layouts = 0
            screen._refresh_layout = counting  # type: ignore[method-assign]
            await burst(pilot, *TEXT, "left", "left", "home", "end", "backspace")
            screen._refresh_layout = original  # type: ignore[method-assign]
            if name == "stock":
                assert layouts > 0  # what the steady one spares
            else:
                assert layouts == 0
        stock, steady = app.query_one("#stock", Input), app.query_one("#steady", Input)
        await pilot.pause()
        assert steady.value == stock.value == TEXT[:-1]
        assert steady.scroll_x == stock.scroll_x > 0
        assert steady.virtual_size == stock.virtual_size
        assert _shown(steady) == _shown(stock)
