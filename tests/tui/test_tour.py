"""The README's tour: each main screen on the example team store (`aftercall demo`).

These snapshots are the pictures the README shows, so the tour can never drift from the app.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.tui.pilot_tools import after_keys, settle
from tui.app import AftercallApp, build_app
from tui.cli.demo import DEMO_CURRENCY, DEMO_MEMBER, open_demo
from tui.config import Config

TOUR_NOW = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)
"""A Tuesday on which the demo keeps the stories' own dates (a shift of zero weeks), so the
pictures show the dates the stories tell, a few days after the example's last call."""


def _demo_app(folder: Path) -> AftercallApp:
    config = Config(member=DEMO_MEMBER, currency=DEMO_CURRENCY)
    return build_app(
        open_demo(folder, TOUR_NOW.date()), config=config,
        now=lambda: TOUR_NOW, export_folder=Path("/srv/digests"), drafts_folder=folder / "drafts",
    )  # fmt: skip


@pytest.mark.parametrize(
    "keys",
    [
        (),
        ("tab", "tab", "enter"),
        ("n",),
        ("l",),
        ("b",),
        ("a",),
        ("l", "e"),
        ("b", "c"),
        ("b", "c", "p"),
    ],
    ids=[
        "home",
        "reflection",
        "form",
        "learnings",
        "browser",
        "actions",
        "export",
        "client",
        "briefing",
    ],
)
def test_tour(snap_compare, tmp_path: Path, keys: tuple[str, ...]) -> None:
    app = _demo_app(tmp_path)

    async def run_before(pilot: Pilot) -> None:
        for key in keys:
            # Let each screen settle fully (its footer redraws after its data arrives, later
            # than its worker ends) before the next key, or a dialog opened over it can catch
            # that redraw and show the footer behind it, or not, by chance.
            await settle(pilot)
            await pilot.pause(0.3)
            await pilot.press(key)
        await after_keys()(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)
