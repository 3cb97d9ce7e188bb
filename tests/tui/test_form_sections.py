"""Section keys: ctrl+down / ctrl+up step through the form's seven sections, alt+1..7 jump."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import HelpPanel

from store import Store
from tests.tui.pilot_tools import burst
from tests.tui.test_form import SIZE, form_app


def _name(widget) -> str:
    return widget.id or sorted(c for c in widget.classes if c.startswith("item"))[0]


async def test_ctrl_down_and_up_step_through_the_sections(store: Store, tmp_path: Path) -> None:
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "n")
        seen = []
        for _ in range(7):
            await burst(pilot, "ctrl+down")
            seen.append(_name(app.focused))
        assert seen == ["acknowledged", "yes_we_owned", "what_worked", "cost_amount", "add-item",
                        "tags", "tags"]  # fmt: skip
        await burst(pilot, "ctrl+n", "ctrl+up", "ctrl+down")
        assert _name(app.focused) == "item-text"  # section 6 starts at the first item now
        app.screen.query_one("#what_worked").focus()  # a text area does not keep the key
        await pilot.pause()
        await burst(pilot, list("Calm"), "ctrl+down", list("5"))
        assert app.screen.query_one("#cost_amount").value == "5"
        assert app.screen.query_one("#what_worked").text == "Calm"


async def test_alt_number_jumps_and_the_keys_panel_lists_them(store: Store, tmp_path: Path) -> None:
    app = form_app(store, tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "n", "alt+5")
        assert _name(app.focused) == "cost_amount"
        await burst(pilot, "alt+1")
        assert _name(app.focused) == "client"
        shown = {b.binding.description for b in app.screen.active_bindings.values()}
        assert {"Next section", "Previous section", "Section 5: Cost absorbed"} <= shown
        footer = {b.binding.description for b in app.screen.active_bindings.values()
                  if b.binding.show}  # fmt: skip
        assert "Next section" in footer
        await burst(pilot, "f1")
        assert app.screen.query(HelpPanel)
