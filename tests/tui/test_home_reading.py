"""While the store is read, home says how far in one line, not with a spinner over each table:
three animated loading indicators cost a 100k store's load 2.3 s of the UI thread and the GIL."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from textual.widgets import DataTable, LoadingIndicator, Static

from store import Store
from tests.tui.pilot_tools import settle
from tui.app import AftercallApp
from tui.screens.home_screen import HomeScreen

SIZE = (100, 32)


async def test_home_says_how_far_it_has_read_then_lists(
    seeded_store: Store, make_app: Callable[[Store], AftercallApp]
) -> None:
    halfway, go_on = threading.Event(), threading.Event()
    snapshot = seeded_store.snapshot

    def slow_snapshot(progress: Callable[[int, int], None] | None = None) -> Any:
        if progress is not None:  # home's read; the form's suggestions read without one
            progress(0, 1000)
            time.sleep(0.3)  # home passes it on a few times a second
            progress(500, 1000)
            halfway.set()
            go_on.wait(10)
            progress(1000, 1000)
        return snapshot()

    seeded_store.snapshot = slow_snapshot  # type: ignore[method-assign]
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        while not halfway.is_set():
            await pilot.pause(0.01)
        await pilot.pause(0.1)
        home = app.screen
        assert isinstance(home, HomeScreen)
        reading = home.query_one("#reading", Static)
        assert reading.display
        assert str(reading.render()) == "Reading the team's reflections: 50%..."
        assert not home.query(LoadingIndicator)
        assert not [table for table in home.query(DataTable) if table.display]
        go_on.set()
        await settle(pilot)
        assert not reading.display
        assert home.query_one("#recent", DataTable).display
        assert home.query_one("#recent", DataTable).row_count == len(seeded_store.all())
