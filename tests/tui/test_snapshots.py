"""How each screen looks, as SVG snapshots on a seeded store with a frozen clock."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from store import Store
from tests.tui.conftest import APP_NOW, still
from tui.app import build_app
from tui.config import Config
from tui.launch import FirstRunApp


def _after(*keys: str) -> Callable[[Pilot], object]:
    async def run_before(pilot: Pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        # Under a dialog, the screen behind keeps whichever footer it drew last, and whether
        # that was before or after the dialog opened is down to timing: draw it as settled.
        for screen in pilot.app.screen_stack[:-1]:
            screen.refresh_bindings()
        await pilot.pause(0.1)
        still(pilot.app)
        await pilot.app.workers.wait_for_complete()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        await pilot.pause()

    return run_before


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
    assert snap_compare(make_app(seeded_store), terminal_size=size, run_before=_after(*keys))


def test_home_on_an_empty_store(snap_compare, store: Store, make_app) -> None:
    assert snap_compare(make_app(store), terminal_size=(120, 40), run_before=_after())


def test_form_editing_a_reflection_with_action_items(snap_compare, seeded_store: Store) -> None:
    """The lower half of the form: cost, action item rows, follow-up and tags, at 120x40."""
    record = next(r for r in seeded_store.all() if len(r.action_items) == 2)
    app = build_app(seeded_store, config=Config(member="Dana", currency="EUR"),
                    now=lambda: APP_NOW, start_with=("edit", record.id))  # fmt: skip

    async def run_before(pilot: Pilot) -> None:
        await _after()(pilot)
        pilot.app.screen.query_one("#cost_amount").focus()
        await pilot.pause()
        still(pilot.app)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_a_validation_error(snap_compare, store: Store, make_app) -> None:
    async def run_before(pilot: Pilot) -> None:
        await _after("n")(pilot)
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
