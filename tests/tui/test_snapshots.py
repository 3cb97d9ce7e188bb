"""How each screen looks, as SVG snapshots on a seeded store with a frozen clock."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from store import Store
from tests.tui.conftest import APP_NOW
from tests.tui.pilot_tools import after_keys, still
from tui.app import build_app
from tui.config import Config
from tui.launch import FirstRunApp


@pytest.mark.parametrize(
    ("keys", "size"),
    [
        ((), (120, 40)),
        (("l",), (120, 40)),
        (("l",), (80, 24)),
        (("b",), (120, 40)),
        (("a",), (120, 40)),
        (("l", "e"), (120, 40)),
        (("n",), (120, 40)),
        (("n",), (80, 24)),
    ],
    ids=[
        "home",
        "learnings",
        "learnings-80x24",
        "browser",
        "actions",
        "export",
        "form",
        "form-80x24",
    ],
)
def test_screen(snap_compare, seeded_store: Store, make_app, keys, size) -> None:
    assert snap_compare(make_app(seeded_store), terminal_size=size, run_before=after_keys(*keys))


def test_home_on_an_empty_store(snap_compare, store: Store, make_app) -> None:
    assert snap_compare(make_app(store), terminal_size=(120, 40), run_before=after_keys())


def test_form_editing_a_reflection_with_action_items(snap_compare, seeded_store: Store) -> None:
    """The lower half of the form: cost, action item rows, follow-up and tags, at 120x40."""
    record = next(r for r in seeded_store.all() if len(r.action_items) == 2)
    app = build_app(seeded_store, config=Config(member="Dana", currency="EUR"),
                    now=lambda: APP_NOW, start_with=("edit", record.id))  # fmt: skip

    async def run_before(pilot: Pilot) -> None:
        await after_keys()(pilot)
        pilot.app.screen.query_one("#cost_amount").focus()
        await pilot.pause()
        still(pilot.app)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_a_validation_error(snap_compare, store: Store, make_app) -> None:
    async def run_before(pilot: Pilot) -> None:
        await after_keys("n")(pilot)
        pilot.app.screen.query_one("#client").value = ""
        pilot.app.screen.query_one("#cost_amount").value = "12.345"
        await pilot.press("ctrl+s")
        await pilot.pause()
        still(pilot.app)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(make_app(store), terminal_size=(80, 24), run_before=run_before)


def test_first_run(snap_compare) -> None:
    app = FirstRunApp("Dana Lee", "USD", "/home/dana/.config/aftercall/config.json")

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        still(pilot.app)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
