"""How the learnings tabs a lead acts on look, and the adopt dialog, on the example team store."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from store import Store
from tests.tui.example_store import demo_app
from tests.tui.pilot_tools import after_keys, settle


@pytest.mark.parametrize(
    ("tab", "keys"),
    [
        ("tab-practices", ()),
        ("tab-accounts", ()),
        ("tab-drivers", ()),
        ("tab-next", ()),
        ("tab-themes", ("p",)),
    ],
    ids=["practices", "accounts", "drivers", "next-month", "adopt-dialog"],
)
def test_learnings_tab(snap_compare, demo_store: Store, tab: str, keys: tuple[str, ...]) -> None:
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        pilot.app.screen.query_one(TabbedContent).active = tab
        await settle(pilot)
        await pilot.pause(0.3)
        await after_keys(*keys)(pilot)

    assert snap_compare(demo_app(demo_store), terminal_size=(120, 40), run_before=run_before)
