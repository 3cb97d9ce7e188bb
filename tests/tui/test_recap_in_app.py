"""The client recap from a reflection's view, copied to the clipboard in one key."""

from __future__ import annotations

from store import Store
from tests.factories import make_reflection
from tests.tui.pilot_tools import Notices, burst
from tui.screens.recap_dialog import RecapDialog
from tui.screens.reflection_detail_screen import ReflectionDetailScreen


async def test_r_shows_the_recap_and_c_copies_it(make_store, make_app) -> None:
    store: Store = make_store(member="Dana")
    stored = store.add(make_reflection(member="Dana"))
    app = make_app(store)
    notices = Notices()
    async with app.run_test(size=(100, 32), message_hook=notices) as pilot:
        app.push_screen(ReflectionDetailScreen(stored.id))
        await burst(pilot, "r")
        assert isinstance(app.screen, RecapDialog)
        text = app.screen.text
        assert text.startswith("Subject: Follow-up to our conversation on 14 October 2026")
        assert "Rush printing" not in text  # nothing internal
        await burst(pilot, "c")
        assert app.clipboard == text
        assert any(n.title == "Recap copied" for n in notices.shown)
        await burst(pilot, "escape")
        assert isinstance(app.screen, ReflectionDetailScreen)
