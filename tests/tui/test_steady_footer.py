"""The footer keeps its key widgets while the keys it shows stay the same (a Tab in the form
rebuilt them all before), and still follows the keys when they change."""

from __future__ import annotations

from textual.widgets import TabbedContent
from textual.widgets._footer import FooterKey

from store import Store
from tests.tui.example_store import SIZE, demo_app
from tests.tui.pilot_tools import burst, settle
from tests.tui.test_learnings_practices import _learnings
from tui.widgets.steady_footer import SteadyFooter


def _keys(app) -> list[FooterKey]:
    return list(app.screen.query_one(SteadyFooter).query(FooterKey))


async def test_tabbing_through_the_form_keeps_the_footer(demo_store: Store) -> None:
    app = demo_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "n")
        before = _keys(app)
        assert [k.description for k in before][:2] == ["Save", "Leave"]
        await burst(pilot, "tab", "tab", "tab")  # client, when, type, channel: same keys
        assert app.focused is not None and app.focused.id == "channel"
        assert all(a is b for a, b in zip(_keys(app), before, strict=True))


async def test_the_footer_follows_keys_that_come_and_go(demo_store: Store) -> None:
    app = demo_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _learnings(pilot)
        shown = {k.description for k in _keys(app)}
        assert "Adopt as practice" in shown  # the Themes tab opens first
        screen.query_one(TabbedContent).active = "tab-practices"
        await settle(pilot)
        assert "Adopt as practice" not in {k.description for k in _keys(app)}
