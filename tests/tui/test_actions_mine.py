"""Actions: "mine" (m) shows the items I own; z undoes the last done mark."""

from __future__ import annotations

from textual.widgets import DataTable

from store import Store
from tests.tui.pilot_tools import Notices, burst


def _cells(table: DataTable, column: int) -> list[str]:
    return [str(table.get_row_at(i)[column]) for i in range(table.row_count)]


async def test_mine_shows_my_items_and_z_undoes_a_done_mark(seeded_store: Store, make_app) -> None:
    app = make_app(seeded_store)  # the member is Dana
    notices = Notices()
    async with app.run_test(size=(100, 32), message_hook=notices) as pilot:
        await burst(pilot, "a", "m")
        table = app.screen.query_one("#actions", DataTable)
        owners = _cells(table, 3)
        assert owners and set(owners) == {"Dana"}
        assert "owned by Dana" in str(app.screen.query_one("#actions-title").render())
        before = table.row_count
        text = _cells(table, 5)[0]
        await burst(pilot, "space")
        assert table.row_count == before - 1
        assert notices.said("z to undo")
        await burst(pilot, "z")
        assert table.row_count == before and _cells(table, 5)[0] == text
    items = [i for r in seeded_store.query() for i in r.action_items if i.text == text]
    assert [i.done_on for i in items] == [None]
