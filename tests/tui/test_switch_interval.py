"""While the app runs, a worker (a store loading) gives the GIL back to the UI thread within a
millisecond, not Python's 5 ms: every turn of the event loop needs it back. Afterwards the
process's own setting returns."""

from __future__ import annotations

import sys

from store import Store
from tests.tui.pilot_tools import settle
from tui.app import SWITCH_INTERVAL


async def test_the_app_shortens_the_switch_interval_while_it_runs(store: Store, make_app) -> None:
    before = sys.getswitchinterval()
    assert before > SWITCH_INTERVAL
    app = make_app(store)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert sys.getswitchinterval() == SWITCH_INTERVAL
    assert sys.getswitchinterval() == before
