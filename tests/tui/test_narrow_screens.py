"""At 80x24, the smallest terminal people use: what each screen must still show."""

from __future__ import annotations

import html
import re

from textual.widgets import DataTable

from store import Store
from tests.tui.pilot_tools import burst, settle

NARROW = (80, 24)


def shown(app) -> str:
    """The screen's text, row by row, as the terminal shows it."""
    rows: dict[float, list[tuple[float, str]]] = {}
    svg = app.export_screenshot()
    for m in re.finditer(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(float(m[2]), []).append((float(m[1]), html.unescape(m[3])))
    return "\n".join("".join(t for _, t in sorted(r)).replace("\xa0", " ")
                     for _, r in sorted(rows.items()))  # fmt: skip


async def test_home_shows_what_is_due_and_for_which_client(seeded_store: Store, make_app) -> None:
    app = make_app(seeded_store)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        text = shown(app)
    assert re.search(r"overdue by 10 days +Name a single approver +Initech", text), text


async def test_learnings_cost_cards_keep_the_currency(seeded_store: Store, make_app) -> None:
    app = make_app(seeded_store)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await burst(pilot, "l")
        text = shown(app)
    assert "EUR absorbed" in text and "reflections" in text, text


async def test_browse_columns_fit_their_text(seeded_store: Store, make_app) -> None:
    app = make_app(seeded_store)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await burst(pilot, "b")
        table = app.screen.query_one("#results", DataTable)
        widths = [c.content_width for c in table.columns.values()]
    labels = [len(str(c.label)) for c in table.columns.values()]
    assert all(w > label for w, label in zip(widths[:3], labels, strict=False)), widths


async def test_sync_is_in_the_command_palette(seeded_store: Store, make_app) -> None:
    app = make_app(seeded_store)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
    assert "Sync" in titles
